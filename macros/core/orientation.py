"""New-hire orientation: the Start page, a reading path and a "first weeks" sheet per role.

`add_pages(pb, site)` adds start/index.md, reading/index.md, reading/<role id>.md and
reading/first-weeks/<role id>.md and returns the "Start" navigation group. What a path lists is
collected in `reading_path` (plain data, tested on its own) from the same role view as the role
page (pages_roles.role_view), so a path and a role page cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import glossary_tips, pages_roles, raci, search_meta, svg_lifecycle
from .model import Entity, Playbook
from .render import page_url, relative

START = "start/index.md"
READING_INDEX = "reading/index.md"
TAGS_PAGE = "start/tags.md"


def path_page(role: Entity) -> str:
    return f"reading/{role.id}.md"


def sheet_page(role: Entity) -> str:
    return f"reading/first-weeks/{role.id}.md"


@dataclass(frozen=True)
class Step:
    """One page to read: what it is for this role, and why it is on the path."""

    kind: str  # "Your role", "Review you own", ...
    entity: Entity
    why: str

    @property
    def page(self) -> str:
        return self.entity.page

    @property
    def label(self) -> str:
        """The name as the page's title says it: "Portfolio Management Review", "Deploy SMF"."""
        suffix = {"review": " Management Review", "smf": " SMF"}.get(self.entity.kind, "")
        return self.entity.name + suffix

    @property
    def key(self) -> str:
        """The built page's path from the site root: the browser keys the tick by it."""
        return page_url(self.entity.page)


@dataclass(frozen=True)
class ReadingPath:
    role: Entity
    accountability: Entity | None
    steps: tuple[Step, ...]
    reviews: tuple[pages_roles.Attendance, ...]
    smfs: tuple[tuple[Entity, str], ...]  # (SMF, the role's part in words)
    terms: tuple[Entity, ...]
    meet: tuple[Entity, ...]  # owners of the reviews the role attends (not the role itself)


def path_roles(pb: Playbook) -> list[Entity]:
    """Who gets a reading path: every role type, and every meeting role that owns a review
    without standing for a role type (the operations and customer-service managers own reviews,
    yet the sources list no role types for their accountabilities)."""
    roles = raci.role_order(pb)
    owners = {o for r in pb.reviews for o in r.owners or ()}
    return [
        r
        for r in roles
        if r.data.get("kind") == "role-type"
        or (pages_roles.is_meeting_role(r) and r.id in owners and not (r.maps_to or ()))
    ]


def _smf_parts(pb: Playbook, view: pages_roles.RoleView) -> tuple[tuple[Entity, str], ...]:
    """The role's SMFs in lifecycle order, with its part in words: what the SMF's roles table
    says, then how many of the SMF's RACI rows give it each letter."""
    parts: dict[str, list[str]] = {}
    letters: dict[str, list[str]] = {}
    for part in view.smf_parts:
        parts.setdefault(part.smf.id, []).extend(part.role_in_smf)
    for row, letter in view.raci:
        if row.entity.kind == "smf":
            letters.setdefault(row.entity.id, []).append(letter)
    out = []
    for smf in pb.smfs:
        if smf.id not in parts and smf.id not in letters:
            continue
        words = "; ".join(dict.fromkeys(parts.get(smf.id, ())))
        held = letters.get(smf.id, [])
        counts = ", ".join(
            f"{raci.WORD_OF[letter]} ({held.count(letter)} "
            f"row{'s' if held.count(letter) != 1 else ''})"
            for _, letter, _ in raci.LETTERS
            if letter in held
        )
        text = " ".join(
            ([f"Your part: {words}."] if words else [])
            + ([f"In its RACI you are {counts}."] if counts else [])
        )
        out.append((smf, text))
    return tuple(out)


def _review_why(at: pages_roles.Attendance) -> str:
    if at.owner:
        return "You own and drive this review."
    label = f"You attend as {at.label}." if at.label else "You attend this review."
    return f"{label} You bring: {at.brings}" if at.brings else label


def reading_path(pb: Playbook, role: Entity, all_rows=None) -> ReadingPath:
    """The ordered pages a role reads first: its role page, its accountability, the reviews it
    owns, then those it attends, then its SMFs; and the key terms of those reviews and SMFs."""
    view = pages_roles.role_view(pb, role, raci.rows(pb) if all_rows is None else all_rows)
    steps = [Step("Your role", role, role.summary or "")]
    if view.accountability:
        steps.append(
            Step("Your accountability", view.accountability, view.accountability.summary or "")
        )
    reviews = sorted(view.reviews, key=lambda a: not a.owner)  # stable: lifecycle order kept
    for at in reviews:
        kind = "Review you own" if at.owner else "Review you attend"
        steps.append(Step(kind, at.review, _review_why(at)))
    smfs = _smf_parts(pb, view)
    for smf, part in smfs:
        steps.append(Step("Your SMF", smf, part or smf.summary or ""))
    meet: dict[str, Entity] = {}
    for at in reviews:
        for owner in at.review.owners or ():
            if owner != role.id:
                meet.setdefault(owner, pb.get("role", owner))
    return ReadingPath(
        role,
        view.accountability,
        tuple(steps),
        tuple(reviews),
        smfs,
        view.terms,
        tuple(meet.values()),
    )


def definition(term: Entity) -> str:
    """A term's first definition: the one a tooltip and a sheet show."""
    return term.definitions[0].text if term.definitions else ""


def role_groups(pb: Playbook, roles: list[Entity]) -> list[tuple[Entity | None, list[Entity]]]:
    """Path roles grouped by accountability (in data order); roles without one come last."""
    groups = [
        (acc, [r for r in roles if r.accountability == acc.id]) for acc in pb.all("accountability")
    ]
    others = [r for r in roles if not pb.find("accountability", r.accountability or "")]
    return [(acc, members) for acc, members in groups if members] + (
        [(None, others)] if others else []
    )


OTHERS = "Other review owners"  # the group of path roles that have no accountability


def add_pages(pb: Playbook, site) -> list:
    """Add the Start page, reading paths and first-weeks sheets; return the Start nav group
    (without the home page, which `ordered_nav` puts first)."""
    from .pages import nav_title

    rows = raci.rows(pb)
    roles = path_roles(pb)
    paths = {r.id: reading_path(pb, r, rows) for r in roles}
    groups = role_groups(pb, roles)
    diagram = svg_lifecycle.lifecycle_map(pb, lambda e: relative(e.page, START))
    site.add(
        START,
        "start.md.j2",
        pb=pb,
        diagram=diagram,
        groups=groups,
        paths=paths,
        others=OTHERS,
        path_page=path_page,
        reading_index=READING_INDEX,
        tags_page=TAGS_PAGE,
    )
    site.add(
        READING_INDEX,
        "reading-index.md.j2",
        pb=pb,
        groups=groups,
        paths=paths,
        others=OTHERS,
        path_page=path_page,
        sheet_page=sheet_page,
    )
    for role in roles:
        path = paths[role.id]
        site.add(
            path_page(role),
            "reading-path.md.j2",
            pb=pb,
            reading=path,
            sheet=sheet_page(role),
            definition=definition,
            start=START,
            page_url=page_url,
        )
        site.add(
            sheet_page(role),
            "reading-sheet.md.j2",
            pb=pb,
            reading=path,
            online=page_url(path_page(role)),
            start=START,
        )
    site.add(TAGS_PAGE, "tags.md.j2", pb=pb)

    by_group = [
        {
            nav_title(acc.name if acc else OTHERS): [
                {nav_title(r.name): path_page(r)} for r in members
            ]
        }
        for acc, members in groups
    ]
    return [
        {"Start here": START},
        {"Reading paths": [{"All reading paths": READING_INDEX}, *by_group]},
        {"Browse by tag": TAGS_PAGE},
    ]


# The top-level sections in the order a new reader needs them. Sections not named here (added
# by others later) keep their relative order between Glossary and About. The lifecycle map
# follows Start, where its section was first put.
NAV_ORDER = (
    "Start",
    "Lifecycle",
    "Reviews",
    "SMFs",
    "Roles and RACI",
    "Scenarios",
    "Templates",
    "Glossary",
)
NAV_LAST = ("About",)


def ordered_nav(nav: list, start: list) -> list:
    """Put the home page and the Start group first, then the sections in NAV_ORDER."""
    entries = [dict(e) for e in nav]
    home = [e for e in entries if list(e) == ["Home"]]
    rest = [e for e in entries if list(e) != ["Home"]]
    start_group = {"Start": [{"Home": e["Home"]} for e in home] + start}

    def rank(entry: dict) -> tuple[int, int]:
        label = next(iter(entry))
        if label in NAV_ORDER:
            return (NAV_ORDER.index(label), 0)
        if label in NAV_LAST:
            return (len(NAV_ORDER) + 1, NAV_LAST.index(label))
        return (len(NAV_ORDER), 0)

    return [start_group, *sorted(rest, key=rank)]


def finish(pb: Playbook, site, start: list) -> None:
    """Run once every page exists: the Start group and section order in the nav, search boosts
    and tags in the pages' front matter, and the glossary script for in-context definitions."""
    site.nav = ordered_nav(site.nav, start)
    search_meta.tune(pb, site, {path_page(r): r for r in path_roles(pb)})
    site.files[glossary_tips.SCRIPT] = glossary_tips.terms_script(pb)
