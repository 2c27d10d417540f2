"""The bad-input corpus (tests/corpus/cases.yaml).

Every careless or hostile edit runs through the checker in-process (milliseconds a case): it
reports exactly the expected lines (file, line, path, what was expected), and a YAML tag is
never executed. A few cases also run end to end through the command line: `python -m macros
validate` and `build` exit non-zero with the same lines, and the site built before the edit is
left exactly as it was. Edits the build must accept (a byte-order mark, Windows line endings,
template syntax and markup in text) build, and show the text literally.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, make_project, run_cli

from macros.core.data.load import MAX_BYTES, MAX_DEPTH
from macros.core.data.pipeline import Pipeline
from macros.core.problems import format_problems

CORPUS = Path(__file__).resolve().parent / "corpus" / "cases.yaml"
CASES = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
REJECTED = [c for c in CASES if not c.get("accept")]
ACCEPTED = {c["name"]: c for c in CASES if c.get("accept")}
_LINE_OF = re.compile(r'\{line of "(.*?)"\}')


def test_corpus_is_big_and_well_formed():
    names = [c["name"] for c in CASES]
    assert len(REJECTED) >= 25
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CASES:
        assert case.get("why") and case.get("edits"), case["name"]
        assert bool(case.get("accept")) != bool(case.get("expect")), case["name"]


# --- applying a case ---------------------------------------------------------------------


def _fill(text: str, marker: Path) -> str:
    """Placeholders for contents too big or too machine-specific to write in the corpus."""
    return (
        text.replace("{marker}", str(marker))
        .replace("{long_text}", "x" * 4001)
        .replace("{deep_nesting}", "[" * (MAX_DEPTH * 40) + "]" * (MAX_DEPTH * 40))
    )


def apply_edits(project: Path, case: dict, marker: Path) -> dict[str, str]:
    """Apply a case's edits; return the text of each edited file (for {line of ...})."""
    texts: dict[str, str] = {}
    for edit in case["edits"]:
        path = project / edit["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        if edit.get("delete"):
            path.unlink()
            continue
        if edit.get("mkdir"):
            path.mkdir()
            continue
        if "symlink_to" in edit:
            path.symlink_to(project / edit["symlink_to"])
            continue
        if "copy_from" in edit:
            text = (project / edit["copy_from"]).read_text(encoding="utf-8")
        elif "write" in edit:
            text = _fill(edit["write"], marker)
        else:
            text = path.read_text(encoding="utf-8")
        for old, new in edit.get("replace", []):
            assert old in text, f"{case['name']}: {edit['file']} no longer contains {old!r}"
            text = text.replace(old, _fill(new, marker), 1)
        text += _fill(edit.get("append", ""), marker)
        if edit.get("oversize"):
            text += "#" * (MAX_BYTES + 1 - len(text.encode("utf-8")))
        text = text.replace("\n", edit.get("newline", "\n"))
        data = text.encode(edit.get("encoding", "utf-8"))
        if edit.get("bom"):
            data = b"\xef\xbb\xbf" + data
        path.write_bytes(data)
        texts[edit["file"]] = text
    return texts


def expected_lines(project: Path, case: dict, texts: dict[str, str]) -> list[str]:
    out = []
    for line in case["expect"]:
        file = line.split(":", 1)[0]
        text = texts.get(file)
        if text is None and _LINE_OF.search(line):
            text = (project / file).read_text(encoding="utf-8")

        def line_of(match, text=text, file=file, line=line):
            needle = match.group(1)
            for number, content in enumerate(text.splitlines(), 1):
                if needle in content:
                    return str(number)
            raise AssertionError(f"{case['name']}: {needle!r} is not in {file} ({line})")

        out.append(_LINE_OF.sub(line_of, line))
    n = sum(1 for line in out if "were not checked" not in line and "was not checked" not in line)
    out.append(f"{n} problem{'s' if n != 1 else ''} found in the playbook data.")
    return out


# --- running the command line --------------------------------------------------------------


def run_both(project: Path) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """validate and build at the same time (they only read the data when it is bad)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "macros", *args, "--root", str(project)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        for args in (["validate"], ["build"])
    ]
    done = []
    for proc, args in zip(procs, ("validate", "build"), strict=True):
        out, err = proc.communicate(timeout=600)
        done.append(subprocess.CompletedProcess([args], proc.returncode, out, err))
    return done[0], done[1]


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file under folder with its size, modification time and content hash."""
    return {
        p.relative_to(folder).as_posix(): (
            p.stat().st_size,
            p.stat().st_mtime_ns,
            hashlib.sha256(p.read_bytes()).hexdigest(),
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> Path:
    """The fixture project's site, built once by the real command."""
    project = make_project(tmp_path_factory.mktemp("corpus-good"))
    result = run_cli("build", "--root", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture
def built_project(project: Path, good_site: Path) -> Path:
    """The fixture project with a previously built site in place."""
    shutil.copytree(good_site, project / "site", symlinks=True)
    return project


# --- the cases -----------------------------------------------------------------------------


def data_only_project(tmp: Path) -> Path:
    """A project with just the fixture data and the real schemas: all the checker reads."""
    project = tmp / "project"
    shutil.copytree(FIXTURES / "good", project / "data")
    shutil.copytree(ROOT / "data" / "schema", project / "data" / "schema")
    return project


@pytest.mark.parametrize("case", REJECTED, ids=[c["name"] for c in REJECTED])
def test_bad_input_is_reported_exactly(case, tmp_path):
    project = data_only_project(tmp_path)
    marker = tmp_path / "side-effect"
    texts = apply_edits(project, case, marker)
    expected = expected_lines(project, case, texts)
    _, problems = Pipeline(project).check()
    assert format_problems(problems).splitlines() == expected
    assert not marker.exists(), "a YAML tag was executed"


# End to end through the command line: a syntax error, a schema error and a cross-reference
# error, each with the previous site left exactly as it was.
END_TO_END = ["tab-indentation", "unknown-key-did-you-mean", "dangling-reference"]


@pytest.mark.parametrize("name", END_TO_END)
def test_bad_input_fails_the_command_line_and_keeps_the_old_site(name, built_project, tmp_path):
    case = next(c for c in REJECTED if c["name"] == name)
    project = built_project
    before = snapshot(project / "site")
    marker = tmp_path / "side-effect"
    texts = apply_edits(project, case, marker)
    expected = expected_lines(project, case, texts)

    validate, build = run_both(project)

    assert validate.returncode != 0 and build.returncode != 0
    assert validate.stdout == ""
    assert validate.stderr.splitlines() == expected
    found = build.stderr.splitlines()
    assert [line for line in found if line in expected] == expected, build.stderr
    assert "Traceback" not in validate.stderr + build.stderr
    assert snapshot(project / "site") == before, "the previous site was changed"
    assert not list(project.glob(".site-*")), "a staging folder was left behind"


def test_end_to_end_cases_are_in_the_corpus():
    assert set(END_TO_END) <= {c["name"] for c in REJECTED}


def test_python_tag_would_have_left_a_trace(tmp_path):
    """The side-effect check can fail: the same payload under an unsafe loader runs."""
    marker = tmp_path / "side-effect"
    case = next(c for c in CASES if c["name"] == "python-object-tag")
    payload = _fill(case["edits"][0]["replace"][0][1], marker).split(": ", 1)[1]
    yaml.unsafe_load(payload)
    assert marker.exists()


def _built(project: Path) -> subprocess.CompletedProcess:
    validate, build = run_cli("validate", "--root", str(project)), None
    assert validate.returncode == 0, validate.stderr
    assert validate.stdout.startswith("OK:")
    build = run_cli("build", "--root", str(project))
    assert build.returncode == 0, build.stderr
    return build


@pytest.mark.parametrize("name", ["byte-order-mark", "windows-line-endings"])
def test_harmless_encodings_build_the_same_site(name, built_project, good_site, tmp_path):
    apply_edits(built_project, ACCEPTED[name], tmp_path / "side-effect")
    _built(built_project)
    page = "reviews/ship-it.html"
    assert (built_project / "site" / page).read_bytes() == (good_site / page).read_bytes()


# Markup that must never reach a page as markup, and text that must show literally.
RAW = ["<script>alert(1)", "<img src=x", "<b>bold</b>", "</title><script>"]


def test_jinja_and_html_in_text_show_literally(built_project, tmp_path):
    apply_edits(built_project, ACCEPTED["jinja-and-html-in-text"], tmp_path / "side-effect")
    _built(built_project)
    site = built_project / "site"
    pages = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    }
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    for rel, html in [*pages.items(), ("search_index.json", index)]:
        for raw in RAW:
            assert raw not in html, f"{raw!r} reached {rel} as markup"
        for evaluated in ("49 &lt;/title", "49 </title", "bold&lt;/b&gt; 36", "bold</b> 36"):
            assert evaluated not in html, f"a template in the data was run: {rel}"

    review = pages["reviews/ship-it.html"]
    shown = "{{ 7*7 }} &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    title = re.search(r"<title>(.*?)</title>", review, re.S).group(1)
    assert shown in title
    assert re.search(r"<h1[^>]*>" + re.escape(shown), review)
    assert "&lt;img src=x onerror=alert(2)&gt; {{ config }} | pipe *star* _under_" in review
    assert "{% raw %}" in review
    # The nav carries the name, escaped: a nav link's label is the name.
    nav_label = r'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*'
    assert re.search(nav_label + re.escape(shown), review)
    # The search index holds the text, not the markup.
    docs = json.loads(index)["docs"]
    assert any("{{ 7*7 }}" in d["title"] for d in docs)
    glossary = pages["glossary/index.html"]
    assert "Release &lt;b&gt;bold&lt;/b&gt; {{ 6*6 }}" in glossary


def test_a_build_that_fails_inside_mkdocs_keeps_the_old_site(project: Path):
    """Build, break the site past validation (a strict-mode warning), build again: the first
    site is untouched and no staging folder is left."""
    first = run_cli("build", "--root", str(project))
    assert first.returncode == 0, first.stderr
    before = snapshot(project / "site")
    (project / "content" / "broken.md").write_text("# Broken\n\n[gone](missing.md)\n")
    again = run_cli("build", "--root", str(project))
    assert again.returncode != 0
    assert "missing.md" in again.stderr and "site/ was left as it was" in again.stderr
    assert snapshot(project / "site") == before
    assert not list(project.glob(".site-*"))
