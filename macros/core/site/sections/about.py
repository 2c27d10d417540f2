"""The About section: the hand-written About page and the data reference, generated from the
JSON Schemas (every kind of data file and every field)."""

from __future__ import annotations

from html import escape

from ...data.load import MAX_BYTES
from ...views import schema_reference
from .. import paths
from ..page import Section


def build(ctx) -> Section:
    kinds = schema_reference.describe(ctx.schemas, ctx.pb)
    section = Section("About", [])
    section.pages.append(
        ctx.page(
            paths.REFERENCE,
            "reference-index.md.j2",
            kinds=kinds,
            kind_page=paths.reference,
            max_mb=MAX_BYTES // (1024 * 1024),
        )
    )
    for kind in kinds:
        section.pages.append(
            ctx.page(paths.reference(kind.kind), "reference.md.j2", meta={"hide": ["toc"]}, kind=kind)
        )
    section.nav = [
        {"About this playbook": paths.ABOUT},
        {
            "Data reference": [
                {"Overview": paths.REFERENCE},
                *({escape(f"{k.title} files"): paths.reference(k.kind)} for k in kinds),
            ]
        },
    ]
    return section
