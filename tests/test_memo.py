"""The page memo of `make serve` (macros/core/site/memo.py): after a save, only the pages whose
inputs changed are rendered, and the site is exactly the one a fresh generation makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from macros.core.data.pipeline import Pipeline
from macros.core.site.generate import generate
from macros.core.site.memo import PageMemo, same
from macros.core.site.render import Renderer

# (file, text, replacement): saves of different reach, in this order, on a copy of the real data
EDITS = [
    ("reviews/operational-health.yaml", "focus: Evaluation of", "focus: A look at"),
    ("reviews/operational-health.yaml", "name: Operational Health", "name: Operations Health"),
    ("roles.yaml", "name: Change Manager", "name: Change Lead"),
    ("glossary.yaml", "The Solutions Accountability includes", "The Solutions team includes"),
    ("smfs/deploy.yaml", "consulted: [program-manager, operations-experience]", "consulted: []"),
    ("sources.yaml", "provided with permission", "used with permission"),
]


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("memo")
    shutil.copytree(ROOT / "data", root / "data")
    return root


def save(pipeline, renderer, memo, path: Path, old: str, new: str) -> list[str]:
    """Replace `old` in a data file, generate through the memo and afresh: the pages that
    differ (stale pages the memo kept)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    pb = pipeline.playbook()
    with_memo = generate(pb, pipeline.schemas(), renderer, memo=memo).files
    fresh = generate(pb, pipeline.schemas(), Renderer()).files
    return [p for p in fresh if with_memo.get(p) != fresh[p]]


def test_each_save_gives_the_site_a_fresh_generation_gives(data_copy: Path):
    pipeline, renderer, memo = Pipeline(data_copy), Renderer(), PageMemo()
    generate(pipeline.playbook(), pipeline.schemas(), renderer, memo=memo)
    total = memo.rendered
    kept = {}
    for file, old, new in EDITS:
        stale = save(pipeline, renderer, memo, data_copy / "data" / file, old, new)
        assert not stale, f"after editing {file}: stale pages {stale[:5]}"
        kept[file + ": " + new] = memo.kept
        assert memo.rendered + memo.kept == total
    # a save of one line of text renders a few pages, not the site
    first = kept[f"{EDITS[0][0]}: {EDITS[0][2]}"]
    assert first > total * 0.6, f"only {first} of {total} pages kept after a one-line edit"


def test_with_an_overlay_a_save_renders_what_it_changes(tmp_path: Path):
    """The organisation's layer (`here` in the templates) is read through the memo's Reading:
    a one-line save keeps most pages, and an overlay edit gives the fresh generation's site."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "examples/org", tmp_path / "org")
    pipeline, renderer, memo = Pipeline(tmp_path, overlay=Path("org")), Renderer(), PageMemo()
    generate(pipeline.playbook(), pipeline.schemas(), renderer, memo=memo)
    total = memo.rendered
    edits = [
        (tmp_path / "data" / EDITS[0][0], EDITS[0][1], EDITS[0][2]),
        (tmp_path / "org/people.yaml", "name: Dana Reyes", "name: Dana Reyes-Lee"),
    ]
    for path, old, new in edits:
        assert save(pipeline, renderer, memo, path, old, new) == [], path.name
        if path.name != "people.yaml":
            assert memo.kept > total * 0.6, f"only {memo.kept} of {total} pages kept"


def test_same_compares_values_not_identity():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Row:
        name: str
        items: tuple

    assert same(Row("a", (1, [2, {"x": 3}])), Row("a", (1, [2, {"x": 3}])))
    assert not same(Row("a", (1, [2, {"x": 3}])), Row("a", (1, [2, {"x": 4}])))
    assert not same({"a": 1, "b": 2}, {"b": 2, "a": 1})  # order shows on a page
    assert not same(object(), object())  # unknown objects: only themselves
    assert not same(1, 1.0) and not same("1", 1)
    assert not same(0.0, -0.0)  # equal numbers that print differently
    assert not same({1: "a"}, {1.0: "a"}) and not same({True: 1}, {1: 1})
