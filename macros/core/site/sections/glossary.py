"""The Glossary section: one page of terms, and the script of definitions for tooltips."""

from __future__ import annotations

from ...views import glossary
from .. import paths
from ..page import Section
from ..render import page_url


def build(ctx) -> Section:
    pb = ctx.pb
    terms = sorted(pb.all("term"), key=lambda t: t.name.casefold())
    items = [
        {"letter": (t.name[:1].upper() if t.name[:1].isalpha() else "#"), "term": t} for t in terms
    ]
    section = Section("Glossary", paths.GLOSSARY)
    section.pages.append(ctx.page(paths.GLOSSARY, "glossary.md.j2", terms=items))
    section.files[paths.GLOSSARY_SCRIPT] = glossary.terms_script(pb, page_url(paths.GLOSSARY))
    return section
