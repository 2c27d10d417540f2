"""The playbook model: typed, frozen records built from validated documents, references indexed.

The JSON Schemas are the one description of every kind's fields, so the record classes are made
from them: every schema object becomes a frozen dataclass (slots, no other attributes) whose
fields are the schema's properties; lists become tuples. An entity (a review, SMF, process
activity's SMF, role, accountability, term, scenario, template, phase or source document) is a
record with its kind (`entity_kind`), where it is written (`origin`), its `name` and its `page`.

A field the data leaves out reads as None; a field the schema does not define is an error: in
Python an AttributeError, in a template an undefined value that fails the render (StrictUndefined).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, make_dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from ..kinds import ENTITY_KINDS, FILE_KINDS, EntityKind
from .load import Document

if TYPE_CHECKING:  # imported for its name only: the JSON Schema libraries load when used
    from .schema import Schemas


class Record:
    """Base of every record class made from a schema (frozen dataclasses with slots)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entity is written: file as shown in messages, 1-based line."""

    file: str
    line: int


class Entity(Record):
    """Base of the entity classes: a record other files refer to by id, with a page."""

    __slots__ = ()
    entity_kind: ClassVar[str]
    _kind: ClassVar[EntityKind]

    @property
    def name(self) -> str:
        return str(getattr(self, self._kind.name_field))

    @property
    def page(self) -> str:
        """The entity's docs page (and anchor), e.g. reviews/portfolio.md."""
        return self._kind.page.format(id=self.id)


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)


Converter = Callable[[Any], Any]


class _Forward:
    """A converter whose definition is still being compiled (a recursive $ref)."""

    target: Converter

    def __call__(self, value):
        return self.target(value)


class RecordTypes:
    """The record classes and converters of one set of schemas, compiled once per build."""

    def __init__(self, schemas: Schemas):
        self.schemas = schemas
        self._refs: dict[tuple[str, str], Converter] = {}
        self.entity: dict[str, Callable[[Any, Origin], Entity]] = {}
        self.classes: dict[str, type] = {}  # entity kind -> its class
        self._settings: dict[str, Callable[[Any], Record]] = {}  # file kind -> its settings
        self._documents: dict[str, Converter] = {}  # schema file -> its whole file's converter
        for kind in ENTITY_KINDS.values():
            self._compile_entity(kind)

    # --- compiling ---------------------------------------------------------------------------

    def _node(self, node: Any, base: str) -> tuple[Any, str, str | None]:
        """Follow `$ref`s: the node they name, its file, and the last definition's name."""
        name = None
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            name = ref.rsplit("/", 1)[-1]
            node, base = self.schemas.resolve(ref, base)
        return node, base, name

    def converter(self, node: Any, base: str, name: str) -> Converter:
        if isinstance(node, dict) and "$ref" in node:
            target, tbase = self.schemas.resolve(node["$ref"], base)
            key = (tbase, node["$ref"].partition("#")[2])
            if key not in self._refs:
                forward = _Forward()
                self._refs[key] = forward
                forward.target = self.converter(target, tbase, _camel(key[1].rsplit("/", 1)[-1]))
                self._refs[key] = forward.target
            return self._refs[key]
        if not isinstance(node, dict):
            return _same
        if "properties" in node:
            return self._record(node, base, name)[1]
        if node.get("type") == "array":
            item = self.converter(node.get("items", {}), base, name)
            return lambda value: tuple(item(v) for v in value)
        if node.get("type") == "object":
            return lambda value: MappingProxyType(dict(value))
        alternatives = node.get("oneOf") or node.get("anyOf")
        if alternatives:
            return self._choice(alternatives, base, name)
        return _same

    def _record(
        self,
        node: dict,
        base: str,
        name: str,
        bases: tuple = (Record,),
        extra: tuple = (),
        eq: bool = True,
    ) -> tuple[type, Converter]:
        props = node["properties"]
        cls = make_dataclass(
            name,
            [*((f, Any, field(default=None)) for f in props), *extra],
            bases=bases,
            frozen=True,
            slots=True,
            eq=eq,
        )
        convert = {f: self.converter(props[f], base, _camel(f)) for f in props}

        def build(value: Mapping, **more) -> Any:
            return cls(**{k: convert[k](v) for k, v in value.items()}, **more)

        return cls, build

    def _choice(self, alternatives: list, base: str, name: str) -> Converter:
        """oneOf/anyOf: a mapping takes the object alternative whose keys and constants fit it."""
        objects = []
        for i, alt in enumerate(alternatives):
            node, abase, ref_name = self._node(alt, base)
            if isinstance(node, dict) and "properties" in node:
                props = node["properties"]
                consts = {
                    k: p["const"] for k, p in props.items() if isinstance(p, dict) and "const" in p
                }
                objects.append(
                    (
                        set(props),
                        consts,
                        self.converter(alt, base, _camel(ref_name or f"{name}{i + 1}")),
                    )
                )

        def choose(value):
            if isinstance(value, dict):
                for keys, consts, convert in objects:
                    if set(value) <= keys and all(value.get(k) == c for k, c in consts.items()):
                        return convert(value)
                return MappingProxyType(dict(value))  # unreachable for validated data
            if isinstance(value, list):
                return tuple(value)
            return value

        return choose

    def _compile_entity(self, kind: EntityKind) -> None:
        file_kind = FILE_KINDS[kind.file_kind]
        root = self.schemas.contents.get(file_kind.schema)
        if root is None:
            return
        base = file_kind.schema
        node = root
        if kind.list_key:
            node, base, _ = self._node(root["properties"][kind.list_key], base)
            node, base, _ = self._node(node.get("items", {}), base)
        cls, build = self._record(
            node,
            base,
            kind.title.replace(" ", ""),
            bases=(Entity,),
            extra=(("origin", Origin, field(default=None, repr=False, compare=False)),),
            eq=False,  # an entity is itself: compared and hashed by identity
        )
        cls.entity_kind = kind.name
        cls._kind = kind
        self.classes[kind.name] = cls
        self.entity[kind.name] = lambda value, origin: build(value, origin=origin)

    def document(self, schema: str, name: str) -> Converter:
        """The converter of a whole file of `schema` (its record class named `name`), made once:
        the same data always gets the same classes."""
        if schema not in self._documents:
            self._documents[schema] = self.converter(self.schemas.contents[schema], schema, name)
        return self._documents[schema]

    def settings(self, file_kind: str, data: dict) -> Record:
        """The fields of a collection file outside its entity lists (sources: credit, licence)."""
        kind = FILE_KINDS[file_kind]
        lists = {key for key, _ in kind.entities}
        schema = self.schemas.contents[kind.schema]
        node = {"properties": {k: v for k, v in schema["properties"].items() if k not in lists}}
        if file_kind not in self._settings:  # one class per file kind, as for entities
            self._settings[file_kind] = self._record(node, kind.schema, _camel(file_kind))[1]
        return self._settings[file_kind]({k: v for k, v in data.items() if k not in lists})


def _same(value):
    return value


@dataclass(frozen=True)
class Ref:
    """Who refers to an entity: the referring entity and the field it uses."""

    entity: Entity
    field: str  # the reference pattern inside the entity, e.g. "attendees/*/role"
    path: tuple


@dataclass(frozen=True)
class Playbook:
    """Every entity by kind (in the kinds registry's order for each kind), the sources' settings,
    the validated documents (plain data, for the data reference's examples) and who refers to
    what."""

    by_kind: Mapping[str, Mapping[str, Entity]]
    settings: Record  # sources.yaml's credit and licence
    documents: tuple[Document, ...] = field(repr=False)
    _refs: Mapping[tuple[str, str], tuple[Ref, ...]] = field(repr=False)
    # The organisation's layer (macros/core/data/overlay.Local), None for MOF alone.
    local: Any = field(default=None, repr=False)

    def all(self, kind: str) -> tuple[Entity, ...]:
        return tuple(self.by_kind.get(kind, {}).values())

    def get(self, kind: str, id: str) -> Entity:
        """The entity of `kind` with `id`; KeyError if there is none (validation prevents it)."""
        return self.by_kind[kind][id]

    def find(self, kind: str, id: str) -> Entity | None:
        return self.by_kind.get(kind, {}).get(id)

    def referrers(
        self, kind: str, id: str, by: str | None = None, field: str | None = None
    ) -> tuple[Entity, ...]:
        """Entities (of kind `by`, through `field`) that refer to kind/id, each once, in order."""
        seen: dict[tuple[str, str], Entity] = {}
        for ref in self._refs.get((kind, id), ()):
            if (by is None or ref.entity.entity_kind == by) and (
                field is None or ref.field == field
            ):
                seen.setdefault((ref.entity.entity_kind, ref.entity.id), ref.entity)
        return tuple(seen.values())

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


def _sort_key(entity: Entity, phase_order: Mapping[str, int]):
    values = []
    for name in entity._kind.order_by:
        value = getattr(entity, name)
        if name == "phase":
            value = phase_order.get(value, 99)
        values.append(value if isinstance(value, int) else 10**6)
    return (*values, entity.name.casefold())


def build(docs: list[Document], types: RecordTypes) -> Playbook:
    """The model of validated documents. Cost is linear in the size of the data."""
    entities: dict[str, dict[str, Entity]] = defaultdict(dict)
    origin: dict[tuple[str, str], tuple[Document, tuple]] = {}
    settings: Record | None = None
    for doc in docs:
        file_kind = FILE_KINDS[doc.kind]
        for list_key, kind in file_kind.entities:
            make = types.entity[kind]
            if not list_key:
                e = make(doc.data, Origin(doc.file, doc.line_of(())))
                entities[kind][e.id] = e
                origin[(kind, e.id)] = (doc, ())
                continue
            for i, item in enumerate(doc.data.get(list_key, [])):
                e = make(item, Origin(doc.file, doc.line_of((list_key, i))))
                entities[kind][e.id] = e
                origin[(kind, e.id)] = (doc, (list_key, i))
        if doc.kind == "sources":
            settings = types.settings("sources", doc.data)

    phases = sorted(entities.get("phase", {}).values(), key=lambda p: _sort_key(p, {}))
    phase_order = {p.id: i for i, p in enumerate(phases)}
    ordered = {
        kind: dict(sorted(items.items(), key=lambda kv: _sort_key(kv[1], phase_order)))
        for kind, items in entities.items()
    }

    refs: dict[tuple[str, str], list[Ref]] = defaultdict(list)
    found: dict[tuple[int, str], dict[tuple, list]] = {}  # matched once per file, not per entity
    for kind, items in ordered.items():
        for entity in items.values():
            doc, base = origin[(kind, entity.id)]
            for ref in FILE_KINDS[doc.kind].references:
                key = (id(doc), ref.pattern.text)
                if key not in found:
                    groups: dict[tuple, list] = {(): []}
                    for path, value in ref.pattern.find(doc.data):
                        groups[()].append((path, value))
                        groups.setdefault(tuple(path[:2]), []).append((path, value))
                    found[key] = groups
                # In collection files only the entity's own entries belong to it.
                for path, value in found[key].get(base, ()):
                    if isinstance(value, str):
                        name = ref.pattern.text
                        field_name = name.removeprefix(f"{base[0]}/*/") if base else name
                        refs[(ref.target, value)].append(Ref(entity, field_name, path))
    return Playbook(
        by_kind=MappingProxyType({k: MappingProxyType(v) for k, v in ordered.items()}),
        settings=settings,
        documents=tuple(docs),
        _refs=MappingProxyType({k: tuple(v) for k, v in refs.items()}),
    )
