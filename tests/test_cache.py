"""The disk cache: an unchanged rebuild reads its pages back, and a change to the data, the
schemas, the templates or the code that renders them gives a new key, so nothing stale is served."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.core import cache
from macros.core.data.pipeline import Pipeline
from macros.core.site import generate as generate_module
from macros.core.site.render import TEMPLATES, Renderer
from macros.session import Project


def build(project: Path, disk: cache.DiskCache, renderer: Renderer | None = None):
    """What a build makes, as each build in a new process (`make site`) gets it."""
    return Project(project, Pipeline(project, disk=disk), renderer or Renderer()).build().site


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
    from macros.core.data import checks, load, model, schema

    monkeypatch.setattr(load, "parse", NoRendering)
    monkeypatch.setattr(schema.Schemas, "load", NoRendering)
    monkeypatch.setattr(schema.Schemas, "check", NoRendering)
    monkeypatch.setattr(checks, "check_all", NoRendering)
    monkeypatch.setattr(model, "build", NoRendering)
    build(project, disk)  # nothing parsed, checked or modelled: the build's output is read back


def test_a_parse_and_check_are_kept_per_file(project, disk, monkeypatch):
    """A data edit parses and checks again the file that changed, and no other."""
    build(project, disk)
    from macros.core.data import load

    parsed = []
    parse = load.parse
    monkeypatch.setattr(
        load, "parse", lambda text, file, kind: parsed.append(file) or parse(text, file, kind)
    )
    review = project / "data/reviews/ship-it.yaml"
    review.write_text(review.read_text().replace("name: Ship It", "name: Ship It Now", 1))
    build(project, disk)
    assert parsed == ["data/reviews/ship-it.yaml"]


def test_the_kept_output_follows_the_data_back(project, disk):
    """An edit undone gives the first output again (read back), never the edited one."""
    review = project / "data/reviews/ship-it.yaml"
    original = review.read_text()
    first = build(project, disk).files
    review.write_text(original.replace("name: Ship It", "name: Ship It Now", 1))
    assert build(project, disk).files != first
    review.write_text(original)
    assert build(project, disk).files == first


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


def test_a_new_build_date_changes_the_output(project, disk, monkeypatch):
    """The workbooks carry the build's date (SOURCE_DATE_EPOCH): a kept site made on another
    date is not served."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    before = {k: v for k, v in build(project, disk).files.items() if k.endswith(".xlsx")}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    after = {k: v for k, v in build(project, disk).files.items() if k.endswith(".xlsx")}
    assert before and before.keys() == after.keys()
    assert all(before[k] != after[k] for k in before)


def test_the_overlay_folder_is_part_of_the_key(tmp_path, disk):
    """Another overlay folder, or one that is not there, is never served a kept build (an empty
    overlay folder's files hash like another's: its path and existence are in the key)."""
    from conftest import ROOT

    from macros.core.problems import DataError

    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")

    def build_with(folder: str):
        pipeline = Pipeline(project, disk=disk, overlay=Path(folder))
        return Project(project, pipeline, Renderer()).build()

    (project / "org-a").mkdir()
    (project / "org-b").mkdir()
    first = build_with("org-a")
    assert build_with("org-b").key != first.key
    with pytest.raises(DataError, match="org-missing"):
        build_with("org-missing")


def test_a_check_after_a_kept_build_sees_the_data_as_it_is(project, disk):
    pipeline = Pipeline(project, disk=disk)
    proj = Project(project, pipeline, Renderer())
    proj.build()
    proj.build()  # read back: nothing checked
    review = project / "data/reviews/ship-it.yaml"
    review.write_text(review.read_text().replace("owners: [release-manager]", "owners: [ghost]"))
    _, problems = pipeline.check()
    assert any("ghost" in p.message for p in problems)
