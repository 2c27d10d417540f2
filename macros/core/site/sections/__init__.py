"""One module per nav section. Each `build(ctx)` returns the section's pages, files and nav
entry; `SECTIONS` is the nav, in the order a new reader needs it."""

from . import about, glossary, lifecycle, reviews, roles, scenarios, smfs, start, templates

SECTIONS = (
    start.build,
    lifecycle.build,
    reviews.build,
    smfs.build,
    roles.build,
    scenarios.build,
    templates.build,
    glossary.build,
    about.build,
)
