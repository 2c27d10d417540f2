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


def entity_nav(entities: Iterable[Entity], label=lambda e: e.name) -> list[NavEntry]:
    return [{nav_title(label(e)): e.page} for e in entities]
