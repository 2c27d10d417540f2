# MOF Playbook. `make site` and `make test` do all set-up on a fresh machine with Python 3.11+.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

# ORG=examples/org: validate, build, serve or zip with an organisation's overlay folder (README
# "Make it yours"); it sets MOF_OVERLAY, which mkdocs.yml's extra.overlay reads.
ORG ?=
ifneq ($(ORG),)
export MOF_OVERLAY := $(ORG)
endif

.PHONY: site test validate new serve serve-full bench dist lint format clean setup screenshots

# Each set of packages has its own stamp: building needs the runtime packages only, the tests
# add the `test` and `bench` extras, the benchmark the `bench` extra. A stamp is redone when pyproject.toml
# changes (the pinned versions).
$(VENV)/.python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	touch $@

$(VENV)/.installed-site: pyproject.toml $(VENV)/.python
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-site
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-test
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $@

setup: $(VENV)/.installed-site

# FORMAT=github prints GitHub Actions annotations, FORMAT=json a JSON report (docs/ci/playbook.yml).
validate: $(VENV)/.installed-site
	$(PY) -m macros validate $(if $(FORMAT),--format $(FORMAT))

# A new entity from a commented skeleton: make new KIND=review ID=weekly-cab (KIND: review, smf,
# role, term, scenario, template; PHASE=operate places a new SMF). Its placeholders validate and
# are listed as warnings by `make validate` until replaced.
new: $(VENV)/.installed-site
	@test -n "$(KIND)" -a -n "$(ID)" || { echo "usage: make new KIND=review ID=weekly-cab [PHASE=operate]"; exit 2; }
	$(PY) -m macros new $(KIND) $(ID) $(if $(PHASE),--phase $(PHASE))

site: $(VENV)/.installed-site
	$(PY) -m macros build

# dist/mof-playbook-<version>.zip (+ .sha256): the built site, zipped reproducibly for an intranet.
dist: $(VENV)/.installed-site
	$(PY) -m macros dist

# Preview: --dirty re-renders only the pages whose generated Markdown changed. A new entity's
# nav entry shows on other pages after a restart, or use `make serve-full`.
serve: $(VENV)/.installed-site
	MOF_STRICT=false MOF_PREVIEW=1 $(VENV)/bin/mkdocs serve --livereload --dirty

serve-full: $(VENV)/.installed-site
	MOF_PREVIEW=1 $(VENV)/bin/mkdocs serve --livereload

# yaml-language-server (VS Code's YAML engine) for tests/test_editor_completion.py, pinned in
# tests/editor/package-lock.json; installed where npm is present, else those tests are skipped.
EDITOR_LS := tests/editor/node_modules/.installed
$(EDITOR_LS): tests/editor/package.json tests/editor/package-lock.json
	cd tests/editor && npm ci --no-audit --no-fund --silent
	touch $@

# The suite runs the benchmark's quick mode (tests/test_bench.py draws its plot), so it needs the
# bench extra too.
# The suite runs on up to TEST_WORKERS processes (pytest-xdist; TEST_WORKERS=0 for one process).
TEST_WORKERS ?= auto --maxprocesses 4
test: $(VENV)/.installed-bench $(if $(shell command -v npm),$(EDITOR_LS))
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# bench/results.json and bench/scaling.png: pipeline overhead, preview latency, ×1/×10/×100 scaling.
# BENCH_ARGS=--quick measures ×1 and ×10 once (what CI runs through tests/test_bench.py).
bench: $(VENV)/.installed-bench
	$(PY) bench/run.py $(BENCH_ARGS)

# docs/screens/*.png for the README: the built site/ at 390 and 1,280 px in headless Chromium
# (`make site` first; `make site ORG=examples/org` and SHOTS_ARGS=--org for the organisation's).
screenshots: $(VENV)/.installed-test
	$(PY) docs/screenshots.py $(SHOTS_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Removes everything a build writes: the site, staging folders, the zip, and the generated
# folders of content/ (each marked by the .gitignore the generator writes into it).
clean:
	rm -rf site .site-build-* .site-old-* dist bench/work .cache
	for d in content/*/; do \
	  if [ -f "$$d.gitignore" ] && grep -q '^# Generated from data/' "$$d.gitignore"; then rm -rf "$$d"; fi; \
	done
