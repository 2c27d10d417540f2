"""The generated files in the docs folder: `write` puts a Site's files there, touching only files
whose bytes changed (so `mkdocs serve` does not loop and an unchanged page keeps its timestamp),
and removes stale files from the folders the generator owns (those holding its mark). With a
manifest (kept outside the docs folder, which MkDocs watches), a write of the same site into an
untouched folder reads nothing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .page import Site

# A generated folder holds this file: git ignores the folder's contents, `write` and `make
# clean` know the folder is the generator's. MkDocs skips dot-files.
OWNED_MARK = ".gitignore"
OWNED_TEXT = "# Generated from data/ by macros (python -m macros generate); never edit.\n*\n"


def owned_folders(site: Site) -> set[str]:
    """The top folders of the docs dir that hold generated files."""
    return {rel.split("/")[0] for rel in site.files if "/" in rel}


def write(
    site: Site, docs_dir: Path, stamp: str = "", manifest: Path | None = None
) -> list[str]:
    """Write pages and files under docs_dir; remove stale generated files. Returns what changed
    (docs-relative paths).

    `stamp`: a key of everything the site was made from (macros/session.py); `manifest`: a
    JSON file that records the stamp of the last write and each file's size and modification
    time. When it holds the same stamp, every generated file is as recorded and no other file
    is in the generated folders, the folder is left as it is without reading a file."""
    if stamp and manifest and _untouched(docs_dir, stamp, manifest):
        return []
    wanted = site.files
    for folder in owned_folders(site):
        wanted[f"{folder}/{OWNED_MARK}"] = OWNED_TEXT
    changed = []
    stats = {}
    for rel, text in sorted(wanted.items()):
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        # Bytes, not read_text(): universal newlines would turn a CSV's CRLF into LF, the file
        # would always differ, be rewritten each build and keep `mkdocs serve` rebuilding.
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if not target.exists() or target.read_bytes() != data:
            # Whole or not at all: a reader (MkDocs in `make serve`, another build) never sees
            # half a file. The partial file is a dot-file, which MkDocs skips.
            partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
            partial.write_bytes(data)
            os.replace(partial, target)
            changed.append(rel)
        found = target.stat()
        stats[rel] = [found.st_size, found.st_mtime_ns]
    for folder in sorted(generated_folders(docs_dir)):
        for path in sorted(folder.rglob("*"), reverse=True):
            rel = path.relative_to(docs_dir).as_posix()
            if _PARTIAL.fullmatch(path.name):  # another build's file, being written
                continue
            try:  # another build (make serve beside make site, parallel tests) may be here too
                if path.is_file() and rel not in wanted:
                    path.unlink(missing_ok=True)
                    changed.append(rel)
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
            except OSError:
                pass
        try:
            if not any(folder.iterdir()):
                folder.rmdir()
        except OSError:
            pass
    if manifest:
        _record(manifest, stamp, stats)
    return changed


def _record(manifest: Path, stamp: str, stats: dict[str, list[int]]) -> None:
    """Write the manifest (without a stamp: remove it, nothing can be skipped next time)."""
    try:
        if not stamp:
            manifest.unlink(missing_ok=True)
            return
        manifest.parent.mkdir(parents=True, exist_ok=True)
        partial = manifest.with_name(f".{manifest.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps({"stamp": stamp, "files": stats}), encoding="utf-8")
        os.replace(partial, manifest)
    except OSError:  # a read-only checkout: every build compares the files
        pass


def _untouched(docs_dir: Path, stamp: str, manifest: Path) -> bool:
    """True when the manifest holds `stamp` and the generated folders hold exactly its files,
    each with the size and modification time it records."""
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        if recorded.get("stamp") != stamp:
            return False
        files = recorded["files"]
        for rel, (size, mtime) in files.items():
            now = (docs_dir / rel).stat()
            if now.st_size != size or now.st_mtime_ns != mtime:
                return False
        present = {
            os.path.relpath(os.path.join(top, name), docs_dir).replace(os.sep, "/")
            for folder in generated_folders(docs_dir)
            for top, _dirs, names in os.walk(folder)
            for name in names
        }
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return present == set(files)


_PARTIAL = re.compile(r"\..+\.\d+\.partial")  # write()'s file in progress


def generated_folders(docs_dir: Path) -> list[Path]:
    """Folders of the docs dir the generator owns: those holding its mark."""
    return [
        p
        for p in sorted(docs_dir.iterdir())
        if p.is_dir()
        and (p / OWNED_MARK).is_file()
        and (p / OWNED_MARK).read_text(encoding="utf-8") == OWNED_TEXT
    ]
