"""The fast paths (libyaml for parsing, jsonschema-rs for validating) never change a result: on
the real data, the fixtures and every case of the bad-input corpus, the fast parser gives the
same documents, lines and problems as the pure parser, and the fast validator never calls valid
what the precise validator rejects."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from test_corpus import REJECTED, apply_edits, data_only_project

from macros.core.data import load
from macros.core.data.load import _CLOADER, _NEEDS_PURE, _Loader, _parse
from macros.core.data.pipeline import Pipeline
from macros.core.data.schema import Schemas

TEXTS = sorted(
    p
    for p in [*(ROOT / "data").rglob("*.yaml"), *FIXTURES.rglob("*.yaml")]
    if "schema" not in p.parts
)
FAST_TEXTS = [p for p in TEXTS if not _NEEDS_PURE.search(p.read_text(encoding="utf-8-sig"))]


def both(text: str, file: str = "f.yaml"):
    fast = _parse(_CLOADER(text), text, file, "review", fast=True)
    pure = _parse(_Loader(text), text, file, "review", fast=False)
    return fast, pure


@pytest.mark.parametrize("path", FAST_TEXTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_libyaml_reads_every_data_file_as_the_pure_parser_does(path: Path):
    text = path.read_text(encoding="utf-8-sig")
    (fast_doc, fast_problems), (pure_doc, pure_problems) = both(text)
    assert fast_doc.data == pure_doc.data
    assert fast_doc.lines == pure_doc.lines and fast_doc.key_lines == pure_doc.key_lines
    assert fast_doc.raw == pure_doc.raw and fast_problems == pure_problems


def test_most_data_files_take_the_fast_path():
    assert len(FAST_TEXTS) >= len(TEXTS) - 2


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\t\n",  # a trailing tab: libyaml accepts it
        "a: [x?]\n",  # ? in a flow list
        "a: &x 1\nb: *x\n",  # an alias: the pure composer refuses it
        "a: |#\n  x\n",
    ],
)
def test_texts_libyaml_reads_differently_go_to_the_pure_parser(text):
    assert _NEEDS_PURE.search(text)


def test_an_alias_met_on_the_fast_path_defers_to_the_pure_parser():
    text = "a: &x [1]\nb:\n- *x\n"
    with pytest.raises(load._Defer):
        _parse(_CLOADER(text), text, "f.yaml", "review", fast=True)
    doc, problems = load.parse(text, "f.yaml", "review")
    assert doc is None and "aliases" in problems[0].message


@pytest.mark.parametrize("case", REJECTED, ids=[c["name"] for c in REJECTED])
def test_the_fast_validator_never_passes_what_the_precise_one_rejects(case, tmp_path):
    project = data_only_project(tmp_path)
    apply_edits(project, case, tmp_path / "side-effect")
    pipeline = Pipeline(project)
    schemas = pipeline.schemas()
    if schemas.problems:
        return  # a broken schema: nothing is validated at all
    files, _ = load.scan(pipeline.data_dir, project)
    for found in files:
        text, _ = load.decode(found.raw, found.file)
        doc = load.parse(text, found.file, found.kind)[0] if text is not None else None
        if doc is None:
            continue
        precise = list(schemas.validator(doc.kind).iter_errors(doc.data))
        if schemas.is_valid_fast(doc):
            assert precise == [], (found.file, [e.message for e in precise])


def test_the_real_data_is_valid_on_both_paths():
    schemas = Schemas.load(ROOT / "data" / "schema")
    for doc in Pipeline(ROOT).check()[0]:
        assert schemas.is_valid_fast(doc), doc.file
        assert list(schemas.validator(doc.kind).iter_errors(doc.data)) == []


# Schemas the meta-schema rejects, each for one reason, and one jsonschema-rs alone would pass.
BROKEN_SCHEMAS = [
    {"type": "strin"},
    {"properties": {"a": {"minLength": -1}}},
    {"$ref": 5},
    {"required": "id"},
    {"type": "string", "pattern": "["},  # the regex format: jsonschema-rs checks no format
    {"patternProperties": {"(": {"type": "string"}}},
    {"$defs": {"x": {"properties": {"y": {"pattern": "a{2,1}"}}}}},
    # valid in the draft it names, not in 2020-12, the draft check_schema checks against
    {"$schema": "http://json-schema.org/draft-07/schema#", "items": [{"type": "string"}]},
]


@pytest.mark.parametrize("schema", BROKEN_SCHEMAS, ids=repr)
def test_the_fast_meta_check_never_passes_a_broken_schema(schema):
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    from macros.core.data.schema import _surely_valid

    with pytest.raises(SchemaError):
        Draft202012Validator.check_schema(schema)
    assert not _surely_valid(schema)


def test_the_real_schemas_take_the_fast_meta_check():
    import json

    from macros.core.data.schema import _surely_valid

    for path in sorted((ROOT / "data/schema").glob("*.schema.json")):
        assert _surely_valid(json.loads(path.read_text(encoding="utf-8"))), path.name
