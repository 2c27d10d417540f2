"""All checks on the loaded documents: schema, ids, cross-references and RACI rules.

Every check collects problems instead of stopping, so one run reports everything.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

from . import schemas
from .load import FOLDERS, Document
from .problems import Problem

# Collection files hold lists of entities; each list is its own id namespace.
ENTITY_LISTS = {
    "sources": [("documents", "document")],
    "phases": [("phases", "phase")],
    "roles": [("accountabilities", "accountability"), ("roles", "role")],
    "glossary": [("terms", "term")],
}
ONE_PER_FILE = {kind: kind for kind in FOLDERS.values()}

# Where each kind refers to other entities: (path pattern, target kind). '*' is any list index.
REFERENCES: dict[str, list[tuple[str, str]]] = {
    "review": [
        ("owners/*", "role"),
        ("attendees/*/role", "role"),
        ("key_terms/*", "term"),
        ("follow_up/next_reviews/*", "review"),
        ("follow_up/smfs/*", "smf"),
        ("smfs/*", "smf"),
        ("phase", "phase"),
        ("lead/role", "role"),
        *[(f"raci/{k}/*", "role") for k in ("responsible", "accountable", "consulted", "informed")],
    ],
    "smf": [
        ("phase", "phase"),
        ("accountabilities/*/accountability", "accountability"),
        ("accountabilities/*/role_types/*/role", "role"),
        ("key_terms/*", "term"),
        ("reviews/*", "review"),
        ("scenarios/*", "scenario"),
        ("related_smfs/*", "smf"),
        *[
            (f"{base}raci/{k}/*", "role")
            for base in ("", "processes/*/activities/*/")
            for k in ("responsible", "accountable", "consulted", "informed")
        ],
    ],
    "scenario": [
        ("smfs/*", "smf"),
        ("reviews/*", "review"),
        ("templates/*", "template"),
        ("steps/*/smfs/*", "smf"),
        ("steps/*/reviews/*", "review"),
        ("steps/*/templates/*", "template"),
        ("steps/**/template", "template"),
        ("steps/**/smf", "smf"),
        ("steps/**/review", "review"),
        ("steps/**/roles/*", "role"),
    ],
    "template": [
        ("scenario", "scenario"),
        ("other_scenarios/*", "scenario"),
        ("smfs/*", "smf"),
        ("related_templates/*", "template"),
        ("layout/**/smf", "smf"),
        ("layout/**/review", "review"),
    ],
    "roles": [
        ("roles/*/accountability", "accountability"),
        ("roles/*/maps_to/*", "role"),
        ("roles/*/includes/*", "role"),
        ("accountabilities/*/smfs/*/smf", "smf"),
        ("accountabilities/*/accountable_role", "role"),
    ],
    "glossary": [("terms/*/related/*", "term"), ("terms/*/see_also/*", "term")],
    "phases": [
        ("phases/**/smfs/*", "smf"),
        ("phases/**/control_reviews/*", "review"),
        ("phases/**/reviews/*", "review"),
        ("phases/*/primary_accountability", "accountability"),
        ("phases/*/accountable_role", "role"),
        ("phases/*/key_roles/*", "role"),
    ],
    "sources": [],
}
RACI_KEYS = ("responsible", "accountable", "consulted", "informed")


def walk(value, path: tuple = ()) -> Iterator[tuple[tuple, object]]:
    """Every (path, value) in a document, depth first, in document order."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, path + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from walk(child, path + (i,))


def matches(pattern: str, data) -> Iterator[tuple[tuple, object]]:
    """Values at a path pattern such as 'attendees/*/role'; '**' matches any depth."""
    parts = pattern.split("/")

    def step(node, i, path):
        if i == len(parts):
            yield path, node
            return
        part = parts[i]
        if part == "**":
            yield from step(node, i + 1, path)
            children = (
                node.items()
                if isinstance(node, dict)
                else enumerate(node)
                if isinstance(node, list)
                else ()
            )
            for key, child in children:
                yield from step(child, i, path + (key,))
        elif part == "*":
            if isinstance(node, list):
                for j, child in enumerate(node):
                    yield from step(child, i + 1, path + (j,))
        elif isinstance(node, dict) and part in node:
            yield from step(node[part], i + 1, path + (part,))

    yield from step(data, 0, ())


def entity_ids(docs: list[Document]) -> dict[str, dict[str, tuple[Document, tuple]]]:
    """kind -> id -> (document, path) for every entity that other files may refer to."""
    index: dict[str, dict[str, tuple[Document, tuple]]] = {}
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        if doc.kind in ONE_PER_FILE and isinstance(doc.data.get("id"), str):
            index.setdefault(doc.kind, {}).setdefault(doc.data["id"], (doc, ("id",)))
        for list_key, kind in ENTITY_LISTS.get(doc.kind, []):
            for path, value in matches(f"{list_key}/*/id", doc.data):
                if isinstance(value, str):
                    index.setdefault(kind, {}).setdefault(value, (doc, path))
    return index


def check_ids(docs: list[Document]) -> list[Problem]:
    """File names match ids; ids are unique per kind, within a file, and across SMF processes."""
    problems = []
    seen: dict[tuple[str, str], tuple[Document, tuple]] = {}
    activity_ids: dict[str, tuple[Document, tuple]] = {}

    def dup(doc, path, value, first_doc, first_path, scope):
        problems.append(
            Problem(
                doc.file,
                doc.line_of(path),
                "".join(f"/{p}" for p in path),
                f"duplicate id '{value}' "
                f"(also at {first_doc.file}:{first_doc.line_of(first_path)}); "
                f"expected ids to be unique {scope}",
            )
        )

    for doc in docs:
        data = doc.data
        if not isinstance(data, dict):
            continue
        if doc.kind in ONE_PER_FILE and isinstance(data.get("id"), str):
            if data["id"] != doc.stem:
                problems.append(
                    Problem(
                        doc.file,
                        doc.line_of(("id",)),
                        "/id",
                        f"id '{data['id']}' differs from the file name; expected "
                        f"'{doc.stem}' (or rename the file to {data['id']}.yaml)",
                    )
                )
            key = (doc.kind, data["id"])
            if key in seen:
                dup(doc, ("id",), data["id"], *seen[key], f"among {doc.kind} files")
            else:
                seen[key] = (doc, ("id",))
        # Ids nested in a file are unique in the file (per top-level list in collections).
        within: dict[tuple, tuple[Document, tuple]] = {}
        for path, value in walk(data):
            if not (path and path[-1] == "id" and len(path) > 1 and isinstance(value, str)):
                continue
            scope = path[0] if doc.kind in ENTITY_LISTS else ""
            if (scope, value) in within:
                dup(doc, path, value, *within[(scope, value)], "within the file")
            else:
                within[(scope, value)] = (doc, path)
        if doc.kind == "smf":
            for pattern in ("processes/*/id", "processes/*/activities/*/id"):
                for path, value in matches(pattern, data):
                    if not isinstance(value, str):
                        continue
                    if value in activity_ids and activity_ids[value][0] is not doc:
                        dup(
                            doc,
                            path,
                            value,
                            *activity_ids[value],
                            "across all SMF processes and activities",
                        )
                    activity_ids.setdefault(value, (doc, path))
    return problems


def check_references(docs: list[Document], index) -> list[Problem]:
    problems = []
    for doc in docs:
        for pattern, target in REFERENCES.get(doc.kind, []):
            for path, value in matches(pattern, doc.data):
                if isinstance(value, str) and value not in index.get(target, {}):
                    known = sorted(index.get(target, {}))
                    guess = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
                    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
                    where = {
                        "role": "data/roles.yaml",
                        "term": "data/glossary.yaml",
                        "accountability": "data/roles.yaml",
                        "phase": "data/phases.yaml",
                    }
                    home = where.get(target, f"data/{_folder(target)}/")
                    problems.append(
                        Problem(
                            doc.file,
                            doc.line_of(path),
                            "".join(f"/{p}" for p in path),
                            f"unknown {target} id '{value}'{hint}; "
                            f"expected an id defined in {home}",
                        )
                    )
    return problems


def _folder(kind: str) -> str:
    return next((folder for folder, k in FOLDERS.items() if k == kind), kind)


def check_raci(docs: list[Document]) -> list[Problem]:
    """Exactly one Accountable, at least one Responsible, no role twice in a row."""
    problems = []
    for doc in docs:
        for path, value in walk(doc.data):
            if not (path and path[-1] == "raci" and isinstance(value, dict)):
                continue
            ptr = "".join(f"/{p}" for p in path)
            line = doc.line_of(path)
            lists = {k: v for k, v in value.items() if k in RACI_KEYS and isinstance(v, list)}
            a = lists.get("accountable", [])
            if len(a) != 1:
                problems.append(
                    Problem(
                        doc.file,
                        doc.line_of(path + ("accountable",)),
                        ptr + "/accountable",
                        f"RACI row has {len(a)} accountable roles; expected exactly one",
                    )
                )
            if not lists.get("responsible"):
                problems.append(
                    Problem(
                        doc.file,
                        doc.line_of(path + ("responsible",)),
                        ptr + "/responsible",
                        "RACI row has no responsible role; expected at least one",
                    )
                )
            letters: dict[str, str] = {}
            for key, roles in lists.items():
                for role in roles:
                    if role in letters and letters[role] != key:
                        problems.append(
                            Problem(
                                doc.file,
                                line,
                                ptr,
                                f"role '{role}' is both {letters[role]} and {key}; "
                                "expected each role once per RACI row",
                            )
                        )
                    letters.setdefault(role, key)
    return problems


def validate(docs: list[Document], schema_dir: Path) -> list[Problem]:
    """Every problem in the documents. Id, reference and RACI checks skip values of the
    wrong type (the schema check reports those) rather than crash."""
    problems: list[Problem] = schemas.schema_problems(schema_dir)
    if problems:  # a broken schema cannot check anything; report it alone
        return problems
    compiled = schemas.validators(schema_dir)
    for doc in docs:
        problems.extend(schemas.check(doc, compiled))
    problems.extend(check_ids(docs))
    index = entity_ids(docs)
    problems.extend(check_references(docs, index))
    problems.extend(check_raci(docs))
    return sorted(set(problems))
