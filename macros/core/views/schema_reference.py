"""The data reference: every kind of data file and every field, read from the JSON Schemas.

The schemas are the single description of the data (editors use them too), so the reference page
is generated from them: each field with its type, whether it is required, its description and an
example value taken from the playbook's own data where a file uses the field (else from the
schema). Walking follows $ref into common.schema.json and $defs, nested mappings, lists and
oneOf/anyOf variants; a recursive definition is documented once and then pointed back to.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..data.schema import Schemas
from ..kinds import FILE_KINDS, Pattern, registry

EXAMPLE_CHARS = 70  # examples are a hint, not a copy of the data


@dataclass(frozen=True)
class Field:
    """One row of the reference: a field at a path such as attendees[].role."""

    parts: tuple[str, ...]  # keys, with "[]" for "each entry of the list"
    variant: str  # "" or the variant of a oneOf the field belongs to (e.g. "grid")
    type: str
    required: str  # "yes", "no" or a condition ("when kind is role-type")
    description: str
    example: str
    example_from_data: bool
    anchor: str

    @property
    def path(self) -> str:
        return ".".join(self.parts).replace(".[]", "[]")

    @property
    def path_pieces(self) -> list[str]:
        """The path cut after each dot, so a long path wraps only between its keys."""
        return re.findall(r"[^.]+\.?|\.", self.path)

    @property
    def depth(self) -> int:
        return sum(1 for p in self.parts if p != "[]") - 1


@dataclass(frozen=True)
class Kind:
    """One kind of data file and all its fields."""

    kind: str
    title: str
    description: str
    location: str  # data/reviews/<id>.yaml or data/roles.yaml
    schema_file: str
    modeline: str
    fields: tuple[Field, ...]

    @property
    def required_top(self) -> tuple[str, ...]:
        return tuple(f.path for f in self.fields if f.depth == 0 and f.required == "yes")


@dataclass
class _Walk:
    """State of walking one kind's schema."""

    kind: str
    schemas: Schemas
    id_pattern: str | None
    rows: list[Field] = field(default_factory=list)
    guards: list[tuple] = field(default_factory=list)  # each row's oneOf guards
    seen_refs: dict[str, str] = field(default_factory=dict)  # refs being walked -> their path
    anchors: set[str] = field(default_factory=set)


def _resolve(node: dict, base: str, schemas: Schemas) -> tuple[dict, str, str | None]:
    """Follow $ref (and $ref chains). Returns the merged node, its file and the ref followed.
    Keywords written beside a $ref (usually a more specific description) win."""
    ref_id = None
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        target, target_file = schemas.resolve(ref, base)
        ref_id = ref_id or f"{target_file}#{ref.partition('#')[2]}"
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **siblings}
        base = target_file
    return node, base, ref_id


def _constraints(node: dict, id_pattern: str | None) -> list[str]:
    out = []
    lo, hi = node.get("minimum"), node.get("maximum")
    if lo is not None and hi is not None:
        out.append(f"{lo} to {hi}")
    elif lo is not None:
        out.append(f"at least {lo}")
    elif hi is not None:
        out.append(f"at most {hi}")
    # Long texts have a generous safety limit; only a tight limit is worth stating.
    if node.get("maxLength", 1000) < 1000 and node.get("pattern") != id_pattern:
        out.append(f"up to {node['maxLength']} characters")
    if node.get("minItems"):
        n = node["minItems"]
        out.append(f"at least {n} entr{'y' if n == 1 else 'ies'}")
    if node.get("maxItems"):
        out.append(f"at most {node['maxItems']} entries")
    if node.get("uniqueItems"):
        out.append("no entry twice")
    return out


def type_of(node: dict, base: str, schemas: Schemas, plural: bool = False) -> str:
    """A plain-words type: 'text', 'id', 'list of ids', 'one of: Broad, Project-specific'."""
    node, base, _ = _resolve(node, base, schemas)
    if "const" in node:
        return f"exactly {json.dumps(node['const'])}"
    if "enum" in node:
        return "one of: " + ", ".join(str(v) for v in node["enum"])
    alternatives = node.get("oneOf") or node.get("anyOf")
    if alternatives and "type" not in node:
        names = [type_of(a, base, schemas, plural) for a in alternatives]
        consts = [_discriminator(_resolve(a, base, schemas)[0]) for a in alternatives]
        if len(set(names)) == 1 and all(consts) and len({k for k, _ in consts}) == 1:
            values = [str(v) for _, v in consts]
            return f"{names[0]} with {consts[0][0]} {', '.join(values[:-1])} or {values[-1]}"
        return " or ".join(dict.fromkeys(names))
    kind = node.get("type")
    if kind == "array":
        inner = node.get("items", {})
        text = "list of " + type_of(inner, base, schemas, plural=True)
    elif kind == "object":
        text = "mappings" if plural else "mapping"
    elif kind == "string" and node.get("pattern") == schemas.id_pattern:
        text = "ids" if plural else "id"
    elif kind == "string" and schemas.patterns.get(node.get("pattern")) == "line":
        text = "one-line texts" if plural else "one line of text"
    elif kind == "string":
        text = "text"
    elif kind == "integer":
        text = "whole numbers" if plural else "whole number"
    elif kind == "number":
        text = "numbers" if plural else "number"
    elif kind == "boolean":
        text = "true or false"
    elif isinstance(kind, list):
        text = " or ".join(kind)
    else:
        text = "any value"
    extra = _constraints(node, schemas.id_pattern)
    return text + (f" ({', '.join(extra)})" if extra and not plural else "")


def _refers_to(kind: str, parts: tuple[str, ...]) -> str | None:
    """The entity kind an id field refers to, from the kinds registry. A list of ids is named
    by the pattern of its entries ("owners/*" names the field "owners")."""
    path = tuple(0 if p == "[]" else p for p in parts)
    for ref in FILE_KINDS[kind].references:
        if ref.pattern.fits(path) or ref.pattern.fits((*path, 0)):
            return ref.target
    return None


def _node_at(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def _values_at(data: list, parts: tuple[str, ...], guards: tuple) -> list:
    """Every value at a field path in the first document that has one; guards keep only one
    oneOf variant ((depth, key, value): the node at that depth has key: value)."""
    pattern = Pattern("/".join("*" if p == "[]" else p for p in parts))
    for doc in data:
        found = [
            value
            for path, value in pattern.find(doc)
            if all(
                isinstance(node := _node_at(doc, path[:depth]), dict) and node.get(key) == const
                for depth, key, const in guards
            )
        ]
        if found:
            return found
    return []


def flow(value: Any, limit: int = EXAMPLE_CHARS) -> str:
    """A short one-line YAML rendering of a value, cut at `limit` characters."""

    def text(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if v is None:
            return "null"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}: {text(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(text(x) for x in v) + "]"
        s = " ".join(str(v).split())
        if isinstance(v, str) and (
            not s
            or re.search(r"[:#,\[\]{}&*!|>'\"%@`]", s)
            or s != str(v).strip()
            or s.lower() in ("true", "false", "null")
            or re.fullmatch(r"[-+.\d]+", s)
        ):
            return json.dumps(s, ensure_ascii=False)
        return s

    out = text(value)
    if len(out) <= limit:
        return out
    cut = out[: limit - 1]
    if " " in cut[limit // 2 :]:  # end on a whole word when one is near
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,") + "…"


def _schema_example(node: dict, base: str, schemas: Schemas) -> Any:
    """An example value made from the schema alone, for a field no data file uses yet."""
    node, base, _ = _resolve(node, base, schemas)
    for key in ("examples", "default", "const", "enum"):
        if key in node:
            value = node[key]
            return value[0] if key in ("examples", "enum") else value
    alternatives = node.get("oneOf") or node.get("anyOf")
    if alternatives and "type" not in node:
        return _schema_example(alternatives[0], base, schemas)
    kind = node.get("type")
    if kind == "array":
        return [_schema_example(node.get("items", {}), base, schemas)]
    if kind == "object":
        return {
            k: _schema_example(v, base, schemas)
            for k, v in node.get("properties", {}).items()
            if k in node.get("required", [])
        }
    if kind == "string":
        return "an-id" if node.get("pattern") == schemas.id_pattern else "Some text"
    if kind in ("integer", "number"):
        return node.get("minimum", 1)
    if kind == "boolean":
        return True
    return None


def _conditions(node: dict) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Requirements that depend on another field (allOf if/then) and 'one of these' groups."""
    when: dict[str, list[str]] = {}
    for rule in node.get("allOf", []):
        cond = rule.get("if", {}).get("properties", {})
        then = rule.get("then", {})
        label = ", ".join(f"{k} is {v.get('const')}" for k, v in cond.items() if "const" in v)
        for name in then.get("required", []):
            when.setdefault(name, []).append(f"when {label}")
        for alt in then.get("not", {}).get("anyOf", []):
            for name in alt.get("required", []):
                when.setdefault(name, []).append(f"not allowed when {label}")
    groups: dict[str, list[str]] = {}
    for alt_key in ("anyOf", "oneOf"):
        alts = node.get(alt_key, [])
        if alts and all(set(a) == {"required"} for a in alts):
            names = [n for a in alts for n in a["required"]]
            for name in names:
                groups.setdefault(name, []).append("at least one of " + ", ".join(names))
    return when, groups


def _anchor(w: _Walk, parts: tuple[str, ...], variant: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", "-".join((w.kind, variant, *parts)).lower()).strip("-")
    anchor, n = base, 2
    while anchor in w.anchors:
        anchor, n = f"{base}-{n}", n + 1
    w.anchors.add(anchor)
    return anchor


def _discriminator(alt: dict) -> tuple[str, Any] | None:
    """The key whose fixed value tells a oneOf variant apart (layout kind: grid)."""
    for name, prop in alt.get("properties", {}).items():
        if isinstance(prop, dict) and "const" in prop:
            return name, prop["const"]
    return None


def _variant_label(alt: dict, index: int) -> str:
    found = _discriminator(alt)
    if found:
        return f"{found[0]}: {found[1]}"
    return alt.get("title") or f"variant {index + 1}"


def _walk_object(
    w: _Walk, node: dict, base: str, parts: tuple, variant: str, guards: tuple
) -> None:
    when, groups = _conditions(node)
    required = set(node.get("required", []))
    for name, child in node.get("properties", {}).items():
        if name in required:
            req = "yes"
        elif name in when or name in groups:
            req = "; ".join(when.get(name, []) + groups.get(name, []))
        else:
            req = "no"
        _walk_field(w, child, base, (*parts, name), req, variant, guards)


def _walk_field(
    w: _Walk, node: dict, base: str, parts: tuple, required: str, variant: str, guards: tuple
) -> None:
    resolved, rbase, ref = _resolve(node, base, w.schemas)
    # The schema's own example; describe_kind puts the data's in where a file has one.
    example, from_data = flow(_schema_example(resolved, rbase, w.schemas)), False
    w.guards.append(guards)
    description = " ".join(str(resolved.get("description", "")).split())
    target = _refers_to(w.kind, parts)
    type_text = type_of(resolved, rbase, w.schemas)
    if target:
        article = "an" if target[0] in "aeiou" else "a"
        type_text += f"; must name {article} {target} defined in {registry.home(target)}"
    path = ".".join(parts).replace(".[]", "[]")
    repeat = w.seen_refs.get(ref) if ref else None
    if repeat is not None:
        description = (description + " " if description else "") + f"Same structure as {repeat}."
    w.rows.append(
        Field(
            parts,
            variant,
            type_text,
            required,
            description,
            example,
            from_data,
            _anchor(w, parts, variant),
        )
    )
    if repeat is not None:
        return
    if ref:
        w.seen_refs[ref] = path
    _walk_children(w, resolved, rbase, parts, variant, guards)
    if ref:
        del w.seen_refs[ref]  # the same definition elsewhere (not nested) is documented again


def _walk_children(
    w: _Walk, node: dict, base: str, parts: tuple, variant: str, guards: tuple
) -> None:
    node, base, _ = _resolve(node, base, w.schemas)
    if node.get("type") == "object" or "properties" in node:
        _walk_object(w, node, base, parts, variant, guards)
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        item, ibase, ref = _resolve(node["items"], base, w.schemas)
        if ref and ref in w.seen_refs:
            return
        if ref:
            w.seen_refs[ref] = ".".join(parts).replace(".[]", "[]") + "[]"
        _walk_children(w, item, ibase, (*parts, "[]"), variant, guards)
        if ref:
            del w.seen_refs[ref]
    alternatives = node.get("oneOf") or node.get("anyOf") or []
    objects = []
    for alt in alternatives:
        alt_node, abase, ref = _resolve(alt, base, w.schemas)
        if alt_node.get("type") == "object" and "properties" in alt_node:
            objects.append((alt_node, abase, ref))
    for i, (alt_node, abase, ref) in enumerate(objects):
        label = _variant_label(alt_node, i) if len(objects) > 1 else variant
        guard = guards
        for name, prop in alt_node.get("properties", {}).items():
            if "const" in prop and len(objects) > 1:
                guard = (*guards, (len(parts), name, prop["const"]))
        if ref and ref in w.seen_refs:
            continue
        if ref:
            w.seen_refs[ref] = ".".join(parts).replace(".[]", "[]")
        _walk_object(w, alt_node, abase, parts, label, guard)
        if ref:
            del w.seen_refs[ref]


def describe_kind(kind: str, schemas: Schemas, examples: list) -> Kind:
    """One kind of data file with all its fields, examples taken from `examples` (its documents
    as plain data) where a file uses the field."""
    file_kind = FILE_KINDS[kind]
    schema = schemas.contents[file_kind.schema]
    rows = []
    for row, guards in zip(*_walked(kind, schemas), strict=True):
        found = _values_at(examples, row.parts, guards)
        rows.append(replace(row, example=flow(found[0]), example_from_data=True) if found else row)
    return Kind(
        kind,
        schema.get("title", kind),
        " ".join(schema.get("description", "").split()),
        f"data/{file_kind.location}",
        f"data/schema/{file_kind.schema}",
        file_kind.modeline,
        tuple(rows),
    )


# The last schemas walked, with each kind's rows (schema examples) and their oneOf guards:
# `make serve` describes the kinds again on every save, the schemas seldom change.
_last_walk: tuple[Schemas, dict[str, tuple[list[Field], list[tuple]]]] | None = None


def _walked(kind: str, schemas: Schemas) -> tuple[list[Field], list[tuple]]:
    """One kind's fields from its schema alone, and each field's oneOf guards."""
    global _last_walk
    if _last_walk is None or _last_walk[0] is not schemas:
        _last_walk = (schemas, {})
    done = _last_walk[1]
    if kind not in done:
        file_kind = FILE_KINDS[kind]
        w = _Walk(kind, schemas, schemas.id_pattern)
        _walk_object(w, schemas.contents[file_kind.schema], file_kind.schema, (), "", ())
        done[kind] = (w.rows, w.guards)
    return done[kind]


def examples(pb) -> dict[str, list]:
    """Each file kind's documents as plain data, entities in the model's order, for examples."""
    out: dict[str, list] = {}
    for doc in pb.documents:
        file_kind = FILE_KINDS[doc.kind]
        if file_kind.one_per_file:
            out.setdefault(doc.kind, []).append(doc.data)
            continue
        data = dict(doc.data)
        for list_key, kind in file_kind.entities:
            order = {id_: i for i, id_ in enumerate(pb.by_kind.get(kind, {}))}
            data[list_key] = sorted(data.get(list_key, []), key=lambda e: order.get(e["id"], 0))
        out[doc.kind] = [data]
    for kind, docs in out.items():
        if FILE_KINDS[kind].one_per_file:
            entity_kind = FILE_KINDS[kind].entities[0][1]
            order = {id_: i for i, id_ in enumerate(pb.by_kind.get(entity_kind, {}))}
            docs.sort(key=lambda d: order.get(d["id"], 0))
    return out


def describe(schemas: Schemas, pb) -> list[Kind]:
    """Every kind of data file with all its fields, in the kinds registry's order, with example
    values from the playbook's own data."""
    found = examples(pb)
    return [
        describe_kind(kind, schemas, found.get(kind, []))
        for kind, file_kind in FILE_KINDS.items()
        if file_kind.schema in schemas.contents
    ]
