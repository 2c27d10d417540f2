"""`python -m macros new KIND ID`: a commented skeleton for a new entity, and the placeholder
warnings that follow it until every placeholder is replaced.

The skeleton is made from the kinds registry (where the entity lives, what it refers to, what
orders it) and the JSON Schema (its required keys, their descriptions and types), so it follows
the schema as it changes. It validates as written:

- text is a placeholder starting with `TODO:` (the PLACEHOLDER marker), quoted;
- an id another file defines (a role under `owners:`, a phase) is a real id of the data, with a
  `# TODO: ...` comment on its line saying what to choose;
- `order` (reviews; SMFs within their phase) and a scenario's `number` are the next free ones.

`placeholder_warnings` finds every line of a data file that holds the marker (in a value or a
comment): `make validate` and the build print them as warnings, which do not fail.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..kinds import ENTITY_KINDS, FILE_KINDS
from ..problems import Problem
from .checks import entity_ids
from .load import DataFile, Document
from .schema import ID_DEF, Schemas

PLACEHOLDER = "TODO:"  # every placeholder value or comment the scaffold writes starts with it
# The entity kinds `new` makes; the rest (phases, accountabilities, documents) change rarely.
NEW_KINDS = ("review", "smf", "role", "term", "scenario", "template")


class ScaffoldError(Exception):
    """The entity cannot be started: the message says why and what was expected."""


def placeholder_warnings(files: list[DataFile]) -> list[Problem]:
    """A warning for every line of a data file that still holds placeholder text."""
    out = []
    for found in files:
        text = found.raw.decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            at = line.find(PLACEHOLDER)
            if at < 0:
                continue
            shown = line[at:].strip()
            quote = line[at - 1 : at] if at else ""
            if quote in ("'", '"') and shown.endswith(quote):  # the placeholder's own quotes
                shown = shown[:-1]
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            out.append(
                Problem(
                    found.file,
                    number,
                    "",
                    f"placeholder text ({shown}); replace it",
                    warning=True,
                )
            )
    return out


@dataclass(frozen=True)
class Written:
    """What `new` wrote: the file, shown relative to the project, and the entity's first line."""

    path: Path
    file: str
    line: int


# --- the skeleton as a small tree, then as YAML text ------------------------------------------


@dataclass
class _Scalar:
    text: str  # as written in YAML
    comment: str = ""


@dataclass
class _Map:
    entries: list[tuple[str, str, Any]] = field(default_factory=list)  # key, comment, value


@dataclass
class _List:
    items: list[Any] = field(default_factory=list)


def _first_sentence(text: str | None, limit: int = 110) -> str:
    if not text:
        return ""
    first = re.split(r"(?<=[.;])\s", text.strip(), maxsplit=1)[0].rstrip(".;")
    return first if len(first) <= limit else first[: limit - 3].rstrip() + "..."


def _render(value, indent: int) -> list[str]:
    """Block YAML lines of a mapping or list at `indent` spaces."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, _Map):
        for key, comment, child in value.entries:
            if comment:
                lines.append(f"{pad}# {comment}")
            if isinstance(child, _Scalar):
                tail = f"  # {child.comment}" if child.comment else ""
                lines.append(f"{pad}{key}: {child.text}{tail}")
            else:
                lines.append(f"{pad}{key}:")
                lines += _render(child, indent + 2)
    else:
        for child in value.items:
            if isinstance(child, _Scalar):
                tail = f"  # {child.comment}" if child.comment else ""
                lines.append(f"{pad}- {child.text}{tail}")
                continue
            inner = _render(child, indent + 2)
            # The first key goes on the "- " line; a comment before it stays above.
            while inner and inner[0].lstrip().startswith("#"):
                lines.append(pad + "  " + inner.pop(0).lstrip())
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
    return lines


class _Builder:
    """Walks the schema of one entity and makes its skeleton tree."""

    def __init__(self, schemas: Schemas, file_kind: str, base: tuple, new_id: str, data):
        self.schemas = schemas
        self.kind = FILE_KINDS[file_kind]
        self.base = base  # the entity's path in its file: () or ("roles", 12)
        self.new_id = new_id
        self.ids: dict[str, list[str]] = data["ids"]
        self.numbers: dict[str, int] = data["numbers"]
        self.phase: str | None = data["phase"]
        self.used_ids: set[str] = set()
        self.picked: dict[str, int] = {}

    def resolve(self, node, base: str):
        while isinstance(node, dict) and "$ref" in node:
            node, base = self.schemas.resolve(node["$ref"], base)
        if (
            isinstance(node, dict)
            and (node.get("oneOf") or node.get("anyOf"))
            and not (node.get("type") or node.get("properties"))
        ):
            return self.resolve((node.get("oneOf") or node.get("anyOf"))[0], base)
        return node, base

    def target(self, path: tuple) -> str | None:
        for ref in self.kind.references:
            if ref.pattern.fits(self.base + path):
                return ref.target
        return None

    def value(self, node, base: str, path: tuple, description: str = ""):
        node, base = self.resolve(node, base)
        description = description or node.get("description", "")
        target = self.target(path)
        if target:
            return self.reference(target, description)
        if path == ("id",):
            return _Scalar(self.new_id)
        if "const" in node:
            return _Scalar(json.dumps(node["const"]))
        if "enum" in node:
            values = [str(v) for v in node["enum"]]
            return _Scalar(values[0], f"{PLACEHOLDER} one of {', '.join(values)}")
        kind = node.get("type")
        key = next((p for p in reversed(path) if isinstance(p, str)), "entry")
        if kind == "object" or "properties" in node:
            required = self.required(node, top=not path)
            out = _Map()
            for name, child in node.get("properties", {}).items():
                if name in required:
                    sub = self.value(child, base, path + (name,), child.get("description", ""))
                    out.entries.append((name, "", sub))
            return out
        if kind == "array":
            count = max(1, node.get("minItems", 1))
            items = node.get("items", {})
            return _List([self.value(items, base, path + (i,), description) for i in range(count)])
        if kind == "integer":
            if key in self.numbers:
                return _Scalar(str(self.numbers[key]), "the next free one")
            return _Scalar(str(node.get("minimum", 1)), f"{PLACEHOLDER} {key}")
        if kind == "boolean":
            return _Scalar("false", f"{PLACEHOLDER} {key}")
        if kind == "string" and node.get("pattern") == self.schemas.id_pattern:
            owner = next((p for p in reversed(path[:-1]) if isinstance(p, str)), key)
            return _Scalar(self.nested_id(owner))
        what = _first_sentence(description) or key.replace("_", " ")
        return _Scalar(json.dumps(f"{PLACEHOLDER} {what}", ensure_ascii=False))

    def required(self, node: dict, top: bool = True) -> list[str]:
        """The keys the skeleton writes: the required ones; the first alternative of an `anyOf`
        of required keys ("rows or blank_rows"); and the keys an `if`/`then` requires when the
        skeleton's own choice (the first value of an enum, a const) meets its condition; and,
        for the entity itself, the fields that order it (an SMF's `order`)."""
        required = list(node.get("required", []))
        if top:
            required += [k for k in self.numbers if k not in required]
        for alt in node.get("anyOf", [])[:1]:
            required += [k for k in alt.get("required", []) if k not in required]
        chosen = {}
        for name, child in node.get("properties", {}).items():
            if isinstance(child, dict) and "enum" in child:
                chosen[name] = child["enum"][0]
            elif isinstance(child, dict) and "const" in child:
                chosen[name] = child["const"]
        for rule in node.get("allOf", []):
            condition = rule.get("if", {}).get("properties", {})
            if condition and all(
                name in chosen and "const" in c and chosen[name] == c["const"]
                for name, c in condition.items()
            ):
                required += [
                    k for k in rule.get("then", {}).get("required", []) if k not in required
                ]
        return required

    def reference(self, target: str, description: str):
        known = self.ids.get(target, [])
        if target == "phase" and self.phase:
            return _Scalar(self.phase, f"{PLACEHOLDER} {_first_sentence(description) or 'phase'}")
        if not known:
            raise ScaffoldError(f"no {target} is defined yet; the skeleton needs one to refer to")
        n = self.picked.get(target, 0)
        self.picked[target] = n + 1
        what = _first_sentence(description) or f"a {target} id"
        return _Scalar(known[n % len(known)], f"{PLACEHOLDER} {what}")

    def nested_id(self, key: str) -> str:
        stem = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "entry"
        n = 1
        while f"{stem}-{n}" in self.used_ids:
            n += 1
        self.used_ids.add(f"{stem}-{n}")
        return f"{stem}-{n}"


def _optional_keys(schemas: Schemas, node, base: str, required) -> list[str]:
    """Comment lines listing the keys the skeleton leaves out, each with an example value."""
    lines = []
    for name, child in node.get("properties", {}).items():
        if name in required:
            continue
        example = schemas.placeholder(child, base)
        about = _first_sentence(child.get("description"), 90)
        lines.append(f"# {name}: {example}" + (f"  ({about})" if about else ""))
    return lines


# --- new ------------------------------------------------------------------------------------


def _existing(docs: list[Document]) -> dict[str, list[str]]:
    """entity kind -> its ids in the data, in file order."""
    return {kind: list(ids) for kind, ids in entity_ids(docs).items()}


def _next_numbers(docs: list[Document], entity_kind: str, phase: str | None) -> dict[str, int]:
    """The next free value of each field that orders a kind ('order', 'number')."""
    kind = ENTITY_KINDS[entity_kind]
    if not kind.order_by:
        return {}
    field_ = kind.order_by[-1]
    scope = kind.order_by[:-1]  # SMFs: ordered within their phase
    taken = []
    for doc in docs:
        if doc.kind != kind.file_kind or not isinstance(doc.data, dict):
            continue
        entries = [doc.data] if not kind.list_key else doc.data.get(kind.list_key) or []
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get(field_), int):
                continue
            if scope and entry.get(scope[0]) != phase:
                continue
            taken.append(entry[field_])
    return {field_: max(taken, default=0) + 1}


def new(
    root: Path, schemas: Schemas, docs: list[Document], kind: str, new_id: str, phase=None
) -> Written:
    """Write the skeleton of a new entity of `kind` (one of NEW_KINDS) with id `new_id`.

    One-entity kinds get data/<folder>/<id>.yaml; roles and terms are appended to their file
    (data/roles.yaml, data/glossary.yaml), whose existing text is kept byte for byte. `docs` are
    the project's documents as read (for the ids to refer to and the next free numbers);
    `phase` places a new SMF (default: the first phase). Raises ScaffoldError (unknown kind, a
    bad or taken id, no free number) and writes nothing then."""
    if kind not in NEW_KINDS:
        raise ScaffoldError(f"unknown kind '{kind}'; expected one of: {', '.join(NEW_KINDS)}")
    entity = ENTITY_KINDS[kind]
    file_kind = FILE_KINDS[entity.file_kind]
    id_def = schemas.resolve(ID_DEF, "")[0]  # the one statement of what an id is
    longest = id_def.get("maxLength", len(new_id))
    if not re.search(id_def.get("pattern", ""), new_id) or len(new_id) > longest:
        slug = re.sub(r"[^a-z0-9]+", "-", new_id.lower()).strip("-")[:longest]
        like = f" (like '{slug}')" if slug and slug != new_id else ""
        raise ScaffoldError(
            f"'{new_id}' is not an id; expected lower-case words joined by hyphens{like}"
        )
    ids = _existing(docs)
    index = entity_ids(docs).get(kind, {})
    if new_id in index:
        doc, path = index[new_id]
        raise ScaffoldError(
            f"a {kind} with the id '{new_id}' already exists ({doc.file}:{doc.line_of(path)}); "
            "expected a new id"
        )
    data_dir = root / "data"
    if file_kind.one_per_file:
        path = data_dir / file_kind.folder / f"{new_id}.yaml"
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root).as_posix()} exists; expected a new id")
    else:
        path = data_dir / file_kind.location
    phases = ids.get("phase", [])
    if phase is not None and phase not in phases:
        raise ScaffoldError(f"unknown phase '{phase}'; expected one of: {', '.join(phases)}")
    phase = phase or (phases[0] if phases else None)
    numbers = _next_numbers(docs, kind, phase)

    base_file = file_kind.schema
    root_node = schemas.contents[base_file]
    if file_kind.one_per_file:
        node, node_base, at = root_node, base_file, ()
    else:
        items = root_node["properties"][entity.list_key]["items"]
        node, node_base = (
            schemas.resolve(items["$ref"], base_file)
            if "$ref" in items
            else (
                items,
                base_file,
            )
        )
        existing = next((d for d in docs if d.kind == file_kind.name), None)
        count = len(existing.data.get(entity.list_key) or []) if existing else 0
        at = (entity.list_key, count)
    for field_, number in numbers.items():
        maximum = node.get("properties", {}).get(field_, {}).get("maximum")
        if maximum is not None and number > maximum:
            raise ScaffoldError(
                f"every {kind} {field_} up to {maximum} is taken (the schema allows at most "
                f"{maximum}); expected a free {field_}"
            )
    builder = _Builder(
        schemas, file_kind.name, at, new_id, {"ids": ids, "numbers": numbers, "phase": phase}
    )
    tree = builder.value(node, node_base, ())
    required = builder.required(node)
    optional = _optional_keys(schemas, node, node_base, required)
    title = entity.title if entity.title.isupper() else entity.title.lower()
    how = (
        f"A new {title}, started by `python -m macros new {kind} {new_id}`. Replace every"
        " placeholder (make validate lists each line as a warning); ids of other entities are"
        " real ids, chosen to validate: pick the right ones."
    )
    if file_kind.one_per_file:
        lines = [file_kind.modeline, *_wrap(how, "")]
        lines += _render(tree, 0)
        if optional:
            lines += ["", "# Optional keys (uncomment and fill in; the data reference says more):"]
            lines += optional
        text = "\n".join(lines) + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
        first = 1 + len(_wrap(how, "")) + 1
        return Written(path, path.relative_to(root).as_posix(), first)
    entry = _List([tree])
    lines = ["", *_wrap(how, "  ")] + _render(entry, 2)
    if optional:
        lines += ["    # Optional keys:"] + ["    " + line for line in optional]
    old = path.read_bytes()
    last_key = [m for m in re.findall(rb"^([^\s#-][^:\n]*):", old, re.M)]
    if last_key and last_key[-1].decode() != entity.list_key:
        raise ScaffoldError(
            f"'{entity.list_key}:' is not the last top-level key of {file_kind.location}; "
            f"expected the {kind} list at the end of the file, where the new entry is added"
        )
    newline = "\r\n" if b"\r\n" in old else "\n"
    prefix = old if old.endswith(b"\n") or not old else old + newline.encode()
    added = newline.join(lines) + newline
    path.write_bytes(prefix + added.encode("utf-8"))
    first = prefix.count(b"\n") + 1 + 1 + len(_wrap(how, "  "))
    return Written(path, path.relative_to(root).as_posix(), first)


def _wrap(text: str, pad: str, width: int = 100) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(pad) + 2 + len(line) + 1 + len(word) > width:
            lines.append(f"{pad}# {line}")
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(f"{pad}# {line}")
    return lines
