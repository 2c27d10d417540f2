"""Every generated page and the navigation, from the model (output.py writes them).

`generate(pb, schemas)` asks each nav section's builder (macros/core/site/sections/, one module
per section) for its pages, files and nav entry, and puts the sections in the one order the nav
shows them (`SECTIONS`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .. import cache
from ..data.model import Entity, Origin, Playbook
from ..kinds import ENTITY_BOOST, ENTITY_KINDS
from ..views import local, raci, reading, tags
from . import paths
from .memo import PageMemo
from .page import Page, Site, pager, part_path
from .render import Renderer
from .sources import page_sources

if TYPE_CHECKING:  # imported for its name only: the JSON Schema libraries load when used
    from ..data.schema import Schemas

# Search weights of the pages that are no entity's own (an entity's page: its kind's
# search_boost in kinds.py). A section's index page is what a search for the section's name
# finds ("RACI", "roles"): an entity's weight. A review's checklist page shares the review's
# name: it weighs less than the review, which a search for the name should find first, and more
# than the pages that only mention it. The data reference is for the editors of data/: below
# every reader's page.
INDEX_BOOST = ENTITY_BOOST
CHECKLIST_BOOST = 1.5
CONTRIBUTOR_BOOST = 0.2
INDEX_PAGES = (
    paths.LIFECYCLE,
    paths.REVIEWS,
    paths.SMFS,
    paths.ROLES,
    paths.RACI,
    paths.SCENARIOS,
    paths.TEMPLATES,
)
# Pages are tagged while at most this many would be: Material's "Browse by tag" page lists every
# tagged page under each of its tags, on one page that would grow with the data. The MOF data
# tags 64; past the limit no page is tagged and the tag page says to search instead.
TAGGED_LIMIT = 200


@dataclass
class Context:
    """What every section builder receives: the model, the schemas, one renderer, and the views
    several sections share (computed once, on first use)."""

    pb: Playbook
    schemas: Schemas
    renderer: Renderer = field(default_factory=Renderer)
    # `make serve`: the pages of the last build, kept unless what they read changed
    memo: PageMemo | None = None
    templates: bytes = b""  # digest of the templates, for the memo

    @cached_property
    def rows(self) -> raci.RowIndex:
        return raci.RowIndex.of(self.pb)

    @cached_property
    def path_roles(self) -> list[Entity]:
        return reading.path_roles(self.pb)

    @cached_property
    def tags(self) -> dict[str, list[str]]:
        """{docs path: tags} for entity pages. "Browse by tag" lists a tag's pages by their nav
        titles, so pages whose nav title names something else carry none: a role's reading
        path (titled with the role's name) and an accountability's page ("Overview")."""
        about = {
            e.page: e
            for kind in ENTITY_KINDS.values()
            if kind.search_boost and "#" not in kind.page and kind.name != "accountability"
            for e in self.pb.all(kind.name)
        }
        if len(about) > TAGGED_LIMIT:  # "Browse by tag" would list them all on one page
            return {}
        return tags.page_tags(self.pb, about)

    @cached_property
    def boosts(self) -> dict[str, float]:
        """{docs path: search weight} for the pages that weigh more or less than 1."""
        found = {p: INDEX_BOOST for p in INDEX_PAGES}
        found.update({paths.checklist(r): CHECKLIST_BOOST for r in self.pb.all("review")})
        found[paths.REFERENCE] = CONTRIBUTOR_BOOST
        for kind in ENTITY_KINDS.values():
            if kind.search_boost:  # a term's page is the glossary page (glossary/index.md#id)
                found.update(
                    {e.page.split("#")[0]: kind.search_boost for e in self.pb.all(kind.name)}
                )
        term = ENTITY_KINDS["term"].search_boost  # at scale the glossary comes in parts
        found.update({p: term for p in self.glossary_pages if term})
        return found

    @cached_property
    def glossary_pages(self) -> list[str]:
        from .sections import glossary  # the sections import this module's neighbours only

        return glossary.part_pages(self.pb)

    @cached_property
    def moved(self) -> dict[str, str]:
        """{an entity's registry page: its entry on this site} (a term in a later part of the
        glossary); links follow it (Renderer.render)."""
        from .sections import glossary

        return glossary.moved(self.pb)

    @cached_property
    def moved_digest(self) -> bytes:
        """What the memo compares for `moved`: where every moved entry is. A page's links
        depend on it, so a change renders every page again (never stale links)."""
        if not self.moved:
            return b""
        return hashlib.sha256(repr(sorted(self.moved.items())).encode("utf-8")).digest()

    @cached_property
    def sources(self) -> dict[str, Origin]:
        """{docs path: the data file and line that feed it} (site/sources.py)."""
        found = page_sources(self.pb)
        for path in self.glossary_pages:
            found.setdefault(path, found[paths.GLOSSARY])
        return found

    @cached_property
    def here(self) -> local.Here:
        return local.Here(self.pb)

    def parts(
        self,
        path: str,
        template: str,
        chunks: list[list],
        each: Callable[[int, list], dict],
        meta: dict | None = None,
        **context,
    ) -> list[Page]:
        """One page per part of a long list (chunks from page.parts): part n at
        part_path(path, n), rendered with `part` (1-based), `parts`, `pager` (the neighbour
        parts), the values each(n, chunk) gives for that part, and `context`."""
        count = len(chunks)
        return [
            self.page(
                part_path(path, n),
                template,
                meta,
                part=n,
                parts=count,
                pager=pager(path, n, count),
                **each(n, chunk),
                **context,
            )
            for n, chunk in enumerate(chunks, 1)
        ]

    def page(self, path: str, template: str, meta: dict | None = None, **context) -> Page:
        """Render `template` as the page at `path`, with its search boost and tags."""
        found: dict = {}
        if path in self.boosts:
            found["search"] = {"boost": self.boosts[path]}
        if not searchable(path):
            found["search"] = {"exclude": True}
        if path in self.tags:
            found["tags"] = self.tags[path]
        # The organisation's layer, for the local partials: `here`, its views bound to the
        # playbook the template reads (with the memo, the Reading that notes each read).
        bind = self.pb.local is not None and "here" not in context
        if self.pb.local is not None:
            context.setdefault("person_page", paths.person)
        if self.memo is None:
            here = {"here": self.here} if bind else {}
            body = self.renderer.render(
                template, page=path, pb=self.pb, moved=self.moved, **here, **context
            )
        else:

            def render(reading) -> str:
                here = {"here": local.Here(reading)} if bind else {}
                return self.renderer.render(
                    template, page=path, pb=reading, moved=self.moved, **here, **context
                )

            body = self.memo.body(
                path, template, self.templates + self.moved_digest, self.pb, context, render
            )
        return Page(path, for_search(body), {**found, **(meta or {})}, self.sources.get(path))


# Material's search keeps the text of a page and no element boundaries: cells and terms written
# back to back ("<dt>Role type of</dt><dd>Management...") run together in the index and in a
# result's text ("Role type ofManagement"), and glued words are found by neither. A line break
# after each closing cell, term or caption keeps them apart (browsers ignore white space there).
_CELL_END = re.compile(r"</(td|th|dt|dd|caption)>(?=<)")
# The at-a-glance box at the top of an entity page lists facts the page states below (owners,
# phase, counts, links): Material's data-search-exclude keeps it out of the index, so a result's
# text is the page's own first sentence, not a row of labels.
_GLANCE = re.compile(r'<aside class="mof-glance"')


def for_search(body: str) -> str:
    """A rendered page with its HTML laid out for Material's search (see above); what a
    browser shows is unchanged."""
    body = _CELL_END.sub(lambda m: m.group(0) + "\n", body)
    return _GLANCE.sub('<aside data-search-exclude class="mof-glance"', body)


def searchable(path: str) -> bool:
    """False for the generated pages that repeat other pages, which stay out of the search
    index: the data reference's pages (their fields are the data pages' fields; its index page
    stays) and the checklist booklet (each checklist is also on its own page)."""
    reference = paths.REFERENCE.rsplit("/", 1)[0] + "/"
    if path.startswith(reference):
        return path == paths.REFERENCE
    return not _BOOKLET_PART.fullmatch(path)


# The booklet and its parts (page.part_path): checklists/index.md, checklists/index-2.md...
_BOOKLET_PART = re.compile(re.escape(paths.BOOKLET.removesuffix(".md")) + r"(-\d+)?\.md")


def generate(
    pb: Playbook,
    schemas: Schemas,
    renderer: Renderer | None = None,
    memo: PageMemo | None = None,
) -> Site:
    """All generated pages and the whole navigation of a playbook, sections in nav order.

    With a memo (`make serve`), only the pages whose inputs changed since the last build are
    rendered (site/memo.py). A whole site made from unchanged data is read back from the disk
    cache by the caller instead (macros/session.py, Project.build)."""
    from .sections import SECTIONS

    renderer = renderer or Renderer()
    templates = b""
    if memo is not None:
        templates = cache.code_digest(renderer.templates)
        memo.begin()
    ctx = Context(pb, schemas, renderer, memo, templates)
    return Site([s for s in (build(ctx) for build in SECTIONS) if s is not None])
