"""The glossary as a small script, for the in-context definitions on every page.

theme/assets/javascripts/glossary-tips.js reads `window.mofGlossary`: it links the first use of
each term on a page to its glossary entry and gives every glossary link the term's definition as
its title, which Material's `content.tooltips` shows on hover and on keyboard focus (a
role="tooltip" element the link points to with aria-describedby). A script file, not JSON,
because a browser will not fetch JSON from file://; not inline, so a strict
Content-Security-Policy holds.
"""

from __future__ import annotations

import json

from .model import Playbook
from .render import page_url

SCRIPT = "glossary/terms.js"


def terms_data(pb: Playbook) -> dict:
    """Each term's id, the words it is written as on pages, and its first definition."""
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
                "definition": t.definitions[0].text if t.definitions else "",
            }
        )
    return {"page": page_url("glossary/index.md"), "terms": terms}


def terms_script(pb: Playbook) -> str:
    """`window.mofGlossary = {...};` with `<` escaped, so no text can end a script element."""
    data = json.dumps(terms_data(pb), ensure_ascii=False, sort_keys=True, indent=None)
    data = data.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return (
        "// Generated from data/glossary.yaml by macros/core/glossary_tips.py; do not edit.\n"
        f"window.mofGlossary = {data};\n"
    )
