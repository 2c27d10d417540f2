"""The Scenarios section: the seven getting-started scenarios of the Getting Started job aid."""

from __future__ import annotations

from ...views import related
from .. import paths
from ..page import INDEX_LIMIT, Section, entity_nav, pager, part_path, parts

# The row labels of the Getting Started activity tables, as printed.
LEVELS = {
    "director-cio": "Service Management Director/CIO",
    "manager": "Service Management Manager",
    "individual-contributor": "Individual Contributor",
}


def build(ctx) -> Section:
    pb = ctx.pb
    scenarios = pb.all("scenario")  # by number (the kinds registry's order)
    section = Section(
        "Scenarios",
        [{"Overview": paths.SCENARIOS}, *entity_nav(scenarios, related.scenario_label)],
    )
    for sc in scenarios:
        section.pages.append(
            ctx.page(
                sc.page,
                "scenario.md.j2",
                scenario=sc,
                levels=LEVELS,
                templates=related.union(
                    pb, "template", sc.templates, pb.referrers("scenario", sc.id, by="template")
                ),
                smfs=related.union(pb, "smf", sc.smfs, ()),
                reviews=related.union(pb, "review", sc.reviews, ()),
            )
        )
    section.pages += ctx.parts(  # the overview in parts, beyond INDEX_LIMIT
        paths.SCENARIOS,
        "scenarios-index.md.j2",
        parts(list(scenarios), INDEX_LIMIT),
        lambda n, chunk: {"scenarios": chunk},
        sources=related.first_sources(scenarios),
    )
    return section
