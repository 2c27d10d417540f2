"""Editors find each data file's schema: a modeline on line 1, and .vscode/settings.json."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

from macros.core.kinds import file_kind_of

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\Z")


def data_files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*.yaml") if p.relative_to(DATA).parts[0] != "schema")


def test_every_data_file_names_its_own_schema_on_line_1():
    files = data_files()
    assert len(files) > 10
    for path in files:
        kind = file_kind_of(path.relative_to(DATA).parts).name
        first = path.read_text(encoding="utf-8-sig").split("\n", 1)[0].rstrip("\r")
        found = MODELINE.match(first)
        assert found, f"{path.relative_to(ROOT)}: line 1 is {first!r}, expected a modeline"
        schema = (path.parent / found.group(1)).resolve()
        assert schema == DATA / "schema" / f"{kind}.schema.json", path.relative_to(ROOT)


def test_workspace_settings_map_every_data_file_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).is_file(), schema
    for path in data_files():
        rel = path.relative_to(ROOT).as_posix()
        schemas = [s for s, globs in mapping.items() if any(fnmatch.fnmatch(rel, g) for g in globs)]
        kind = file_kind_of(path.relative_to(DATA).parts).name
        assert schemas == [f"./data/schema/{kind}.schema.json"], rel
