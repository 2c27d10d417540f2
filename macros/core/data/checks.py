"""Checks across documents: ids, cross-references and the RACI rules.

Every check collects problems instead of stopping, so one run reports everything. Checks skip
values of the wrong type (the schema check reports those) rather than crash. What refers to what
comes from the kinds registry (macros/core/kinds.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..kinds import ENTITY_KINDS, FILE_KINDS, GLOBAL_NESTED_IDS, RACI_KEYS, Pattern, registry
from ..problems import Problem, did_you_mean, pointer
from .load import Document
from .meeting_checks import check_go_no_go_variants

Index = dict[str, dict[str, tuple[Document, tuple]]]


def walk(value, path: tuple = ()) -> Iterator[tuple[tuple, object]]:
    """Every (path, value) in a document, depth first, in document order."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, path + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from walk(child, path + (i,))


def entity_ids(docs: list[Document]) -> Index:
    """entity kind -> id -> (document, path) for every entity other files may refer to."""
    index: Index = {}
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        for list_key, kind in FILE_KINDS[doc.kind].entities:
            pattern = Pattern(f"{list_key}/*/id" if list_key else "id")
            for path, value in pattern.find(doc.data):
                if isinstance(value, str):
                    index.setdefault(kind, {}).setdefault(value, (doc, path))
    return index


def _duplicate(doc, path, value, first_doc, first_path, scope) -> Problem:
    return Problem(
        doc.file,
        doc.line_of(path),
        pointer(path),
        f"duplicate id '{value}' (also at {first_doc.file}:{first_doc.line_of(first_path)}); "
        f"expected ids to be unique {scope}",
    )


def check_ids(docs: list[Document]) -> list[Problem]:
    """File names match ids; ids are unique per kind, within a file, and (for SMF processes and
    activities) across all files of the kind."""
    problems = []
    seen: dict[tuple[str, str], tuple[Document, tuple]] = {}
    global_ids: dict[str, dict[str, tuple[Document, tuple]]] = {}
    for doc in docs:
        data = doc.data
        if not isinstance(data, dict):
            continue
        file_kind = FILE_KINDS[doc.kind]
        if file_kind.one_per_file and isinstance(data.get("id"), str):
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
                problems.append(
                    _duplicate(doc, ("id",), data["id"], *seen[key], f"among {doc.kind} files")
                )
            else:
                seen[key] = (doc, ("id",))
        # Ids nested in a file are unique in the file (per top-level list in collections).
        within: dict[tuple, tuple[Document, tuple]] = {}
        for path, value in walk(data):
            if not (path and path[-1] == "id" and len(path) > 1 and isinstance(value, str)):
                continue
            scope = "" if file_kind.one_per_file else path[0]
            if (scope, value) in within:
                problems.append(
                    _duplicate(doc, path, value, *within[(scope, value)], "within the file")
                )
            else:
                within[(scope, value)] = (doc, path)
        ids = global_ids.setdefault(doc.kind, {})
        for pattern in GLOBAL_NESTED_IDS.get(doc.kind, ()):
            for path, value in pattern.find(data):
                if not isinstance(value, str):
                    continue
                if value in ids and ids[value][0] is not doc:
                    problems.append(
                        _duplicate(
                            doc, path, value, *ids[value], "across all SMF processes and activities"
                        )
                    )
                ids.setdefault(value, (doc, path))
    return problems


def check_references(
    docs: list[Document], index: Index, unchecked: Unchecked | None = None
) -> list[Problem]:
    """Every id a file names exists, with a 'did you mean' for a near miss. References to ids
    that an unreadable file may define (`unchecked`) are counted there, not reported."""
    problems = []
    for doc in docs:
        for ref in FILE_KINDS[doc.kind].references:
            known = index.get(ref.target, {})
            for path, value in ref.pattern.find(doc.data):
                if isinstance(value, str) and value not in known:
                    if unchecked and unchecked.covers(ref.target, value):
                        continue
                    hint = did_you_mean(value, known)
                    problems.append(
                        Problem(
                            doc.file,
                            doc.line_of(path),
                            pointer(path),
                            f"unknown {ref.target} id '{value}'{hint}; "
                            f"expected an id defined in {registry.home(ref.target)}",
                        )
                    )
    return problems


def check_raci(docs: list[Document]) -> list[Problem]:
    """Exactly one Accountable, at least one Responsible, no role twice in a row (except the
    accountable role also being responsible)."""
    problems = []
    for doc in docs:
        for path, value in walk(doc.data):
            if not (path and path[-1] == "raci" and isinstance(value, dict)):
                continue
            ptr = pointer(path)
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
                    # The accountable role may also do the work (R/A); any other pair is an error.
                    if {letters.get(role), key} == {"responsible", "accountable"}:
                        continue
                    if role in letters and letters[role] != key:
                        problems.append(
                            Problem(
                                doc.file,
                                doc.line_of(path),
                                ptr,
                                f"role '{role}' is both {letters[role]} and {key}; "
                                "expected each role once per RACI row",
                            )
                        )
                    letters.setdefault(role, key)
    return problems


def check_order(docs: list[Document]) -> list[Problem]:
    """The fields that order a kind's entities (kinds registry `order_by`: a review's `order`,
    an SMF's `phase` and `order`, a scenario's `number`) are unique: two reviews with order 3
    would sit in an arbitrary order in every list."""
    problems = []
    seen: dict[tuple, tuple[Document, tuple]] = {}
    for doc in docs:
        for list_key, kind in FILE_KINDS[doc.kind].entities:
            fields = ENTITY_KINDS[kind].order_by
            if not fields or not isinstance(doc.data, dict):
                continue
            entries = (
                [((), doc.data)]
                if not list_key
                else [((list_key, i), e) for i, e in enumerate(doc.data.get(list_key) or [])]
            )
            for base, entry in entries:
                if not isinstance(entry, dict) or not all(
                    isinstance(entry.get(f), (int, str)) for f in fields
                ):
                    continue
                key = (kind, *(entry[f] for f in fields))
                path = base + (fields[-1],)
                if key in seen:
                    first_doc, first_path = seen[key]
                    if _node(first_doc.data, first_path[:-1]).get("id") == entry.get("id"):
                        continue  # a duplicate id: check_ids reports the one mistake
                    within = (
                        f" within the {fields[0]} '{entry[fields[0]]}'" if len(fields) > 1 else ""
                    )
                    problems.append(
                        Problem(
                            doc.file,
                            doc.line_of(path),
                            pointer(path),
                            f"{fields[-1]} {entry[fields[-1]]} is also used at "
                            f"{first_doc.file}:{first_doc.line_of(first_path)}; expected each "
                            f"{kind}'s {fields[-1]} to be unique{within}",
                        )
                    )
                else:
                    seen[key] = (doc, path)
    return problems


def _node(data, path: tuple):
    for key in path:
        data = data[key]
    return data


class Unchecked:
    """The ids that files which could not be read would define: a one-entity file defines the
    id of its name; a collection file may define any id of its entity kinds. References to
    them are not reported (the unreadable file is the one mistake), but counted per file."""

    def __init__(self, unreadable: dict[str, str]):  # file shown in messages -> its file kind
        self.ids: dict[tuple[str, str], str] = {}
        self.kinds: dict[str, str] = {}
        self.count: dict[str, int] = {}
        for file, kind in unreadable.items():
            file_kind = FILE_KINDS[kind]
            for _list_key, entity_kind in file_kind.entities:
                if file_kind.one_per_file:
                    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                    self.ids[(entity_kind, stem)] = file
                else:
                    self.kinds[entity_kind] = file

    def covers(self, kind: str, id_: str) -> bool:
        file = self.ids.get((kind, id_)) or self.kinds.get(kind)
        if file:
            self.count[file] = self.count.get(file, 0) + 1
        return file is not None

    def notes(self) -> list[Problem]:
        return [
            Problem(
                file,
                0,
                "",
                f"{n} reference{'s' if n != 1 else ''} from other files to the ids this file "
                f"defines {'were' if n != 1 else 'was'} not checked; fix this file first",
                note=True,
            )
            for file, n in sorted(self.count.items())
        ]


def check_all(docs: list[Document], unreadable: dict[str, str] | None = None) -> list[Problem]:
    """The cross-document checks, for documents that passed their schema. `unreadable` ({file:
    file kind}) names files that could not be read: references to what they define are not
    reported, one note per file says how many were skipped."""
    unchecked = Unchecked(unreadable or {})
    found = (
        check_ids(docs)
        + check_references(docs, entity_ids(docs), unchecked)
        + check_raci(docs)
        + check_order(docs)
        + check_go_no_go_variants(docs)
    )
    return found + unchecked.notes()
