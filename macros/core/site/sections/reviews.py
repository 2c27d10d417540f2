"""The Reviews section: the review cycle, one page per management review, and the meeting
checklists (one per review, and a booklet of all of them)."""

from __future__ import annotations

from ...views import checklists, local, reviews
from .. import paths
from ..page import Section, entity_nav, nav_title
from ..render import page_url, relative
from ..svg import cycle


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
    section.pages.append(
        ctx.page(
            paths.REVIEWS,
            "reviews-index.md.j2",
            checklists=pages,
            cycle=cycle.review_cycle(pb, lambda e: relative(e.page, paths.REVIEWS)),
        )
    )
    lists = [local.with_local_items(pb, checklists.checklist(pb, review)) for review in pb.reviews]
    for cl in lists:
        page = pages[cl.review.id]
        section.pages.append(ctx.page(page, "checklist.md.j2", cl=cl, address=page_url(page)))
    section.pages.append(
        ctx.page(
            paths.BOOKLET,
            "checklist-booklet.md.j2",
            lists=lists,
            checklist_page=paths.checklist,
            address=page_url(paths.BOOKLET),
        )
    )
    section.nav = [
        {"Overview": paths.REVIEWS},
        *entity_nav(pb.reviews),
        {
            "Checklists": [
                {"All checklists (booklet)": paths.BOOKLET},
                *({nav_title(cl.review.name): pages[cl.review.id]} for cl in lists),
            ]
        },
    ]
    return section
