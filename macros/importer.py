"""`python -m macros import-people directory.csv`: a directory export into overlay YAML.

The CSV has a header row with the columns name, email, team and role ids (also accepted:
"roles", "role_ids"; other columns are ignored). Role ids are separated by ';', ',' or spaces.
Each row becomes a person in people.yaml (id made from the name), each team name a team in
teams.yaml (id made from the name; teams already in teams.yaml are kept). A row that cannot be
mapped (no name, an unknown role id, an id that is already a MOF id or another row's) is left
out and reported as file:line; the command then exits with 1.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml

from .core.data import checks
from .core.problems import did_you_mean

HEADER = "# yaml-language-server: $schema=../../data/schema/overlay/{name}.schema.json\n"
ROLE_COLUMNS = ("role ids", "role_ids", "roles", "role id", "role")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def import_people(csv_path: Path, out: Path, root: Path) -> int:
    """Write `out` (people.yaml) and teams.yaml beside it from `csv_path`; report rows that
    cannot be mapped on stderr. Returns 0, or 1 when a row was left out."""
    from .session import project

    docs, problems = project(root, None).pipeline.check()
    if problems:
        print("The MOF data has problems; run `python -m macros validate` first.", file=sys.stderr)
        return 1
    mof = checks.entity_ids(docs)
    roles = sorted(mof.get("role", {}))
    taken = {i for ids in mof.values() for i in ids}
    teams_file = out.parent / "teams.yaml"
    teams: dict[str, dict] = {}
    if teams_file.is_file():
        for t in (yaml.safe_load(teams_file.read_text(encoding="utf-8")) or {}).get("teams", []):
            teams[t["id"]] = t
    people: list[dict] = []
    ids: set[str] = set()
    skipped: list[str] = []
    with csv_path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        columns = {(c or "").strip().lower(): c for c in reader.fieldnames or ()}
        role_column = next((columns[c] for c in ROLE_COLUMNS if c in columns), None)
        for row in reader:
            where = f"{csv_path.name}:{reader.line_num}"

            def cell(name: str, row=row) -> str:
                column = columns.get(name)
                return " ".join((row.get(column) or "").split()) if column else ""

            name, email, team = cell("name"), cell("email"), cell("team")
            if not name:
                skipped.append(f"{where}: no name; expected a name in the 'name' column")
                continue
            pid = slug(name)
            if not pid or pid in taken or pid in ids or pid in teams:
                skipped.append(
                    f"{where}: the id '{pid}' made from the name '{name}' is already used; "
                    "expected a name that gives a new id (add the person by hand)"
                )
                continue
            held = [r for r in re.split(r"[;,\s]+", row.get(role_column) or "") if r]
            unknown = [r for r in held if r not in roles]
            if unknown:
                messages = []
                for r in unknown:
                    messages.append(f"unknown role id '{r}'{did_you_mean(r, roles)}")
                skipped.append(
                    f"{where}: {'; '.join(messages)}; expected role ids from data/roles.yaml"
                )
                continue
            tid = slug(team) if team else ""
            if not tid:
                skipped.append(f"{where}: no team; expected a team name in the 'team' column")
                continue
            if tid in taken:
                skipped.append(f"{where}: the team id '{tid}' is already a MOF id; rename it")
                continue
            teams.setdefault(tid, {"id": tid, "name": team})
            person = {"id": pid, "name": name, "team": tid}
            if email:
                person["email"] = email
            if held:
                person["roles"] = held
            ids.add(pid)
            people.append(person)
    out.parent.mkdir(parents=True, exist_ok=True)

    def dump(path: Path, key: str, items: list) -> None:
        text = yaml.safe_dump({key: items}, sort_keys=False, allow_unicode=True, width=100)
        path.write_text(HEADER.format(name=key) + text, encoding="utf-8")

    dump(out, "people", people)
    dump(teams_file, "teams", list(teams.values()))
    print(f"Wrote {len(people)} people to {out} and {len(teams)} teams to {teams_file}.")
    for line in skipped:
        print(line, file=sys.stderr)
    if skipped:
        print(f"{len(skipped)} rows could not be mapped and were left out.", file=sys.stderr)
    return 1 if skipped else 0
