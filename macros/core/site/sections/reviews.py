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
    pager,
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
    chunks = index_parts(pb)
    for n, chunk in enumerate(chunks, 1):
        section.pages.append(
            ctx.page(
                part_path(paths.REVIEWS, n),
                "reviews-index.md.j2",
                reviews=chunk,
                part=n,
                parts=len(chunks),
                pager=pager(paths.REVIEWS, n, len(chunks)),
                checklists=pages,
                cycle=cycle.review_cycle(pb, lambda e: relative(e.page, paths.REVIEWS))
                if n == 1
                else None,
            )
        )
    lists = [local.with_local_items(pb, checklists.checklist(pb, review)) for review in pb.reviews]
    for cl in lists:
        page = pages[cl.review.id]
        section.pages.append(ctx.page(page, "checklist.md.j2", cl=cl, address=page_url(page)))
    booklets = parts(lists, BOOKLET_LIMIT)
    for n, part in enumerate(booklets, 1):
        path = part_path(paths.BOOKLET, n)
        section.pages.append(
            ctx.page(
                path,
                "checklist-booklet.md.j2",
                lists=part,
                every=lists if n == 1 else [],
                part=n,
                parts=len(booklets),
                pager=pager(paths.BOOKLET, n, len(booklets)),
                checklist_page=paths.checklist,
                address=page_url(path),
            )
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
