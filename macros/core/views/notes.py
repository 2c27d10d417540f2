"""Editor's notes of an entity, gathered for its page's one closed "Source and notes" section.

Notes never sit in the reading flow: every `note`, `notes`, `mapping_note`, other wording
(`variants`, `responsibility_variants`) and RACI derivation (`derived_from`) anywhere in an
entity's record is collected here, each with where on the page it belongs (`where`), in data
order. Templates show them with `_macros.j2` `source_and_notes`, never inline.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..data.model import Entity, Record

# Fields that hold an editor's note (plain text) or a list of notes (text, or text + source).
NOTE_FIELDS = ("note", "mapping_note")
NOTES_FIELDS = ("notes",)
VARIANT_FIELDS = ("variants", "responsibility_variants")
# A record's own words that say which entry a note is about, in order of preference.
LABEL_FIELDS = ("title", "element", "label", "name", "objective", "text", "id")
HEADINGS = {
    "go_no_go": "Go/no-go indicators",
    "checklist": "Checklist",
    "raci": "RACI",
    "if_you_are_new": "If you are new",
    "decision_options": "Decision",
    "mapping_note": "Role type",
}


@dataclass(frozen=True)
class Note:
    """One editor's note: `where` names the entry it is about ("" for the page as a whole),
    `items` the other wording's entries (variants) or nothing."""

    where: str
    text: str
    section: str | None = None  # the source section it cites, if any
    items: tuple[str, ...] = ()


def short(text: str, limit: int = 80) -> str:
    """One line of at most `limit` characters, cut at a word with an ellipsis."""
    one = " ".join(str(text).split())
    if len(one) <= limit:
        return one
    return one[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _label(rec: Record) -> str | None:
    for name in LABEL_FIELDS:
        value = getattr(rec, name, None)
        if name == "id":  # an id only where nothing readable names the entry
            section = getattr(getattr(rec, "source", None), "section", None)
            value = section if isinstance(section, str) else value
        if isinstance(value, str) and value.strip():
            return short(value)
    return None


def _heading(field: str) -> str:
    return HEADINGS.get(field, field.replace("_", " ").capitalize())


def source_notes(
    entity: Entity, skip: tuple[str, ...] = (), label: str | None = None
) -> tuple[Note, ...]:
    """Every editor's note in `entity` (not in other entities it holds), in data order; fields
    named in `skip` are left out (a page that shows them elsewhere); `label` starts every
    `where` (a page that holds several entities, like the glossary). Shape: tuple of Note."""
    out: list[Note] = []

    def walk(value, trail: tuple[str, ...]) -> None:
        if isinstance(value, tuple):
            for child in value:
                walk(child, trail)
            return
        if not isinstance(value, Record) or (isinstance(value, Entity) and value is not entity):
            return
        here = trail if value is entity else trail + tuple(filter(None, [_label(value)]))
        where = " \u203a ".join(here)
        for f in fields(value):
            name = f.name
            item = getattr(value, name)
            if item is None or name in skip:
                continue
            if name in NOTE_FIELDS and isinstance(item, str):
                # A role's mapping note is about its role type: say so where nothing else does.
                out.append(Note(where or (_heading(name) if name != "note" else ""), item))
            elif name in NOTES_FIELDS:
                for n in item:
                    text = n if isinstance(n, str) else n.text
                    src = getattr(n, "source", None)
                    out.append(Note(where, text, getattr(src, "section", None)))
            elif name in VARIANT_FIELDS:
                for v in item:
                    words = getattr(v, "responsibilities", None) or (getattr(v, "text", ""),)
                    src = getattr(v, "source", None)
                    label = where or "Other wording"
                    out.append(
                        Note(
                            f"{label} (other wording)",
                            getattr(v, "note", None) or "",
                            getattr(src, "section", None),
                            tuple(w if isinstance(w, str) else w.text for w in words),
                        )
                    )
            elif name == "derived_from" and isinstance(item, str):
                basis = getattr(value, "basis", None)
                text = f"Basis: {basis}. {item}" if basis else item
                out.append(Note(where or "RACI", text))
            else:
                walk(item, here if value is not entity else (*trail, _heading(name)))

    walk(entity, (label,) if label else ())
    return tuple(out)
