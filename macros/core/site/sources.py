"""Where each generated page is written in the data: the file and line its "Edit" link opens.

A generated page's Markdown is not what a contributor edits; the data file that feeds it is (MOF's
under data/, or the organisation's overlay folder). `page_sources(pb)` maps every generated page
to that place (`Origin`: file as shown in messages, 1-based line):

- an entity's own page (review, SMF, role, scenario, template, phase, accountability): where the
  entity is written;
- a review's checklist: the review's `checklist:`; a role's reading path, first-weeks sheet and
  booklet: the role; an SMF's activity matrix: the SMF's `processes:`;
- a page that lists a whole kind: the file that holds or orders it (data/phases.yaml for the
  lifecycle, reviews, SMFs and their matrices; data/roles.yaml for roles; data/glossary.yaml);
- a data reference page: its JSON Schema;
- the organisation's pages: their overlay file.

Pages fed by many files with no one list (the scenario and template indexes) have none.
`with_edit_links(site, template)` puts `edit_url` in the front matter of every page that has a
source, from the organisation's `extra.repo_edit_url` (README "Make it yours");
theme/partials/actions.html shows it as Material's edit button.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import quote

from ..data.model import Origin, Playbook
from ..kinds import ENTITY_KINDS, FILE_KINDS, OVERLAY_FILE_KINDS
from . import paths
from .page import Site

PLACEHOLDERS = ("{path}", "{line}")


def _line(pb: Playbook, origin: Origin, key: str) -> Origin:
    """The line of `key` inside a one-entity file (e.g. a review's `checklist:`), else the
    entity's own line."""
    for doc in pb.documents:
        if doc.file == origin.file:
            path = (key,)
            if path in doc.key_lines:
                return Origin(origin.file, doc.key_lines[path])
    return origin


def page_sources(pb: Playbook) -> dict[str, Origin]:
    """{docs path: Origin} for every generated page that one data file feeds."""
    out: dict[str, Origin] = {}
    for kind in ENTITY_KINDS.values():
        if not kind.page or "#" in kind.page:
            continue
        for e in pb.all(kind.name):
            if e.origin is not None:
                out[e.page] = e.origin
    for review in pb.reviews:
        out[paths.checklist(review)] = _line(pb, review.origin, "checklist")
    for role in pb.all("role"):
        for page in (paths.reading_path(role), paths.first_weeks(role), paths.booklet(role)):
            out[page] = role.origin
    for smf in pb.smfs:
        out[f"raci/smf-{smf.id}.md"] = _line(pb, smf.origin, "processes")
    lists = {
        "data/phases.yaml": (
            paths.START,
            paths.TAGS,
            paths.READING_INDEX,
            paths.LIFECYCLE,
            paths.REVIEWS,
            paths.BOOKLET,
            paths.SMFS,
            "raci/reviews.md",
            "raci/smfs.md",
        ),
        "data/roles.yaml": (
            paths.ROLES,
            paths.RACI,
            "raci/roles-by-review.md",
            "raci/roles-by-smf.md",
        ),
        "data/glossary.yaml": (paths.GLOSSARY,),
    }
    for file, pages in lists.items():
        for page in pages:
            out.setdefault(page, Origin(file, 1))
    out[paths.REFERENCE] = Origin("data/schema/common.schema.json", 1)
    for kind in FILE_KINDS.values():
        out[paths.reference(kind.name)] = Origin(f"data/schema/{kind.schema}", 1)
    local = pb.local
    if local is not None:
        files = {k.name: f"{local.folder}/{k.location}" for k in OVERLAY_FILE_KINDS.values()}
        out[paths.LOCAL] = Origin(files["organisation"], 1)
        out[paths.COVERAGE] = Origin(files["organisation"], local.lines.get("organisation", 1))
        out[paths.PEOPLE] = Origin(files["people"], local.lines.get("people", 1))
        out[paths.TEAM] = Origin(files["teams"], local.lines.get("teams", 1))
        for page in (paths.STAKEHOLDERS, paths.PLATFORM):
            out[page] = out[paths.COVERAGE]
    return out


def edit_url(template: str, origin: Origin) -> str | None:
    """The organisation's edit address of a data file and line: `template` with {path} and
    {line} replaced (no {path}: the path and '#L<line>' are appended, as GitHub and GitLab
    link lines). None for a file outside the repository (an absolute path)."""
    if origin.file.startswith("/") or ":" in origin.file.split("/")[0]:
        return None
    path = quote(origin.file)
    if "{path}" not in template:
        template = template + "{path}#L{line}"
    return template.replace("{path}", path).replace("{line}", str(origin.line))


def with_edit_links(site: Site, template: str) -> Site:
    """The site with `edit_url` in the front matter of every page: its source's edit address,
    or "" for a page with no one source."""
    if not template:
        return site
    sections = []
    for section in site.sections:
        pages = []
        for page in section.pages:
            url = edit_url(template, page.source) if page.source else None
            # "" tells the theme the page has no data file (not the generated Markdown's).
            page = dataclasses.replace(page, meta={**page.meta, "edit_url": url or ""})
            pages.append(page)
        sections.append(dataclasses.replace(section, pages=pages))
    return Site(sections)
