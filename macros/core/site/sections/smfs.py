"""The SMFs section: one page per service management function, grouped by phase in the nav."""

from __future__ import annotations

from ...views import related
from .. import paths
from ..page import Section, entity_nav, nav_room, nav_title


def _nav_label(smf) -> str:
    """An SMF's nav entry: the two the playbook details in full say so (the others are a
    summary, marked on their pages and the SMF overview)."""
    return f"{smf.name} (detailed)" if smf.processes else smf.name


def build(ctx) -> Section:
    pb = ctx.pb
    section = Section("SMFs", [])
    for smf in pb.smfs:
        section.pages.append(
            ctx.page(smf.page, "smf.md.j2", smf=smf, **related.smf_context(pb, smf))
        )
    section.pages.append(
        ctx.page(paths.SMFS, "smfs-index.md.j2", sources=related.first_sources(pb.smfs))
    )
    room = nav_room(pb.smfs)  # beyond NAV_LIMIT SMFs, the overview lists them
    groups = [entity_nav(pb.in_phase("smf", p.id), label=_nav_label, limit=room) for p in pb.phases]
    section.nav = [
        {"Overview": paths.SMFS},
        *(
            {nav_title(p.name): entries}
            for p, entries in zip(pb.phases, groups, strict=True)
            if entries
        ),
    ]
    return section
