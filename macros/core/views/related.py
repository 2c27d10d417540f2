"""What an entity's page shows about other entities: derived from the model, so nothing is
typed twice (which reviews use an SMF, which scenarios use a template, an SMF's primary
accountability, a scenario's short label, a form's other wordings).
"""

from __future__ import annotations

from ..data.model import Entity, Playbook

SCENARIO_PREFIX = "We Need a Better Way to "


def union(pb: Playbook, kind: str, ids, referrers) -> tuple[Entity, ...]:
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
        "reviews": union(pb, "review", smf.reviews, pb.referrers("smf", smf.id, by="review")),
        "scenarios": union(
            pb, "scenario", smf.scenarios, pb.referrers("smf", smf.id, by="scenario")
        ),
        "templates": union(pb, "template", (), pb.referrers("smf", smf.id, by="template")),
        "related": union(
            pb,
            "smf",
            smf.related_smfs,
            [e for e in pb.referrers("smf", smf.id, by="smf") if e.id != smf.id],
        ),
        "focus_phases": [
            p for p in pb.phases if any(smf.id in row.smfs for row in p.manage_focus or ())
        ],
    }


def scenario_label(scenario: Entity) -> str:
    """A short nav label: '1. Reduce Costs in Service Management'."""
    rest = scenario.name.removeprefix(SCENARIO_PREFIX)
    return f"{scenario.number}. {rest[:1].upper()}{rest[1:]}"


def template_variants(template: Entity) -> list[tuple[str, object]]:
    """Other wordings the source prints for a form's columns, factors and formula, each with the
    label it belongs to (shown under the form, so the form itself stays one clean copy)."""
    lay = template.layout
    out: list[tuple[str, object]] = []
    if lay.kind == "grid":
        out += [(c.label, v) for c in lay.columns or () for v in c.variants or ()]
    if lay.kind == "scoring":
        out += [(f.label, v) for f in lay.factors or () for v in f.variants or ()]
        if lay.formula:
            # Labelled by the result, not the formula: the formula shows once, on the form.
            out += [(f"{lay.result.label} formula", v) for v in lay.formula.variants or ()]
    return out
