"""JSON Schemas from data/schema/, and their errors turned into plain sentences."""

from __future__ import annotations

import datetime
import difflib
import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from .load import Document
from .problems import Problem

ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
_TYPE_NAMES = {
    "string": "text",
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def validators(schema_dir: Path) -> dict[str, Draft202012Validator]:
    """One compiled validator per kind; rebuilt only when a schema file changes."""
    files = sorted(schema_dir.glob("*.schema.json"))
    return _validators(tuple((p, p.stat().st_mtime_ns) for p in files))


@cache
def _validators(files: tuple) -> dict[str, Draft202012Validator]:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p, _ in files}
    registry = Registry().with_resources(
        (name, Resource.from_contents(s)) for name, s in schemas.items()
    )
    out = {}
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        out[name.removesuffix(".schema.json")] = Draft202012Validator(schema, registry=registry)
    return out


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


def _messages(error: ValidationError) -> list[tuple[tuple, str, bool]]:
    """(path, message, points-at-key) for one schema error; one error may hold several."""
    path = tuple(error.absolute_path)
    v, value, inst = error.validator, error.validator_value, error.instance
    if v in ("oneOf", "anyOf") and error.context:
        # Report the branch that fits the value best, not "not valid under any schema".
        return _messages(best_match(error.context))
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        out = []
        for key in sorted(set(inst) - set(allowed)):
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            out.append(
                (
                    path + (key,),
                    f"unknown key {_describe(key)}{hint}; expected one of: " + ", ".join(allowed),
                    True,
                )
            )
        return out
    if v == "required":
        missing = [k for k in value if k not in inst]
        return [(path, f"missing required key '{k}'", False) for k in missing]
    if v == "type":
        return [
            (
                path,
                f"expected {_expected_type(value)}, got {_describe(inst)}"
                + _quote_hint(value, inst),
                False,
            )
        ]
    if v == "const":
        return [(path, f"expected {_describe(value)}, got {_describe(inst)}", False)]
    if v == "not" and isinstance(inst, dict) and value.get("anyOf"):
        # allOf/if/then/not: keys that belong only to another kind of entry.
        keys = [k for alt in value["anyOf"] for k in alt.get("required", []) if k in inst]
        when = f" when kind is {inst['kind']}" if isinstance(inst.get("kind"), str) else " here"
        return [
            (path + (k,), f"key '{k}' is not allowed{when}; expected it removed", True)
            for k in keys
        ] or [(path, error.message, False)]
    if v == "maxItems":
        return [(path, f"expected at most {value} entries, got {len(inst)}", False)]
    if v == "enum":
        return [
            (
                path,
                "expected one of " + ", ".join(map(str, value)) + f", got {_describe(inst)}",
                False,
            )
        ]
    if v == "pattern" and value == ID_PATTERN:
        return [
            (
                path,
                "expected an id of lower-case words joined by hyphens "
                f"(like 'release-readiness'), got {_describe(inst)}",
                False,
            )
        ]
    if v == "minItems":
        return [
            (
                path,
                f"expected at least {value} entr{'y' if value == 1 else 'ies'}, got {len(inst)}",
                False,
            )
        ]
    if v == "minLength":
        return [(path, "expected non-empty text", False)]
    if v == "maxLength":
        return [(path, f"expected at most {value} characters, got {len(inst)}", False)]
    if v == "uniqueItems":
        seen, dupes = set(), []
        for item in inst:
            key = json.dumps(item, sort_keys=True)
            if key in seen:
                dupes.append(item)
            seen.add(key)
        return [
            (path, f"{_describe(d)} is listed twice; expected each entry once", False)
            for d in dupes
        ]
    if v in ("minimum", "maximum"):
        return [
            (
                path,
                f"expected a number {'≥' if v == 'minimum' else '≤'} {value}, "
                f"got {_describe(inst)}",
                False,
            )
        ]
    return [(path, error.message, False)]


_schema_problems: dict[tuple, list[Problem]] = {}  # by the schema files' bytes; one entry


def schema_problems(schema_dir: Path) -> list[Problem]:
    """A schema file that is not valid JSON or not a valid JSON Schema, as problems.
    Remembered while the schema files stay the same: `mkdocs serve` rebuilds skip the work."""
    try:
        key = tuple((p.name, p.read_bytes()) for p in sorted(schema_dir.glob("*.schema.json")))
    except OSError:
        return _check_schemas(schema_dir)
    if key not in _schema_problems:
        _schema_problems.clear()
        _schema_problems[key] = _check_schemas(schema_dir)
    return list(_schema_problems[key])


def _check_schemas(schema_dir: Path) -> list[Problem]:
    from jsonschema.exceptions import SchemaError

    problems = []
    for path in sorted(schema_dir.glob("*.schema.json")):
        file = f"data/schema/{path.name}"
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(
                Problem(
                    file, 0, "", f"the schema cannot be read ({exc}); expected a UTF-8 JSON file"
                )
            )
            continue
        except json.JSONDecodeError as exc:
            problems.append(
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
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            ptr = "".join(f"/{p}" for p in exc.absolute_path)
            problems.append(Problem(file, 0, ptr, f"not a valid JSON Schema: {exc.message}"))
    return problems


# id(doc) -> (doc, validators, problems). load.parse returns the same Document for an unchanged
# file, so `mkdocs serve` re-checks only the file that changed. Kept small: it holds documents.
_checked: dict[int, tuple[Document, dict, list[Problem]]] = {}


def check(doc: Document, compiled: dict[str, Draft202012Validator]) -> list[Problem]:
    """Every schema problem of one document, each at its line."""
    cached = _checked.get(id(doc))
    if cached and cached[0] is doc and cached[1] is compiled:
        return list(cached[2])
    if len(_checked) > 10_000:
        _checked.clear()
    problems = _check(doc, compiled)
    _checked[id(doc)] = (doc, compiled, problems)
    return list(problems)


def _check(doc: Document, compiled: dict[str, Draft202012Validator]) -> list[Problem]:
    validator = compiled.get(doc.kind)
    if validator is None:
        return [Problem(doc.file, 0, "", f"no schema {doc.kind}.schema.json in data/schema")]
    from referencing.exceptions import Unresolvable

    problems = []
    try:
        for error in validator.iter_errors(doc.data):
            for path, message, at_key in _messages(error):
                ptr = "".join(f"/{p}" for p in path)
                problems.append(Problem(doc.file, doc.line_of(path, key=at_key), ptr, message))
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
