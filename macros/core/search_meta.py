"""Search and tags: front matter that makes each entity page findable by its name first and
tags it with the phase, SMFs and roles it concerns (Material's tags plugin lists them).

`tune(pb, site)` runs after every page is generated and edits only the front matter of pages
it knows: an entity's own page gets `search: boost`, and `tags`. Keys a page already sets win.
Checklist pages are left untagged: a tag listing would show them under their review's name.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html import escape as html_escape

from .model import Entity, Playbook

ENTITY_BOOST = 2  # an entity's own page outranks pages that only mention it
GLOSSARY = "glossary/index.md"
KINDS = ("review", "smf", "phase", "role", "accountability", "scenario", "template")
_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def tag(entity: Entity) -> str:
    """The tag for a phase, SMF or role. Escaped here: Material writes tag names into the page
    (chips, tag index, its table of contents) without escaping them."""
    if entity.kind == "phase":
        name = "Phase: " + entity.name.removesuffix(" Phase")
    elif entity.kind == "smf":
        name = "SMF: " + entity.name
    else:
        name = "Role: " + entity.name
    return html_escape(name, quote=True)


class _Forward:
    """Who refers to what, turned around: the entities of a kind that an entity names.
    Built once per kind (and field) from the model's back-references: linear in the data."""

    def __init__(self, pb: Playbook):
        self.pb = pb
        self._index: dict[tuple[str, str | None], dict[tuple[str, str], list[Entity]]] = {}

    def __call__(self, entity: Entity, kind: str, field: str | None = None) -> list[Entity]:
        key = (kind, field)
        if key not in self._index:
            index: dict[tuple[str, str], list[Entity]] = {}
            for target in self.pb.all(kind):
                for e in self.pb.referrers(kind, target.id, field=field):
                    index.setdefault((e.kind, e.id), []).append(target)
            self._index[key] = index
        return self._index[key].get((entity.kind, entity.id), [])


def tags_for(pb: Playbook, entity: Entity, named=None) -> list[Entity]:
    """The phase, SMFs and roles a page is about (entities; `tag` names them)."""
    named = named or _Forward(pb)
    phase = (
        [pb.get("phase", entity.phase)]
        if entity.kind in ("review", "smf") and pb.find("phase", entity.phase or "")
        else []
    )
    role_types = "accountabilities/*/role_types/*/role"
    if entity.kind == "review":
        smfs = named(entity, "smf")
        smfs += [s for s in pb.referrers("review", entity.id, by="smf") if s not in smfs]
        return phase + smfs + [pb.get("role", r) for r in entity.owners or ()]
    if entity.kind == "smf":
        return phase + [entity] + named(entity, "role", role_types)
    if entity.kind == "phase":
        return [entity]
    if entity.kind == "role":
        return [entity, *pb.referrers("role", entity.id, by="smf", field=role_types)]
    if entity.kind == "accountability":
        return [pb.get("smf", link.smf) for link in entity.smfs or () if pb.find("smf", link.smf)]
    if entity.kind in ("scenario", "template"):
        return named(entity, "smf")
    return []


def _set_front_matter(text: str, extra: dict) -> str:
    """Add keys to a page's front matter (JSON values are valid YAML); existing keys win."""
    m = _FRONT.match(text)
    body, head = (text[m.end() :], m.group(1)) if m else (text, "")
    present = {line.split(":", 1)[0] for line in head.splitlines() if line and line[0] != " "}
    lines = [
        f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in extra.items() if k not in present
    ]
    return f"---\n{head}{''.join(line + chr(10) for line in lines)}---\n{body}"


def tune(pb: Playbook, site, extra_pages: dict[str, Entity] | None = None) -> None:
    """Boost entity pages and tag them; pages in `extra_pages` ({docs path: entity}) get that
    entity's tags without a boost. A tag only one page would carry is left out: it filters
    nothing."""
    targets: dict[str, tuple[Entity, bool]] = {}
    for kind in KINDS:
        for e in pb.all(kind):
            targets[e.page] = (e, True)
    for path, e in (extra_pages or {}).items():
        targets[path] = (e, False)
    named = _Forward(pb)
    tags = {
        path: list(dict.fromkeys(tag(t) for t in tags_for(pb, entity, named)))
        for path, (entity, _) in targets.items()
        if path in site.pages
    }
    used = Counter(name for names in tags.values() for name in names)
    for path, names in tags.items():
        extra = {"search": {"boost": ENTITY_BOOST}} if targets[path][1] else {}
        names = [name for name in names if used[name] > 1]
        if names:
            extra["tags"] = names
        site.pages[path] = _set_front_matter(site.pages[path], extra)
    # Terms are entities too: each is a section of the glossary page, found by its heading.
    if GLOSSARY in site.pages:
        site.pages[GLOSSARY] = _set_front_matter(
            site.pages[GLOSSARY], {"search": {"boost": ENTITY_BOOST}}
        )
