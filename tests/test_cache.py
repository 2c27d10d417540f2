"""The disk cache: an unchanged rebuild reads its pages back, and a change to the data, the
schemas, the templates or the code that renders them gives a new key, so nothing stale is served."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.core import cache
from macros.core.data.pipeline import Pipeline
from macros.core.site import generate as generate_module
from macros.core.site.generate import generate
from macros.core.site.render import TEMPLATES, Renderer


def build(project: Path, disk: cache.DiskCache, renderer: Renderer | None = None):
    pipeline = Pipeline(project, disk=disk)
    pb = pipeline.playbook()
    return generate(pb, pipeline.schemas(), renderer, disk, pipeline.fingerprint)


class NoRendering:
    def __init__(self, *args, **kwargs):
        raise AssertionError("the site was rendered again, not read from the cache")


@pytest.fixture
def disk(tmp_path: Path) -> cache.DiskCache:
    return cache.DiskCache(tmp_path / "cache")


def test_an_unchanged_rebuild_reads_the_site_back(project, disk, monkeypatch):
    first = build(project, disk).files
    monkeypatch.setattr(generate_module, "Context", NoRendering)
    assert build(project, disk).files == first


def test_an_unchanged_rebuild_parses_and_checks_nothing_again(project, disk, monkeypatch):
    build(project, disk)
    from macros.core.data import load, schema

    monkeypatch.setattr(load, "parse", NoRendering)
    monkeypatch.setattr(schema.Schemas, "check", NoRendering)
    build(project, disk)  # every parse and schema check comes from the cache


def test_a_data_edit_changes_the_output(project, disk):
    before = build(project, disk).files["reviews/ship-it.md"]
    review = project / "data/reviews/ship-it.yaml"
    review.write_text(review.read_text().replace("name: Ship It", "name: Ship It Now", 1))
    after = build(project, disk).files["reviews/ship-it.md"]
    assert after != before and "Ship It Now" in after


def test_a_schema_edit_changes_the_output(project, disk):
    before = build(project, disk).files["reference/review.md"]
    schema = project / "data/schema/review.schema.json"
    schema.write_text(schema.read_text().replace("Decision to be made (Table 1).", "A new text."))
    after = build(project, disk).files["reference/review.md"]
    assert after != before and "A new text." in after


def test_a_template_edit_changes_the_output(project, disk, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    before = build(project, disk, Renderer(templates)).files["reviews/ship-it.md"]
    page = templates / "review.md.j2"
    page.write_text(page.read_text().replace("## In detail", "## What to bring"))
    after = build(project, disk, Renderer(templates)).files["reviews/ship-it.md"]
    assert after != before and "## What to bring" in after


def test_a_code_edit_changes_every_key(tmp_path):
    core = tmp_path / "core"
    shutil.copytree(cache.PACKAGE, core, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.code_digest(core)
    kinds = core / "kinds.py"
    kinds.write_text(kinds.read_text() + "\n# a change\n")
    cache.python_digest.cache_clear()
    try:
        assert cache.code_digest(core) != before
    finally:
        cache.python_digest.cache_clear()


def test_a_broken_entry_is_a_miss(disk):
    disk.put("ab" + "0" * 38, {"x": 1})
    assert disk.get("ab" + "0" * 38) == {"x": 1}
    path = disk._path("ab" + "0" * 38)
    path.write_bytes(b"not a pickle")
    assert disk.get("ab" + "0" * 38) is None
