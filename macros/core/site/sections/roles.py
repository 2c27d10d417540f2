"""The Roles and RACI section: the RACI matrices (each with a CSV and an Excel workbook, plus one
workbook of every matrix), one page per role type, meeting role and accountability, each role's
printable booklet (outside the nav), and the roles overview."""

from __future__ import annotations

from ...views import booklet, checklists, raci, roles
from .. import paths, xlsx
from ..page import Section, entity_nav, nav_title
from ..render import page_url


def build(ctx) -> Section:
    pb = ctx.pb
    ordered = raci.role_order(pb)
    matrices = raci.matrices(pb)
    accountabilities = sorted(pb.all("accountability"), key=lambda a: a.origin.line)
    section = Section("Roles and RACI", [])
    for m in matrices:
        section.pages.append(ctx.page(m.page, "raci-matrix.md.j2", matrix=m, word=raci.WORD_OF))
        section.files[m.csv_path] = raci.to_csv(m)
        section.files[m.xlsx_path] = xlsx.workbook([m])
    if matrices:
        section.files[xlsx.ALL_PATH] = xlsx.workbook(matrices)
    section.pages.append(
        ctx.page(
            paths.RACI,
            "raci-index.md.j2",
            matrices=matrices,
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
    for acc in accountabilities:
        section.pages.append(
            ctx.page(
                acc.page,
                "roles-accountability.md.j2",
                acc=acc,
                members=members[acc.id],
                smfs=roles.accountability_smfs(pb, acc),
            )
        )
    section.pages.append(
        ctx.page(
            paths.ROLES,
            "roles-index.md.j2",
            accountabilities=accountabilities,
            members=members,
            meeting=meeting,
            reviews_of={r.id: [a.review for a in roles.attendance(pb, r)] for r in meeting},
            matrices=matrices,
        )
    )
    # Role pages sit under their accountability (or "Meeting roles") so no nav level grows long.
    nav: list = [
        {"Overview": paths.ROLES},
        {
            "RACI matrices": [
                {"Overview": paths.RACI},
                *[{nav_title(m.title): m.page} for m in matrices],
            ]
        },
    ]
    for acc in accountabilities:
        nav.append({nav_title(acc.name): [{"Overview": acc.page}, *entity_nav(members[acc.id])]})
    if meeting:
        nav.append({"Meeting roles": entity_nav(meeting)})
    orphans = [
        r for r in ordered if not roles.is_meeting_role(r) and r.accountability not in members
    ]
    if orphans:
        nav.append({"Other roles": entity_nav(orphans)})
    section.nav = nav
    return section
