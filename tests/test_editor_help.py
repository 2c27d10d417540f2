"""Editors find each data file's schema (a modeline on line 1, and .vscode/settings.json), and
that schema is the generated editor schema (data/schema/editor/): current, valid for the data,
with every id of the data as the choices wherever a file refers to another entity, and snippets
for new list entries."""

from __future__ import annotations

import copy
import fnmatch
import functools
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from macros.core.data.editor_schemas import render, write_editor_schemas
from macros.core.kinds import ENTITY_KINDS, FILE_KINDS, file_kind_of

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EDITOR = DATA / "schema" / "editor"
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\Z")


def data_files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*.yaml") if p.relative_to(DATA).parts[0] != "schema")


def editor_schema(kind: str) -> dict:
    return json.loads((EDITOR / FILE_KINDS[kind].schema).read_text(encoding="utf-8"))


def test_every_data_file_names_its_editor_schema_on_line_1():
    files = data_files()
    assert len(files) > 10
    for path in files:
        kind = file_kind_of(path.relative_to(DATA).parts)
        first = path.read_text(encoding="utf-8-sig").split("\n", 1)[0].rstrip("\r")
        found = MODELINE.match(first)
        assert found, f"{path.relative_to(ROOT)}: line 1 is {first!r}, expected a modeline"
        assert first == kind.modeline
        schema = (path.parent / found.group(1)).resolve()
        assert schema == EDITOR / kind.schema, path.relative_to(ROOT)
        assert schema.is_file()


def test_workspace_settings_map_every_data_file_to_its_editor_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).is_file(), schema
    for path in data_files():
        rel = path.relative_to(ROOT).as_posix()
        schemas = [s for s, globs in mapping.items() if any(fnmatch.fnmatch(rel, g) for g in globs)]
        kind = file_kind_of(path.relative_to(DATA).parts).name
        assert schemas == [f"./data/schema/editor/{kind}.schema.json"], rel


def test_checked_in_editor_schemas_are_current(real_project):
    """`python -m macros editor-schemas` (or a build) writes them; a stale file fails here."""
    docs, _ = real_project.pipeline.check()
    texts = render(real_project.pipeline.schemas(), docs)
    assert sorted(texts) == sorted(p.name for p in EDITOR.glob("*.schema.json"))
    for name, text in texts.items():
        assert (EDITOR / name).read_text(encoding="utf-8") == text, (
            f"data/schema/editor/{name} is stale: run `python -m macros editor-schemas`"
        )
    assert write_editor_schemas(DATA, real_project.pipeline.schemas(), docs, dry_run=True) == []


def test_editor_schemas_are_valid_and_accept_every_data_file():
    for path in data_files():
        kind = file_kind_of(path.relative_to(DATA).parts)
        schema = editor_schema(kind.name)
        Draft202012Validator.check_schema(schema)
        data = _yaml(path)
        errors = [e.message for e in Draft202012Validator(schema).iter_errors(data)]
        assert errors == [], path


@functools.cache
def _yaml(path: Path):
    """A data file as plain data (shared: copy before changing it)."""
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _paths(errors) -> set[tuple]:
    """Where each error points, with the errors inside a oneOf/anyOf that failed."""
    out = set()
    for e in errors:
        out.add(tuple(e.absolute_path))
        out |= _paths(e.context or [])
    return out


def test_every_role_id_is_offered_under_owners(pb):
    schema = editor_schema("review")
    items = schema["properties"]["owners"]["items"]
    assert items == {"$ref": "#/$defs/role-id"}
    enum = schema["$defs"]["role-id"]["enum"]
    role_ids = {e["id"] for e in _yaml(DATA / "roles.yaml")["roles"]}
    assert len(role_ids) > 20 and set(enum) == role_ids
    # Each choice carries the role's name, which the editor shows beside the id.
    names = dict(zip(enum, schema["$defs"]["role-id"]["enumDescriptions"], strict=True))
    assert names["change-manager"] == pb.get("role", "change-manager").name


def _set(data, path: tuple, value) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_every_reference_in_the_data_is_an_enum_of_every_id_of_its_kind(kind):
    """For each place a file refers to another entity (kinds registry), in the real data:
    the editor schema rejects a misspelt id there, and its choices are exactly the ids that
    kind has in the data (so the editor completes them and underlines a typo)."""
    all_ids: dict[str, set[str]] = {}
    for path in data_files():
        doc = _yaml(path)
        for list_key, entity_kind in FILE_KINDS[
            file_kind_of(path.relative_to(DATA).parts).name
        ].entities:
            entries = [doc] if not list_key else doc.get(list_key) or []
            all_ids.setdefault(entity_kind, set()).update(e["id"] for e in entries)
    schema = editor_schema(kind)
    validator = Draft202012Validator(schema)
    files = [p for p in data_files() if file_kind_of(p.relative_to(DATA).parts).name == kind]
    seen = set()
    for ref in FILE_KINDS[kind].references:
        enum = schema["$defs"].get(f"{ref.target}-id", {}).get("enum")
        for path in files:
            doc = _yaml(path)
            for where, value in ref.pattern.find(doc):
                if not isinstance(value, str):
                    continue
                assert set(enum) == all_ids[ref.target], (ref.target, kind)
                seen.add(ref.pattern.text)
                bad = copy.deepcopy(doc)
                _set(bad, where, value + "x")  # a typo: 'change-managerx'
                assert where in _paths(validator.iter_errors(bad)), (path, where)
                break  # one place per pattern and file is enough
    used = {
        r.pattern.text
        for r in FILE_KINDS[kind].references
        for p in files
        for _ in r.pattern.find(_yaml(p))
    }
    assert seen == used


def test_new_list_entries_have_snippets():
    """Typing a new entry under attendees, a checklist category, an SMF's activities or the
    glossary offers the entry with its required keys."""
    review = editor_schema("review")
    attendee = review["properties"]["attendees"]["items"]
    assert attendee["defaultSnippets"][0]["body"] == {"role": "${1:" + attendee_first(review) + "}"}
    checklist_item = review["$defs"]["checklist_item"]
    assert checklist_item["defaultSnippets"][0]["body"] == {"id": "$1", "text": "$2"}
    smf = editor_schema("smf")
    process = smf["properties"]["processes"]["items"]
    activity = process["properties"]["activities"]["items"]
    assert set(activity["defaultSnippets"][0]["body"]) == {"id", "name", "raci"}
    glossary = editor_schema("glossary")
    term = glossary["properties"]["terms"]["items"]
    assert set(term["defaultSnippets"][0]["body"]) == {"id", "term", "definitions"}
    assert term["defaultSnippets"][0]["label"] == "new term"


def attendee_first(review: dict) -> str:
    return review["$defs"]["role-id"]["enum"][0]


def test_entity_kinds_with_references_get_an_enum():
    targets = {r.target for k in FILE_KINDS.values() for r in k.references}
    assert {
        "role",
        "review",
        "smf",
        "term",
        "template",
        "scenario",
        "phase",
        "accountability",
    } <= targets
    for target in targets:
        assert target in ENTITY_KINDS
