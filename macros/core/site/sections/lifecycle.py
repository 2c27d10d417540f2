"""The Lifecycle section: the lifecycle map and one page per phase (and the Manage Layer)."""

from __future__ import annotations

from .. import paths
from ..page import Section, entity_nav
from ..render import relative
from ..svg import lifecycle

# Where the sources place reviews and SMFs in phases: the lifecycle overview's provenance (each
# SMF's and phase's own page names the rest).
OVERVIEW_SOURCES = (
    {"document": "management-reviews", "section": "Table 1. Management Reviews"},
    {"document": "deliver-phase-overview", "section": "Table 1. Deliver Phase SMFs"},
)


def build(ctx) -> Section:
    pb = ctx.pb
    section = Section("Lifecycle", [{"Overview": paths.LIFECYCLE}, *entity_nav(pb.phases)])
    for phase in pb.phases:
        section.pages.append(
            ctx.page(
                phase.page,
                "phase.md.j2",
                phase=phase,
                smfs=pb.in_phase("smf", phase.id),
                reviews=pb.in_phase("review", phase.id),
            )
        )
    section.pages.append(
        ctx.page(
            paths.LIFECYCLE,
            "lifecycle.md.j2",
            sources=OVERVIEW_SOURCES,
            diagram=lifecycle.lifecycle_map(pb, lambda e: relative(e.page, paths.LIFECYCLE)),
        )
    )
    return section
