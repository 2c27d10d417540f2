# MOF Playbook. `make site` and `make test` do all set-up on a fresh machine with Python 3.11+.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1


.PHONY: serve-full
.PHONY: site test validate serve bench dist lint format clean setup

setup: $(STAMP)

# Reinstall when the pinned dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $(STAMP)

validate: $(STAMP)
	$(PY) -m macros validate

site: $(STAMP)
	$(PY) -m macros build

# dist/mof-playbook-<version>.zip (+ .sha256): the built site, zipped reproducibly for an intranet.
dist: $(STAMP)
	$(PY) -m macros dist

# Preview: --dirty re-renders only the pages whose generated Markdown changed (about 2 s from
# saving a data file to the refreshed page, against 7-10 s for a full rebuild). A new entity's
# nav entry shows on other pages after a restart, or use `make serve-full`.
serve: $(STAMP)
	MOF_STRICT=false $(VENV)/bin/mkdocs serve --livereload --dirty

serve-full: $(STAMP)
	$(VENV)/bin/mkdocs serve --livereload

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# bench/results.json and bench/scaling.png: pipeline overhead, preview latency, ×1/×10/×100 scaling.
# BENCH_ARGS=--quick measures ×1 and ×10 once (what CI runs through tests/test_bench.py).
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf site .site-build-* .site-old-* dist
