"""The Start section: the home page, the Start page, a reading path and a first-weeks sheet per
role, and the tag index."""

from __future__ import annotations

from ...views import glossary, reading
from .. import paths
from ..page import INDEX_LIMIT, Section, nav_room, nav_title, pager, part_path, parts
from ..render import page_url, relative
from ..svg import lifecycle


# The Start page shows at most this many role cards a group (the MOF data's largest has 9);
# beyond, it links to the reading paths index, whose parts list every role.
CARD_LIMIT = 12


def reading_parts(groups: list) -> list[list]:
    """The reading paths index in parts of INDEX_LIMIT roles: each part [(accountability or
    None, [role])], the groups in order, a group cut where a part ends."""
    flat = [(acc, role) for acc, members in groups for role in members]
    out = []
    for chunk in parts(flat, INDEX_LIMIT):
        part: list = []
        for acc, role in chunk:
            if part and part[-1][0] is acc:
                part[-1][1].append(role)
            else:
                part.append((acc, [role]))
        out.append(part)
    return out


def build(ctx) -> Section:
    pb = ctx.pb
    roles = ctx.path_roles
    found = {r.id: reading.reading_path(pb, r, ctx.rows) for r in roles}
    groups = reading.role_groups(pb, roles)
    section = Section("Start", [])
    chunks = reading_parts(groups)
    index_of = {
        role.id: part_path(paths.READING_INDEX, n)
        for n, chunk in enumerate(chunks, 1)
        for _, members in chunk
        for role in members
    }
    section.pages.append(
        ctx.page(
            paths.START,
            "start.md.j2",
            diagram=lifecycle.lifecycle_map(pb, lambda e: relative(e.page, paths.START)),
            groups=[(acc, members[:CARD_LIMIT]) for acc, members in groups],
            more={
                (acc.id if acc else ""): (len(members) - CARD_LIMIT, index_of[members[CARD_LIMIT].id])
                for acc, members in groups
                if len(members) > CARD_LIMIT
            },
            paths=found,
            others=reading.OTHERS,
            path_page=paths.reading_path,
            reading_index=paths.READING_INDEX,
            tags_page=paths.TAGS,
        )
    )
    section.pages += ctx.parts(
        paths.READING_INDEX,
        "reading-index.md.j2",
        chunks,
        lambda n, chunk: {"groups": chunk},
        paths=found,
        others=reading.OTHERS,
        path_page=paths.reading_path,
        sheet_page=paths.first_weeks,
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
    section.pages.append(ctx.page(
            paths.TAGS,
            "tags.md.j2",
            tagged=bool(ctx.tags),
            overviews={"reviews": paths.REVIEWS, "SMFs": paths.SMFS, "roles": paths.ROLES},
        ))
    by_group = [
        {
            nav_title(acc.name if acc else reading.OTHERS): [
                {nav_title(r.name): paths.reading_path(r)} for r in members
            ]
        }
        for acc, members in groups
    ] if nav_room(roles) else []  # beyond NAV_LIMIT, the index lists the reading paths
    section.nav = [
        {"Home": paths.HOME},
        {"Start here": paths.START},
        {"Reading paths": [{"All reading paths": paths.READING_INDEX}, *by_group]},
        {"Browse by tag": paths.TAGS},
    ]
    return section
