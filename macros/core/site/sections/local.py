"""The organisation's section (only with an overlay folder): "Getting started here", the people
directory, the playbook coverage, and the iCalendar files of the review meetings."""

from __future__ import annotations

import os

from ...views import local
from .. import paths
from ..page import Section, nav_title

ZIP_EPOCH = 315532800  # 1980-01-01, when no SOURCE_DATE_EPOCH is set (macros/dist.py pins one)


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
        ctx.page(paths.COVERAGE, "local-coverage.md.j2", coverage=cov, name=name)
    )
    section.files.update(local.calendars(pb, build_epoch()))
    section.nav = [
        {"Getting started here": paths.LOCAL},
        {"People directory": paths.PEOPLE},
        {"Playbook coverage": paths.COVERAGE},
    ]
    return section
