"""Pages for the rest of MOF: one per SMF, phase, scenario and template, plus their overviews.

Each `*_pages(pb, site)` function adds its pages to `site` and returns its nav entries, the way
`pages.review_pages` does. What a page shows that is not a field of its own file (which reviews
use an SMF, which SMFs a phase holds) is derived here from the model, so nothing is typed twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import svg_lifecycle
from .model import Entity, Playbook
from .render import relative

if TYPE_CHECKING:  # pages imports this module; import its types only for checkers
    from .pages import Site

# The row labels of the Getting Started activity tables, as printed.
LEVELS = {
    "director-cio": "Service Management Director/CIO",
    "manager": "Service Management Manager",
    "individual-contributor": "Individual Contributor",
}
SCENARIO_PREFIX = "We Need a Better Way to "
# Where the sources place reviews and SMFs in phases: the lifecycle overview's provenance (each
# SMF's and phase's own page names the rest).
OVERVIEW_SOURCES = (
    {"document": "management-reviews", "section": "Table 1. Management Reviews"},
    {"document": "deliver-phase-overview", "section": "Table 1. Deliver Phase SMFs"},
)


def _union(pb: Playbook, kind: str, ids, referrers) -> tuple[Entity, ...]:
    """Entities named in a field plus those found by back-reference, each once, field order
    first, then the model's order (lifecycle order for reviews and SMFs)."""
    seen: dict[str, Entity] = {}
    for id_ in ids or ():
        seen.setdefault(id_, pb.get(kind, id_))
    order = {id_: i for i, id_ in enumerate(pb.by_kind.get(kind, {}))}
    for e in sorted(referrers, key=lambda e: order[e.id]):
        seen.setdefault(e.id, e)
    return tuple(seen.values())


def first_sources(entities) -> list:
    """Each entity's first (main) source, each once: the provenance of an overview page."""
    seen = {}
    for e in entities:
        src = e.source[0]
        seen.setdefault((src.document, src.section), src)
    return list(seen.values())


def primary_accountability(pb: Playbook, smf: Entity) -> Entity | None:
    """The SMF's primary accountability: as its own file says, else as data/roles.yaml says."""
    for acc in smf.accountabilities or ():
        if acc.primary:
            return pb.get("accountability", acc.accountability)
    for acc in pb.all("accountability"):
        if any(link.smf == smf.id and link.primary for link in acc.smfs or ()):
            return acc
    return None


def smf_context(pb: Playbook, smf: Entity) -> dict:
    """Everything an SMF page shows beyond its own fields."""
    return {
        "phase": pb.get("phase", smf.phase),
        "primary": primary_accountability(pb, smf),
        "reviews": _union(pb, "review", smf.reviews, pb.referrers("smf", smf.id, by="review")),
        "scenarios": _union(
            pb, "scenario", smf.scenarios, pb.referrers("smf", smf.id, by="scenario")
        ),
        "templates": _union(pb, "template", (), pb.referrers("smf", smf.id, by="template")),
        "related": _union(
            pb,
            "smf",
            smf.related_smfs,
            [e for e in pb.referrers("smf", smf.id, by="smf") if e.id != smf.id],
        ),
        "focus_phases": [
            p for p in pb.phases if any(smf.id in row.smfs for row in p.manage_focus or ())
        ],
    }


def smf_pages(pb: Playbook, site: Site) -> list:
    from .pages import entity_nav, nav_title

    for smf in pb.smfs:
        site.add(smf.page, "smf.md.j2", pb=pb, smf=smf, **smf_context(pb, smf))
    site.add("smfs/index.md", "smfs-index.md.j2", pb=pb, sources=first_sources(pb.smfs))
    groups = [
        {nav_title(p.name): entity_nav(pb.in_phase("smf", p.id))}
        for p in pb.phases
        if pb.in_phase("smf", p.id)
    ]
    return [{"Overview": "smfs/index.md"}, *groups]


def phase_pages(pb: Playbook, site: Site) -> list:
    from .pages import entity_nav

    for phase in pb.phases:
        site.add(
            phase.page,
            "phase.md.j2",
            pb=pb,
            phase=phase,
            smfs=pb.in_phase("smf", phase.id),
            reviews=pb.in_phase("review", phase.id),
        )
    overview = "phases/index.md"
    site.add(
        overview,
        "lifecycle.md.j2",
        pb=pb,
        sources=OVERVIEW_SOURCES,
        diagram=svg_lifecycle.lifecycle_map(pb, lambda e: relative(e.page, overview)),
    )
    return [{"Overview": overview}, *entity_nav(pb.phases)]


def scenario_label(scenario: Entity) -> str:
    """A short nav label: '1. Reduce Costs in Service Management'."""
    rest = scenario.name.removeprefix(SCENARIO_PREFIX)
    return f"{scenario.number}. {rest[:1].upper()}{rest[1:]}"


def scenario_pages(pb: Playbook, site: Site) -> list:
    from .pages import entity_nav

    scenarios = sorted(pb.all("scenario"), key=lambda s: s.number)
    for sc in scenarios:
        site.add(
            sc.page,
            "scenario.md.j2",
            pb=pb,
            scenario=sc,
            levels=LEVELS,
            templates=_union(
                pb, "template", sc.templates, pb.referrers("scenario", sc.id, by="template")
            ),
            smfs=_union(pb, "smf", sc.smfs, ()),
            reviews=_union(pb, "review", sc.reviews, ()),
        )
    site.add(
        "scenarios/index.md",
        "scenarios-index.md.j2",
        pb=pb,
        scenarios=scenarios,
        sources=first_sources(scenarios),
    )
    return [{"Overview": "scenarios/index.md"}, *entity_nav(scenarios, scenario_label)]


def template_variants(template: Entity) -> list[tuple[str, object]]:
    """Other wordings the source prints for a form's columns, factors and formula, each with the
    label it belongs to (shown under the form, so the form itself stays one clean copy)."""
    lay = template.layout
    out = [(c.label, v) for c in lay.columns or () for v in c.variants or ()]
    out += [(f.label, v) for f in lay.factors or () for v in f.variants or ()]
    if lay.formula:
        out += [(lay.formula.text, v) for v in lay.formula.variants or ()]
    return out


def template_pages(pb: Playbook, site: Site) -> list:
    from .pages import entity_nav

    templates = pb.all("template")
    for t in templates:
        site.add(
            t.page,
            "template.md.j2",
            pb=pb,
            form=t,
            variants=template_variants(t),
            used_by=_union(
                pb,
                "scenario",
                [t.scenario, *(t.other_scenarios or ())],
                pb.referrers("template", t.id, by="scenario"),
            ),
        )
    site.add(
        "templates/index.md",
        "templates-index.md.j2",
        pb=pb,
        templates=templates,
        sources=first_sources(templates),
    )
    return [{"Overview": "templates/index.md"}, *entity_nav(templates)]
