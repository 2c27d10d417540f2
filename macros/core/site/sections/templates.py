"""The Templates section: one page per template or worksheet, printable as a form."""

from __future__ import annotations

from ...views import related
from .. import paths
from ..page import INDEX_LIMIT, Section, entity_nav, pager, part_path, parts


def build(ctx) -> Section:
    pb = ctx.pb
    forms = pb.all("template")
    section = Section("Templates", [{"Overview": paths.TEMPLATES}, *entity_nav(forms)])
    for t in forms:
        section.pages.append(
            ctx.page(
                t.page,
                "template.md.j2",
                form=t,
                variants=related.template_variants(t),
                used_by=related.union(
                    pb,
                    "scenario",
                    [t.scenario, *(t.other_scenarios or ())],
                    pb.referrers("template", t.id, by="scenario"),
                ),
            )
        )
    section.pages += ctx.parts(  # the overview in parts, beyond INDEX_LIMIT
        paths.TEMPLATES,
        "templates-index.md.j2",
        parts(list(forms), INDEX_LIMIT),
        lambda n, chunk: {"templates": chunk},
        sources=related.first_sources(forms),
    )
    return section
