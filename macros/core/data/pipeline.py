"""The data half in one object: read, parse, check and model a project's data, each once.

`Pipeline(root)` is made once per build (or once per `mkdocs serve` process, by the MkDocs glue)
and holds every cache as an attribute: parsed files by the hash of their bytes, schema problems
per file, the compiled schemas and record classes, the last model. Nothing is cached anywhere
else. A rebuild re-reads the files (one read each), and re-parses and re-checks only those whose
bytes changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .. import cache
from ..kinds import file_kind_of
from ..problems import DataError, Problem
from . import checks, load, model

if TYPE_CHECKING:
    from .schema import Schemas

# The JSON Schema libraries (schema.py), the overlay's and the scaffold's modules are imported
# where they are first used: a build whose inputs are all unchanged reads its output back from
# the disk cache (macros/session.py) and needs none of them.


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


@dataclasses.dataclass(frozen=True)
class Scan:
    """One reading of a project's data files (Pipeline.scan)."""

    files: list[load.DataFile]
    problems: list[Problem]  # missing, misplaced or unreadable files
    digests: list[bytes]  # of each file's bytes
    key: tuple  # the schemas' and the files' digests, and the problems


class Pipeline:
    """load -> check -> model for the data of one project folder.

    `root` is the project folder (messages show files relative to it); `data_dir` defaults to
    `root/data` and holds `schema/` with the JSON Schemas.
    """

    def __init__(
        self,
        root: Path,
        data_dir: Path | None = None,
        disk: cache.DiskCache | None = None,
        overlay: Path | None = None,
    ):
        self.root = Path(root).resolve()
        self.data_dir = Path(data_dir).resolve() if data_dir else self.root / "data"
        self.disk = disk  # parsed files and schema checks from earlier builds, by content
        # The organisation's overlay folder (macros/core/data/overlay.py); None: MOF alone.
        self.overlay = (self.root / overlay).resolve() if overlay else None
        self._overlay_docs: list[load.Document] = []
        self._parsed: dict[tuple[str, str, bytes], tuple[load.Document | None, list[Problem]]] = {}
        self._schemas: tuple[tuple, Schemas, model.RecordTypes | None] | None = None
        self._schema_checked: dict[tuple[str, bytes], list[Problem]] = {}
        self._result: tuple[tuple, list[load.Document], list[Problem]] | None = None
        self._playbook: tuple[tuple, model.Playbook] | None = None
        self._overlay_types: tuple[tuple, model.RecordTypes] | None = None
        self._local: tuple[tuple, model.Playbook] | None = None  # the model with the overlay

    # --- schemas -----------------------------------------------------------------------------

    def schemas(self) -> Schemas:
        """The JSON Schemas, loaded and meta-checked once while their files stay the same."""
        folder = self.data_dir / "schema"
        key = self._schema_key()
        if self._schemas is None or self._schemas[0] != key:
            from .schema import Schemas

            name = cache.key("schemas", cache.python_digest(), repr(key))
            checked = self.disk.get(name) if self.disk else None
            schemas = Schemas.load(folder, meta_check=checked is None)
            if self.disk and checked is None and not schemas.problems:
                self.disk.put(name, True)
            types = None if schemas.problems else model.RecordTypes(schemas)
            self._schemas = (key, schemas, types)
            self._schema_checked.clear()
        return self._schemas[1]

    def _schema_key(self) -> tuple:
        files = sorted((self.data_dir / "schema").glob("*.schema.json"))
        return tuple((p.name, _digest(p.read_bytes())) for p in files)

    def record_types(self) -> model.RecordTypes:
        self.schemas()
        assert self._schemas and self._schemas[2], "the schemas have problems"
        return self._schemas[2]

    # --- checking ----------------------------------------------------------------------------

    def _parse(self, found: load.DataFile, digest: bytes):
        key = (found.file, found.kind, digest)
        if key not in self._parsed:
            name = cache.key("parse", cache.python_digest(), found.file, found.kind, digest)
            stored = self.disk.get(name) if self.disk else None
            if stored is None:
                text, problems = load.decode(found.raw, found.file)
                doc = None
                if text is not None:
                    doc, problems = load.parse(text, found.file, found.kind)
                stored = (doc, problems)
                if self.disk:
                    self.disk.put(name, stored)
            self._parsed[key] = stored
        doc, problems = self._parsed[key]
        return doc, list(problems)

    def check(self, scan: Scan | None = None) -> tuple[list[load.Document], list[Problem]]:
        """Every document that could be read, and every problem in the data: unreadable files,
        schema errors, ids, references, RACI rules; then every problem of the overlay folder
        (when one is set). Sorted, each problem once. `scan`: the data as scan() read it (by
        default, read now)."""
        docs, problems = self._check_mof(scan or self.scan())
        if self.overlay is None:
            return docs, problems
        from . import overlay

        self._overlay_docs, found = overlay.check(
            self.overlay, self.root, docs, overlay.with_overlay_schemas(self.schemas())
        )
        return docs, problems + sorted(set(found), key=lambda p: (p.file, p.line, p))

    @property
    def overlay_documents(self) -> list[load.Document]:
        """The overlay's documents read by the last check() (none without an overlay)."""
        return list(self._overlay_docs)

    def scan(self) -> Scan:
        """The data files as they are now: their bytes, the problems of finding them, and the
        key of all that with the schemas'. One reading that check(), playbook(), warnings()
        and fingerprint() can share, so that they all answer for the same bytes."""
        files, problems = load.scan(self.data_dir, self.root)
        digests = [_digest(f.raw) for f in files]
        key = (
            self._schema_key(),
            tuple((f.file, d) for f, d in zip(files, digests, strict=True)),
            tuple(problems),
        )
        return Scan(files, problems, digests, key)

    def _check_mof(self, scan: Scan) -> tuple[list[load.Document], list[Problem]]:
        files, problems, digests, key = scan.files, list(scan.problems), scan.digests, scan.key
        schemas = self.schemas()
        if self._result and self._result[0] == key:
            return list(self._result[1]), list(self._result[2])
        live = {(f.file, f.kind, d) for f, d in zip(files, digests, strict=True)}
        for stale in set(self._parsed) - live:  # keep memory flat in a long `mkdocs serve`
            del self._parsed[stale]
        read: list[tuple[load.Document, bytes]] = []
        # Files that are missing, misplaced or could not be read, with the kind they would be.
        unreadable = {p.file: self._kind_of(p.file) for p in problems}
        for found, digest in zip(files, digests, strict=True):
            doc, found_problems = self._parse(found, digest)
            problems += found_problems
            if doc is not None:
                read.append((doc, digest))
            else:
                unreadable[found.file] = found.kind
        docs = [doc for doc, _ in read]
        if schemas.problems:  # a broken schema cannot check anything; report it alone
            problems = list(schemas.problems)
        else:
            for doc, digest in read:
                problems += self._schema_check(doc, digest)
            problems += checks.check_all(docs, {f: k for f, k in unreadable.items() if k})
        # One mistake, one message: a file that cannot be read comes first, then the rest.
        first = set(unreadable)
        problems = sorted(set(problems), key=lambda p: (p.file not in first, p.file, p.note, p))
        self._result = (key, list(docs), list(problems))
        return docs, problems

    def warnings(self, scan: Scan | None = None) -> list[Problem]:
        """Lines that still hold placeholder text (`python -m macros new`): shown, never failed."""
        from .scaffold import placeholder_warnings

        return placeholder_warnings((scan or self.scan()).files)

    def _kind_of(self, file: str) -> str:
        """The file kind of a file named in a problem ('' when it is not a data file)."""
        path = Path(file) if Path(file).is_absolute() else self.root / file
        if not path.is_relative_to(self.data_dir):
            return ""
        kind = file_kind_of(path.relative_to(self.data_dir).parts)
        return kind.name if kind else ""

    def _schema_check(self, doc: load.Document, digest: bytes) -> list[Problem]:
        key = (doc.file, digest)
        if key not in self._schema_checked:
            name = cache.key(
                "check", cache.python_digest(), repr(self._schemas[0]), doc.file, doc.kind, digest
            )
            found = self.disk.get(name) if self.disk else None
            if found is None:
                found = self.schemas().check(doc)
                if self.disk:
                    self.disk.put(name, found)
            self._schema_checked[key] = found
        return list(self._schema_checked[key])

    def fingerprint(self, scan: Scan) -> str:
        """A hash of the data as `scan` read it (the files and their bytes, the schemas), of the
        overlay folder (its path and its files) and of the build's date (SOURCE_DATE_EPOCH: the
        workbooks' and calendars' stamp): the key of anything made from them."""
        parts = [repr(scan.key), os.environ.get("SOURCE_DATE_EPOCH", "").strip()]
        if self.overlay is not None:
            from . import overlay

            parts += [
                f"{self.overlay} {self.overlay.is_dir()}",
                overlay.digest(self.overlay, self.data_dir / "schema"),
            ]
        return cache.key(*parts)

    def playbook(self, scan: Scan | None = None) -> model.Playbook:
        """The validated model of the data (as `scan` read it; by default, read now); raises
        DataError listing every problem."""
        docs, problems = self.check(scan)
        if problems:
            raise DataError(problems)
        key = self._result[0]
        if self._playbook is None or self._playbook[0] != key:
            self._playbook = (key, model.build(docs, self.record_types()))
        pb = self._playbook[1]
        if self.overlay is None:
            return pb
        from . import overlay

        # The same classes while the schemas stay, the same model while the overlay's files do:
        # `make serve`'s page memo compares records by class and value (site/memo.py).
        folder = self.data_dir / "schema" / overlay.SCHEMA_FOLDER
        schema_key = (
            key[0],
            tuple((f.name, _digest(f.read_bytes())) for f in sorted(folder.glob("*.json"))),
        )
        if self._overlay_types is None or self._overlay_types[0] != schema_key:
            types = model.RecordTypes(overlay.with_overlay_schemas(self.schemas()))
            self._overlay_types = (schema_key, types)
        local_key = (key, overlay.digest(self.overlay, self.data_dir / "schema"))
        if self._local is None or self._local[0] != local_key:
            shown = overlay.shown(self.overlay, self.root)
            local = overlay.build(shown, self._overlay_docs, self._overlay_types[1])
            self._local = (local_key, dataclasses.replace(pb, local=local))
        return self._local[1]
