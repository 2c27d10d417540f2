"""Accessibility: axe-core in headless Chromium on each kind of page of the real site.

axe-core (tests/vendor/axe-core, MPL-2.0) is a test asset: it is injected into the page under
test and is never part of the site. Each kind of page (home, about, an overview and an entity
page of every generated folder) must have no serious or critical violation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SKIP_DIRS = {"assets", "search"}


def kinds_of_page(site: Path) -> list[str]:
    """One page of each kind: every top-level page, and per folder its overview and the
    first entity page."""
    chosen = sorted(p.name for p in site.glob("*.html"))
    for folder in sorted(p for p in site.iterdir() if p.is_dir() and p.name not in SKIP_DIRS):
        pages = sorted(p.relative_to(site).as_posix() for p in folder.rglob("*.html"))
        overview = [p for p in pages if p.endswith("/index.html")][:1]
        entity = [p for p in pages if not p.endswith("/index.html")][:1]
        chosen += overview + entity
    return chosen


def serious(violations: list[dict]) -> list[str]:
    return [
        f"{v['impact']}: {v['id']}: {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def axe(page) -> list[dict]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )


def test_axe_is_vendored_with_its_licence():
    assert AXE.read_text(encoding="utf-8").startswith("/*! axe v4.")
    assert "Mozilla Public License" in (AXE.parent / "LICENSE").read_text(encoding="utf-8")


def test_the_scan_finds_a_serious_violation(page, tmp_path: Path):
    """The check can fail: an image without alt text and an unlabeled field are reported."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head><body><main>'
        '<h1>x</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<input type="text"></main></body></html>',
        encoding="utf-8",
    )
    page.goto(bad.as_uri())
    found = serious(axe(page))
    assert any("image-alt" in v for v in found) and any("label" in v for v in found), found


def test_every_kind_of_page_has_no_serious_violations(built_site: Path, serve, page):
    base = serve(built_site, "/ops/playbook/")
    pages = kinds_of_page(built_site)
    assert len(pages) >= 8, pages
    report = {}
    for rel in pages:
        page.goto(base + rel)
        page.wait_for_load_state("load")
        found = serious(axe(page))
        if found:
            report[rel] = found
    assert report == {}
    assert page.external_requests == []
