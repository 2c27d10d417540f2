"""Pages as objects, and the pieces of the navigation.

A `Page` is a docs path, its metadata (MkDocs front matter: search boost, tags, search
exclusion...) and its Markdown body; the metadata is serialised once, when the page is written.
Every generated page carries `render_macros: false`: the macros plugin never evaluates data.

A `Section` is what one nav section's builder returns: its pages, its other files (CSV,
scripts) and its nav entry. `Site` is every section together, with the nav in one stated order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from html import escape as html_escape

import yaml

from ..data.model import Entity, Origin

BASE_META = {"render_macros": False}  # data is never a template
# libyaml's emitter where PyYAML was built with it (the same text as the pure one, faster).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class Page:
    """One generated page: docs path (e.g. reviews/portfolio.md), metadata and body."""

    path: str
    body: str
    meta: dict = field(default_factory=dict)
    # the data file and line that feed the page (site/sources.py), for its Edit link
    source: Origin | None = None

    @cached_property
    def text(self) -> str:
        """The Markdown file MkDocs reads: YAML front matter, then the body."""
        head = yaml.dump(
            {**BASE_META, **self.meta},
            Dumper=_DUMPER,
            sort_keys=False,
            allow_unicode=True,
            width=10**9,
        )
        return f"---\n{head}---\n\n{self.body.lstrip(chr(10))}"


NavEntry = dict  # {title: docs path} or {title: [NavEntry, ...]}, as MkDocs' nav setting


@dataclass
class Section:
    """One nav section: its pages, other files ({docs path: text, or bytes for binary files
    such as .xlsx}) and nav entry."""

    title: str
    nav: str | list
    pages: list[Page] = field(default_factory=list)
    files: dict[str, str | bytes] = field(default_factory=dict)

    def entry(self) -> NavEntry:
        return {self.title: self.nav}


@dataclass
class Site:
    """Everything one generation produces."""

    sections: list[Section]

    @property
    def pages(self) -> dict[str, Page]:
        return {p.path: p for s in self.sections for p in s.pages}

    @property
    def files(self) -> dict[str, str | bytes]:
        """Every generated file: pages (with front matter) and other files, as text or bytes."""
        out = {p.path: p.text for s in self.sections for p in s.pages}
        for s in self.sections:
            out.update(s.files)
        return out

    @property
    def nav(self) -> list[NavEntry]:
        return [s.entry() for s in self.sections]


def nav_title(text: str) -> str:
    """Nav titles are inserted into HTML unescaped by the theme, so escape them here."""
    return html_escape(str(text), quote=True)


# A nav section lists its entity pages only while it has at most this many: every page carries
# the nav of its section, so a nav that lists every entity makes each page grow with the data
# (a role page at 10× the playbook: 673 nav items, 210 KB). Beyond it, the section lists its
# index pages alone, and they list the entities. The MOF data's largest section, Roles and RACI,
# lists 69 (20 role types, 42 meeting roles, 7 matrices).
NAV_LIMIT = 80


# An index page lists at most this many entities of one group; beyond, it links to the group's
# own page, or the list comes in parts (`parts`). The MOF data's largest list has 42.
INDEX_LIMIT = 50


def parts(items: list, size: int = INDEX_LIMIT) -> list[list]:
    """Consecutive parts of at most `size` items (one part, maybe empty, for a short list)."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def left_out(found: list, part_of: dict[str, str], limit: int) -> tuple[int, str] | None:
    """For a list of entities a page shows at most `limit` of: (how many it leaves out, the
    overview part that lists the first of them), or None when it shows them all."""
    if len(found) <= limit:
        return None
    return len(found) - limit, part_of[found[limit].id]


def part_path(path: str, n: int) -> str:
    """The docs path of part n of a page: the page itself, then NAME-2.md, NAME-3.md..."""
    return path if n == 1 else path.replace(".md", f"-{n}.md")


def pager(path: str, n: int, count: int) -> list[tuple[str, str]]:
    """(label, docs path) of the previous and next part: a part's links do not grow with the
    number of parts."""
    return [
        (label, part_path(path, i))
        for label, i in (("Previous part", n - 1), ("Next part", n + 1))
        if 1 <= i <= count
    ]


def nav_room(*groups) -> int:
    """The limit to pass to entity_nav for a section holding these groups of entity pages:
    NAV_LIMIT while all of them fit, else 0 (the section lists index pages alone)."""
    return NAV_LIMIT if sum(len(g) for g in groups) <= NAV_LIMIT else 0


def entity_nav(
    entities: Iterable[Entity], label=lambda e: e.name, limit: int = NAV_LIMIT
) -> list[NavEntry]:
    """{title: page} per entity; [] when there are more than `limit` (see NAV_LIMIT)."""
    found = list(entities)
    if len(found) > limit:
        return []
    return [{nav_title(label(e)): e.page} for e in found]


def nav_group(title: str, entries: list[NavEntry], index: str | None = None) -> NavEntry | None:
    """A titled nav group: its index page ("Overview") then its entries; the index page alone
    when the entries were left out (entity_nav), None when there is nothing to list."""
    if not entries:
        return {nav_title(title): index} if index else None
    return {nav_title(title): [*([{"Overview": index}] if index else []), *entries]}
