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
    smfs: tuple[SmfPart, ...]  # own work (R or A) first; each unpacks as (SMF, part)
    terms: tuple[Entity, ...]
    meet: tuple[Entity, ...]  # owners of the reviews the role attends (not the role itself)

    @property
    def weeks(self) -> tuple[Block, ...]:
        """The first weeks, block by block (see `schedule`)."""
        return schedule(self)


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


# How the RACI letters read in a sentence: "you are responsible (3 rows)".
_LETTER_PHRASE = {"R": "responsible", "A": "accountable", "C": "consulted", "I": "informed"}
OWN_LETTERS = frozenset("RA")  # an SMF is the reader's own work where they are R or A


@dataclass(frozen=True)
class SmfPart:
    """A role's SMF on its reading path: `part` in sentences, `own` when the role is R or A in
    one of its RACI rows (the reader's own work, read first)."""

    smf: Entity
    part: str
    own: bool

    def __iter__(self):  # (smf, part): the shape templates unpack
        return iter((self.smf, self.part))


@dataclass(frozen=True)
class Block:
    """A stretch of the first weeks: `first`..`last` (1-based, inclusive), never overlapping
    the next block."""

    key: str  # "basics", "reviews", "smfs"
    title: str
    first: int
    last: int

    @property
    def weeks(self) -> str:
        """ "Week 2" or "Weeks 2 to 3"."""
        if self.first == self.last:
            return f"Week {self.first}"
        return f"Weeks {self.first} to {self.last}"


PAGES_A_WEEK = 3  # how many review or SMF pages a new hire reads, and meets, in a week


def _rows(n: int) -> str:
    return f"{n} row{'s' if n != 1 else ''}"


def _smf_parts(pb: Playbook, view: roles.RoleView) -> tuple[SmfPart, ...]:
    """The role's SMFs, own work (R or A) first, each group in lifecycle order, with its part
    in sentences: what the SMF's roles table says, then its RACI letters."""
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
        words = list(dict.fromkeys(parts.get(smf.id, ())))
        held = letters.get(smf.id, [])
        counts = [
            f"{_LETTER_PHRASE[letter]} ({_rows(held.count(letter))})"
            for _, letter, _ in raci.LETTERS
            if letter in held
        ]
        sentences = []
        if words:
            quoted = "; ".join(w.rstrip(".") for w in words)
            sentences.append(f"The SMF describes your part: \u201c{quoted}.\u201d")
        if counts:
            listed = ", ".join(counts[:-1]) + (" and " if len(counts) > 1 else "") + counts[-1]
            sentences.append(f"In its RACI you are {listed}.")
        out.append(SmfPart(smf, " ".join(sentences), bool(OWN_LETTERS & set(held))))
    return tuple(sorted(out, key=lambda p: not p.own))  # stable: lifecycle order kept


def _review_why(at: roles.Attendance) -> str:
    if at.owner:
        return "You own and drive this review."
    said = (
        f"You attend this review, which names you \u201c{at.label}\u201d."
        if at.label
        else ("You attend this review.")
    )
    if at.brings:
        said += f" What you bring, in its words: \u201c{at.brings}\u201d"
    return said


def schedule(path: ReadingPath) -> tuple[Block, ...]:
    """The first weeks of a path, one block after another: the basics in week 1, then the
    reviews, then the SMFs, each taking a week for every PAGES_A_WEEK pages (at least one);
    a block with nothing to read is left out. Shape: tuple of Block, weeks never overlapping."""
    blocks = [Block("basics", "the basics", 1, 1)]
    for key, title, n in (
        ("reviews", "your management reviews", len(path.reviews)),
        ("smfs", "your SMFs", len(path.smfs)),
    ):
        if n:
            first = blocks[-1].last + 1
            blocks.append(Block(key, title, first, first + -(-n // PAGES_A_WEEK) - 1))
    return tuple(blocks)


def reading_path(pb: Playbook, role: Entity, rows: raci.RowIndex | None = None) -> ReadingPath:
    """The ordered pages a role reads first: its role page and accountability, then its own
    work (the reviews it owns, the SMFs where it is R or A), then the reviews it attends and the
    SMFs it is consulted on or informed of; and the key terms of those reviews and SMFs."""
    view = roles.role_view(pb, role, rows)
    steps = [Step("Your role", role, role.summary or "")]
    if view.accountability:
        steps.append(
            Step("Your accountability", view.accountability, view.accountability.summary or "")
        )
    reviews = sorted(view.reviews, key=lambda a: not a.owner)  # stable: lifecycle order kept
    smfs = _smf_parts(pb, view)
    owned = [Step("Review you own", at.review, _review_why(at)) for at in reviews if at.owner]
    own_smfs = [Step("Your SMF", p.smf, p.part or p.smf.summary or "") for p in smfs if p.own]
    attended = [
        Step("Review you attend", at.review, _review_why(at)) for at in reviews if not at.owner
    ]
    other_smfs = [
        Step("SMF you support", p.smf, p.part or p.smf.summary or "") for p in smfs if not p.own
    ]
    steps += owned + own_smfs + attended + other_smfs
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
