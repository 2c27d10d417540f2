"""Synthetic playbooks: the real data multiplied ×N, valid against the same schemas.

`make_project(root, dest, factor)` copies the project into `dest` and writes its data/ with
every review, SMF (with its processes and activities), role and term copied `factor - 1` more
times. Copy c gets ids suffixed `-x<c>` and names suffixed ` (copy c)`, and its references to
reviews, SMFs, roles and terms point at copy c's ids, so each copy is a self-contained clone of
the real graph. Which fields are references is read from the kinds registry at run time, so
the generator keeps up when the data grows new kinds of reference. Factor 1 is the real data,
byte for byte.

    python bench/synth.py DEST --factor 10 [--root .]
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.core.kinds import (  # noqa: E402
    ENTITY_KINDS,
    FILE_KINDS,
    GLOBAL_NESTED_IDS,
    Pattern,
)

MULTIPLIED = ("review", "smf", "role", "term")
# One file per entity: entity kind -> folder; in a collection: entity kind -> (file, list key).
FOLDER_OF = {
    k: FILE_KINDS[ENTITY_KINDS[k].file_kind].folder
    for k in MULTIPLIED
    if not ENTITY_KINDS[k].list_key
}
COLLECTION_OF = {
    k: (FILE_KINDS[ENTITY_KINDS[k].file_kind].location, ENTITY_KINDS[k].list_key)
    for k in MULTIPLIED
    if ENTITY_KINDS[k].list_key
}
# Lists in the phases file that enumerate SMFs and reviews: copies join their phase.
PHASE_LISTS = tuple(
    Pattern(p) for p in ("phases/**/smfs", "phases/**/reviews", "phases/**/control_reviews")
)
# Top-level entries copied (COPIED) or left out of a synthetic project; the rest is linked.
COPIED = ("macros", "theme")
SKIP = {
    *COPIED,
    ".git",
    ".venv",
    # A project's own build caches: a link to the checkout's would make a "cold" build warm
    # (bench/run.py removes the folder before one; rmtree does not follow a link).
    ".cache",
    "bench",
    "site",
    "dist",
    "tests",
    "data",
    "content",
    "mkdocs.yml",
    ".pytest_cache",
    ".ruff_cache",
    ".vscode",
    "__pycache__",
}


def suffix(c: int) -> str:
    return f"-x{c}"


def _set(data, path: tuple, value) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _rename(item: dict, c: int) -> None:
    item["id"] += suffix(c)
    for name_field in dict.fromkeys(k.name_field for k in ENTITY_KINDS.values()):
        if isinstance(item.get(name_field), str):
            item[name_field] += f" (copy {c})"
            break


def _rewrite_refs(data, kind: str, c: int, wrap: str | None = None) -> None:
    """Point references to multiplied kinds at copy c. `wrap` names the collection list an item
    came from, so the collection's patterns (roles/*/maps_to/*) apply to the lone item."""
    doc = {wrap: [data]} if wrap else data
    for ref in FILE_KINDS[kind].references:
        if ref.target not in MULTIPLIED:
            continue
        for path, value in list(ref.pattern.find(doc)):
            if isinstance(value, str):
                _set(doc, path, value + suffix(c))


def copy_entity(data: dict, kind: str, c: int) -> dict:
    """Copy c of one review or SMF file's data. Orders stay unique: copy c comes after every
    original (`order` + 1000 × (c - 1))."""
    out = copy.deepcopy(data)
    _rename(out, c)
    for entity_kind in FILE_KINDS[kind].entities:
        for name in ENTITY_KINDS[entity_kind[1]].order_by[-1:]:
            if isinstance(out.get(name), int):
                out[name] += 1000 * (c - 1)
    _rewrite_refs(out, kind, c)
    if kind == "smf":
        for pattern in GLOBAL_NESTED_IDS["smf"]:
            for path, value in list(pattern.find(out)):
                if isinstance(value, str):
                    _set(out, path, value + suffix(c))
    return out


def copy_item(item: dict, file_kind: str, list_key: str, c: int) -> dict:
    """Copy c of one role or term inside its collection file."""
    out = copy.deepcopy(item)
    _rename(out, c)
    _rewrite_refs(out, file_kind, c, wrap=list_key)
    return out


def _read(path: Path) -> tuple[str, dict]:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text.startswith("#") else ""
    return first, yaml.safe_load(text)


def _write(path: Path, first_line: str, data) -> None:
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text((first_line + "\n" if first_line else "") + body, encoding="utf-8")


def synthesize(src: Path, dest: Path, factor: int) -> None:
    """Write data/ for `factor` (src and dest are data folders)."""
    shutil.copytree(src, dest)
    if factor == 1:
        return
    copies = range(2, factor + 1)
    for kind, folder in FOLDER_OF.items():
        file_kind = ENTITY_KINDS[kind].file_kind
        for path in sorted((src / folder).glob("*.yaml")):
            first, data = _read(path)
            for c in copies:
                _write(
                    dest / folder / f"{path.stem}{suffix(c)}.yaml",
                    first,
                    copy_entity(data, file_kind, c),
                )
    for kind, (file_name, list_key) in COLLECTION_OF.items():
        first, data = _read(src / file_name)
        file_kind = ENTITY_KINDS[kind].file_kind
        originals = list(data.get(list_key, []))
        data[list_key] = originals + [
            copy_item(item, file_kind, list_key, c) for c in copies for item in originals
        ]
        _write(dest / file_name, first, data)
    phases = src / "phases.yaml"
    if phases.exists():
        first, data = _read(phases)
        for pattern in PHASE_LISTS:
            for _path, ids in list(pattern.find(data)):
                if isinstance(ids, list) and all(isinstance(i, str) for i in ids):
                    originals = list(ids)
                    ids.extend(i + suffix(c) for c in copies for i in originals)
        _write(dest / "phases.yaml", first, data)


def make_project(root: Path, dest: Path, factor: int) -> Path:
    """A project folder at dest: synthetic data, copies of content/ (without generated pages),
    macros/, theme/ and mkdocs.yml, and symlinks to everything else. The copies keep a
    measurement steady while the checkout is being edited (a changed core is reloaded)."""
    root, dest = root.resolve(), dest.resolve()
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    synthesize(root / "data", dest / "data", factor)
    from macros.core.site.output import generated_folders

    owned = {p.name for p in generated_folders(root / "content")}
    shutil.copytree(
        root / "content",
        dest / "content",
        ignore=lambda d, names: [n for n in names if Path(d) == root / "content" and n in owned],
    )
    shutil.copy2(root / "mkdocs.yml", dest / "mkdocs.yml")
    for name in COPIED:
        shutil.copytree(root / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for entry in sorted(root.iterdir()):
        if entry.name in SKIP or entry.name.startswith(".site-") or entry.suffix == ".egg-info":
            continue
        (dest / entry.name).symlink_to(entry)
    return dest


def entity_counts(data_dir: Path) -> dict[str, int]:
    """Entities per kind, and SMF activities, counted from the raw data (no validation)."""
    counts: dict[str, int] = {}
    for kind, folder in FOLDER_OF.items():
        counts[kind] = len(list((data_dir / folder).glob("*.yaml")))
    for folder in ("scenarios", "templates"):
        counts[folder.removesuffix("s")] = len(list((data_dir / folder).glob("*.yaml")))
    for file_kind in FILE_KINDS.values():
        path = data_dir / file_kind.location
        if not file_kind.one_per_file and path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for list_key, kind in file_kind.entities:
                counts[kind] = len(data.get(list_key) or [])
    activities = Pattern("processes/*/activities/*")
    counts["activity"] = sum(
        len(list(activities.find(yaml.safe_load(p.read_text("utf-8")))))
        for p in (data_dir / "smfs").glob("*.yaml")
    )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    make_project(args.root, args.dest, args.factor)
    print(f"Wrote a ×{args.factor} project to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
