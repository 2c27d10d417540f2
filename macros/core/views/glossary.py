"""The glossary as data for the in-context definitions on every page, and a term's definition.

theme/assets/javascripts/glossary-tips.js reads `window.mofGlossary`: it links the first use of
each term on a page to its glossary entry and gives every glossary link the term's definition as
its title, which Material's `content.tooltips` shows on hover and on keyboard focus (a
role="tooltip" element the link points to with aria-describedby). A script file, not JSON,
because a browser will not fetch JSON from file://; not inline, so a strict
Content-Security-Policy holds.
"""

from __future__ import annotations

import json

from ..data.model import Entity, Playbook


def definition(term: Entity) -> str:
    """A term's first definition: the one a tooltip and a sheet show."""
    return term.definitions[0].text if term.definitions else ""


def terms_data(pb: Playbook, glossary_url: str, pages: dict[str, str] | None = None) -> dict:
    """Each term's id, the words it is written as on pages, and its first definition; and the
    page of its entry ("page", from the site root) where `pages` ({term id: url}) gives one
    other than the glossary's (a glossary in parts)."""
    pages = pages or {}
    terms = []
    for t in sorted(pb.all("term"), key=lambda t: t.name.casefold()):
        words = [t.name, *(t.aliases or ())]
        if t.abbreviation:
            words.append(t.abbreviation)
        terms.append(
            {
                "id": t.id,
                "name": t.name,
                "words": list(dict.fromkeys(w for w in words if w and w.strip())),
                "definition": definition(t),
                **({"page": pages[t.id]} if t.id in pages else {}),
            }
        )
    return {"page": glossary_url, "terms": terms}


def terms_script(pb: Playbook, glossary_url: str, pages: dict[str, str] | None = None) -> str:
    """`window.mofGlossary = {...};` with `<` escaped, so no text can end a script element.
    `glossary_url` is the glossary page's path from the site root; `pages` as terms_data."""
    data = json.dumps(
        terms_data(pb, glossary_url, pages), ensure_ascii=False, sort_keys=True, indent=None
    )
    data = data.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return (
        "// Generated from data/glossary.yaml by macros/core/views/glossary.py; do not edit.\n"
        f"window.mofGlossary = {data};\n"
    )
