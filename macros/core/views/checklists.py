"""Meeting checklists: one printable, tickable page per review, and a booklet of all of them.

The view built here is what the templates (checklist*.j2) and the script
(theme/assets/javascripts/checklist.js) agree on. Every tickable box carries a key made of the
review id and the item id from the data, never its position in a list: browsers save ticks
under that key, so reordering or inserting items in the YAML keeps each tick on its item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..data.model import Entity, Playbook

CATEGORIES = (
    ("people", "People"),
    ("inputs", "Inputs"),
    ("analysis", "Analysis"),
    ("outputs", "Outputs"),
)
BLANK_ACTION_ROWS = 4  # printed blank for handwriting; the script adds more on screen


def slug(text: str) -> str:
    """ASCII words of `text` joined by hyphens (views/local.py names calendar domains with it).
    Never an id or value of a checklist option: those come from ids in the data."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def title(review: Entity) -> str:
    """The checklist's heading; the booklet uses the same words so a reader finds each review."""
    return f"{review.name} Management Review: meeting checklist"


@dataclass(frozen=True)
class Box:
    """One tickable entry. `key` is what the browser stores; `dom_id` is unique on any page."""

    id: str
    key: str
    dom_id: str
    text: str
    note: str | None
    children: tuple[Box, ...] = ()
    local: bool = False  # the organisation's own item (views/local.py), shown marked "Local"


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    intro: str | None
    boxes: tuple[Box, ...]


@dataclass(frozen=True)
class IndicatorRow:
    element: str
    go: tuple[Box, ...]
    no_go: tuple[Box, ...]
    local: bool = False  # a row the organisation added (views/local.py), marked "Local"


@dataclass(frozen=True)
class IndicatorTable:
    id: str
    caption: str
    note: str | None
    rows: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class Choice:
    """A decision option. `value` is stable for any wording: the option id, or
    '<option id>/<sub-option id>' (ids from the data, never slugs of the text)."""

    value: str
    dom_id: str
    label: str
    children: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Checklist:
    review: Entity
    title: str
    prefix: str  # every DOM id of this checklist starts with it (unique within the booklet)
    groups: tuple[Group, ...]
    indicators: tuple[IndicatorTable, ...]
    decision: tuple[Choice, ...]
    source: str
    total: int  # boxes counted by the progress "n of m": checklist items and indicators
    action_rows: int = BLANK_ACTION_ROWS
    decided_per: str | None = None  # e.g. "Proposal": one decision per row, not per meeting
    voting: bool = False  # the review has voting logic: record a tally per option
    source_notes: tuple[str, ...] = ()  # screen-only: item notes, go/no-go variants; never printed
    proposal_rows: int = 3  # blank decision rows printed when decided_per is set
    local: int = 0  # boxes the organisation added (views/local.py): the page explains the badge


def _box(review_id: str, item) -> Box:
    return Box(
        id=item.id,
        key=f"{review_id}:{item.id}",
        dom_id=f"cl-{review_id}--item--{item.id}",
        text=item.text,
        note=item.note,
        # Sub-entries are plain items (no deeper level).
        children=tuple(_box(review_id, child) for child in getattr(item, "items", None) or ()),
    )


def _walk(boxes):
    for b in boxes:
        yield b
        yield from _walk(b.children)


def _count(boxes) -> int:
    return sum(1 + _count(b.children) for b in boxes)


def _choices(review: Entity) -> tuple[Choice, ...]:
    options = review.decision_options.options if review.decision_options else ()
    prefix = f"cl-{review.id}--decision--"
    out = []
    for opt in options:
        subs = tuple(
            Choice(
                value=f"{opt.id}/{sub.id}", dom_id=f"{prefix}{opt.id}--{sub.id}", label=sub.label
            )
            for sub in opt.sub_options or ()
        )
        out.append(Choice(value=opt.id, dom_id=f"{prefix}{opt.id}", label=opt.label, children=subs))
    return tuple(out)


def _document(pb: Playbook, source) -> str:
    return f"{pb.get('document', source.document).name}, {source.section}"


def checklist(pb: Playbook, review: Entity) -> Checklist:
    data = review.checklist
    intros = data.intros
    groups = tuple(
        Group(
            key,
            label,
            getattr(intros, key) if intros else None,
            tuple(_box(review.id, item) for item in getattr(data, key)),
        )
        for key, label in CATEGORIES
    )
    tables = tuple(
        IndicatorTable(
            id=table.id,
            caption=_document(pb, table.source),
            note=table.note,
            rows=tuple(
                IndicatorRow(
                    row.element,
                    tuple(_box(review.id, i) for i in row.go),
                    tuple(_box(review.id, i) for i in row.no_go),
                )
                for row in table.rows
            ),
        )
        for table in review.go_no_go or ()
        if not table.variant_of  # validation keeps this to one table
    )
    notes = tuple(f"{t.caption}: {t.note}" for t in tables if t.note)
    # Editor's notes on single items: in "Source and notes", never beside the item.
    boxes = [b for g in groups for b in _walk(g.boxes)] + [
        b for t in tables for r in t.rows for b in _walk(r.go + r.no_go)
    ]
    items = ((data.note,) if data.note else ()) + tuple(
        f"{b.text}: {b.note}" for b in boxes if b.note and not b.local
    )
    variants = (
        items
        + notes
        + tuple(
            f"{_document(pb, t.source)} restates the go/no-go indicators of "
            f"{next(_document(pb, m.source) for m in review.go_no_go if m.id == t.variant_of)}"
            + (f": {t.note}" if t.note else ".")
            for t in review.go_no_go or ()
            if t.variant_of
        )
    )
    options = review.decision_options
    return Checklist(
        review=review,
        title=title(review),
        prefix=f"cl-{review.id}--",
        groups=groups,
        indicators=tables,
        decision=_choices(review),
        source=_document(pb, data.source),
        total=sum(_count(g.boxes) for g in groups)
        + sum(_count(r.go) + _count(r.no_go) for t in tables for r in t.rows),
        decided_per=options.decided_per if options else None,
        voting=bool(options and options.voting_logic),
        source_notes=variants,
    )
