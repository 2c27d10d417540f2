"""Views of the organisation's layer (pb.local, macros/core/data/overlay.py): pure functions of
the model. Who holds a role here, a review's meeting in words, the people directory, the
playbook coverage of MOF's Sample Playbook Content outline, local checklist items, and the
iCalendar files of the review meetings (RFC 5545, written with the `icalendar` library).
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..data.model import Entity, Playbook, Record
from ..kinds import OUTLINE_TEMPLATE, RACI_KEYS
from . import checklists, raci, roles

if TYPE_CHECKING:  # icalendar is imported where a calendar is written: most builds have none
    from icalendar import Event

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CALENDAR_FOLDER = "local/calendar"
ALL_CALENDAR = f"{CALENDAR_FOLDER}/all-reviews.ics"
PRODID = "-//MOF Playbook//Organisation layer//EN"


def calendar_path(review_id: str) -> str:
    """Docs path of a review meeting's iCalendar file."""
    return f"{CALENDAR_FOLDER}/{review_id}.ics"


# --- who holds a role ------------------------------------------------------------------------


@dataclass(frozen=True)
class Holders:
    """Who holds a role type here: people (records of people.yaml) and teams (teams.yaml)."""

    people: tuple[Record, ...]
    teams: tuple[Record, ...]


def holders(pb: Playbook, role_id: str) -> Holders:
    local = pb.local
    return Holders(
        tuple(p for p in local.people.values() if role_id in (p.roles or ())),
        tuple(t for t in local.teams.values() if role_id in (t.roles or ())),
    )


# --- a review's meeting ----------------------------------------------------------------------


@dataclass(frozen=True)
class Meeting:
    """One review's meeting in words, with the people it names and its calendar file."""

    review: Entity
    when: str  # "Every Tuesday, 10:00–11:00 (Europe/Berlin)"
    first: datetime.datetime  # the first meeting, in its time zone
    room: str | None
    call: str | None
    facilitator: Record | None
    attendees: tuple[Record, ...]
    calendar: str  # docs path of its .ics


def first_date(meeting: Record) -> datetime.date:
    """The first `weekday` on or after `starts` (monthly: the first such weekday of its month,
    or of the next month when that one has passed)."""
    starts = datetime.date.fromisoformat(meeting.starts)
    wanted = WEEKDAYS.index(meeting.weekday)
    if meeting.frequency == "monthly":
        month = starts.replace(day=1)
        while True:
            day = month + datetime.timedelta(days=(wanted - month.weekday()) % 7)
            if day >= starts:
                return day
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    return starts + datetime.timedelta(days=(wanted - starts.weekday()) % 7)


def _when(m: Record, start: datetime.datetime) -> str:
    end = start + datetime.timedelta(minutes=m.duration)
    hours = f"{start:%H:%M}–{end:%H:%M} ({m.time_zone})"
    n = m.interval or 1
    if m.frequency == "weekly":
        every = {1: f"Every {m.weekday}", 2: f"Every other {m.weekday}"}.get(
            n, f"Every {n} weeks on {m.weekday}"
        )
    else:
        months = "month" if n == 1 else f"{n} months"
        every = f"The first {m.weekday} of every {months}"
    return f"{every}, {hours}, from {start:%Y-%m-%d}"


def meeting(pb: Playbook, review: Entity) -> Meeting | None:
    """The review's meeting here, or None when the organisation has not set one."""
    local = pb.local
    m = local.meetings.get(review.id) if local else None
    if m is None:
        return None
    hour, minute = (int(x) for x in m.time.split(":"))
    start = datetime.datetime.combine(
        first_date(m), datetime.time(hour, minute), tzinfo=ZoneInfo(m.time_zone)
    )
    return Meeting(
        review=review,
        when=_when(m, start),
        first=start,
        room=m.room,
        call=m.call,
        facilitator=local.people.get(m.facilitator) if m.facilitator else None,
        attendees=tuple(local.people[p] for p in m.attendees or ()),
        calendar=calendar_path(review.id),
    )


# --- iCalendar -------------------------------------------------------------------------------


def _event(pb: Playbook, mt: Meeting, stamp: datetime.datetime) -> Event:
    from icalendar import Event

    m = pb.local.meetings[mt.review.id]
    ev = Event()
    ev.add("uid", f"{mt.review.id}-review@{_uid_domain(pb)}")
    ev.add("dtstamp", stamp)
    ev.add("dtstart", mt.first)
    ev.add("duration", datetime.timedelta(minutes=m.duration))
    day = m.weekday[:2].upper()
    rule = {"freq": m.frequency.upper(), "interval": m.interval or 1}
    rule["byday"] = day if m.frequency == "weekly" else f"1{day}"
    ev.add("rrule", rule)
    ev.add("summary", f"{mt.review.name} Management Review")
    where = [x for x in (mt.room, mt.call) if x]
    if where:
        ev.add("location", " / ".join(where))
    if mt.call:
        ev.add("url", mt.call)
    lines = [mt.review.summary.strip()] if mt.review.summary else []
    if mt.facilitator:
        lines.append(f"Facilitator: {mt.facilitator.name}")
    if mt.attendees:
        lines.append("Attendees: " + ", ".join(p.name for p in mt.attendees))
    ev.add("description", "\n".join(lines))
    for person in ((mt.facilitator,) if mt.facilitator else ()) + mt.attendees:
        if person.email:
            ev.add("attendee", f"mailto:{person.email}", parameters={"CN": person.name})
    return ev


def _uid_domain(pb: Playbook) -> str:
    org = pb.local.organisation
    name = org.name if org else "organisation"
    return checklists.slug(name) + ".mof-playbook.invalid"


def _calendar(pb: Playbook, meetings: list[Meeting], stamp: datetime.datetime, name: str) -> str:
    from icalendar import Calendar, Timezone

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    # One VTIMEZONE per zone, in a fixed order (add_missing_timezones follows a set's order),
    # covering the years from the first meeting on.
    first = min(mt.first.date() for mt in meetings).replace(month=1, day=1)
    for zone in sorted({pb.local.meetings[mt.review.id].time_zone for mt in meetings}):
        cal.add_component(
            Timezone.from_tzid(
                zone, first_date=first, last_date=first.replace(year=first.year + 10)
            )
        )
    for mt in meetings:
        cal.add_component(_event(pb, mt, stamp))
    return cal.to_ical().decode("utf-8")


def calendars(pb: Playbook, epoch: int) -> dict[str, str]:
    """{docs path: iCalendar text}: one calendar per review meeting and one with them all.
    `epoch` (seconds, e.g. SOURCE_DATE_EPOCH) is every event's DTSTAMP, so two builds give the
    same bytes."""
    stamp = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    found = [mt for r in pb.reviews if (mt := meeting(pb, r))]
    if not found:
        return {}
    out = {
        mt.calendar: _calendar(pb, [mt], stamp, f"{mt.review.name} Management Review")
        for mt in found
    }
    out[ALL_CALENDAR] = _calendar(pb, found, stamp, "Management reviews")
    return out


# --- people directory ------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleRaci:
    """A role type's RACI rows, counted by letter: (letter, rows) in R, A, C, I order."""

    role: Entity
    counts: tuple[tuple[str, int], ...]
    local: int  # rows of the organisation's own RACI decisions


@dataclass(frozen=True)
class Person:
    person: Record
    team: Record | None
    roles: tuple[Entity, ...]
    facilitates: tuple[Entity, ...]  # reviews
    attends: tuple[Entity, ...]  # reviews (standing attendee), in lifecycle order
    role_reviews: tuple[Entity, ...]  # reviews MOF expects one of their role types at
    raci: tuple[RoleRaci, ...] = ()  # per role type held: its RACI rows by letter


def role_raci(index: raci.RowIndex, role: Entity) -> RoleRaci:
    rows = index.of_role(role.id)
    counts = {letter: 0 for _, letter, _ in raci.LETTERS}
    for row in rows:
        for letter in raci.split(row.letters[role.id]):
            counts[letter] += 1
    local = sum(1 for row in rows if row.basis == "local")
    return RoleRaci(role, tuple((k, v) for k, v in counts.items() if v), local)


def directory(pb: Playbook) -> list[Person]:
    """Every person, in the order of people.yaml."""
    local = pb.local
    index = raci.RowIndex.of(pb)
    out = []
    for p in local.people.values():
        held = tuple(pb.get("role", r) for r in p.roles or ())
        facilitates, attends = [], []
        for r in pb.reviews:
            m = local.meetings.get(r.id)
            if m and m.facilitator == p.id:
                facilitates.append(r)
            elif m and p.id in (m.attendees or ()):
                attends.append(r)
        by_role = {a.review.id: a.review for role in held for a in roles.attendance(pb, role)}
        out.append(
            Person(
                p,
                local.teams.get(p.team),
                held,
                tuple(facilitates),
                tuple(attends),
                tuple(r for r in pb.reviews if r.id in by_role),
                tuple(role_raci(index, role) for role in held),
            )
        )
    return out


# --- playbook coverage -----------------------------------------------------------------------


@dataclass(frozen=True)
class OutlineItem:
    id: str
    text: str
    filled: bool
    owner: Record | None
    entry: Record | None  # what the organisation wrote (text, links), or None


@dataclass(frozen=True)
class OutlineSection:
    id: str
    title: str
    hint: str | None
    items: tuple[OutlineItem, ...]


@dataclass(frozen=True)
class Coverage:
    sections: tuple[OutlineSection, ...]
    filled: int
    empty: int

    def of(self, *section_ids: str) -> tuple[OutlineSection, ...]:
        """The outline sections with these ids, in the outline's order."""
        return tuple(s for s in self.sections if s.id in section_ids)

    def item(self, item_id: str) -> OutlineItem | None:
        """One outline item by id (e.g. 'policies-processes-deploy'), or None."""
        return next((i for s in self.sections for i in s.items if i.id == item_id), None)


def _items(items) -> list:
    out = []
    for item in items or ():
        out.append(item)
        out += _items(getattr(item, "items", None))
    return out


def coverage(pb: Playbook) -> Coverage:
    """Every item of the Sample Playbook Content outline: filled (text or links written) or
    empty, with its owner."""
    local = pb.local
    template = pb.find("template", OUTLINE_TEMPLATE)
    sections = []
    for section in template.layout.sections if template else ():
        items = []
        for item in _items(section.items):
            entry = local.outline.get(item.id)
            owner = local.people.get(entry.owner) if entry and entry.owner else None
            filled = bool(entry and (entry.text or entry.links))
            items.append(OutlineItem(item.id, item.text, filled, owner, entry))
        sections.append(OutlineSection(section.id, section.title, section.hint, tuple(items)))
    every = [i for s in sections for i in s.items]
    filled = sum(i.filled for i in every)
    return Coverage(tuple(sections), filled, len(every) - filled)


@dataclass(frozen=True)
class TeamView:
    team: Record
    roles: tuple[Entity, ...]  # role types the whole team holds
    members: tuple[Record, ...]  # people of the team, in people.yaml's order


def teams(pb: Playbook) -> list[TeamView]:
    """Every team of teams.yaml with the role types it holds and its members."""
    local = pb.local
    return [
        TeamView(
            t,
            tuple(pb.get("role", r) for r in t.roles or ()),
            tuple(p for p in local.people.values() if p.team == t.id),
        )
        for t in local.teams.values()
    ]


# --- additions -------------------------------------------------------------------------------


def links_for(pb: Playbook, kind: str, id_: str) -> tuple[Record, ...]:
    """Local links of a review, SMF or role."""
    return tuple(x for x in pb.local.links if getattr(x, kind) == id_)


def notes_for(pb: Playbook, kind: str, id_: str) -> tuple[Record, ...]:
    return tuple(x for x in pb.local.notes if getattr(x, kind) == id_)


def decision(pb: Playbook, kind: str, id_: str) -> dict[str, tuple[Entity, ...]] | None:
    """The local RACI decision of a review or SMF: {letter word: roles}, or None."""
    d = pb.local.decisions.get((kind, id_))
    if d is None:
        return None
    return {k: tuple(pb.get("role", r) for r in getattr(d.raci, k) or ()) for k in RACI_KEYS}


def with_local_items(pb: Playbook, cl: checklists.Checklist) -> checklists.Checklist:
    """The checklist with the organisation's items at the end of their sections, marked local."""
    if pb.local is None:
        return cl
    review = cl.review.id
    extra: dict[str, list[checklists.Box]] = {}
    # The meeting's facilitator and standing attendees, by name, first in People: ticked as
    # they arrive, carried into the downloaded record.
    mt = meeting(pb, cl.review)
    if mt:
        expected = [(p, " (facilitator)") for p in (mt.facilitator,) if p] + [
            (p, "") for p in mt.attendees
        ]
        for person, part in expected:
            team = pb.local.teams.get(person.team)
            box_id = f"local-attendee-{person.id}"
            extra.setdefault("people", []).append(
                checklists.Box(
                    id=box_id,
                    key=f"{review}:{box_id}",
                    dom_id=f"cl-{review}--item--{box_id}",
                    text=f"{person.name}{part}" + (f", {team.name}" if team else ""),
                    note=None,
                    local=True,
                )
            )
    for item in pb.local.checklist_items:
        if item.review == review:
            extra.setdefault(item.section, []).append(_local_box(review, item))
    tables, indicators = _with_local_indicators(pb, cl)
    if not extra and not indicators:
        return cl
    groups = tuple(
        dataclasses.replace(g, boxes=g.boxes + tuple(extra.get(g.key, ()))) for g in cl.groups
    )
    added = sum(len(v) for v in extra.values()) + indicators
    return dataclasses.replace(
        cl, groups=groups, indicators=tables, total=cl.total + added, local=added
    )


def _local_box(review: str, item: Record) -> checklists.Box:
    return checklists.Box(
        id=item.id,
        key=f"{review}:{item.id}",
        dom_id=f"cl-{review}--item--{item.id}",
        text=item.text,
        note=item.note,
        local=True,
    )


def local_indicators(pb: Playbook, review: Entity) -> list[checklists.IndicatorRow]:
    """The organisation's go/no-go indicators of a review, by row: MOF's row they join (its
    element, local boxes only) or a local row of their own, in the file's order."""
    if pb.local is None:
        return []
    elements = {}
    for table in review.go_no_go or ():
        if not table.variant_of:
            elements = {row.id: row.element for row in table.rows}
    rows: dict[tuple[str, bool], dict[str, list]] = {}
    for item in pb.local.indicators:
        if item.review != review.id:
            continue
        key = (elements[item.row], False) if item.row else (item.element, True)
        side = rows.setdefault(key, {"go": [], "no-go": []})
        side[item.side].append(_local_box(review.id, item))
    return [
        checklists.IndicatorRow(element, tuple(s["go"]), tuple(s["no-go"]), local=is_local)
        for (element, is_local), s in rows.items()
    ]


def _with_local_indicators(
    pb: Playbook, cl: checklists.Checklist
) -> tuple[tuple[checklists.IndicatorTable, ...], int]:
    """The checklist's go/no-go table with the local indicators: in MOF's row they join (after
    MOF's boxes), or in local rows after MOF's. Returns (tables, boxes added)."""
    found = local_indicators(pb, cl.review)
    if not found or not cl.indicators:
        return cl.indicators, 0
    table, *rest = cl.indicators
    joins = {r.element: r for r in found if not r.local}
    rows = tuple(
        dataclasses.replace(row, go=row.go + extra.go, no_go=row.no_go + extra.no_go)
        if (extra := joins.get(row.element))
        else row
        for row in table.rows
    ) + tuple(r for r in found if r.local)
    added = sum(len(r.go) + len(r.no_go) for r in found)
    return (dataclasses.replace(table, rows=rows), *rest), added


class Here:
    """The views above bound to one playbook, for templates: `here.meeting(review)`, ..."""

    def __init__(self, pb: Playbook):
        self.pb = pb
        self.local = pb.local

    def meeting(self, review: Entity) -> Meeting | None:
        return meeting(self.pb, review)

    def holders(self, role: Entity) -> Holders:
        return holders(self.pb, role.id)

    def links(self, kind: str, id_: str) -> tuple[Record, ...]:
        return links_for(self.pb, kind, id_)

    def notes(self, kind: str, id_: str) -> tuple[Record, ...]:
        return notes_for(self.pb, kind, id_)

    def decision(self, kind: str, id_: str) -> dict[str, tuple[Entity, ...]] | None:
        return decision(self.pb, kind, id_)

    def indicators(self, review: Entity) -> list[checklists.IndicatorRow]:
        return local_indicators(self.pb, review)

    def decision_note(self, kind: str, id_: str) -> Record | None:
        return self.local.decisions.get((kind, id_))

    def outline_item(self, item_id: str) -> OutlineItem | None:
        """A filled outline item (e.g. 'policies-processes-deploy'), or None."""
        found = self.coverage.item(item_id)
        return found if found and found.filled else None

    @property
    def coverage(self) -> Coverage:
        if not hasattr(self, "_coverage"):
            self._coverage = coverage(self.pb)
        return self._coverage

    def team(self, person: Record) -> Record | None:
        return self.local.teams.get(person.team)

    def person(self, id_: str | None) -> Record | None:
        return self.local.people.get(id_) if id_ else None
