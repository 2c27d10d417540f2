"""The Glossary section: the terms on one page (in parts of TERM_LIMIT terms, alphabetical,
when there are more), and the script of definitions for tooltips."""

from __future__ import annotations

from ...views import glossary
from .. import paths
from ..page import Section, pager, part_path, parts
from ..render import page_url

# The glossary is one page while it holds at most this many terms (the MOF data has 60); beyond,
# it comes in alphabetical parts of this many, so that no page grows with the terms, and each
# term's entry (its page and anchor) is in its part: `moved`. A term's entry with its notes is at
# most 3.2 KB of Markdown in the MOF data, so a part stays under about 260 KB built, even when
# it holds 70 of the heaviest.
TERM_LIMIT = 70


def _letter(term) -> str:
    return term.name[:1].upper() if term.name[:1].isalpha() else "#"


def ordered(pb) -> list:
    """The terms in glossary order: by name, case-insensitive."""
    return sorted(pb.all("term"), key=lambda t: t.name.casefold())


def term_parts(pb) -> list[list]:
    """The terms of each part of the glossary, in order (one part up to TERM_LIMIT terms)."""
    terms = ordered(pb)
    return [terms] if len(terms) <= TERM_LIMIT else parts(terms, TERM_LIMIT)


def moved(pb) -> dict[str, str]:
    """{a term's page as the kinds registry gives it: its entry in its part of the glossary},
    for the terms not on the glossary's first page ({} while the glossary is one page). The
    renderer links to the entry in its part (Renderer.render's `moved`)."""
    out = {}
    for n, chunk in enumerate(term_parts(pb), 1):
        if n > 1:
            for t in chunk:
                out[t.page] = f"{part_path(paths.GLOSSARY, n)}#{t.id}"
    return out


def part_pages(pb) -> list[str]:
    """The docs paths of the glossary's pages: the glossary, then its other parts."""
    return [part_path(paths.GLOSSARY, n) for n in range(1, len(term_parts(pb)) + 1)]


def build(ctx) -> Section:
    pb = ctx.pb
    chunks = term_parts(pb)
    count = len(chunks)
    # The A-Z bar of every part: each letter links to its first term's part and heading.
    first: dict[str, str] = {}
    for n, chunk in enumerate(chunks, 1):
        for t in chunk:
            first.setdefault(_letter(t), f"{part_path(paths.GLOSSARY, n)}#letter-{_letter(t).lower()}")
    section = Section("Glossary", paths.GLOSSARY)

    def each(n: int, chunk: list) -> dict:
        before = chunks[n - 2][-1] if n > 1 and chunks[n - 2] else None
        return {
            "terms": [{"letter": _letter(t), "term": t} for t in chunk],
            "continued": _letter(before) if before else None,
        }

    section.pages += ctx.parts(
        paths.GLOSSARY,
        "glossary.md.j2",
        chunks,
        each,
        letters=list(first.items()) if count > 1 else [],
    )
    # the tooltips link each term to its part (terms on the first page: the glossary's address)
    where = {
        t.id: page_url(part_path(paths.GLOSSARY, n))
        for n, chunk in enumerate(chunks, 1)
        if n > 1
        for t in chunk
    }
    section.files[paths.GLOSSARY_SCRIPT] = glossary.terms_script(
        pb, page_url(paths.GLOSSARY), where
    )
    return section
