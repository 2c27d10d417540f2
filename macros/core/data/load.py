"""Read data/ into documents that remember where each value was written.

PyYAML's `safe_load` silently keeps the last of two equal keys and forgets line numbers, so we
compose the node tree ourselves: duplicate keys become problems, every value keeps its line, and
anchors/aliases are refused (they are never needed in playbook data and enable "billion laughs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..kinds import FILE_KINDS, expected_locations, file_kind_of
from ..problems import Problem, pointer

MAX_BYTES = 20 * 1024 * 1024  # a data file larger than this is a mistake, not a playbook
MAX_DEPTH = 64  # deeper nesting is a mistake or an attack; the composer recurses per level


@dataclass(frozen=True)
class Document:
    file: str  # as shown in messages, e.g. data/reviews/portfolio.yaml
    kind: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)  # value path -> line
    key_lines: dict[tuple, int] = field(default_factory=dict, repr=False)  # key path -> line
    # value path -> the characters as written, for values YAML did not read as text (1:30, yes)
    raw: dict[tuple, str] = field(default_factory=dict, repr=False)

    def line_of(self, path: tuple) -> int:
        """Line where the value at `path` is written (its key's line for a mapping entry), or
        of its nearest ancestor."""
        path = tuple(path)
        # The line of the key reads best: "raci:" rather than the first line inside it.
        if path in self.key_lines:
            return self.key_lines[path]
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    @property
    def stem(self) -> str:
        return Path(self.file).stem


class _Loader(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent, index):  # noqa: D102 - refuse aliases where they appear
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                "anchors and aliases (*name) are not allowed in playbook data",
                event.start_mark,
            )
        # Refuse absurd nesting before Python's recursion limit turns it into a crash.
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"the data is nested more than {MAX_DEPTH} levels deep; expected "
                "at most a few levels of lists and mappings",
                self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}"
    for t in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
}


def _line(mark) -> int:
    return mark.line + 1


@dataclass
class _Reading:
    """What converting one composed document collects besides the data."""

    loader: Any
    file: str
    lines: dict[tuple, int] = field(default_factory=dict)
    key_lines: dict[tuple, int] = field(default_factory=dict)
    raw: dict[tuple, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seen: set[int] | None = None  # node ids, on the fast path: a node met twice is an alias


class _Defer(Exception):
    """The fast path met something only the pure parser reports exactly (an alias, deep
    nesting): parse the text again with the pure parser."""


def _convert(r: _Reading, node, path: tuple):
    """Turn a composed node into plain Python, recording lines, duplicate keys, and the
    characters as written of every scalar YAML did not read as text (`r.raw`)."""
    if r.seen is not None:
        if id(node) in r.seen or len(path) > MAX_DEPTH:
            raise _Defer
        r.seen.add(id(node))
    r.lines[path] = _line(node.start_mark)
    if node.tag not in _PLAIN_TAGS:
        # Refuse every explicit tag (!!python/..., !custom) before anything is constructed.
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"could not determine a constructor for the tag '{node.tag}'",
            node.start_mark,
        )
    if isinstance(node, MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                r.problems.append(
                    Problem(
                        r.file,
                        _line(key_node.start_mark),
                        pointer(path),
                        "expected a plain text key",
                    )
                )
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                r.problems.append(
                    Problem(
                        r.file,
                        _line(key_node.start_mark),
                        pointer(path),
                        "merge keys (<<) are not allowed in playbook data; "
                        "expected every key written out",
                    )
                )
                continue
            key = str(r.loader.construct_object(key_node))
            if key in out:
                r.problems.append(
                    Problem(
                        r.file,
                        _line(key_node.start_mark),
                        pointer(path + (key,)),
                        f"duplicate key '{key}' (first written on line "
                        f"{r.key_lines[path + (key,)]}); "
                        "expected each key once",
                    )
                )
                continue
            r.key_lines[path + (key,)] = _line(key_node.start_mark)
            out[key] = _convert(r, value_node, path + (key,))
        return out
    if isinstance(node, SequenceNode):
        return [_convert(r, child, path + (i,)) for i, child in enumerate(node.value)]
    value = r.loader.construct_object(node, deep=True)
    if not isinstance(value, str):
        r.raw[path] = node.value
    return value


# libyaml (PyYAML's C parser) composes ten times faster and keeps the same marks, but accepts a
# few things the pure parser rejects and skips the pure composer's alias and depth checks. Texts
# that hold any of these go to the pure parser: a tab; `|#` or `>#` (a block scalar indicator
# glued to a comment); `?` after `[` or `{` on a line; something that may be an anchor or an
# alias (`&x`, `*x` after a space or bracket); very deep nesting.
_CLOADER = getattr(yaml, "CSafeLoader", None)
_NEEDS_PURE = re.compile(
    r"\t|[|>][-+0-9]*#|[\[{][^\n]*\?|(?:^|[\s\[{,:])[&*][^\s,\]}]|[\[{]{32}|^ {100}",
    re.M,
)


def parse(text: str, file: str, kind: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML text of a file kind. Returns the document (None when unreadable) and its
    problems, each with file and line. libyaml reads it when it can; every text it might read
    differently, and every error, goes through the pure-Python parser for its exact message."""
    if _CLOADER is not None and not _NEEDS_PURE.search(text):
        try:
            return _parse(_CLOADER(text), text, file, kind, fast=True)
        except (_Defer, yaml.YAMLError):
            pass
    try:
        loader = _Loader(text)  # the reader rejects control characters here, before parsing
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, file)]
    return _parse(loader, text, file, kind, fast=False)


def _parse(loader, text: str, file: str, kind: str, fast: bool):
    """Compose and convert one document. On the fast path a YAML error or an alias raises (the
    caller parses again with the pure parser); on the pure path it becomes the problem."""
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [
                Problem(
                    file,
                    1,
                    "",
                    "the file is empty; expected a YAML mapping (key: value lines) for a " + kind,
                )
            ]
        reading = _Reading(loader, file, seen=set() if fast else None)
        data = _convert(reading, node, ())
    except yaml.MarkedYAMLError as exc:
        if fast:
            raise
        mark = exc.problem_mark or exc.context_mark
        message = _indentation_message(exc, text) or _yaml_message(exc)
        return None, [Problem(file, _line(mark) if mark else 1, "", message)]
    except yaml.reader.ReaderError as exc:
        if fast:
            raise
        return None, [_reader_problem(exc, text, file)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        if fast:
            raise
        return None, [Problem(file, 1, "", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    return (
        Document(file, kind, data, reading.lines, reading.key_lines, reading.raw),
        reading.problems,
    )


def _reader_problem(exc: yaml.reader.ReaderError, text: str, file: str) -> Problem:
    """A control character (NUL, BEL, ...) pasted into the text: say which and where."""
    line = text[: exc.position].count("\n") + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return Problem(
        file,
        line,
        "",
        f"the invisible control character U+{code:04X} is not "
        "allowed in YAML; expected printable text (delete it, or retype the line)",
    )


# A line of block YAML: its indentation, the "- " markers of list entries, and the key it starts
# with (plain or quoted), if any.
_LINE = re.compile(
    r"(?P<indent> *)(?P<dashes>(?:- +)*)"
    r"(?:(?P<key>[^\s#'\"\-:][^:#]*?|\"[^\"]*\"|'[^']*') *:(?: |$))?"
)


@dataclass(frozen=True)
class _Shape:
    number: int  # 1-based line number
    indent: int  # spaces before the first character
    entry: bool  # the line starts a list entry ("- ")
    key: str | None  # the key the line starts (after any "- "), or None
    key_column: int  # where that key (or the line's text) starts


def _shape(text: str, number: int) -> _Shape | None:
    """The shape of a content line (None for a blank line or a comment)."""
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return None
    found = _LINE.match(text)
    indent = len(found["indent"])
    return _Shape(
        number, indent, bool(found["dashes"]), found["key"], indent + len(found["dashes"])
    )


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}"


def _indentation_message(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    """A line indented too deep or too shallow, named as an indentation problem with the line
    it should align with; None when the error is something else.

    PyYAML reports such a line as "mapping values are not allowed here" (a key indented deeper
    than the key above it reads as more text of that key's value) or "expected <block end>" (a
    line that is no entry of the list or mapping around it)."""
    mark = exc.problem_mark
    problem = exc.problem or ""
    if mark is None or not (
        problem == "mapping values are not allowed here"
        or problem.startswith("expected <block end>")
    ):
        return None
    lines = text.split("\n")
    if mark.line >= len(lines):
        return None
    line = _shape(lines[mark.line], mark.line + 1)
    if line is None or (line.key is None and not line.entry):
        return None
    if problem.startswith("mapping") and (
        line.key is None
        or mark.column != len(lines[mark.line][: mark.column].rstrip())
        or lines[mark.line].find(":", line.key_column) != mark.column
    ):
        return None  # a ': ' later in the line: text that needs quotes, not an indentation
    before = [s for n in range(mark.line - 1, -1, -1) if (s := _shape(lines[n], n + 1))]
    if line.entry:  # a list entry aligns with the entry before it
        column = lambda s: s.indent  # noqa: E731
        peers = [s for s in before if s.entry]
        what = f"the list entry '- {line.key}:'" if line.key else "the list entry"
        here = line.indent
    else:  # a key aligns with the key before it
        column = lambda s: s.key_column  # noqa: E731
        peers = [s for s in before if s.key]
        what = f"'{line.key}:'"
        here = line.key_column
    if not peers:
        return None
    near = peers[0]
    there = column(near)
    if here == there:
        return None
    head = f"indentation problem: {what} is indented {_spaces(here)}; expected {there}"
    if line.entry:
        return f"{head}, the same column as the list entry on line {near.number}"
    head += f", the same column as '{near.key}:' on line {near.number}"
    outer = next((s for s in peers if column(s) < here), None)
    if here < there and outer:  # between two levels: it may belong to the outer mapping
        head += (
            f" (or {column(outer)}, as '{outer.key}:' on line {outer.number}, if it belongs "
            "to that mapping)"
        )
    return head


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if "could not determine a constructor" in problem:
        found = re.search(r"'([^']+)'", problem)
        tag = found.group(1).replace("tag:yaml.org,2002:", "!!") if found else "used"
        return (
            f"the tag {tag} is not allowed (tags are never executed); expected plain "
            "text, numbers, lists and mappings"
        )
    if "found character '\\t'" in problem:
        return "a tab character is used for indentation; expected spaces (YAML forbids tabs)"
    if "found another document" in problem:
        return (
            "the file holds more than one YAML document (a second '---'); "
            "expected exactly one document per file"
        )
    if "aliases" in problem:
        return problem + "; expected the value written out in full"
    if "nested more than" in problem:
        return problem
    if problem.startswith("expected <block end>"):
        return (
            "YAML syntax error: this line is indented differently from the lines before it; "
            "expected the entries of one list or mapping to start in the same column"
        )
    if problem == "mapping values are not allowed here":
        return (
            "YAML syntax error: a ': ' inside a value; expected text that "
            "contains ': ' to be put in quotes, or a new key on its own line"
        )
    context = f" ({exc.context})" if exc.context else ""
    mark, start = exc.problem_mark, exc.context_mark
    if exc.context and mark and start and start.line != mark.line:
        context = f" ({exc.context} that starts on line {start.line + 1})"
    hint = ""
    if exc.context and "flow" in exc.context:  # inside [...] or {...}
        hint = "; expected entries that contain , : ? # [ ] { } to be put in quotes"
    return f"YAML syntax error: {problem}{context}{hint}"


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """The text of a data file's bytes, or the problem that stops it being read: UTF-16 or
    bytes that are not UTF-8. A UTF-8 byte-order mark is dropped."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Problem(
                file, 1, "", "the file is saved as UTF-16; expected the file to be saved as UTF-8"
            )
        ]
    try:
        return raw.decode("utf-8-sig"), []  # a byte-order mark from a Windows editor is harmless
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                file,
                line,
                "",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; "
                "expected the file to be saved as UTF-8",
            )
        ]


@dataclass(frozen=True)
class DataFile:
    """One data file, read: where it is, its file kind and its bytes."""

    path: Path
    file: str  # as shown in messages, e.g. data/reviews/portfolio.yaml
    kind: str
    raw: bytes


def scan(data_dir: Path, root: Path) -> tuple[list[DataFile], list[Problem]]:
    """Every YAML file under data_dir (schemas excepted), read once, in a stable order; and the
    problems of files that are missing, misplaced or unreadable."""
    found: list[DataFile] = []
    problems: list[Problem] = []
    for path in sorted(p for p in data_dir.rglob("*") if p.suffix in (".yaml", ".yml")):
        rel = path.relative_to(data_dir)
        file = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        if rel.parts[0] == "schema":
            continue
        kind = file_kind_of(rel.parts)
        if kind is None or path.suffix == ".yml":
            problems.append(
                Problem(
                    file, 0, "", f"unexpected data file; expected one of: {expected_locations()}"
                )
            )
            continue
        try:
            size = path.stat().st_size
            raw = path.read_bytes() if size <= MAX_BYTES else b""
        except OSError as exc:  # a dangling link, a folder named like a file, no permission
            problems.append(
                Problem(
                    file,
                    0,
                    "",
                    f"the file cannot be read ({exc.strerror}); expected a readable text file",
                )
            )
            continue
        if size > MAX_BYTES:
            problems.append(
                Problem(
                    file,
                    0,
                    "",
                    f"the file is {size:,} bytes; expected at most "
                    f"{MAX_BYTES:,} bytes (split it or remove pasted content)",
                )
            )
            continue
        found.append(DataFile(path, file, kind.name, raw))
    for kind in FILE_KINDS.values():
        if kind.one_per_file:
            continue
        path = data_dir / kind.location
        if not path.exists():
            file = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            problems.append(
                Problem(
                    file,
                    0,
                    "",
                    f"the file is missing; expected a {kind.name} file here "
                    f"(schema: schema/{kind.schema})",
                )
            )
    return found, problems
