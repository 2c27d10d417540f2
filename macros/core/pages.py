"""Every generated page and the navigation, as plain text, from the model.

`generate` is the one entry point: `make site`, `make serve` and the tests all call it (through
the MkDocs glue or directly). It returns the pages as {docs-relative path: Markdown}; `write`
puts them into the docs folder, touching only files whose text changed, so live reload does not
loop and an unchanged page keeps its timestamp.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path

from . import checklists, orientation, pages_content, pages_roles, reference, svg
from .model import Entity, Playbook
from .render import relative, render

# Folders of the docs dir that the generator owns entirely (git-ignored; stale files removed).
GENERATED_DIRS = (
    "reviews",
    "checklists",
    "smfs",
    "phases",
    "roles",
    "raci",
    "scenarios",
    "templates",
    "glossary",
    "reading",
    "reference",
    "start",
)


@dataclass
class Site:
    """What one generation produces: pages, other files (CSV...), and the navigation."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    nav: list = field(default_factory=list)

    def add(self, path: str, template: str, **context) -> str:
        self.pages[path] = render(template, page=path, **context)
        return path


def nav_title(text: str) -> str:
    """Nav titles are inserted into HTML unescaped by the theme, so escape them here."""
    return html_escape(str(text), quote=True)


def entity_nav(entities, label: Callable[[Entity], str] = lambda e: e.name) -> list:
    return [{nav_title(label(e)): e.page} for e in entities]


def review_pages(pb: Playbook, site: Site) -> list:
    checklists = {r.id: f"checklists/{r.id}.md" for r in pb.reviews} if CHECKLISTS_ENABLED else {}
    for review in pb.reviews:
        site.add(
            review.page,
            "review.md.j2",
            pb=pb,
            review=review,
            checklist_page=checklists.get(review.id),
        )
    site.add(
        "reviews/index.md",
        "reviews-index.md.j2",
        pb=pb,
        checklists=checklists,
        cycle=svg.review_cycle(pb, lambda e: relative(e.page, "reviews/index.md")),
    )
    return [{"Overview": "reviews/index.md"}, *entity_nav(pb.reviews)]


def glossary_pages(pb: Playbook, site: Site) -> list:
    terms = sorted(pb.all("term"), key=lambda t: t.name.casefold())
    items = [
        {"letter": (t.name[:1].upper() if t.name[:1].isalpha() else "#"), "term": t} for t in terms
    ]
    site.add("glossary/index.md", "glossary.md.j2", pb=pb, terms=items)
    return "glossary/index.md"


CHECKLISTS_ENABLED = True  # checklists.py generates checklists/<review id>.md


def generate(pb: Playbook) -> Site:
    """All generated pages and the full navigation for a playbook."""
    site = Site()
    reviews = review_pages(pb, site)
    reviews.append({"Checklists": checklists.checklist_pages(pb, site)})
    glossary = glossary_pages(pb, site)
    data_reference = reference.add_pages(pb, site)
    roles = pages_roles.generate(pb, site)
    lifecycle = pages_content.phase_pages(pb, site)
    smfs = pages_content.smf_pages(pb, site)
    scenarios = pages_content.scenario_pages(pb, site)
    templates = pages_content.template_pages(pb, site)
    start = orientation.add_pages(pb, site)
    site.nav = [
        {"Home": "index.md"},
        {"Lifecycle": lifecycle},
        {"Reviews": reviews},
        {"SMFs": smfs},
        {"Scenarios": scenarios},
        {"Templates": templates},
        {"Roles and RACI": roles},
        {"Glossary": glossary},
        {"About": [{"About this playbook": "about.md"}, {"Data reference": data_reference}]},
    ]
    orientation.finish(pb, site, start)  # Start first, section order, search boosts, tags
    return site


def write(site: Site, docs_dir: Path) -> list[str]:
    """Write pages and files under docs_dir; remove stale generated files. Returns what changed."""
    wanted = {**site.pages, **site.files}
    changed = []
    for rel, text in sorted(wanted.items()):
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        # Bytes, not read_text(): universal newlines would turn a CSV's CRLF into LF, the file
        # would always differ, be rewritten each build and keep `mkdocs serve` rebuilding.
        if not target.exists() or target.read_bytes() != text.encode("utf-8"):
            target.write_text(text, encoding="utf-8", newline="\n")
            changed.append(rel)
    for folder in GENERATED_DIRS:
        root = docs_dir / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):
            rel = path.relative_to(docs_dir).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
                changed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed
