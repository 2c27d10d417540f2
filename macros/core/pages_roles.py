"""Pages for roles, accountabilities and RACI matrices, plus each matrix's CSV.

`generate(pb, site)` adds every page and CSV file to the site and returns the "Roles and RACI"
navigation group. What a role page lists is collected in `role_view` (plain data, tested on its
own); the templates only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import raci
from .model import Entity, Playbook, Record


@dataclass(frozen=True)
class SmfPart:
    smf: Entity
    accountability: Entity | None
    role_in_smf: tuple[str, ...]


@dataclass(frozen=True)
class Attendance:
    review: Entity
    owner: bool
    label: str | None  # how the review names the role, e.g. "Operations managers"
    brings: str | None


@dataclass(frozen=True)
class RoleView:
    """Everything a role's page lists, gathered from every data file that names the role."""

    role: Entity
    accountability: Entity | None
    reviews: tuple[Attendance, ...]
    raci: tuple[tuple[raci.Row, str], ...]  # (row, letter)
    smf_parts: tuple[SmfPart, ...]
    maps_to: tuple[Entity, ...]  # meeting role -> role types
    mapped_from: tuple[Entity, ...]  # role type <- meeting roles that stand for it
    includes: tuple[Entity, ...]
    included_in: tuple[Entity, ...]
    terms: tuple[Entity, ...]
    scenarios: tuple[tuple[Entity, str], ...]  # (scenario, why it is related)

    @property
    def raci_by_letter(self) -> tuple[tuple[raci.Row, str], ...]:
        """The role's rows grouped R, A, C, I; data order within a letter."""
        return tuple(sorted(self.raci, key=lambda pair: raci.LETTER_ORDER[pair[1]]))

    @property
    def meeting_role(self) -> bool:
        return is_meeting_role(self.role)

    @property
    def letter_counts(self) -> tuple[tuple[str, int], ...]:
        """How many rows give the role each letter, in RACI order: (("R", 3), ("I", 1))."""
        held = [letter for _, letter in self.raci]
        return tuple(
            (letter, held.count(letter)) for _, letter, _ in raci.LETTERS if letter in held
        )


def is_meeting_role(role: Entity) -> bool:
    """Entity.kind is the entity kind ("role"); the role's own `kind` field is in its data."""
    return role.data.get("kind") == "meeting-role"


def _attendance(pb: Playbook, role: Entity) -> tuple[Attendance, ...]:
    out = []
    # Only reviews that name the role (indexed), in lifecycle order: not a scan of every review.
    for review in pb.referrers("role", role.id, by="review"):
        owner = role.id in (review.owners or ())
        entry = next((a for a in review.attendees or () if a.role == role.id), None)
        if owner or entry:
            out.append(
                Attendance(
                    review, owner, entry.label if entry else None, entry.brings if entry else None
                )
            )
    return tuple(out)


def _smf_parts(pb: Playbook, role: Entity) -> tuple[SmfPart, ...]:
    out = []
    for smf in pb.referrers(
        "role", role.id, by="smf", field="accountabilities/*/role_types/*/role"
    ):
        for acc in smf.accountabilities or ():
            for rt in acc.role_types:
                if rt.role == role.id:
                    out.append(
                        SmfPart(
                            smf,
                            pb.find("accountability", acc.accountability),
                            tuple(rt.role_in_smf),
                        )
                    )
    return tuple(out)


_rows_index: list = [None, {}]  # [rows, {role id: its rows}]: indexed once, not once per role


def _rows_of(all_rows: tuple[raci.Row, ...], role_id: str) -> list[raci.Row]:
    if _rows_index[0] is not all_rows:
        index: dict[str, list[raci.Row]] = {}
        for row in all_rows:
            for rid in row.letters:
                index.setdefault(rid, []).append(row)
        _rows_index[:] = [all_rows, index]
    return _rows_index[1].get(role_id, [])


def role_view(pb: Playbook, role: Entity, all_rows: tuple[raci.Row, ...]) -> RoleView:
    reviews = _attendance(pb, role)
    letters = tuple((row, row.letters[role.id]) for row in _rows_of(all_rows, role.id))
    parts = _smf_parts(pb, role)
    groups = tuple(
        sorted(pb.referrers("role", role.id, by="role", field="includes/*"), key=lambda r: r.line)
    )

    # Terms to learn: the key terms of every review and SMF the role takes part in.
    places: dict[tuple[str, str], Entity] = {}
    for a in reviews:
        places[("review", a.review.id)] = a.review
    for row, _ in letters:
        places[(row.entity.kind, row.entity.id)] = row.entity
    for part in parts:
        places[("smf", part.smf.id)] = part.smf
    term_ids = {t for place in places.values() for t in place.key_terms or ()}
    terms = tuple(
        sorted(
            (pb.get("term", t) for t in term_ids if pb.find("term", t)),
            key=lambda t: t.name.casefold(),
        )
    )

    # Scenarios: those naming the role first, then those using its reviews or SMFs.
    direct = {s.id for s in pb.referrers("role", role.id, by="scenario")}
    scenarios = []
    users = {key: {s.id for s in pb.referrers(*key, by="scenario")} for key in places}
    for s in pb.all("scenario"):
        used = [place for key, place in places.items() if s.id in users[key]]
        if s.id in direct:
            scenarios.append((s, "names this role in its steps"))
        elif used:
            names = ", ".join(p.name for p in used[:3]) + (", …" if len(used) > 3 else "")
            scenarios.append((s, f"uses {names}"))
    scenarios.sort(key=lambda pair: pair[0].id not in direct)

    return RoleView(
        role=role,
        accountability=pb.find("accountability", role.accountability or ""),
        reviews=reviews,
        raci=letters,
        smf_parts=parts,
        maps_to=tuple(pb.get("role", r) for r in role.maps_to or ()),
        mapped_from=tuple(pb.referrers("role", role.id, by="role", field="maps_to/*")),
        includes=tuple(pb.get("role", r) for r in role.includes or ()),
        included_in=groups,
        terms=terms,
        scenarios=tuple(scenarios),
    )


def _accountability_smfs(pb: Playbook, acc: Entity) -> list[tuple[Entity, Record | None]]:
    """SMFs linked to an accountability by roles.yaml or by the SMF's own file, each once."""
    out: dict[str, tuple[Entity, Record | None]] = {}
    for link in acc.smfs or ():
        smf = pb.find("smf", link.smf)
        if smf:
            out[smf.id] = (smf, link)
    for smf in pb.referrers("accountability", acc.id, by="smf"):
        out.setdefault(smf.id, (smf, None))
    order = {s.id: i for i, s in enumerate(pb.smfs)}
    return sorted(out.values(), key=lambda pair: order.get(pair[0].id, 0))


def generate(pb: Playbook, site) -> list:
    """Add role, accountability and RACI pages (and CSVs) to the site; return their nav."""
    from .pages import entity_nav, nav_title

    all_rows = raci.rows(pb)
    roles = raci.role_order(pb)
    matrices = raci.matrices(pb)
    accountabilities = sorted(pb.all("accountability"), key=lambda a: a.line)  # as in roles.yaml

    for m in matrices:
        site.add(m.page, "raci-matrix.md.j2", pb=pb, matrix=m, word=raci.WORD_OF)
        site.files[m.csv_path] = raci.to_csv(m)
    site.add("raci/index.md", "raci-index.md.j2", pb=pb, matrices=matrices, legend=raci.RACI_LEGEND)

    from .orientation import path_page, path_roles  # imported here: orientation uses this module

    with_paths = {r.id for r in path_roles(pb)}
    for role in roles:
        site.add(
            role.page,
            "roles-role.md.j2",
            pb=pb,
            view=role_view(pb, role, all_rows),
            word=raci.WORD_OF,
            reading_page=path_page(role) if role.id in with_paths else None,
        )
    members = {a.id: [r for r in roles if r.accountability == a.id] for a in accountabilities}
    meeting = [r for r in roles if is_meeting_role(r)]
    for acc in accountabilities:
        site.add(
            acc.page,
            "roles-accountability.md.j2",
            pb=pb,
            acc=acc,
            members=members[acc.id],
            smfs=_accountability_smfs(pb, acc),
        )
    reviews_of = {r.id: [a.review for a in _attendance(pb, r)] for r in meeting}
    site.add(
        "roles/index.md",
        "roles-index.md.j2",
        pb=pb,
        accountabilities=accountabilities,
        members=members,
        meeting=meeting,
        reviews_of=reviews_of,
        matrices=matrices,
    )

    # Role pages sit under their accountability (or "Meeting roles") so no nav level grows long.
    nav: list = [
        {"Overview": "roles/index.md"},
        {
            "RACI matrices": [
                {"Overview": "raci/index.md"},
                *[{nav_title(m.title): m.page} for m in matrices],
            ]
        },
    ]
    for acc in accountabilities:
        nav.append({nav_title(acc.name): [{"Overview": acc.page}, *entity_nav(members[acc.id])]})
    if meeting:
        nav.append({"Meeting roles": entity_nav(meeting)})
    orphans = [r for r in roles if not is_meeting_role(r) and r.accountability not in members]
    if orphans:
        nav.append({"Other roles": entity_nav(orphans)})
    return nav
