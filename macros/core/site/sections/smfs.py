"""The SMFs section: one page per service management function, grouped by phase in the nav."""

from __future__ import annotations

from ...views import related
from .. import paths
from ..page import INDEX_LIMIT, Section, entity_nav, nav_room, nav_title, pager, part_path, parts


def index_parts(pb) -> list[list]:
    """The SMFs of each part of the SMF overview, in lifecycle order (by phase)."""
    return parts(list(pb.smfs), INDEX_LIMIT)


def index_page_of(pb) -> dict[str, str]:
    """{SMF id: the part of the SMF overview that lists it}."""
    return {
        s.id: part_path(paths.SMFS, n) for n, chunk in enumerate(index_parts(pb), 1) for s in chunk
    }


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
    chunks = index_parts(pb)
    sources = related.first_sources(pb.smfs)

    def each(n: int, chunk: list) -> dict:
        ids = {s.id for s in chunk}
        groups = [(p, [s for s in pb.in_phase("smf", p.id) if s.id in ids]) for p in pb.phases]
        return {
            "groups": [(p, smfs) for p, smfs in groups if smfs],
            "detailed": [s for s in chunk if s.processes],
        }

    section.pages += ctx.parts(paths.SMFS, "smfs-index.md.j2", chunks, each, sources=sources)
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
