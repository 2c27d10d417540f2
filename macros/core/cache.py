"""A cache on disk keyed by content: parsed files, schema checks and generated pages survive from
one build to the next, so a rebuild with unchanged data costs almost nothing.

A key is a hash of everything the cached value is made from: the bytes of the input, and the
source of the code (and templates) that made it (`code_digest`). A changed input or a changed
line of code gives a new key, so the cache can never serve stale output; old entries are simply
never read again (`make clean` removes the folder). Values are pickled, written atomically.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # macros/core: its code and templates
# The libraries whose output the cache keeps (parsed YAML, checks, pages, workbooks, calendars).
LIBRARIES = (
    "jinja2",
    "markupsafe",
    "pyyaml",
    "jsonschema",
    "jsonschema-rs",
    "referencing",
    "icalendar",
    "xlsxwriter",
)


def code_digest(folder: Path = PACKAGE) -> bytes:
    """A hash of every Python file and template under `folder`, and of the versions of the
    libraries whose output we keep: the key of what templates made. Python files are read once
    per process (a code edit needs a restart anyway); templates every time, since `mkdocs serve`
    reloads them live."""
    digest = hashlib.blake2b(python_digest(folder), digest_size=16)
    for path in sorted(folder.rglob("*.j2")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


@cache
def python_digest(folder: Path = PACKAGE) -> bytes:
    """A hash of every Python file under `folder`, of Python's version and of the libraries'
    versions, once per process: the key of what code alone made (parsed files, schema checks),
    which no template touches."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for package in LIBRARIES:
        digest.update(f"{package}=={metadata.version(package)}".encode())
    for path in sorted(folder.rglob("*.py")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


def key(*parts: bytes | str) -> str:
    """The cache key of a value made from `parts` (and the code: include code_digest())."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class DiskCache:
    """Pickled values in a folder, one file per key. A missing or unreadable entry is a miss."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, name: str) -> Path:
        return self.folder / name[:2] / name

    def get(self, name: str):
        try:
            with open(self._path(name), "rb") as f:
                return pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None

    def put(self, name: str, value) -> None:
        path = self._path(name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{name}.{os.getpid()}.partial")
            with open(partial, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(path)
        except OSError:  # a read-only checkout builds, just without the cache
            pass
