"""Meeting checklists: one printable, tickable page per review, and a booklet of all of them.

The view built here is what the templates (checklist*.j2) and the script
(theme/assets/javascripts/checklist.js) agree on. Every tickable box carries a key made of the
review id and the item id from the data, never its position in a list: browsers save ticks
under that key, so reordering or inserting items in the YAML keeps each tick on its item.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape as html_escape

from .model import Entity, Playbook
from .render import page_url, slug

CATEGORIES = (
    ("people", "People"),
    ("inputs", "Inputs"),
    ("analysis", "Analysis"),
    ("outputs", "Outputs"),
)
BOOKLET = "checklists/index.md"
BLANK_ACTION_ROWS = 4  # printed blank for handwriting; the script adds more on screen


def page_path(review: Entity) -> str:
    return f"checklists/{review.id}.md"


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


@dataclass(frozen=True)
class IndicatorTable:
    id: str
    caption: str
    note: str | None
    rows: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class Choice:
    """A decision radio button; `value` is stable: the option id, or option id / sub-option slug."""

    value: str
    dom_id: str
    label: str
    children: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Checklist:
    review: Entity
    page: str  # its own docs page
    title: str
    prefix: str  # every DOM id of this checklist starts with it (unique within the booklet)
    groups: tuple[Group, ...]
    indicators: tuple[IndicatorTable, ...]
    decision: tuple[Choice, ...]
    source: str
    total: int  # boxes counted by the progress "n of m" (checklist items, not indicators)
    action_rows: int = BLANK_ACTION_ROWS


def _box(review_id: str, item) -> Box:
    return Box(
        id=item.id,
        key=f"{review_id}:{item.id}",
        dom_id=f"cl-{review_id}--item--{item.id}",
        text=item.text,
        note=item.note,
        # Record is a Mapping, so `item.items` is the method: read the field by key.
        children=tuple(_box(review_id, child) for child in item.get("items") or ()),
    )


def _count(boxes) -> int:
    return sum(1 + _count(b.children) for b in boxes)


def _choices(review: Entity) -> tuple[Choice, ...]:
    options = review.decision_options.options if review.decision_options else ()
    prefix = f"cl-{review.id}--decision--"
    out = []
    for opt in options:
        subs = tuple(
            Choice(
                value=f"{opt.id}/{slug(sub)}", dom_id=f"{prefix}{opt.id}--{slug(sub)}", label=sub
            )
            for sub in opt.sub_options or ()
        )
        out.append(Choice(value=opt.id, dom_id=f"{prefix}{opt.id}", label=opt.label, children=subs))
    return tuple(out)


def _document(pb: Playbook, source) -> str:
    return f"{pb.get('document', source.document).name}, {source.section}"


def checklist(pb: Playbook, review: Entity) -> Checklist:
    data = review.checklist
    intros = data.intros or {}
    groups = tuple(
        Group(key, label, intros.get(key), tuple(_box(review.id, item) for item in data[key]))
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
    )
    return Checklist(
        review=review,
        page=page_path(review),
        title=title(review),
        prefix=f"cl-{review.id}--",
        groups=groups,
        indicators=tables,
        decision=_choices(review),
        source=_document(pb, data.source),
        total=sum(_count(g.boxes) for g in groups),
    )


def checklist_pages(pb: Playbook, site) -> list:
    """Add a page per review and the booklet to `site`; return their nav entries."""
    lists = [checklist(pb, review) for review in pb.reviews]
    for cl in lists:
        site.add(cl.page, "checklist.md.j2", pb=pb, cl=cl, address=page_url(cl.page))
    site.add(BOOKLET, "checklist-booklet.md.j2", pb=pb, lists=lists, address=page_url(BOOKLET))
    # Nav titles are inserted into HTML unescaped by the theme.
    return [
        {"All checklists (booklet)": BOOKLET},
        *({html_escape(cl.review.name, quote=True): cl.page} for cl in lists),
    ]
