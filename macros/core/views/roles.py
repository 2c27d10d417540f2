"""What a role's page lists, gathered from every data file that names the role: `role_view`.

Plain data, tested on its own; the role page, the reading path and the role booklet lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.model import Entity, Playbook, Record
from . import raci


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
    def summary_only(self) -> bool:
        """A role type the data knows by name only: no responsibilities, goal or part in an
        SMF (its page shows a "Summary only" badge)."""
        role = self.role
        return not self.meeting_role and not (
            role.responsibilities or role.goal or any(p.role_in_smf for p in self.smf_parts)
        )

    @property
    def letter_counts(self) -> tuple[tuple[str, int], ...]:
        """How many rows give the role each letter, in RACI order: (("R", 3), ("I", 1))."""
        held = [letter for _, letter in self.raci]
        return tuple(
            (letter, held.count(letter)) for _, letter, _ in raci.LETTERS if letter in held
        )


def is_meeting_role(role: Entity) -> bool:
    """A meeting role (the roles a review names) rather than a MOF role type (the role's own
    `kind` field; its entity kind is `entity_kind`)."""
    return role.kind == "meeting-role"


def attendance(pb: Playbook, role: Entity) -> tuple[Attendance, ...]:
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


def role_view(pb: Playbook, role: Entity, rows: raci.RowIndex | None = None) -> RoleView:
    """Everything a role's page lists. `rows` is the playbook's RACI row index (made here when
    not given: pass one when viewing many roles)."""
    rows = rows or raci.RowIndex.of(pb)
    reviews = attendance(pb, role)
    letters = tuple(
        (row, letter)
        for row in rows.of_role(role.id)
        for letter in raci.split(row.letters[role.id])
    )
    parts = _smf_parts(pb, role)
    groups = tuple(
        sorted(
            pb.referrers("role", role.id, by="role", field="includes/*"),
            key=lambda r: r.origin.line,
        )
    )

    # Terms to learn: the key terms of every review and SMF the role takes part in.
    places: dict[tuple[str, str], Entity] = {}
    for a in reviews:
        places[("review", a.review.id)] = a.review
    for row, _ in letters:
        places[(row.entity.entity_kind, row.entity.id)] = row.entity
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


def accountability_smfs(pb: Playbook, acc: Entity) -> list[tuple[Entity, Record | None]]:
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
