"""Golden files: the fixture project's generated pages, files and nav, byte for byte.

A change to a template, a view or the model that changes what the generator writes shows here
as a diff of the page it changes. When the change is intended, rewrite the golden files with
`make test PYTEST_ARGS="tests/test_golden.py --update-golden"` and review them in `git diff`.
"""

from __future__ import annotations

import difflib
import io
import json
from pathlib import Path

import pytest
from conftest import generate_project

GOLDEN = Path(__file__).resolve().parent / "golden" / "fixture"


def outputs(project: Path) -> dict[str, str]:
    site = generate_project(project)
    files = {}
    for rel, data in site.files.items():
        if isinstance(data, bytes):  # a workbook: its sheets as text, readable in a diff
            files[f"{rel}.txt"] = workbook_text(data)
        else:
            files[rel] = data
    files["nav.json"] = json.dumps(site.nav, indent=1, ensure_ascii=False) + "\n"
    return files


def workbook_text(data: bytes) -> str:
    """An .xlsx as text: each sheet's name, frozen cell, then its rows as JSON lines."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    out = []
    for ws in book.worksheets:
        out.append(f"# {ws.title} (frozen at {ws.freeze_panes})")
        out += [json.dumps(row, ensure_ascii=False) for row in ws.iter_rows(values_only=True)]
    return "\n".join(out) + "\n"


def test_generated_pages_match_the_golden_files(project: Path, request):
    found = outputs(project)
    if request.config.getoption("--update-golden"):
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for rel, text in found.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(text.encode("utf-8"))
        return
    golden = {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes().decode("utf-8")
        for p in GOLDEN.rglob("*")
        if p.is_file()
    }
    assert sorted(found) == sorted(golden), "pages added or removed: run with --update-golden"
    diffs = []
    for rel in sorted(found):
        if found[rel] != golden[rel]:
            diffs += difflib.unified_diff(
                golden[rel].splitlines(keepends=True),
                found[rel].splitlines(keepends=True),
                f"golden/{rel}",
                f"generated/{rel}",
            )
    assert not diffs, "".join(diffs[:200])


def test_a_changed_page_fails_with_a_diff(project: Path):
    """The comparison above can fail: an edit to the data shows up as a diff of its pages."""
    review = project / "data" / "reviews" / "ship-it.yaml"
    review.write_text(review.read_text().replace("name: Ship It", "name: Ship It Now", 1))
    found = outputs(project)
    golden = (GOLDEN / "reviews/ship-it.md").read_text(encoding="utf-8")
    assert found["reviews/ship-it.md"] != golden
    assert "Ship It Now" in found["reviews/ship-it.md"]


@pytest.mark.parametrize("rel", ["reviews/ship-it.md", "checklists/ship-it.md", "nav.json"])
def test_golden_files_exist_for_the_main_kinds_of_page(rel):
    assert (GOLDEN / rel).is_file()
