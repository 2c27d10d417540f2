"""The organisation's layer: an overlay folder read, checked and modelled beside MOF's data.

The overlay folder holds only what is local (kinds registry `OVERLAY_FILE_KINDS`: teams, people,
meetings, local additions, local RACI decisions, the filled playbook outline). It is read with
the same loader (file:line for every value) and checked with the JSON Schemas in
data/schema/overlay/, then across files: every id it names exists (in MOF's data or in the
overlay), its own ids do not collide with MOF ids, time zones exist, one meeting per review, one
local RACI decision per row. It can only add: nothing in it can redefine or remove MOF data.

`check(folder, root, mof_docs, schemas)` returns every problem; `build(...)` the `Local` model
(typed records, made from the overlay schemas like the MOF model).
"""

from __future__ import annotations

import datetime
import hashlib
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

from referencing import Registry, Resource

from ..kinds import OUTLINE_TEMPLATE, OVERLAY_FILE_KINDS, Pattern, registry
from ..problems import Problem, did_you_mean, pointer
from . import checks, load, model
from .schema import Schemas

SCHEMA_FOLDER = "overlay"  # inside data/schema/
PREFIX = "overlay-"  # overlay schemas are registered as overlay-<name>.schema.json
OUTLINE_ITEMS = Pattern("layout/sections/*/items/**/id")
OVERLAY_ENTITIES = ("team", "person", "local-item", "local-term")


def kind_name(name: str) -> str:
    """The schema kind of an overlay file kind: 'overlay-people'."""
    return f"{PREFIX}{name}"


def _flat(node):
    """An overlay schema as registered beside MOF's: its $refs, written relative to
    data/schema/overlay/ (so editors follow them), made names in the one flat registry."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                file, hash_, fragment = v.partition("#")
                if file.startswith("../"):
                    file = file.removeprefix("../")
                elif file:
                    file = PREFIX + file
                v = file + hash_ + fragment
            out[k] = _flat(v)
        return out
    if isinstance(node, list):
        return [_flat(v) for v in node]
    return node


def with_overlay_schemas(main: Schemas) -> Schemas:
    """MOF's schemas plus the overlay's (registered as overlay-<name>.schema.json), one
    registry."""
    own = Schemas.load(main.folder / SCHEMA_FOLDER, f"data/schema/{SCHEMA_FOLDER}")
    contents = {
        **main.contents,
        **{f"{PREFIX}{n}": _flat(s) for n, s in own.contents.items()},
    }
    out = Schemas(main.folder, contents, list(main.problems) + list(own.problems))
    out.registry = Registry().with_resources(
        (name, Resource.from_contents(s)) for name, s in contents.items()
    )
    return out


def shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def read(folder: Path, root: Path) -> tuple[list[load.Document], list[Problem]]:
    """Every overlay file that is there, parsed with lines; unexpected YAML files as problems."""
    docs, problems = [], []
    known = {k.location for k in OVERLAY_FILE_KINDS.values()}
    if not folder.is_dir():
        return [], [Problem(shown(folder, root), 0, "", "the overlay folder does not exist")]
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")):
        if path.name not in known:
            problems.append(
                Problem(
                    shown(path, root),
                    0,
                    "",
                    f"unexpected overlay file; expected one of: {', '.join(sorted(known))}",
                )
            )
    for kind in OVERLAY_FILE_KINDS.values():
        path = folder / kind.location
        if not path.is_file():
            continue
        file = shown(path, root)
        text, found = load.decode(path.read_bytes(), file)
        problems += found
        if text is None:
            continue
        doc, found = load.parse(text, file, kind_name(kind.name))
        problems += found
        if doc is not None:
            docs.append(doc)
    return docs, problems


def digest(folder: Path, schema_dir: Path) -> bytes:
    """A hash of the overlay folder's YAML files and the overlay schemas (names and bytes)."""
    h = hashlib.blake2b(digest_size=16)
    files = [*sorted(folder.glob("*.y*ml")), *sorted((schema_dir / SCHEMA_FOLDER).glob("*.json"))]
    for path in files:
        h.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def _name(doc: load.Document) -> str:
    return doc.kind.removeprefix(PREFIX)


def outline_items(mof_docs: list[load.Document]) -> dict[str, tuple[load.Document, tuple]]:
    """The Sample Playbook Content outline's item ids -> where MOF writes them."""
    out = {}
    for doc in mof_docs:
        if (
            doc.kind == "template"
            and isinstance(doc.data, dict)
            and doc.data.get("id") == OUTLINE_TEMPLATE
        ):
            for path, value in OUTLINE_ITEMS.find(doc.data):
                if isinstance(value, str):
                    out[value] = (doc, path)
    return out


def own_ids(docs: list[load.Document]) -> checks.Index:
    index: checks.Index = {}
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        for list_key, kind in OVERLAY_FILE_KINDS[_name(doc)].entities:
            for path, value in Pattern(f"{list_key}/*/id").find(doc.data):
                if isinstance(value, str):
                    index.setdefault(kind, {}).setdefault(value, (doc, path))
    return index


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check(
    folder: Path, root: Path, mof_docs: list[load.Document], schemas: Schemas
) -> tuple[list[load.Document], list[Problem]]:
    """The overlay's documents and every problem in it, each with file:line."""
    docs, problems = read(folder, root)
    if schemas.problems:
        return docs, problems + list(schemas.problems)
    for doc in docs:
        problems += schemas.check(doc)
    mof = checks.entity_ids(mof_docs)
    mine = own_ids(docs)
    where = {
        "team": "teams.yaml",
        "person": "people.yaml",
        "local-item": "additions.yaml",
        "local-term": "additions.yaml",
    }
    # Own ids: unique across the overlay, and never a MOF id (an overlay cannot redefine MOF).
    seen: dict[str, tuple[load.Document, tuple]] = {}
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        for list_key, _kind in OVERLAY_FILE_KINDS[_name(doc)].entities:
            for path, value in Pattern(f"{list_key}/*/id").find(doc.data):
                if not isinstance(value, str):
                    continue
                if value in seen:
                    first, first_path = seen[value]
                    problems.append(
                        Problem(
                            doc.file,
                            doc.line_of(path),
                            pointer(path),
                            f"duplicate id '{value}' (also at {first.file}:"
                            f"{first.line_of(first_path)}); expected ids to be unique in the "
                            "overlay",
                        )
                    )
                    continue
                seen[value] = (doc, path)
                for mof_kind, ids in mof.items():
                    if value in ids:
                        mof_doc, mof_path = ids[value]
                        problems.append(
                            Problem(
                                doc.file,
                                doc.line_of(path),
                                pointer(path),
                                f"id '{value}' is already the MOF {mof_kind} at {mof_doc.file}:"
                                f"{mof_doc.line_of(mof_path)}; expected an id of the "
                                "organisation's own (an overlay adds, it cannot redefine MOF)",
                            )
                        )
    known: dict[str, set[str]] = {k: set(v) for k, v in mof.items()}
    for k, v in mine.items():
        known.setdefault(k, set()).update(v)
    known["outline-item"] = set(outline_items(mof_docs))
    base = shown(folder, root)
    for doc in docs:
        for ref in OVERLAY_FILE_KINDS[_name(doc)].references:
            ids = known.get(ref.target, set())
            for path, value in ref.pattern.find(doc.data):
                if not isinstance(value, str) or value in ids:
                    continue
                hint = did_you_mean(value, ids)
                if ref.target in where:
                    home = f"{base}/{where[ref.target]}"
                elif ref.target == "outline-item":
                    home = f"data/templates/{OUTLINE_TEMPLATE}.yaml"
                else:
                    home = registry.home(ref.target)
                problems.append(
                    Problem(
                        doc.file,
                        doc.line_of(path),
                        pointer(path),
                        f"unknown {ref.target} id '{value}'{hint}; expected an id defined in "
                        f"{home}",
                    )
                )
        problems += _check_meetings(doc) + _check_once(doc) + _check_indicators(doc, mof_docs)
    problems += checks.check_raci(docs)
    return docs, problems


def _check_meetings(doc: load.Document) -> list[Problem]:
    if _name(doc) != "meetings" or not isinstance(doc.data, dict):
        return []
    problems = []
    for path, zone in Pattern("meetings/*/time_zone").find(doc.data):
        if isinstance(zone, str) and zone not in _zones():
            hint = did_you_mean(zone, _zones())
            problems.append(
                Problem(
                    doc.file,
                    doc.line_of(path),
                    pointer(path),
                    f"unknown time zone '{zone}'{hint}; expected an IANA time zone name such "
                    "as Europe/Berlin or America/New_York",
                )
            )
    for path, day in Pattern("meetings/*/starts").find(doc.data):
        if isinstance(day, str):
            try:
                datetime.date.fromisoformat(day)
            except ValueError:
                problems.append(
                    Problem(
                        doc.file,
                        doc.line_of(path),
                        pointer(path),
                        f"'{day}' is not a date; expected a date that exists, as YYYY-MM-DD",
                    )
                )
    return problems


def go_no_go_rows(mof_docs: list[load.Document]) -> dict[str, set[str]]:
    """Review id -> the row ids of its go/no-go table (the checklist's: no `variant_of`)."""
    out: dict[str, set[str]] = {}
    for doc in mof_docs:
        if doc.kind != "review" or not isinstance(doc.data, dict):
            continue
        for table in doc.data.get("go_no_go") or ():
            if isinstance(table, dict) and not table.get("variant_of"):
                rows = {r.get("id") for r in table.get("rows") or () if isinstance(r, dict)}
                out.setdefault(str(doc.data.get("id")), set()).update(rows)
    return out


def _check_indicators(doc: load.Document, mof_docs: list[load.Document]) -> list[Problem]:
    """A local go/no-go indicator belongs to a review with a go/no-go table, and its `row` is
    a row of that table."""
    if _name(doc) != "additions" or not isinstance(doc.data, dict):
        return []
    tables = go_no_go_rows(mof_docs)
    problems = []
    for i, entry in enumerate(doc.data.get("indicators") or ()):
        if not isinstance(entry, dict) or not isinstance(entry.get("review"), str):
            continue
        review = entry["review"]
        rows = tables.get(review)
        if rows is None:
            path = ("indicators", i, "review")
            with_table = sorted(tables)
            problems.append(
                Problem(
                    doc.file,
                    doc.line_of(path),
                    pointer(path),
                    f"review '{review}' has no go/no-go table; expected one of: "
                    f"{', '.join(with_table) or 'none'}",
                )
            )
        elif isinstance(entry.get("row"), str) and entry["row"] not in rows:
            path = ("indicators", i, "row")
            problems.append(
                Problem(
                    doc.file,
                    doc.line_of(path),
                    pointer(path),
                    f"unknown go/no-go row '{entry['row']}'{did_you_mean(entry['row'], rows)}; "
                    f"expected a row id of the go/no-go table in data/reviews/{review}.yaml "
                    f"({', '.join(sorted(rows))}), or `element` for a local row",
                )
            )
    return problems


def _check_once(doc: load.Document) -> list[Problem]:
    """One meeting per review; one local RACI decision per review or SMF."""
    lists = {"meetings": ("meetings", ("review",)), "raci": ("decisions", ("review", "smf"))}
    if _name(doc) not in lists or not isinstance(doc.data, dict):
        return []
    key, fields = lists[_name(doc)]
    problems, seen = [], {}
    for i, entry in enumerate(doc.data.get(key) or []):
        if not isinstance(entry, dict):
            continue
        for f in fields:
            value = entry.get(f)
            if not isinstance(value, str):
                continue
            path = (key, i, f)
            if (f, value) in seen:
                problems.append(
                    Problem(
                        doc.file,
                        doc.line_of(path),
                        pointer(path),
                        f"{f} '{value}' is also at {doc.file}:{seen[(f, value)]}; expected "
                        f"one entry per {f}",
                    )
                )
            else:
                seen[(f, value)] = doc.line_of(path)
    return problems


# --- the model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Local:
    """The organisation's layer, typed (records made from the overlay schemas).

    `organisation` is None when organisation.yaml is missing; the mappings are by id (meetings
    and decisions by the review or SMF they belong to), in the files' order.
    """

    folder: str  # as shown in messages
    organisation: model.Record | None
    teams: Mapping[str, model.Record]
    people: Mapping[str, model.Record]
    meetings: Mapping[str, model.Record]  # review id -> meeting
    checklist_items: tuple[model.Record, ...]
    indicators: tuple[model.Record, ...]  # local go/no-go indicators
    terms: tuple[model.Record, ...]
    links: tuple[model.Record, ...]
    notes: tuple[model.Record, ...]
    decisions: Mapping[tuple[str, str], model.Record]  # ("review"|"smf", id) -> decision
    outline: Mapping[str, model.Record]  # outline item id -> what the organisation wrote
    # overlay file kind ("people") -> line of its list ("people:"), for Edit links
    lines: Mapping[str, int] = field(default_factory=dict)


def build(folder: str, docs: list[load.Document], types: model.RecordTypes) -> Local:
    """The `Local` model of checked overlay documents."""
    records, lines = {}, {}
    main_list = {"organisation": "outline", "teams": "teams", "people": "people"}
    main_list |= {"meetings": "meetings", "additions": "checklist_items", "raci": "decisions"}
    for doc in docs:
        name = _name(doc)
        lines[name] = doc.key_lines.get((main_list[name],), 1)
        schema = f"{PREFIX}{name}.schema.json"
        records[name] = types.document(schema, f"Local{name.title()}")(doc.data)

    def items(name: str, key: str) -> tuple:
        rec = records.get(name)
        return tuple(getattr(rec, key) or ()) if rec else ()

    def by(entries, key) -> Mapping:
        return MappingProxyType({getattr(e, key): e for e in entries})

    decisions = {}
    for d in items("raci", "decisions"):
        decisions[("review", d.review) if d.review else ("smf", d.smf)] = d
    return Local(
        folder=folder,
        organisation=records.get("organisation"),
        teams=by(items("teams", "teams"), "id"),
        people=by(items("people", "people"), "id"),
        meetings=by(items("meetings", "meetings"), "review"),
        checklist_items=items("additions", "checklist_items"),
        indicators=items("additions", "indicators"),
        terms=items("additions", "terms"),
        links=items("additions", "links"),
        notes=items("additions", "notes"),
        decisions=MappingProxyType(decisions),
        outline=by(items("organisation", "outline"), "item"),
        lines=MappingProxyType(lines),
    )
