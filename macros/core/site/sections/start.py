"""The Start section: the home page, the Start page, a reading path and a first-weeks sheet per
role, and the tag index."""

from __future__ import annotations

from ...views import glossary, reading
from .. import paths
from ..page import Section, nav_title
from ..render import page_url, relative
from ..svg import lifecycle


def build(ctx) -> Section:
    pb = ctx.pb
    roles = ctx.path_roles
    found = {r.id: reading.reading_path(pb, r, ctx.rows) for r in roles}
    groups = reading.role_groups(pb, roles)
    section = Section("Start", [])
    section.pages.append(
        ctx.page(
            paths.START,
            "start.md.j2",
            diagram=lifecycle.lifecycle_map(pb, lambda e: relative(e.page, paths.START)),
            groups=groups,
            paths=found,
            others=reading.OTHERS,
            path_page=paths.reading_path,
            reading_index=paths.READING_INDEX,
            tags_page=paths.TAGS,
        )
    )
    section.pages.append(
        ctx.page(
            paths.READING_INDEX,
            "reading-index.md.j2",
            groups=groups,
            paths=found,
            others=reading.OTHERS,
            path_page=paths.reading_path,
            sheet_page=paths.first_weeks,
        )
    )
    for role in roles:
        section.pages.append(
            ctx.page(
                paths.reading_path(role),
                "reading-path.md.j2",
                reading=found[role.id],
                sheet=paths.first_weeks(role),
                definition=glossary.definition,
                start=paths.START,
            )
        )
        section.pages.append(
            ctx.page(
                paths.first_weeks(role),
                "reading-sheet.md.j2",
                meta={"search": {"exclude": True}, "hide": ["navigation", "toc", "tags"]},
                reading=found[role.id],
                online=page_url(paths.reading_path(role)),
                start=paths.START,
            )
        )
    section.pages.append(ctx.page(paths.TAGS, "tags.md.j2"))
    by_group = [
        {
            nav_title(acc.name if acc else reading.OTHERS): [
                {nav_title(r.name): paths.reading_path(r)} for r in members
            ]
        }
        for acc, members in groups
    ]
    section.nav = [
        {"Home": paths.HOME},
        {"Start here": paths.START},
        {"Reading paths": [{"All reading paths": paths.READING_INDEX}, *by_group]},
        {"Browse by tag": paths.TAGS},
    ]
    return section
