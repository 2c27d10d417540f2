"""Read data/ into documents that remember where each value was written.

PyYAML's `safe_load` silently keeps the last of two equal keys and forgets line numbers, so we
compose the node tree ourselves: duplicate keys become problems, every value keeps its line, and
anchors/aliases are refused (they are never needed in playbook data and enable "billion laughs").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import Problem

MAX_BYTES = 20 * 1024 * 1024  # a data file larger than this is a mistake, not a playbook
MAX_DEPTH = 64  # deeper nesting is a mistake or an attack; the composer recurses per level

# Where each kind of file lives; the kind names its schema in data/schema/<kind>.schema.json.
COLLECTIONS = {
    "sources.yaml": "sources",
    "phases.yaml": "phases",
    "roles.yaml": "roles",
    "glossary.yaml": "glossary",
}
FOLDERS = {"reviews": "review", "smfs": "smf", "scenarios": "scenario", "templates": "template"}


@dataclass(frozen=True)
class Document:
    file: str  # as shown in messages, e.g. data/reviews/portfolio.yaml
    kind: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)  # value path -> line
    key_lines: dict[tuple, int] = field(default_factory=dict, repr=False)  # key path -> line

    def line_of(self, path: tuple, key: bool = False) -> int:
        """Line where the value at `path` is written (its key's line for a mapping entry), or
        of its nearest ancestor. `key` is kept for callers that point at a key itself."""
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


def _convert(loader, node, path, doc_lines, key_lines, problems, file):
    """Turn a composed node into plain Python, recording lines and duplicate keys."""
    doc_lines[path] = _line(node.start_mark)
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
                problems.append(
                    Problem(
                        file, _line(key_node.start_mark), _ptr(path), "expected a plain text key"
                    )
                )
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    Problem(
                        file,
                        _line(key_node.start_mark),
                        _ptr(path),
                        "merge keys (<<) are not allowed in playbook data; "
                        "expected every key written out",
                    )
                )
                continue
            key = str(loader.construct_object(key_node))
            if key in out:
                problems.append(
                    Problem(
                        file,
                        _line(key_node.start_mark),
                        _ptr(path + (key,)),
                        f"duplicate key '{key}' (first written on line "
                        f"{key_lines[path + (key,)]}); "
                        "expected each key once",
                    )
                )
                continue
            key_lines[path + (key,)] = _line(key_node.start_mark)
            out[key] = _convert(
                loader, value_node, path + (key,), doc_lines, key_lines, problems, file
            )
        return out
    if isinstance(node, SequenceNode):
        return [
            _convert(loader, child, path + (i,), doc_lines, key_lines, problems, file)
            for i, child in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


def _ptr(path: tuple) -> str:
    return "".join(f"/{p}" for p in path)


# file -> (hash of its text, kind, result): `mkdocs serve` re-parses only the file that changed.
_parsed: dict[str, tuple[bytes, str, tuple]] = {}


def parse(text: str, file: str, kind: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML text. Returns the document (None when unreadable) and its problems."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    cached = _parsed.get(file)
    if cached and cached[:2] == (digest, kind):
        return cached[2][0], list(cached[2][1])
    result = _parse(text, file, kind)
    _parsed[file] = (digest, kind, (result[0], tuple(result[1])))
    return result


def _parse(text: str, file: str, kind: str) -> tuple[Document | None, list[Problem]]:
    problems: list[Problem] = []
    try:
        loader = _Loader(text)  # the reader rejects control characters here, before parsing
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, file)]
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
        lines: dict[tuple, int] = {}
        key_lines: dict[tuple, int] = {}
        data = _convert(loader, node, (), lines, key_lines, problems, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [Problem(file, _line(mark) if mark else 1, "", _yaml_message(exc))]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, file)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        return None, [Problem(file, 1, "", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    return Document(file, kind, data, lines, key_lines), problems


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


def read(path: Path, file: str, kind: str) -> tuple[Document | None, list[Problem]]:
    """Read one file from disk, guarding size and encoding before parsing."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [
                Problem(
                    file,
                    0,
                    "",
                    f"the file is {size:,} bytes; expected at most "
                    f"{MAX_BYTES:,} bytes (split it or remove pasted content)",
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:  # a dangling link, a folder named like a file, no permission
        return None, [
            Problem(
                file,
                0,
                "",
                f"the file cannot be read ({exc.strerror}); expected a readable text file",
            )
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Problem(
                file, 1, "", "the file is saved as UTF-16; expected the file to be saved as UTF-8"
            )
        ]
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from a Windows editor is harmless
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
    return parse(text, file, kind)


def kind_of(rel: Path) -> str | None:
    """The kind of a data file from where it is, or None for a file that does not belong."""
    if len(rel.parts) == 1:
        return COLLECTIONS.get(rel.name)
    if len(rel.parts) == 2:
        return FOLDERS.get(rel.parts[0])
    return None


def missing_files(data_dir: Path, root: Path | None = None) -> list[Problem]:
    """Every collection file must exist: pages, references and the credit line need them."""
    root = root or data_dir.parent
    out = []
    for name, kind in COLLECTIONS.items():
        path = data_dir / name
        if not path.exists():
            file = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            out.append(
                Problem(
                    file,
                    0,
                    "",
                    f"the file is missing; expected a {kind} file here "
                    f"(schema: schema/{kind}.schema.json)",
                )
            )
    return out


def load_all(data_dir: Path, root: Path | None = None) -> tuple[list[Document], list[Problem]]:
    """Load every YAML file under data_dir, in a stable order. Collects all problems."""
    root = root or data_dir.parent
    docs: list[Document] = []
    problems: list[Problem] = []
    for path in sorted(p for p in data_dir.rglob("*") if p.suffix in (".yaml", ".yml")):
        rel = path.relative_to(data_dir)
        file = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        if rel.parts[0] == "schema":
            continue
        kind = kind_of(rel)
        if kind is None or path.suffix == ".yml":
            expected = ", ".join([*COLLECTIONS, *(f"{d}/<id>.yaml" for d in FOLDERS)])
            problems.append(
                Problem(file, 0, "", f"unexpected data file; expected one of: {expected}")
            )
            continue
        doc, found = read(path, file, kind)
        problems.extend(found)
        if doc is not None:
            docs.append(doc)
    return docs, problems
