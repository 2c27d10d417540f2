"""One module per nav section. Each `build(ctx)` returns the section's pages, files and nav
entry (None: no section); `SECTIONS` is the nav, in the order a new reader needs it."""

from . import about, glossary, lifecycle, local, reviews, roles, scenarios, smfs, start, templates

SECTIONS = (
    start.build,
    local.build,  # only with an overlay folder: the organisation's layer
    lifecycle.build,
    reviews.build,
    smfs.build,
    roles.build,
    scenarios.build,
    templates.build,
    glossary.build,
    about.build,
)
