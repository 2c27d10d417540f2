"""The Lifecycle section: the lifecycle map and one page per phase (and the Manage Layer)."""

from __future__ import annotations

from .. import paths
from ..page import INDEX_LIMIT, Section, entity_nav, left_out
from ..render import relative
from ..svg import lifecycle
from . import reviews as reviews_section
from . import smfs as smfs_section

# Where the sources place reviews and SMFs in phases: the lifecycle overview's provenance (each
# SMF's and phase's own page names the rest).
OVERVIEW_SOURCES = (
    {"document": "management-reviews", "section": "Table 1. Management Reviews"},
    {"document": "deliver-phase-overview", "section": "Table 1. Deliver Phase SMFs"},
)


def build(ctx) -> Section:
    pb = ctx.pb
    section = Section("Lifecycle", [{"Overview": paths.LIFECYCLE}, *entity_nav(pb.phases)])
    smf_part = smfs_section.index_page_of(pb)
    review_part = reviews_section.index_page_of(pb)
    for phase in pb.phases:
        smfs = pb.in_phase("smf", phase.id)
        reviews = pb.in_phase("review", phase.id)
        # A phase page lists INDEX_LIMIT SMFs and reviews; the overviews' parts list the rest.
        section.pages.append(
            ctx.page(
                phase.page,
                "phase.md.j2",
                phase=phase,
                smfs=smfs[:INDEX_LIMIT],
                reviews=reviews[:INDEX_LIMIT],
                more_smfs=left_out(smfs, smf_part, INDEX_LIMIT),
                more_reviews=left_out(reviews, review_part, INDEX_LIMIT),
                glance=lifecycle.MAP_EACH,
            )
        )
    section.pages.append(
        ctx.page(
            paths.LIFECYCLE,
            "lifecycle.md.j2",
            limit=lifecycle.MAP_EACH,
            sources=OVERVIEW_SOURCES,
            diagram=lifecycle.lifecycle_map(pb, lambda e: relative(e.page, paths.LIFECYCLE)),
        )
    )
    return section
