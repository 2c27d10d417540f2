"""Tags: the phase, SMFs and roles a page is about, for Material's tags plugin (listed on the
"Browse by tag" page). A tag that only one page would carry is left out: it filters nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from html import escape as html_escape

from ..data.model import Entity, Playbook


def tag(entity: Entity) -> str:
    """The tag for a phase, SMF or role. Escaped here: Material writes tag names into the page
    (chips, tag index, its table of contents) without escaping them."""
    if entity.entity_kind == "phase":
        name = "Phase: " + entity.name.removesuffix(" Phase")
    elif entity.entity_kind == "smf":
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
                    index.setdefault((e.entity_kind, e.id), []).append(target)
            self._index[key] = index
        return self._index[key].get((entity.entity_kind, entity.id), [])


def tags_for(pb: Playbook, entity: Entity, named=None) -> list[Entity]:
    """The phase, SMFs and roles a page is about (entities; `tag` names them)."""
    named = named or _Forward(pb)
    phase = (
        [pb.get("phase", entity.phase)]
        if entity.entity_kind in ("review", "smf") and pb.find("phase", entity.phase or "")
        else []
    )
    role_types = "accountabilities/*/role_types/*/role"
    if entity.entity_kind == "review":
        smfs = named(entity, "smf")
        smfs += [s for s in pb.referrers("review", entity.id, by="smf") if s not in smfs]
        return phase + smfs + [pb.get("role", r) for r in entity.owners or ()]
    if entity.entity_kind == "smf":
        return phase + [entity] + named(entity, "role", role_types)
    if entity.entity_kind == "phase":
        return [entity]
    if entity.entity_kind == "role":
        return [entity, *pb.referrers("role", entity.id, by="smf", field=role_types)]
    if entity.entity_kind == "accountability":
        return [pb.get("smf", link.smf) for link in entity.smfs or () if pb.find("smf", link.smf)]
    if entity.entity_kind in ("scenario", "template"):
        return named(entity, "smf")
    return []


def page_tags(pb: Playbook, pages: Mapping[str, Entity]) -> dict[str, list[str]]:
    """{docs path: tag names} for pages about an entity ({docs path: entity}); tags that only
    one page would carry are dropped, and a page with no tag left is left out."""
    named = _Forward(pb)
    tags = {
        path: list(dict.fromkeys(tag(t) for t in tags_for(pb, entity, named)))
        for path, entity in pages.items()
    }
    used = Counter(name for names in tags.values() for name in names)
    out = {path: [name for name in names if used[name] > 1] for path, names in tags.items()}
    return {path: names for path, names in out.items() if names}
