"""The JSON Schemas of data/schema/: loaded once into one `referencing` registry, checked once
against the JSON Schema meta-schema, and used to validate every document; their errors are
turned into plain sentences with the place they point at.

Everything about the schemas that other modules need (the validators, the registry for
following `$ref`, the id pattern) comes from one `Schemas` object, built once per build.
"""

from __future__ import annotations

import datetime
import difflib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jsonschema_rs
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import SchemaError, ValidationError, best_match
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

from ..problems import Problem, pointer
from .load import Document

ID_DEF = "common.schema.json#/$defs/id"  # the id definition every kind of file refers to
# Text with a character that is not a space, and a one-line text (a name, a title, a term): their
# patterns are read from these definitions, so a failure can say which rule was broken.
TEXT_DEF = "common.schema.json#/$defs/text"
LINE_DEF = "common.schema.json#/$defs/line"

# JSON Schema's "integer" accepts 1.0; a whole-number field in playbook data must not.
_STRICT_TYPES = Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
)
Validator = validators.extend(Draft202012Validator, type_checker=_STRICT_TYPES)
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
FAST_BASE = "file:///data/schema/"  # where the fast validator's registry places the schemas


def _surely_valid(schema: Any) -> bool:
    """The fast meta-check: True when `schema` is a draft 2020-12 schema (check_schema's draft;
    jsonschema-rs would follow another `$schema`), jsonschema-rs finds it valid, and every
    regular expression in it compiles: of the formats check_schema checks here, "regex" is the
    one the meta-schema uses on schema keywords (jsonschema-rs checks no format). False sends
    the schema to check_schema, for its exact message (or to pass after all)."""
    if not isinstance(schema, dict) or schema.get("$schema", DRAFT_2020_12) != DRAFT_2020_12:
        return False
    if not jsonschema_rs.meta.is_valid(schema):
        return False
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found = [node.get("pattern"), *(node.get("patternProperties") or {})]
            for pattern in found:
                if isinstance(pattern, str):
                    try:
                        re.compile(pattern)
                    except re.error:
                        return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True


_TYPE_NAMES = {
    "string": "text",
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


@dataclass
class Schemas:
    """Every schema file of a folder, read and checked once.

    `problems` lists files that are not JSON or not valid JSON Schemas (file:line); when it is not
    empty, nothing else is usable. `registry` resolves `$ref` for validation and for anyone who
    walks the schemas (the model, the data reference). `contents` maps a file name
    ("review.schema.json") to its parsed JSON.
    """

    folder: Path
    contents: dict[str, dict] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    registry: Registry = field(default_factory=Registry)
    _validators: dict[str, Draft202012Validator] = field(default_factory=dict, repr=False)
    _fast: dict[str, object] = field(default_factory=dict, repr=False)
    _resolved: dict[tuple[str, str], tuple[Any, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, folder: Path, shown_as: str = "data/schema", meta_check: bool = True) -> Schemas:
        """Read every schema file of `folder`. `meta_check=False` skips checking them against
        the JSON Schema meta-schema (the pipeline does so when the same bytes passed before)."""
        out = cls(folder)
        for path in sorted(folder.glob("*.schema.json")):
            file = f"{shown_as}/{path.name}"
            try:
                schema = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                out.problems.append(
                    Problem(
                        file,
                        0,
                        "",
                        f"the schema cannot be read ({exc}); expected a UTF-8 JSON file",
                    )
                )
                continue
            except json.JSONDecodeError as exc:
                out.problems.append(
                    Problem(
                        file,
                        exc.lineno,
                        "",
                        f"JSON syntax error: {exc.msg} "
                        f"(column {exc.colno}); expected a valid JSON Schema",
                    )
                )
                continue
            try:
                if meta_check and not _surely_valid(schema):
                    Draft202012Validator.check_schema(schema)  # its message, or a false alarm
            except SchemaError as exc:
                out.problems.append(
                    Problem(
                        file,
                        0,
                        pointer(tuple(exc.absolute_path)),
                        f"not a valid JSON Schema: {exc.message}",
                    )
                )
                continue
            out.contents[path.name] = schema
        out.registry = Registry().with_resources(
            (name, Resource.from_contents(s)) for name, s in out.contents.items()
        )
        return out

    def resolve(self, ref: str, base: str) -> tuple[Any, str]:
        """The schema node a `$ref` names, seen from file `base`; and the file it lies in.
        Raises referencing's Unresolvable. Each answer is kept: the model, the data reference
        and the editors' schemas ask the same few thousand times."""
        key = (ref, base)
        if key not in self._resolved:
            resolved = self.registry.resolver(base_uri=base).lookup(ref)
            self._resolved[key] = (resolved.contents, urljoin(base, ref.partition("#")[0]) or base)
        return self._resolved[key]

    def _pattern(self, ref: str) -> str | None:
        try:
            return self.resolve(ref, "")[0].get("pattern")
        except Unresolvable:
            return None

    @property
    def id_pattern(self) -> str | None:
        return self._pattern(ID_DEF)

    @property
    def patterns(self) -> dict[str, str]:
        """{pattern: what it stands for ("id", "text", "line")} for the shared definitions."""
        named = {"id": ID_DEF, "text": TEXT_DEF, "line": LINE_DEF}
        return {p: name for name, ref in named.items() if (p := self._pattern(ref))}

    def placeholder(self, node: Any, base: str) -> str:
        """A one-line YAML placeholder for a value of a schema node: `<text>`, `<id>`, `[...]`."""
        try:
            while isinstance(node, dict) and "$ref" in node:
                node, base = self.resolve(node["$ref"], base)
        except Unresolvable:
            return "..."
        if not isinstance(node, dict):
            return "..."
        if "examples" in node:
            return json.dumps(node["examples"][0], ensure_ascii=False)
        if "enum" in node:
            return str(node["enum"][0])
        if node.get("oneOf") or node.get("anyOf"):
            return self.placeholder((node.get("oneOf") or node.get("anyOf"))[0], base)
        kind = node.get("type")
        if kind == "string":
            return "<id>" if node.get("pattern") == self.id_pattern else "<text>"
        if kind == "integer":
            return "<whole number>"
        if kind == "boolean":
            return "true"
        if kind == "array":
            return f"[{self.placeholder(node.get('items', {}), base)}, ...]"
        if kind == "object":
            return "{...}"
        return "..."

    def validator(self, kind: str) -> Validator | None:
        name = f"{kind}.schema.json"
        if name not in self.contents:
            return None
        if name not in self._validators:
            self._validators[name] = Validator(self.contents[name], registry=self.registry)
        return self._validators[name]

    def fast_validator(self, kind: str):
        """jsonschema-rs's validator for a kind: it only says valid or not, a hundred times
        faster; `check` asks it first and the precise validator only when it says no."""
        name = f"{kind}.schema.json"
        if name not in self.contents:
            return None
        if name not in self._fast:
            registry = jsonschema_rs.Registry(
                [(f"{FAST_BASE}{n}", s) for n, s in self.contents.items()]
            )
            self._fast[name] = jsonschema_rs.Draft202012Validator(
                self.contents[name], registry=registry, base_uri=f"{FAST_BASE}{name}"
            )
        return self._fast[name]

    def is_valid_fast(self, doc: Document) -> bool:
        """True when the fast validator can vouch for the document. It cannot when the data
        holds a float (JSON Schema's integer accepts 1.0; ours does not) or a value JSON has no
        type for (a YAML date): then the precise validator decides."""
        fast = self.fast_validator(doc.kind)
        if fast is None or any(isinstance(_at(doc.data, p), float) for p in doc.raw):
            return False
        try:
            return fast.is_valid(doc.data)
        except ValueError:  # "Unsupported type: 'date'"
            return False

    def check(self, doc: Document) -> list[Problem]:
        """Every schema problem of one document, each at its line."""
        validator = self.validator(doc.kind)
        if validator is None:
            return [Problem(doc.file, 0, "", f"no schema {doc.kind}.schema.json in data/schema")]
        if self.is_valid_fast(doc):
            return []
        problems = []
        patterns = self.patterns

        def example(node: Any) -> str:
            return self.placeholder(node, f"{doc.kind}.schema.json")

        try:
            for error in validator.iter_errors(doc.data):
                for path, message in _messages(error, patterns, doc.raw, example):
                    problems.append(Problem(doc.file, doc.line_of(path), pointer(path), message))
        except Unresolvable as exc:  # a $ref in a schema points nowhere
            problems.append(
                Problem(
                    f"data/schema/{doc.kind}.schema.json",
                    0,
                    "",
                    f"a $ref cannot be resolved ({exc}); expected it to name a "
                    "definition in data/schema",
                )
            )
        return problems


def _at(data, path: tuple):
    for key in path:
        data = data[key]
    return data


def _describe(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, str):  # repr shows invisible characters as escapes (\u200b)
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {value.isoformat()}"
    return f"{type(value).__name__} {value!r}"


def _quote_hint(expected, value) -> str:
    """YAML turns unquoted yes/no, numbers and dates into non-text: say how to keep text."""
    kinds = expected if isinstance(expected, list) else [expected]
    if "string" not in kinds or not isinstance(value, (bool, int, float, datetime.date)):
        return ""
    why = (
        " (YAML reads unquoted yes, no, on, off, true and false as true or false)"
        if (isinstance(value, bool))
        else ""
    )
    return f"; put the value in quotes to keep it as text{why}"


def _expected_type(expected) -> str:
    kinds = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_NAMES.get(k, k) for k in kinds)


def _yaml_reading(value, raw: str) -> str:
    """What YAML 1.1 made of characters that look like text to an author: '1:30' -> 'the
    base-60 number 90', '010' -> 'the octal number 8', '1.10' -> 'the number 1.1'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {value.isoformat()}"
    digits = raw.strip().lstrip("+-").replace("_", "").lower()
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        return "infinity" if math.isinf(value) else "not-a-number"
    if ":" in digits:
        return f"the base-60 number {value!r}"
    if isinstance(value, int):
        if digits.startswith("0x"):
            return f"the hexadecimal number {value}"
        if digits.startswith("0b"):
            return f"the binary number {value}"
        if digits.startswith("0") and len(digits) > 1:
            return f"the octal number {value}"
    return f"the number {value!r}"


def _type_message(expected, inst, raw: str | None) -> str:
    kinds = expected if isinstance(expected, list) else [expected]
    if raw is not None and inst is not None and "string" in kinds:
        return (
            f"expected text, got `{raw}`, which YAML reads as {_yaml_reading(inst, raw)}; "
            "put it in quotes to keep it as text"
        )
    if raw is not None and isinstance(inst, float) and "integer" in kinds:
        return f"expected a whole number, got {raw}"
    return f"expected {_expected_type(expected)}, got {_describe(inst)}" + _quote_hint(
        expected, inst
    )


def _pattern_message(kind: str | None, value, pattern: str) -> str:
    if kind == "id":
        return (
            "expected an id of lower-case words joined by hyphens "
            f"(like 'release-readiness'), got {_describe(value)}"
        )
    if isinstance(value, str) and (kind == "text" or (kind == "line" and not value.strip())):
        return f"expected text with a character that is not a space, got {_describe(value)}"
    if isinstance(value, str) and kind == "line":
        if "\n" in value.strip() or "\r" in value.strip():
            return (
                f"expected one line, got a line break in {_describe(value)}; write it on one line"
            )
        if "\n" in value or "\r" in value:
            return (
                f"expected one line, got {_describe(value)}, which ends with a line break "
                "(a `>` or `|` block keeps one: use `>-` or plain text)"
            )
        return f"expected no space at the start or end, got {_describe(value)}; remove the spaces"
    return f"expected text matching {pattern}, got {_describe(value)}"


SHOWN_KEYS = 12  # an unknown key with no close match lists at most this many allowed keys


def _near_misses(schema: dict, inst: dict) -> dict[str, str]:
    """{unknown key: the missing required key it is a misspelling of} in one mapping."""
    missing = [k for k in schema.get("required", []) if k not in inst]
    unknown = sorted(set(inst) - set(schema.get("properties", {})))
    out: dict[str, str] = {}
    for key in unknown:
        guess = difflib.get_close_matches(
            key, [m for m in missing if m not in out.values()], 1, 0.6
        )
        if guess:
            out[key] = guess[0]
    return out


def _messages(
    error: ValidationError, patterns: dict[str, str], raw: dict[tuple, str], example=None
) -> list[tuple[tuple, str]]:
    """(path, message) for one schema error; one error may hold several. `patterns` names the
    shared patterns; `raw` holds the characters as written of values YAML did not read as text;
    `example(node)` gives a placeholder value for a missing key."""
    path = tuple(error.absolute_path)
    v, value, inst = error.validator, error.validator_value, error.instance
    if v in ("oneOf", "anyOf") and error.context:
        # Report the branch that fits the value best, not "not valid under any schema".
        return _messages(best_match(error.context), patterns, raw, example)
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        near = _near_misses(error.schema, inst)
        out = []
        for key in sorted(set(inst) - set(allowed)):
            if key in near:  # one mistake, one message: not also "missing required key"
                out.append((path + (key,), f"unknown key {_describe(key)} should be '{near[key]}'"))
                continue
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if guess:
                out.append(
                    (path + (key,), f"unknown key {_describe(key)} (did you mean '{guess[0]}'?)")
                )
                continue
            shown = ", ".join(allowed[:SHOWN_KEYS])
            more = f" (and {len(allowed) - SHOWN_KEYS} more)" if len(allowed) > SHOWN_KEYS else ""
            out.append(
                (path + (key,), f"unknown key {_describe(key)}; expected one of: {shown}{more}")
            )
        return out
    if v == "required":
        misspelt = set(_near_misses(error.schema, inst).values())
        out = []
        for k in value:
            if k in inst or k in misspelt:
                continue
            node = error.schema.get("properties", {}).get(k, {})
            hint = (
                f"; add it to the mapping that starts on this line, e.g. `{k}: {example(node)}`"
                if example
                else ""
            )
            out.append((path, f"missing required key '{k}'{hint}"))
        return out
    if v == "type":
        return [(path, _type_message(value, inst, raw.get(path)))]
    if v == "const":
        return [(path, f"expected {_describe(value)}, got {_describe(inst)}")]
    if v == "not" and isinstance(inst, dict) and value.get("anyOf"):
        # allOf/if/then/not: keys that belong only to another kind of entry.
        keys = [k for alt in value["anyOf"] for k in alt.get("required", []) if k in inst]
        when = f" when kind is {inst['kind']}" if isinstance(inst.get("kind"), str) else " here"
        return [
            (path + (k,), f"key '{k}' is not allowed{when}; expected it removed") for k in keys
        ] or [(path, error.message)]
    if v == "maxItems":
        return [(path, f"expected at most {value} entries, got {len(inst)}")]
    if v == "enum":
        return [
            (
                path,
                "expected one of " + ", ".join(map(str, value)) + f", got {_describe(inst)}",
            )
        ]
    if v == "pattern":
        return [(path, _pattern_message(patterns.get(value), inst, value))]
    if v == "minItems":
        return [
            (
                path,
                f"expected at least {value} entr{'y' if value == 1 else 'ies'}, got {len(inst)}",
            )
        ]
    if v == "minLength":
        return [(path, "expected non-empty text")]
    if v == "maxLength":
        return [(path, f"expected at most {value} characters, got {len(inst)}")]
    if v == "uniqueItems":
        seen, dupes = set(), []
        for item in inst:
            key = json.dumps(item, sort_keys=True)
            if key in seen:
                dupes.append(item)
            seen.add(key)
        return [(path, f"{_describe(d)} is listed twice; expected each entry once") for d in dupes]
    if v in ("minimum", "maximum"):
        return [
            (
                path,
                f"expected a number {'≥' if v == 'minimum' else '≤'} {value}, "
                f"got {_describe(inst)}",
            )
        ]
    return [(path, error.message)]
