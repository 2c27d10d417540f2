"""The Roles and RACI section: the RACI matrices (each with a CSV and an Excel workbook, plus one
workbook of every matrix), one page per role type, meeting role and accountability, each role's
printable booklet (outside the nav), and the roles overview."""

from __future__ import annotations

from ...views import booklet, checklists, raci, roles
from .. import paths, xlsx
from ..page import (
    INDEX_LIMIT,
    Section,
    entity_nav,
    left_out,
    nav_group,
    nav_room,
    nav_title,
    pager,
    part_path,
    parts,
)
from ..render import page_url
from . import smfs as smfs_section


OVERVIEW = "raci/smf-overview.md"
MEETING = "roles/meeting-roles.md"  # the meeting roles in parts, beyond INDEX_LIMIT
OVERVIEW_ROWS = 40  # SMFs on one page of the overview: more come in parts
MATRIX_META = {"hide": ["toc"]}  # the matrix takes the width of the empty contents column


def filter_groups(pb, matrix: raci.Matrix) -> list[tuple[str, list[tuple[str, str]]]]:
    """The "Show one role" list of a matrix: its roles grouped by accountability (in the order
    of the accountabilities), then meeting roles, then any other; by name within a group."""
    accountabilities = sorted(pb.all("accountability"), key=lambda a: a.origin.line)
    names = {a.id: a.name for a in accountabilities}
    order = {a.id: i for i, a in enumerate(accountabilities)}
    groups: dict[str, list[tuple[str, str]]] = {}
    for role_id, label in matrix.roles:
        role = pb.get("role", role_id)
        if roles.is_meeting_role(role):
            key = "~meeting"
        else:
            key = role.accountability if role.accountability in names else "~other"
        groups.setdefault(key, []).append((role_id, label))
    labels = {"~meeting": "Meeting roles", "~other": "Other roles", **names}
    ranked = sorted(groups, key=lambda k: (order.get(k, len(order)), k))
    return [
        (labels[k], sorted(groups[k], key=lambda item: (item[1].casefold(), item[0])))
        for k in ranked
    ]


def overview_pages(ctx, matrix_of: dict[str, str]) -> list:
    """The SMFs at a glance, in parts of OVERVIEW_ROWS SMFs."""
    return ctx.parts(
        OVERVIEW,
        "raci-smf-overview.md.j2",
        parts(raci.smf_glance(ctx.pb, ctx.rows), OVERVIEW_ROWS),
        lambda n, chunk: {"glances": chunk},
        meta=MATRIX_META,
        matrix_of=matrix_of,
    )


def meeting_pages(ctx, meeting: list, reviews_of: dict) -> list:
    """The meeting roles in parts of INDEX_LIMIT, when the roles overview cannot list them."""
    return ctx.parts(
        MEETING,
        "roles-meeting.md.j2",
        parts(meeting, INDEX_LIMIT),
        lambda n, chunk: {"meeting": chunk},
        reviews_of=reviews_of,
    )


def accountability_pages(ctx, acc, members: list) -> list:
    """An accountability's page: its role types in parts of INDEX_LIMIT (part 1 on the
    accountability's own page, the rest at part_path(acc.page, n)), and INDEX_LIMIT of its SMFs
    with a link to the SMF overview part that lists the first one left out (page.left_out)."""
    smfs = roles.accountability_smfs(ctx.pb, acc)
    more_smfs = None
    if len(smfs) > INDEX_LIMIT:
        shown = [smf for smf, _ in smfs]
        more_smfs = left_out(shown, smfs_section.index_page_of(ctx.pb), INDEX_LIMIT)
    return ctx.parts(
        acc.page,
        "roles-accountability.md.j2",
        parts(members, INDEX_LIMIT),
        lambda n, chunk: {"members": chunk},
        acc=acc,
        count=len(members),
        smfs=smfs[:INDEX_LIMIT],
        more_smfs=more_smfs,
    )


def build(ctx) -> Section:
    pb = ctx.pb
    ordered = raci.role_order(pb)
    matrices = raci.matrices(pb)
    accountabilities = sorted(pb.all("accountability"), key=lambda a: a.origin.line)
    section = Section("Roles and RACI", [])
    # Each matrix is shown in bounded pages (raci.pages: one page at the size of the MOF data)
    # and downloaded whole.
    shown = {m.name: raci.pages(m) for m in matrices}
    for m in matrices:
        for part in shown[m.name]:
            section.pages.append(
                ctx.page(
                    part.page,
                    "raci-matrix.md.j2",
                    meta=MATRIX_META,
                    matrix=part,
                    word=raci.WORD_OF,
                    role_groups=filter_groups(pb, part),
                    siblings=shown[m.name],
                )
            )
        section.files[m.csv_path] = raci.to_csv(m)
        section.files[m.xlsx_path] = xlsx.workbook([m])
    if matrices:
        section.files[xlsx.ALL_PATH] = xlsx.workbook(matrices)
    row_pages = raci.row_pages([p for parts in shown.values() for p in parts])
    matrix_of = {}
    for smf in pb.smfs:
        name = f"smf-{smf.id}"
        if name in shown:
            matrix_of[smf.id] = shown[name][0].page
        elif f"smf:{smf.id}" in row_pages:
            matrix_of[smf.id] = row_pages[f"smf:{smf.id}"]
    if pb.smfs:
        section.pages.extend(overview_pages(ctx, matrix_of))
    section.pages.append(
        ctx.page(
            paths.RACI,
            "raci-index.md.j2",
            matrices=matrices,
            shown=shown,
            overview=OVERVIEW if pb.smfs else None,
            legend=raci.RACI_LEGEND,
            all_xlsx=xlsx.ALL_PATH if matrices else None,
        )
    )
    with_paths = {r.id for r in ctx.path_roles}
    for role in ordered:
        view = roles.role_view(pb, role, ctx.rows)
        printable = booklet.has_booklet(view)
        section.pages.append(
            ctx.page(
                role.page,
                "roles-role.md.j2",
                view=view,
                word=raci.WORD_OF,
                reading_page=paths.reading_path(role) if role.id in with_paths else None,
                row_pages=row_pages,
                booklet=paths.booklet(role) if printable else None,
            )
        )
        if printable:  # printed, not browsed: outside the nav and the search index
            path = paths.booklet(role)
            section.pages.append(
                ctx.page(
                    path,
                    "role-booklet.md.j2",
                    meta={"search": {"exclude": True}},
                    view=view,
                    lists=[checklists.checklist(pb, a.review) for a in view.reviews],
                    numbers=booklet.part_numbers(view),
                    word=raci.WORD_OF,
                    address=page_url(path),
                )
            )
    members = {a.id: [r for r in ordered if r.accountability == a.id] for a in accountabilities}
    meeting = [r for r in ordered if roles.is_meeting_role(r)]
    for acc in accountabilities:  # beyond INDEX_LIMIT role types, in parts
        section.pages.extend(accountability_pages(ctx, acc, members[acc.id]))
    reviews_of = {r.id: [a.review for a in roles.attendance(pb, r)] for r in meeting}
    split = len(meeting) > INDEX_LIMIT
    listed = meeting_pages(ctx, meeting, reviews_of) if split else []
    section.pages.extend(listed)
    section.pages.append(
        ctx.page(
            paths.ROLES,
            "roles-index.md.j2",
            accountabilities=accountabilities,
            members=members,
            meeting=[] if split else meeting,
            meeting_pages=[
                (f"{c[0].name} to {c[-1].name}", part_path(MEETING, n))
                for n, c in enumerate(parts(meeting, INDEX_LIMIT), 1)
            ]
            if split
            else [],
            limit=INDEX_LIMIT,
            reviews_of=reviews_of,
            matrices=matrices,
        )
    )
    # Role pages sit under their accountability (or "Meeting roles") so no nav level grows long;
    # beyond NAV_LIMIT entity pages the section lists its index pages alone (page.nav_room).
    orphans = [
        r for r in ordered if not roles.is_meeting_role(r) and r.accountability not in members
    ]
    room = nav_room(ordered, matrices)
    raci_nav = [{"Overview": paths.RACI}]
    if pb.smfs:
        raci_nav.append({"SMFs at a glance": OVERVIEW})
    if room:
        raci_nav += [{nav_title(m.title): shown[m.name][0].page} for m in matrices]
    nav: list = [{"Overview": paths.ROLES}, {"RACI matrices": raci_nav}]
    for acc in accountabilities:
        nav.append(nav_group(acc.name, entity_nav(members[acc.id], limit=room), acc.page))
    nav.append(nav_group("Meeting roles", entity_nav(meeting, limit=room)))
    nav.append(nav_group("Other roles", entity_nav(orphans, limit=room)))
    nav = [entry for entry in nav if entry]
    section.nav = nav
    return section
