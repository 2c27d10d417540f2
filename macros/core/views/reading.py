"""New-hire orientation: which roles get a reading path, and what a role reads first.

`reading_path` (plain data, tested on its own) is built from the same role view as the role
page (views.roles.role_view), so a path and a role page cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.model import Entity, Playbook
from . import raci, roles


@dataclass(frozen=True)
class Step:
    """One page to read: what it is for this role, and why it is on the path."""

    kind: str  # "Your role", "Review you own", ...
    entity: Entity
    why: str

    @property
    def page(self) -> str:
        return self.entity.page

    @property
    def label(self) -> str:
        """The name as the page's title says it: "Portfolio Management Review", "Deploy SMF"."""
        suffix = {"review": " Management Review", "smf": " SMF"}.get(self.entity.entity_kind, "")
        return self.entity.name + suffix


@dataclass(frozen=True)
class ReadingPath:
    role: Entity
    accountability: Entity | None
    steps: tuple[Step, ...]
    reviews: tuple[roles.Attendance, ...]
    smfs: tuple[tuple[Entity, str], ...]  # (SMF, the role's part in words)
    terms: tuple[Entity, ...]
    meet: tuple[Entity, ...]  # owners of the reviews the role attends (not the role itself)


def path_roles(pb: Playbook) -> list[Entity]:
    """Who gets a reading path: every role type, and every meeting role that owns a review
    without standing for a role type (the operations and customer-service managers own reviews,
    yet the sources list no role types for their accountabilities)."""
    owners = {o for r in pb.reviews for o in r.owners or ()}
    return [
        r
        for r in raci.role_order(pb)
        if r.kind == "role-type"
        or (roles.is_meeting_role(r) and r.id in owners and not (r.maps_to or ()))
    ]


def _smf_parts(pb: Playbook, view: roles.RoleView) -> tuple[tuple[Entity, str], ...]:
    """The role's SMFs in lifecycle order, with its part in words: what the SMF's roles table
    says, then how many of the SMF's RACI rows give it each letter."""
    parts: dict[str, list[str]] = {}
    letters: dict[str, list[str]] = {}
    for part in view.smf_parts:
        parts.setdefault(part.smf.id, []).extend(part.role_in_smf)
    for row, letter in view.raci:
        if row.entity.entity_kind == "smf":
            letters.setdefault(row.entity.id, []).append(letter)
    out = []
    for smf in pb.smfs:
        if smf.id not in parts and smf.id not in letters:
            continue
        words = "; ".join(dict.fromkeys(parts.get(smf.id, ())))
        held = letters.get(smf.id, [])
        counts = ", ".join(
            f"{raci.WORD_OF[letter]} ({held.count(letter)} "
            f"row{'s' if held.count(letter) != 1 else ''})"
            for _, letter, _ in raci.LETTERS
            if letter in held
        )
        text = " ".join(
            ([f"Your part: {words}."] if words else [])
            + ([f"In its RACI you are {counts}."] if counts else [])
        )
        out.append((smf, text))
    return tuple(out)


def _review_why(at: roles.Attendance) -> str:
    if at.owner:
        return "You own and drive this review."
    label = f"You attend as {at.label}." if at.label else "You attend this review."
    return f"{label} You bring: {at.brings}" if at.brings else label


def reading_path(pb: Playbook, role: Entity, rows: raci.RowIndex | None = None) -> ReadingPath:
    """The ordered pages a role reads first: its role page, its accountability, the reviews it
    owns, then those it attends, then its SMFs; and the key terms of those reviews and SMFs."""
    view = roles.role_view(pb, role, rows)
    steps = [Step("Your role", role, role.summary or "")]
    if view.accountability:
        steps.append(
            Step("Your accountability", view.accountability, view.accountability.summary or "")
        )
    reviews = sorted(view.reviews, key=lambda a: not a.owner)  # stable: lifecycle order kept
    for at in reviews:
        kind = "Review you own" if at.owner else "Review you attend"
        steps.append(Step(kind, at.review, _review_why(at)))
    smfs = _smf_parts(pb, view)
    for smf, part in smfs:
        steps.append(Step("Your SMF", smf, part or smf.summary or ""))
    meet: dict[str, Entity] = {}
    for at in reviews:
        for owner in at.review.owners or ():
            if owner != role.id:
                meet.setdefault(owner, pb.get("role", owner))
    return ReadingPath(
        role,
        view.accountability,
        tuple(steps),
        tuple(reviews),
        smfs,
        view.terms,
        tuple(meet.values()),
    )


def role_groups(pb: Playbook, holders: list[Entity]) -> list[tuple[Entity | None, list[Entity]]]:
    """Path roles grouped by accountability (in data order); roles without one come last."""
    groups = [
        (acc, [r for r in holders if r.accountability == acc.id])
        for acc in pb.all("accountability")
    ]
    others = [r for r in holders if not pb.find("accountability", r.accountability or "")]
    return [(acc, members) for acc, members in groups if members] + (
        [(None, others)] if others else []
    )


OTHERS = "Other review owners"  # the group of path roles that have no accountability
