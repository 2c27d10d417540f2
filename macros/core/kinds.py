"""The one registry of the kinds of data: every fact about a kind lives here, and only here.

There are two levels:

- a **file kind** is what a data file is: where it lives under `data/`, the JSON Schema that
  checks it, the entities it defines and the references it makes to other entities;
- an **entity kind** is what other files refer to by id (a review, a role, a term...): which file
  kind defines it (as the whole file, or as the entries of one list), its page, the nav section
  that lists it, how much its page weighs in search, and how its entities are ordered.

Every other module reads these tables (loader, checks, model, data reference, pages, search
tags); none restates them. `Pattern` is the one path matcher: reference checks, the model's
back-references and the data reference all use it.

The id pattern is not stated here: it is `common.schema.json#/$defs/id`, read by the schema
module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

# The four RACI lists of a `raci` row, in the order a RACI cell lists its letters.
RACI_KEYS = ("responsible", "accountable", "consulted", "informed")


class Pattern:
    """A path pattern inside a document: keys joined by '/', '*' for any list index, '**' for
    any depth. E.g. 'attendees/*/role', 'steps/**/roles/*'.

    `find(data)` yields (path, value) for every value the pattern reaches, in document order;
    `fits(path)` says whether a concrete path (keys and list indices) is one the pattern names.
    """

    __slots__ = ("text", "parts")

    def __init__(self, text: str):
        self.text = text
        self.parts = tuple(text.split("/"))

    def __repr__(self) -> str:
        return f"Pattern({self.text!r})"

    def find(self, data) -> Iterator[tuple[tuple, object]]:
        parts = self.parts

        def step(node, i, path):
            if i == len(parts):
                yield path, node
                return
            part = parts[i]
            if part == "**":
                yield from step(node, i + 1, path)
                if isinstance(node, dict):
                    children = node.items()
                elif isinstance(node, list):
                    children = enumerate(node)
                else:
                    children = ()
                for key, child in children:
                    yield from step(child, i, path + (key,))
            elif part == "*":
                if isinstance(node, list):
                    for j, child in enumerate(node):
                        yield from step(child, i + 1, path + (j,))
            elif isinstance(node, dict) and part in node:
                yield from step(node[part], i + 1, path + (part,))

        yield from step(data, 0, ())

    def fits(self, path: tuple) -> bool:
        """True when `path` (e.g. ('attendees', 0, 'role')) is a place the pattern names."""

        def match(p: int, i: int) -> bool:
            if p == len(self.parts):
                return i == len(path)
            part = self.parts[p]
            if part == "**":
                return any(match(p + 1, j) for j in range(i, len(path) + 1))
            if i == len(path):
                return False
            if part == "*":
                return isinstance(path[i], int) and match(p + 1, i + 1)
            return path[i] == part and match(p + 1, i + 1)

        return match(0, 0)


@dataclass(frozen=True)
class Reference:
    """Values at `pattern` in a file of some kind are ids of entities of kind `target`."""

    pattern: Pattern
    target: str


@dataclass(frozen=True)
class FileKind:
    """One kind of data file."""

    name: str  # "review"; also names its schema: data/schema/<name>.schema.json
    location: str  # "reviews/<id>.yaml" (one entity per file) or "roles.yaml" (a collection)
    # (list key, entity kind): "" as the key means the whole file is one entity.
    entities: tuple[tuple[str, str], ...]
    references: tuple[Reference, ...] = ()

    @property
    def schema(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def folder(self) -> str | None:
        """The folder of a one-entity-per-file kind ("reviews"), else None."""
        return self.location.split("/")[0] if "/" in self.location else None

    @property
    def one_per_file(self) -> bool:
        return self.folder is not None

    @property
    def modeline(self) -> str:
        """Line 1 of a data file of this kind: the schema editors use for it, the generated
        one in data/schema/editor/ that knows every id (macros/core/data/editor_schemas.py)."""
        up = "../" if self.one_per_file else "./"
        return f"# yaml-language-server: $schema={up}schema/editor/{self.schema}"


# Search weights. An entity's own page outranks pages that only mention it (ENTITY_BOOST), so a
# search for a role's, review's or SMF's name finds its page first.
ENTITY_BOOST = 2.0
# A scenario's title is a long sentence ("We Need a Better Way to Move Changes into Production")
# whose every word would otherwise outrank the pages named by those words: neutral weight.
NARRATIVE_BOOST = 1.0
# A term is a section of the glossary page, and Material's search ranks a section below a whole
# page (it multiplies a page's score by up to 2.5 times a section's). The glossary page weighs a
# little more than an entity's page: a term's name then comes first among the sections that
# hold it; at 2.5 times, one word of a term's name outranked pages holding every word searched.
SECTION_ENTITY_BOOST = ENTITY_BOOST * 1.25


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity that pages show and other files refer to by id."""

    name: str  # "review"
    file_kind: str  # the file kind that defines it
    list_key: str  # "" when the file is the entity, else the list holding the entities
    title: str  # what the entity is called in the data's own words, for messages and classes
    page: str | None  # the entity's page (or anchor), docs-relative, with {id}
    section: str | None  # the nav section that lists it
    # Its page's weight in search (Material's `search.boost`, a multiplier of the page's score;
    # 1 is neutral; see ENTITY_BOOST and the notes there); 0 for a kind shown inside another
    # page (a source document on the About page).
    search_boost: float
    order_by: tuple[str, ...] = ()  # fields that order the entities, then their name
    name_field: str = "name"  # the field that names it


def _refs(*pairs: tuple[str, str]) -> tuple[Reference, ...]:
    return tuple(Reference(Pattern(p), t) for p, t in pairs)


def _raci(base: str = "") -> tuple[tuple[str, str], ...]:
    return tuple((f"{base}raci/{k}/*", "role") for k in RACI_KEYS)


FILE_KINDS: dict[str, FileKind] = {
    k.name: k
    for k in (
        FileKind("sources", "sources.yaml", (("documents", "document"),)),
        FileKind(
            "phases",
            "phases.yaml",
            (("phases", "phase"),),
            _refs(
                ("phases/**/smfs/*", "smf"),
                ("phases/**/control_reviews/*", "review"),
                ("phases/**/reviews/*", "review"),
                ("phases/*/primary_accountability", "accountability"),
                ("phases/*/accountable_role", "role"),
                ("phases/*/key_roles/*", "role"),
            ),
        ),
        FileKind(
            "roles",
            "roles.yaml",
            (("accountabilities", "accountability"), ("roles", "role")),
            _refs(
                ("roles/*/accountability", "accountability"),
                ("roles/*/maps_to/*", "role"),
                ("roles/*/includes/*", "role"),
                ("accountabilities/*/smfs/*/smf", "smf"),
                ("accountabilities/*/accountable_role", "role"),
            ),
        ),
        FileKind(
            "glossary",
            "glossary.yaml",
            (("terms", "term"),),
            _refs(("terms/*/related/*", "term"), ("terms/*/see_also/*", "term")),
        ),
        FileKind(
            "review",
            "reviews/<id>.yaml",
            (("", "review"),),
            _refs(
                ("owners/*", "role"),
                ("attendees/*/role", "role"),
                ("key_terms/*", "term"),
                ("follow_up/next_reviews/*", "review"),
                ("follow_up/smfs/*", "smf"),
                ("smfs/*", "smf"),
                ("phase", "phase"),
                ("lead/role", "role"),
                *_raci(),
            ),
        ),
        FileKind(
            "smf",
            "smfs/<id>.yaml",
            (("", "smf"),),
            _refs(
                ("phase", "phase"),
                ("accountabilities/*/accountability", "accountability"),
                ("accountabilities/*/role_types/*/role", "role"),
                ("key_terms/*", "term"),
                ("reviews/*", "review"),
                ("scenarios/*", "scenario"),
                ("related_smfs/*", "smf"),
                *_raci(),
                *_raci("processes/*/activities/*/"),
            ),
        ),
        FileKind(
            "scenario",
            "scenarios/<id>.yaml",
            (("", "scenario"),),
            _refs(
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
            ),
        ),
        FileKind(
            "template",
            "templates/<id>.yaml",
            (("", "template"),),
            _refs(
                ("scenario", "scenario"),
                ("other_scenarios/*", "scenario"),
                ("smfs/*", "smf"),
                ("related_templates/*", "template"),
                ("layout/**/smf", "smf"),
                ("layout/**/review", "review"),
            ),
        ),
    )
}

ENTITY_KINDS: dict[str, EntityKind] = {
    k.name: k
    for k in (
        EntityKind(
            "document",
            "sources",
            "documents",
            "Document",
            "about.md#{id}",
            "About",
            0,
            name_field="title",
        ),
        EntityKind(
            "phase",
            "phases",
            "phases",
            "Phase",
            "phases/{id}.md",
            "Lifecycle",
            ENTITY_BOOST,
            ("order",),
        ),
        EntityKind(
            "accountability",
            "roles",
            "accountabilities",
            "Accountability",
            "roles/accountability-{id}.md",
            "Roles and RACI",
            ENTITY_BOOST,
        ),
        EntityKind(
            "role", "roles", "roles", "Role", "roles/{id}.md", "Roles and RACI", ENTITY_BOOST
        ),
        EntityKind(
            "term",
            "glossary",
            "terms",
            "Term",
            "glossary/index.md#{id}",
            "Glossary",
            SECTION_ENTITY_BOOST,
            name_field="term",
        ),
        EntityKind(
            "review", "review", "", "Review", "reviews/{id}.md", "Reviews", ENTITY_BOOST, ("order",)
        ),
        EntityKind(
            "smf", "smf", "", "SMF", "smfs/{id}.md", "SMFs", ENTITY_BOOST, ("phase", "order")
        ),
        EntityKind(
            "scenario",
            "scenario",
            "",
            "Scenario",
            "scenarios/{id}.md",
            "Scenarios",
            NARRATIVE_BOOST,
            ("number",),
        ),
        EntityKind(
            "template", "template", "", "Template", "templates/{id}.md", "Templates", ENTITY_BOOST
        ),
    )
}

# Ids nested in one kind of file that must be unique across all files of that kind: SMF
# processes and activities are linked to by id from other pages (smfs/<smf>.md#<activity>).
GLOBAL_NESTED_IDS: dict[str, tuple[Pattern, ...]] = {
    "smf": (Pattern("processes/*/id"), Pattern("processes/*/activities/*/id")),
}


class _Registry:
    """Lookups derived from the tables above (computed once)."""

    @cached_property
    def by_folder(self) -> dict[str, FileKind]:
        return {k.folder: k for k in FILE_KINDS.values() if k.folder}

    @cached_property
    def by_file(self) -> dict[str, FileKind]:
        return {k.location: k for k in FILE_KINDS.values() if not k.folder}

    def home(self, entity_kind: str) -> str:
        """Where entities of a kind are defined, for messages: data/roles.yaml, data/reviews/."""
        file_kind = FILE_KINDS[ENTITY_KINDS[entity_kind].file_kind]
        return f"data/{file_kind.folder}/" if file_kind.folder else f"data/{file_kind.location}"


registry = _Registry()


def file_kind_of(rel_parts: tuple[str, ...]) -> FileKind | None:
    """The kind of a data file from its path inside data/ (('reviews', 'x.yaml')), or None."""
    if len(rel_parts) == 1:
        return registry.by_file.get(rel_parts[0])
    if len(rel_parts) == 2 and rel_parts[1].endswith(".yaml"):
        return registry.by_folder.get(rel_parts[0])
    return None


def expected_locations() -> str:
    """Every place a data file may be, for the 'unexpected data file' message."""
    return ", ".join(k.location for k in FILE_KINDS.values())


# --- The organisation's layer (the overlay) ------------------------------------------------------
# An overlay folder (set by mkdocs.yml `extra.overlay` or the MOF_OVERLAY environment variable)
# holds what is local: teams, people, meetings, local additions, local RACI decisions and the
# playbook outline items the organisation filled. Its files are collections at fixed names; their
# schemas are in data/schema/overlay/<name>.schema.json. Overlay references may name MOF entities
# (role, review, smf, term), the overlay's own (team, person), and one place inside MOF
# data: an item of the Sample Playbook Content outline ("outline-item").
OUTLINE_TEMPLATE = "sample-playbook-outline"  # the template whose outline the overlay fills
OVERLAY_FILE_KINDS: dict[str, FileKind] = {
    k.name: k
    for k in (
        FileKind(
            "organisation",
            "organisation.yaml",
            (),
            _refs(("outline/*/item", "outline-item"), ("outline/*/owner", "person")),
        ),
        FileKind(
            "teams",
            "teams.yaml",
            (("teams", "team"),),
            _refs(
                ("teams/*/roles/*", "role"),
            ),
        ),
        FileKind(
            "people",
            "people.yaml",
            (("people", "person"),),
            _refs(("people/*/team", "team"), ("people/*/roles/*", "role")),
        ),
        FileKind(
            "meetings",
            "meetings.yaml",
            (),
            _refs(
                ("meetings/*/review", "review"),
                ("meetings/*/facilitator", "person"),
                ("meetings/*/attendees/*", "person"),
            ),
        ),
        FileKind(
            "additions",
            "additions.yaml",
            (
                ("checklist_items", "local-item"),
                ("indicators", "local-item"),
                ("terms", "local-term"),
            ),
            _refs(
                ("checklist_items/*/review", "review"),
                ("indicators/*/review", "review"),
                ("terms/*/related/*", "term"),
                ("links/*/review", "review"),
                ("links/*/smf", "smf"),
                ("links/*/role", "role"),
                ("notes/*/review", "review"),
                ("notes/*/smf", "smf"),
                ("notes/*/role", "role"),
            ),
        ),
        FileKind(
            "raci",
            "raci.yaml",
            (),
            _refs(
                ("decisions/*/review", "review"),
                ("decisions/*/smf", "smf"),
                ("decisions/*/owner", "person"),
                *_raci("decisions/*/"),
            ),
        ),
    )
}
