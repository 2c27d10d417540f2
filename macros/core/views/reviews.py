"""What a review page leads with: its attendees, one entry per role (`attendees`).

The source names some roles in two of a review's attendee lists: Release Readiness has
"Program managers" among the people who own and drive it and "Program manager" among the
project team role types that "should also be represented" (both are role `program-manager`).
The data keeps both entries as printed, each with what it brings; the page shows the role once,
marked owner once, with both contributions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.model import Entity


@dataclass(frozen=True)
class Attendee:
    """One role at a review: `label` is how the review first names it, `brings` each distinct
    contribution the review gives it (source order), `groups` each attendee list that names it."""

    role: str  # role id
    label: str | None
    owner: bool
    brings: tuple[str, ...]
    groups: tuple[str, ...]


def attendees(review: Entity) -> tuple[Attendee, ...]:
    """The review's attendees, one per role, in the order the review first names each; owners
    (`review.owners`) that no attendee list names come first. Shape: tuple of Attendee."""
    owners = tuple(review.owners or ())
    order: list[str] = [o for o in owners if all(a.role != o for a in review.attendees or ())]
    label: dict[str, str | None] = {o: None for o in order}
    brings: dict[str, list[str]] = {o: [] for o in order}
    groups: dict[str, list[str]] = {o: ["owner"] for o in order}
    for at in review.attendees or ():
        if at.role not in label:
            order.append(at.role)
            label[at.role] = at.label
            brings[at.role] = []
            groups[at.role] = []
        if at.brings and at.brings not in brings[at.role]:
            brings[at.role].append(at.brings)
        group = at.group or "participant"
        if group not in groups[at.role]:
            groups[at.role].append(group)
    return tuple(
        Attendee(r, label[r], r in owners, tuple(brings[r]), tuple(groups[r])) for r in order
    )


def what_to_bring(review: Entity) -> tuple[str, ...]:
    """What to bring to the review, in the source's words, for the top of its page: the summary
    checklist's inputs, short names; where every one of them carries a note (the Service
    Alignment checklist prints the Operational Health inputs), the entries the review text lists
    under its key information instead. Shape: tuple of str (may be empty)."""
    listed = tuple(_with_items(i) for i in review.checklist.inputs or () if not i.note)
    if listed:
        return listed
    out: list[str] = []
    for entry in review.inputs or ():
        items = getattr(entry, "items", None) if not isinstance(entry, str) else None
        out += [i if isinstance(i, str) else i.text for i in items or ()]
    return tuple(out)


def _with_items(item) -> str:
    """An entry with its sub-entries on one line: "Plan for project coordination, including:
    a, b, c"."""
    subs = getattr(item, "items", None) or ()
    if not subs:
        return item.text
    return item.text + " " + ", ".join(_with_items(i).rstrip(".") for i in subs)
