"""The core (load, validate, model, render) must stay portable: it never imports MkDocs."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

CORE = [
    "macros.core.load",
    "macros.core.validate",
    "macros.core.model",
    "macros.core.render",
    "macros.core.pages",
    "macros.core.pipeline",
]


def test_core_does_not_import_mkdocs():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith(('mkdocs.', "
        "'material', 'mkdocs_macros')))\nprint(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_core_generates_pages_without_mkdocs(project):
    """The whole data -> Markdown path runs on the core alone, e.g. for another theme engine."""
    from macros.core import pages, pipeline

    site = pages.generate(pipeline.load_playbook(project / "data", project))
    assert "Ship It" in site.pages["reviews/ship-it.md"]
    assert "reviews/ship-it.md" in str(site.nav)
