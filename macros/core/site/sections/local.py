"""The organisation's section (only with an overlay folder): "Getting started here", the people
directory, the team, stakeholder and platform pages (the outline items the organisation filled),
the playbook coverage, and the iCalendar files of the review meetings."""

from __future__ import annotations

import os

from ...views import local
from .. import paths
from ..page import Section, nav_title

ZIP_EPOCH = 315532800  # 1980-01-01, when no SOURCE_DATE_EPOCH is set (macros/dist.py pins one)


# The pages built from the outline items the organisation filled: (path, title, intro, whether
# the page lists the teams). Which outline sections each shows: paths.OUTLINE_PAGES.
OUTLINE_PAGES = (
    (paths.TEAM, "Our team", "Who we are, what we do and how we work.", True),
    (paths.STAKEHOLDERS, "Stakeholders", "Those we work for and with.", False),
    (paths.PLATFORM, "Platform", "The technology platform we run and the tools we use.", False),
)


def build_epoch() -> int:
    """The build's date (SOURCE_DATE_EPOCH, set by `python -m macros build`), for DTSTAMP."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else ZIP_EPOCH


def build(ctx) -> Section | None:
    pb = ctx.pb
    if pb.local is None:
        return None
    org = pb.local.organisation
    name = org.name if org else "Our organisation"
    section = Section(nav_title(name), [])
    meetings = [mt for r in pb.reviews if (mt := local.meeting(pb, r))]
    cov = local.coverage(pb)
    section.pages.append(
        ctx.page(
            paths.LOCAL,
            "local-start.md.j2",
            {"search": {"boost": 2}},
            org=org,
            name=name,
            meetings=meetings,
            coverage=cov,
            all_calendar=local.ALL_CALENDAR,
            people_page=paths.PEOPLE,
            coverage_page=paths.COVERAGE,
            team_page=paths.TEAM,
            stakeholders_page=paths.STAKEHOLDERS,
            platform_page=paths.PLATFORM,
        )
    )
    for path, title, intro, teams in OUTLINE_PAGES:
        section.pages.append(
            ctx.page(
                path,
                "local-outline.md.j2",
                title=title,
                intro=intro,
                sections=cov.of(*(s for s, p in paths.OUTLINE_PAGES.items() if p == path)),
                teams=local.teams(pb) if teams else (),
                coverage_page=paths.COVERAGE,
            )
        )
    section.pages.append(
        ctx.page(
            paths.PEOPLE,
            "local-people.md.j2",
            {"search": {"boost": 2}},
            people=local.directory(pb),
        )
    )
    section.pages.append(
        ctx.page(
            paths.COVERAGE,
            "local-coverage.md.j2",
            coverage=cov,
            name=name,
            outline_pages=paths.OUTLINE_PAGES,
            page_titles={paths.LOCAL: "Getting started here"}
            | {path: title for path, title, _, _ in OUTLINE_PAGES},
        )
    )
    section.files.update(local.calendars(pb, build_epoch()))
    section.nav = [
        {"Getting started here": paths.LOCAL},
        {"People directory": paths.PEOPLE},
        *({title: path} for path, title, _, _ in OUTLINE_PAGES),
        {"Playbook coverage": paths.COVERAGE},
    ]
    return section
