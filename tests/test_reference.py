"""The data reference, generated from the JSON Schemas: every field of every schema, escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import generate_project

from macros.core.data.pipeline import Pipeline
from macros.core.views import schema_reference as reference

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schema"


def property_names(node) -> set[str]:
    """Every key under any "properties" in a schema, found without the reference's walker."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                found |= set(value)
            if key not in ("enum", "const", "required", "examples", "default"):
                found |= property_names(value)
    elif isinstance(node, list):
        for value in node:
            found |= property_names(value)
    return found


@pytest.fixture
def kinds(project: Path):
    pipeline = Pipeline(project)
    return {k.kind: k for k in reference.describe(pipeline.schemas(), pipeline.playbook())}


def test_every_kind_of_data_file_has_a_page(kinds):
    schema_kinds = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert set(kinds) == schema_kinds - {"common"}


def test_every_field_of_every_schema_is_listed(kinds):
    listed = {kind: {f.parts[-1] for f in k.fields} for kind, k in kinds.items()}
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        names = property_names(json.loads(path.read_text(encoding="utf-8")))
        kind = path.name.removesuffix(".schema.json")
        where = listed.get(kind) or set().union(*listed.values())  # common: on some page
        assert names - where == set(), f"{path.name}: fields missing from the reference"


def test_every_row_has_type_required_description_and_example(kinds):
    for kind in kinds.values():
        assert kind.fields
        for f in kind.fields:
            assert f.type and f.required and f.description and f.example, (kind.kind, f.path)
        anchors = [f.anchor for f in kind.fields]
        assert len(anchors) == len(set(anchors)), kind.kind


def test_fields_read_as_the_schema_says(kinds):
    review = {(f.path, f.variant): f for f in kinds["review"].fields}
    assert review[("id", "")].required == "yes"
    assert review[("attendees[].role", "")].type.startswith("id; must name a role defined in")
    assert review[("scope", "")].type == "one of: Broad, Project-specific"
    assert review[("order", "")].type == "whole number (at least 1)"
    assert review[("position", "")].required == "no"
    # A recursive definition is documented once, then pointed back to.
    assert review[("goals[].items", "")].description.endswith("Same structure as goals.")
    assert ("goals[].items[].text", "") not in review
    roles = {f.path: f for f in kinds["roles"].fields}
    assert "when kind is role-type" in roles["roles[].accountability"].required
    layouts = {f.variant for f in kinds["template"].fields if f.path == "layout.kind"}
    assert layouts == {"kind: grid", "kind: questions", "kind: outline", "kind: scoring"}


def test_examples_come_from_the_data_where_a_file_uses_the_field(kinds):
    review = {f.path: f for f in kinds["review"].fields}
    assert (
        review["attendees[].brings"].example,
        review["attendees[].brings"].example_from_data,
    ) == ("The release plan", True)
    assert review["owners"].example == "[release-manager]"
    assert review["area"].example_from_data is False  # no fixture review has an area
    assert review["area"].example == "Some text"


def test_data_in_examples_is_escaped_on_the_page(project: Path):
    path = project / "data" / "reviews" / "ship-it.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "brings: The release plan", 'brings: "<script>alert(1)</script> | {{ 7*7 }} &amp;"'
        )
    )
    site = generate_project(project)
    page = site.files["reference/review.md"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | {{ 7*7 }} &amp;amp;" in page
    assert "<script>" not in page
    assert page.startswith("---\nrender_macros: false\n")


def test_reference_is_in_the_nav_under_about(project):
    nav = generate_project(project).nav
    about = next(entry["About"] for entry in nav if "About" in entry)
    ref = next(entry["Data reference"] for entry in about if "Data reference" in entry)
    assert ref[0] == {"Overview": "reference/index.md"}
    assert {"Management review files": "reference/review.md"} in ref


def test_the_built_reference_lists_every_field(built_site: Path, kinds):
    for kind in kinds.values():
        html = (built_site / "reference" / f"{kind.kind}.html").read_text(encoding="utf-8")
        rows = re.findall(r'<tr id="([^"]+)"><th scope="row"', html)
        assert rows == [f.anchor for f in kind.fields], kind.kind  # same schemas, real data
        assert all(re.fullmatch(r"[a-z0-9-]+", r) for r in rows)
