"""The benchmark works end to end (quick mode) and its synthetic data is valid.

Figures are never judged here: times depend on the machine. The tests check that every figure
the README quotes is written, with the right type, and that ×N data really is N times larger.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402
from conftest import playbook_of  # noqa: E402


def test_synthetic_data_is_valid_and_multiplied(project: Path, tmp_path: Path):
    one = synth.make_project(project, tmp_path / "x1", 1)
    three = synth.make_project(project, tmp_path / "x3", 3)
    for path in sorted((project / "data").rglob("*.yaml")):  # ×1 is the data, byte for byte
        assert (one / "data" / path.relative_to(project / "data")).read_bytes() == path.read_bytes()
    pb1 = playbook_of(one)
    pb3 = playbook_of(three)  # raises DataError if invalid
    for kind in synth.MULTIPLIED:
        assert len(pb3.all(kind)) == 3 * len(pb1.all(kind)), kind
    assert len(pb1.all("review")) >= 1
    # A copy refers to its own copies: the ×3 review's owners are ×3 roles.
    review = pb1.reviews[0]
    copy = pb3.get("review", review.id + synth.suffix(3))
    assert copy.name == f"{review.name} (copy 3)"
    assert list(copy.owners) == [o + synth.suffix(3) for o in review.owners]


def test_second_write_of_the_same_site_changes_nothing(tmp_path: Path):
    """`mkdocs serve` rebuilds when content/ changes: rewriting an unchanged file (a CSV with
    CRLF line ends compared through universal newlines) made it rebuild forever."""
    from macros.core.site.output import write
    from macros.core.site.page import Page, Section, Site

    section = Section(
        "X", [], [Page("reviews/x.md", "# X\n")], {"raci/x.csv": "\ufeffa,b\r\n1,2\r\n"}
    )
    site = Site([section])
    assert sorted(write(site, tmp_path)) == [
        "raci/.gitignore",
        "raci/x.csv",
        "reviews/.gitignore",
        "reviews/x.md",
    ]
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    assert write(site, tmp_path) == []
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == before
    assert (tmp_path / "raci" / "x.csv").read_bytes() == "\ufeffa,b\r\n1,2\r\n".encode()


def test_quick_bench_writes_every_figure(project: Path, tmp_path: Path):
    out = tmp_path / "out"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--root",
            str(project),
            "--out",
            str(out),
            "--edits",
            "1",
            "--factors",
            "1,2",  # the figures' shape, not their size: ×2 checks the scaling rows
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))

    number = (int, float)
    assert isinstance(results["overhead_ratio"], float) and results["overhead_ratio"] > 0
    assert isinstance(results["preview_seconds"], float) and results["preview_seconds"] > 0
    assert results["preview"]["method"]
    for key in ("load", "validate", "model", "render", "mkdocs_build", "pipeline_build"):
        assert isinstance(results["stages"][key], float) and results["stages"][key] >= 0, key

    scaling = results["scaling"]
    assert [row["factor"] for row in scaling] == [1, 2]
    for row in scaling:
        assert isinstance(row["entities"], int) and row["entities"] > 0
        assert isinstance(row["seconds"], float) and row["seconds"] > 0
        assert isinstance(row["peak_mb"], number) and row["peak_mb"] > 0
        assert row["seconds_per_entity"] == pytest.approx(row["seconds"] / row["entities"])
    assert scaling[1]["entities"] > scaling[0]["entities"]
    assert scaling[1]["pages"] > scaling[0]["pages"]
    for row in scaling:  # the search index of each size (bench/search_index.py)
        assert isinstance(row["search_index_bytes"], int) and row["search_index_bytes"] > 0
        first = row["first_search"]  # what a first search downloads on the built site
        assert first["engine"] == "lunr" and first["bytes"] > 0 and first["results"] > 0, first
    assert scaling[1]["search_index_bytes"] > scaling[0]["search_index_bytes"]
    relevance = results["search_relevance"]  # the fixture's pages: rates, not their size
    assert relevance["queries"] >= 30 and 0 <= relevance["top3"] <= 1, relevance
    assert set(results["met"]) >= {"search_top3", "first_search_bytes"}

    kinds = results["page_bytes"]
    assert {"home", "reviews", "glossary"} <= set(kinds)
    for kind, weight in kinds.items():
        assert weight["pages"] >= 1, kind
        assert 0 < weight["html_median"] <= weight["html_max"], kind
        assert weight["assets"] > 0, kind  # at least Material's CSS and JS
    assert isinstance(results["search_index_bytes"], int) and results["search_index_bytes"] > 0

    machine = results["machine"]
    assert isinstance(machine["cores"], int) and machine["cores"] >= 1
    assert machine["python"].count(".") == 2
    assert (out / "scaling.png").read_bytes().startswith(b"\x89PNG")
    assert not (out / "work").exists()  # scratch projects are removed


def test_search_index_measure_matches_a_real_build(built_site: Path):
    """bench/search_index.py builds the index without the theme: at ×1 it must come within 5 %
    of the real build's search_index.json (the hand-written pages are the difference)."""
    import search_index

    measured = search_index.measure(ROOT)
    real = (built_site / "search" / "search_index.json").stat().st_size
    assert 0.95 * real <= measured["index_bytes"] <= real, (measured["index_bytes"], real)
    assert measured["index_gzip_bytes"] < measured["index_bytes"]


def test_a_cold_build_refuses_a_cache_it_cannot_remove(tmp_path):
    """A project whose .cache is a link (as the synthetic copies once had) would make every
    "cold" build warm: clearing it must fail, not pass silently."""
    import run

    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "macros").mkdir(parents=True)
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "macros").mkdir()
    (project / run.CACHE).symlink_to(elsewhere)
    with pytest.raises(RuntimeError, match="could not be removed"):
        run.clear_cache(project)
    (project / run.CACHE).unlink()
    (project / run.CACHE / "macros").mkdir(parents=True)
    run.clear_cache(project)
    assert not (project / run.CACHE).exists()
