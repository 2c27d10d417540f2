"""The playbook model: read-only entities with references resolved, built once per build."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .load import Document
from .validate import ENTITY_LISTS, ONE_PER_FILE, REFERENCES, matches

# Where each kind's page lives, relative to the docs folder. Terms live on the glossary page.
PAGE_PATHS = {
    "review": "reviews/{id}.md",
    "smf": "smfs/{id}.md",
    "phase": "phases/{id}.md",
    "role": "roles/{id}.md",
    "accountability": "roles/accountability-{id}.md",
    "scenario": "scenarios/{id}.md",
    "template": "templates/{id}.md",
    "term": "glossary/index.md#{id}",
    "document": "about.md#{id}",
}
NAME_FIELDS = ("name", "term", "title")


class Record(Mapping):
    """A read-only mapping whose keys also read as attributes; a key the data leaves out
    reads as None, so a template can write `{% if row.note %}` for optional fields."""

    __slots__ = ("_data",)

    def __init__(self, data: dict):
        object.__setattr__(self, "_data", data)

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def __getattr__(self, key: str):
        if key.startswith("_"):
            raise AttributeError(key)
        return self._data.get(key)

    def __setattr__(self, key, value):
        raise AttributeError("playbook data is read-only")

    def __repr__(self) -> str:
        return f"Record({self._data!r})"


def freeze(value: Any) -> Any:
    """Deep read-only copy: mappings become Records, lists become tuples."""
    if isinstance(value, dict):
        return Record({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


@dataclass(frozen=True)
class Entity:
    """One review, SMF, role, term... Fields of its data read as attributes (review.goals);
    a field the data leaves out reads as None, so templates can test for it."""

    kind: str
    id: str
    name: str
    file: str
    line: int
    data: Mapping = field(repr=False)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        return self.data.get(key)

    @property
    def page(self) -> str:
        return PAGE_PATHS[self.kind].format(id=self.id)


@dataclass(frozen=True)
class Ref:
    """Who refers to an entity: the referring entity and the field it uses."""

    entity: Entity
    field: str  # the reference pattern, e.g. "attendees/*/role"
    path: tuple


@dataclass(frozen=True)
class Playbook:
    by_kind: Mapping[str, Mapping[str, Entity]]
    settings: Mapping  # sources.yaml's credit and licence
    _refs: Mapping[tuple[str, str], tuple[Ref, ...]] = field(repr=False)

    def all(self, kind: str) -> tuple[Entity, ...]:
        return tuple(self.by_kind.get(kind, {}).values())

    def get(self, kind: str, id: str) -> Entity:
        return self.by_kind[kind][id]

    def find(self, kind: str, id: str) -> Entity | None:
        return self.by_kind.get(kind, {}).get(id)

    def referrers(
        self, kind: str, id: str, by: str | None = None, field: str | None = None
    ) -> tuple[Entity, ...]:
        """Entities (of kind `by`, through `field`) that refer to kind/id, each once, in order."""
        seen: dict[tuple[str, str], Entity] = {}
        for ref in self._refs.get((kind, id), ()):
            if (by is None or ref.entity.kind == by) and (field is None or ref.field == field):
                seen.setdefault((ref.entity.kind, ref.entity.id), ref.entity)
        return tuple(seen.values())

    # Convenience views used by several pages.
    @property
    def reviews(self) -> tuple[Entity, ...]:
        return self.all("review")

    @property
    def smfs(self) -> tuple[Entity, ...]:
        return self.all("smf")

    @property
    def phases(self) -> tuple[Entity, ...]:
        return self.all("phase")

    def in_phase(self, kind: str, phase_id: str) -> tuple[Entity, ...]:
        return tuple(e for e in self.all(kind) if e.phase == phase_id)


def _name(data: Mapping) -> str:
    return next((str(data[f]) for f in NAME_FIELDS if f in data), str(data.get("id", "?")))


def _sort_key(entity: Entity, phase_order: Mapping[str, int]):
    # SMFs sort by phase, then their order in it; reviews by their lifecycle order (Table 1).
    return (
        phase_order.get(entity.phase, 99) if entity.kind == "smf" else 0,
        entity.order if isinstance(entity.order, int) else 10**6,
        entity.number if isinstance(entity.number, int) else 10**6,
        entity.name.casefold(),
    )


def _matches_by_entry(doc: Document, pattern: str, found: dict) -> dict[tuple, list]:
    """matches(pattern) in doc, grouped by the entry they fall in: () holds them all for a
    one-entity file, (list_key, i) those of one entry of a collection file."""
    key = (id(doc), pattern)
    if key not in found:
        groups: dict[tuple, list] = {(): []}
        for path, value in matches(pattern, doc.data):
            groups[()].append((path, value))
            groups.setdefault(tuple(path[:2]), []).append((path, value))
        found[key] = groups
    return found[key]


def build(docs: list[Document]) -> Playbook:
    """Build the model from validated documents. Cost is linear in the size of the data."""
    entities: dict[str, dict[str, Entity]] = defaultdict(dict)
    origin: dict[tuple[str, str], tuple[Document, tuple]] = {}
    settings: dict = {}
    for doc in docs:
        if doc.kind in ONE_PER_FILE:
            e = Entity(
                doc.kind,
                doc.data["id"],
                _name(doc.data),
                doc.file,
                doc.line_of(()),
                freeze(doc.data),
            )
            entities[doc.kind][e.id] = e
            origin[(e.kind, e.id)] = (doc, ())
        for list_key, kind in ENTITY_LISTS.get(doc.kind, []):
            for i, item in enumerate(doc.data.get(list_key, [])):
                e = Entity(
                    kind,
                    item["id"],
                    _name(item),
                    doc.file,
                    doc.line_of((list_key, i)),
                    freeze(item),
                )
                entities[kind][e.id] = e
                origin[(kind, e.id)] = (doc, (list_key, i))
        if doc.kind == "sources":
            settings = {k: v for k, v in doc.data.items() if k != "documents"}

    phase_order = {p.id: (p.order or i) for i, p in enumerate(entities.get("phase", {}).values())}
    ordered = {
        kind: dict(sorted(items.items(), key=lambda kv: _sort_key(kv[1], phase_order)))
        for kind, items in entities.items()
    }

    refs: dict[tuple[str, str], list[Ref]] = defaultdict(list)
    found: dict[tuple[int, str], dict[tuple, list]] = {}  # matched once per file, not per entity
    for kind, items in ordered.items():
        for entity in items.values():
            doc, base = origin[(kind, entity.id)]
            for pattern, target in REFERENCES.get(doc.kind, []):
                # In collection files only the entity's own entries belong to it.
                for path, value in _matches_by_entry(doc, pattern, found).get(base, ()):
                    if isinstance(value, str):
                        field_name = pattern.removeprefix(f"{base[0]}/*/") if base else pattern
                        refs[(target, value)].append(Ref(entity, field_name, path))
    return Playbook(
        by_kind=MappingProxyType({k: MappingProxyType(v) for k, v in ordered.items()}),
        settings=freeze(settings),
        _refs=MappingProxyType({k: tuple(v) for k, v in refs.items()}),
    )
