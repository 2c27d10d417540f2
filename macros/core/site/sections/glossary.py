"""The Glossary section: one page of terms, and the script of definitions for tooltips."""

from __future__ import annotations

from ...views import glossary
from .. import paths
from ..page import NAV_LIMIT, Section
from ..render import page_url


def build(ctx) -> Section:
    pb = ctx.pb
    terms = sorted(pb.all("term"), key=lambda t: t.name.casefold())
    items = [
        {"letter": (t.name[:1].upper() if t.name[:1].isalpha() else "#"), "term": t} for t in terms
    ]
    section = Section("Glossary", paths.GLOSSARY)
    # Beyond NAV_LIMIT terms, the page's contents list (twice in Material's markup: the sidebar
    # and the phone menu) would outweigh the terms; the A-Z bar at the top stays.
    meta = {"hide": ["toc"]} if len(terms) > NAV_LIMIT else None
    section.pages.append(ctx.page(paths.GLOSSARY, "glossary.md.j2", meta=meta, terms=items))
    section.files[paths.GLOSSARY_SCRIPT] = glossary.terms_script(pb, page_url(paths.GLOSSARY))
    return section
