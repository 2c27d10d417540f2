"""load -> validate -> model, once per change of the data.

The MkDocs glue, the command line and the tests all come through `load_playbook`, so the data
is read and validated once per build however many pages and macros use it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import load, model, validate
from .problems import DataError, Problem

_cache: dict[Path, tuple[tuple, model.Playbook]] = {}
# check() results until a data file changes: the CLI validates, then the build reuses the pass.
_checked: dict[tuple, tuple[tuple, list[load.Document], list[Problem]]] = {}


def _signature(data_dir: Path) -> tuple:
    # The content's hash too: a file rewritten within the clock's tick keeps its mtime.
    return tuple(
        (
            str(p),
            p.stat().st_mtime_ns,
            p.stat().st_size,
            hashlib.blake2b(p.read_bytes(), digest_size=16).digest(),
        )
        for p in sorted(data_dir.rglob("*"))
        if p.is_file()
    )


def check(data_dir: Path, root: Path | None = None) -> tuple[list[load.Document], list[Problem]]:
    """Load and validate everything; return the documents and every problem found."""
    key = (data_dir.resolve(), root)
    signature = _signature(key[0])
    cached = _checked.get(key)
    if cached and cached[0] == signature:
        return list(cached[1]), list(cached[2])
    schema_dir = data_dir / "schema"
    docs, problems = load.load_all(data_dir, root)
    problems += load.missing_files(data_dir, root)
    problems += validate.validate(docs, schema_dir)
    problems = sorted(set(problems))
    _checked.clear()  # one data folder at a time: keep memory flat in a long `mkdocs serve`
    _checked[key] = (signature, list(docs), list(problems))
    return docs, problems


def load_playbook(data_dir: Path, root: Path | None = None) -> model.Playbook:
    """The validated model of data_dir; raises DataError listing every problem."""
    data_dir = data_dir.resolve()
    signature = _signature(data_dir)
    cached = _cache.get(data_dir)
    if cached and cached[0] == signature:
        return cached[1]
    docs, problems = check(data_dir, root)
    if problems:
        raise DataError(problems)
    playbook = model.build(docs)
    _cache[data_dir] = (signature, playbook)
    return playbook
