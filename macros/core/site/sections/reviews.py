"""The Reviews section: the review cycle, one page per management review, and the meeting
checklists (one per review, and a booklet of all of them)."""

from __future__ import annotations

from ...views import checklists, local, reviews
from .. import paths
from ..page import (
    INDEX_LIMIT,
    Section,
    entity_nav,
    nav_room,
    nav_title,
    part_path,
    parts,
)
from ..render import page_url, relative
from ..svg import cycle

# The booklet prints every checklist, each from a new sheet: in parts of at most this many
# checklists (up to 16 sheets a part), so that its page does not grow with the reviews.
BOOKLET_LIMIT = 8


def index_parts(pb) -> list[list]:
    """The reviews of each part of the reviews overview, in lifecycle order."""
    return parts(list(pb.reviews), INDEX_LIMIT)


def index_page_of(pb) -> dict[str, str]:
    """{review id: the part of the reviews overview that lists it}."""
    return {
        r.id: part_path(paths.REVIEWS, n)
        for n, chunk in enumerate(index_parts(pb), 1)
        for r in chunk
    }


def build(ctx) -> Section:
    pb = ctx.pb
    pages = {r.id: paths.checklist(r) for r in pb.reviews}
    section = Section("Reviews", [])
    for review in pb.reviews:
        section.pages.append(
            ctx.page(
                review.page,
                "review.md.j2",
                review=review,
                checklist_page=pages[review.id],
                attendees=reviews.attendees(review),
                bring=reviews.what_to_bring(review),
            )
        )
    section.pages += ctx.parts(
        paths.REVIEWS,
        "reviews-index.md.j2",
        index_parts(pb),
        lambda n, chunk: {
            "reviews": chunk,
            "cycle": cycle.review_cycle(pb, lambda e: relative(e.page, paths.REVIEWS))
            if n == 1
            else None,
        },
        checklists=pages,
    )
    lists = [local.with_local_items(pb, checklists.checklist(pb, review)) for review in pb.reviews]
    for cl in lists:
        page = pages[cl.review.id]
        section.pages.append(ctx.page(page, "checklist.md.j2", cl=cl, address=page_url(page)))
    section.pages += ctx.parts(
        paths.BOOKLET,
        "checklist-booklet.md.j2",
        parts(lists, BOOKLET_LIMIT),
        lambda n, chunk: {
            "lists": chunk,
            "every": lists if n == 1 else [],
            "address": page_url(part_path(paths.BOOKLET, n)),
        },
        checklist_page=paths.checklist,
    )
    room = nav_room(pb.reviews, lists)  # beyond NAV_LIMIT, the overview lists the reviews
    section.nav = [
        {"Overview": paths.REVIEWS},
        *entity_nav(pb.reviews, limit=room),
        {
            "Checklists": [
                {"All checklists (booklet)": paths.BOOKLET},
                *(
                    {nav_title(cl.review.name): pages[cl.review.id]}
                    for cl in (lists if room else ())
                ),
            ]
        },
    ]
    return section
