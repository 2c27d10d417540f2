"""The schemas editors use: data/schema/editor/<kind>.schema.json, one per file kind.

Each is the kind's JSON Schema made self-contained (its own and the shared definitions copied
in), with two additions for editors that read JSON Schema (VS Code's YAML extension, any client
of yaml-language-server):

- every place where the kinds registry says a value is the id of another entity (a role under
  `owners:`, a term under `key_terms:`, a phase) accepts exactly the ids the data defines, as an
  enum with each entity's name: the editor completes `change-manager` and underlines
  `change-manger` before the validator runs;
- every mapping with required keys (an attendee, a checklist item, an activity, a term...)
  carries `defaultSnippets`: the editor offers a new entry with its required keys.

They are generated (`python -m macros editor-schemas`, and by every build) from the schemas in
data/schema, which stay the truth for validation; tests/test_editor_help.py fails when the
checked-in files are not current.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..kinds import ENTITY_KINDS, FILE_KINDS, Pattern
from .load import Document

if TYPE_CHECKING:  # imported for its name only: the JSON Schema libraries load when used
    from .schema import Schemas

FOLDER = "editor"  # inside data/schema/
COMMON = "common.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
MAX_INLINE = 12  # deepest nesting of definitions copied in place (recursive ones stop earlier)


def _may_extend(pattern: Pattern, path: tuple) -> bool:
    """True when some path starting with `path` could be one the pattern names."""
    parts = pattern.parts

    def match(p: int, i: int) -> bool:
        if i == len(path):
            return True
        if p == len(parts):
            return False
        part = parts[p]
        if part == "**":
            return match(p + 1, i) or match(p, i + 1)
        if part == "*":
            return isinstance(path[i], int) and match(p + 1, i + 1)
        return path[i] == part and match(p + 1, i + 1)

    return match(0, 0)


def _def_name(file: str, name: str) -> str:
    """The name of a definition in an editor schema: shared ones get a prefix."""
    return f"common-{name}" if file == COMMON else name


def _id_def(kind: str) -> str:
    return f"{kind}-id"


class _Specializer:
    """Copies one file kind's schema, putting id enums where its references point."""

    def __init__(self, schemas: Schemas, file_kind: str):
        self.schemas = schemas
        self.kind = FILE_KINDS[file_kind]
        self.used_targets: set[str] = set()

    def target(self, path: tuple) -> str | None:
        for ref in self.kind.references:
            if ref.pattern.fits(path):
                return ref.target
        return None

    def may_hold_reference(self, path: tuple) -> bool:
        return any(_may_extend(ref.pattern, path) for ref in self.kind.references)

    def ref_name(self, ref: str, file: str) -> tuple[str, str, str]:
        """(definition name in the editor schema, file it lies in, name in that file)."""
        target_file, _, pointer = ref.partition("#")
        target_file = target_file or file
        name = pointer.rsplit("/", 1)[-1]
        return _def_name(target_file, name), target_file, name

    def copy(self, node, file: str, path: tuple | None, inlining: tuple = ()):
        """The node with its $refs pointing into the editor schema; where `path` (the data
        path the node describes, None inside definitions) can lead to a reference, the
        definitions on the way are copied in place so the enum can be put in."""
        if isinstance(node, list):
            return [self.copy(n, file, path, inlining) for n in node]
        if not isinstance(node, dict):
            return node
        if path is not None:
            target = self.target(path)
            if target and ENTITY_KINDS.get(target):
                self.used_targets.add(target)
                out = {"$ref": f"#/$defs/{_id_def(target)}"}
                if "description" in node:
                    out["description"] = node["description"]
                return out
        out = {}
        for key, value in node.items():
            if key == "$ref":
                name, target_file, local = self.ref_name(value, file)
                inline = (
                    path is not None
                    and self.may_hold_reference(path)
                    and (target_file, local) not in inlining
                    and len(inlining) < MAX_INLINE
                )
                if inline:
                    resolved, _ = self.schemas.resolve(value, file)
                    body = self.copy(
                        resolved, target_file, path, inlining + ((target_file, local),)
                    )
                    for k, v in body.items():
                        out.setdefault(k, v)
                    continue
                out["$ref"] = f"#/$defs/{name}"
            elif key == "$defs":
                continue  # copied once, by the caller
            elif key == "properties" and isinstance(value, dict):
                out[key] = {
                    k: self.copy(v, file, None if path is None else path + (k,), inlining)
                    for k, v in value.items()
                }
            elif key in ("items", "additionalProperties") and isinstance(value, dict):
                sub = None if path is None else path + ((0,) if key == "items" else ("*",))
                out[key] = self.copy(value, file, sub, inlining)
            elif key in ("oneOf", "anyOf", "allOf", "if", "then", "else", "not"):
                out[key] = self.copy(value, file, path, inlining)
            else:
                out[key] = copy.deepcopy(value)
        return out


def _snippet_value(node: dict, n: int) -> object:
    kind = node.get("type")
    if "const" in node:
        return node["const"]
    if node.get("enum"):
        return f"${{{n}:{node['enum'][0]}}}"
    if kind == "integer":
        return node.get("minimum", 1)
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object":
        return {}
    return f"${n}"


def _add_snippets(node, defs: dict, name: str = "", top: bool = True) -> None:
    """`defaultSnippets` on every mapping schema with required keys (not the file itself)."""
    if isinstance(node, list):
        for n in node:
            _add_snippets(n, defs, name, False)
        return
    if not isinstance(node, dict):
        return
    props = node.get("properties")
    if isinstance(props, dict) and node.get("required") and not top:
        body = {}
        for i, key in enumerate(node["required"], 1):
            sub = props.get(key, {})
            while isinstance(sub, dict) and "$ref" in sub and len(sub) <= 2:
                sub = defs.get(sub["$ref"].rsplit("/", 1)[-1], {})
            body[key] = _snippet_value(sub if isinstance(sub, dict) else {}, i)
        label = (name or "entry").replace("_", " ")
        node["defaultSnippets"] = [
            {"label": f"new {label}", "description": "the required keys", "body": body}
        ]
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            for k, v in value.items():
                _add_snippets(v, defs, k, False)
        elif key in ("items", "oneOf", "anyOf", "allOf", "then", "else", "additionalProperties"):
            _add_snippets(value, defs, _singular(name), False)


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def _entity_names(docs: list[Document]) -> dict[str, dict[str, str]]:
    """{entity kind: {id: name}} of every entity the documents define, first definition kept."""
    names: dict[str, dict[str, str]] = {kind: {} for kind in ENTITY_KINDS}
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        for list_key, kind in FILE_KINDS[doc.kind].entities:
            if kind not in names:
                continue
            field = ENTITY_KINDS[kind].name_field
            entries = [doc.data] if not list_key else doc.data.get(list_key) or []
            for entry in entries:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    label = entry.get(field)
                    names[kind].setdefault(entry["id"], label if isinstance(label, str) else "")
    return names


def _id_enums(names: dict[str, dict[str, str]], targets: set[str]) -> dict[str, dict]:
    """A definition per entity kind: its ids as an enum, each with the entity's name."""
    out = {}
    for kind in sorted(targets):
        ids = sorted(names[kind])
        ek = ENTITY_KINDS[kind]
        file_kind = FILE_KINDS[ek.file_kind]
        home = f"data/{file_kind.folder}/" if file_kind.folder else f"data/{file_kind.location}"
        if not ids:  # none defined yet: no value can be right
            out[_id_def(kind)] = {
                "description": f"{ek.title} id: none is defined in {home} yet.",
                "type": "string",
                "not": {},
            }
            continue
        out[_id_def(kind)] = {
            "description": f"{ek.title} id: one of the ids defined in {home}.",
            "type": "string",
            "enum": ids,
            "enumDescriptions": [names[kind][i] for i in ids],
        }
    return out


def editor_schema(schemas: Schemas, docs: list[Document], file_kind: str) -> dict:
    """The editor schema of one file kind (see the module docstring)."""
    kind = FILE_KINDS[file_kind]
    spec = _Specializer(schemas, file_kind)
    own = schemas.contents[kind.schema]
    root = spec.copy(own, kind.schema, ())
    defs = {}
    for file in (kind.schema, COMMON):
        for name, node in schemas.contents.get(file, {}).get("$defs", {}).items():
            defs[_def_name(file, name)] = spec.copy(node, file, None)
    defs.update(_id_enums(_entity_names(docs), spec.used_targets))
    for name, node in defs.items():
        _add_snippets(node, defs, name, False)
    _add_snippets(root, defs, "", True)
    out = {
        "$schema": DRAFT,
        "title": own.get("title", file_kind),
        "description": (
            own.get("description", "")
            + f" Generated from data/schema/{kind.schema} and the ids in data/ by "
            "`python -m macros editor-schemas` (and every build): do not edit."
        ).strip(),
    }
    out.update({k: v for k, v in root.items() if k not in ("$schema", "title", "description")})
    out["$defs"] = defs
    return out


# The last texts made, with the schemas and the ids and names they were made from: every save in
# `make serve` asks again, and most saves change neither.
_last: tuple[Schemas, dict, dict[str, str]] | None = None


def render(schemas: Schemas, docs: list[Document]) -> dict[str, str]:
    """File name -> JSON text of every editor schema."""
    global _last
    names = _entity_names(docs)
    if _last is not None and _last[0] is schemas and _last[1] == names:
        return dict(_last[2])
    texts = {
        kind.schema: json.dumps(editor_schema(schemas, docs, name), indent=1, ensure_ascii=False)
        + "\n"
        for name, kind in FILE_KINDS.items()
    }
    _last = (schemas, names, texts)
    return dict(texts)


def write_editor_schemas(
    data_dir: Path, schemas: Schemas, docs: list[Document], dry_run: bool = False
) -> list[str]:
    """Write data/schema/editor/*.schema.json where their text changed (nothing when
    `dry_run`); return the names of the files that changed. Stale files are removed."""
    return write_texts(data_dir, render(schemas, docs), dry_run)


def write_texts(data_dir: Path, texts: dict[str, str], dry_run: bool = False) -> list[str]:
    """Write the editor schemas `texts` (render's) into data/schema/editor/ where a file's text
    differs; remove the files of no text. Returns the names of the files that changed."""
    folder = data_dir / "schema" / FOLDER
    changed = []
    for name, text in texts.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            changed.append(name)
            if not dry_run:
                folder.mkdir(parents=True, exist_ok=True)
                # whole or not at all: an editor (or a parallel build) never reads half a file
                partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
                partial.write_text(text, encoding="utf-8", newline="\n")
                os.replace(partial, path)
    for path in sorted(folder.glob("*.schema.json")) if folder.is_dir() else []:
        if path.name not in texts:
            changed.append(path.name)
            if not dry_run:
                path.unlink()
    return changed
