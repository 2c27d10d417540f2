"""Where every generated page that is not an entity's own page lives (entity pages: the kinds
registry). Docs-relative paths; the built file is the same path with .html."""

from __future__ import annotations

from ..data.model import Entity

HOME = "index.md"  # hand-written (content/index.md)
ABOUT = "about.md"  # hand-written
START = "start/index.md"
TAGS = "start/tags.md"
READING_INDEX = "reading/index.md"
LIFECYCLE = "phases/index.md"
REVIEWS = "reviews/index.md"
BOOKLET = "checklists/index.md"
SMFS = "smfs/index.md"
ROLES = "roles/index.md"
RACI = "raci/index.md"
SCENARIOS = "scenarios/index.md"
TEMPLATES = "templates/index.md"
GLOSSARY = "glossary/index.md"
GLOSSARY_SCRIPT = "glossary/terms.js"
REFERENCE = "reference/index.md"
# The organisation's layer (only with an overlay folder): macros/core/site/sections/local.py.
LOCAL = "local/index.md"  # Getting started here
PEOPLE = "local/people.md"
COVERAGE = "local/coverage.md"
TEAM = "local/team.md"
STAKEHOLDERS = "local/stakeholders.md"
PLATFORM = "local/platform.md"
# Where each section of MOF's Sample Playbook Content outline is shown, filled by the
# organisation (an SMF's "policies and processes" item is on the SMF's page too, a review's
# governance item on the review's page).
OUTLINE_PAGES = {
    "getting-started-info": LOCAL,
    "role-specific": LOCAL,
    "governance": LOCAL,
    "team-info": TEAM,
    "policies-processes": TEAM,
    "stakeholders": STAKEHOLDERS,
    "platform": PLATFORM,
}


def person(person_id: str) -> str:
    """A person's entry in the people directory."""
    return f"{PEOPLE}#{person_id}"


def checklist(review: Entity) -> str:
    return f"checklists/{review.id}.md"


def reading_path(role: Entity) -> str:
    return f"reading/{role.id}.md"


def first_weeks(role: Entity) -> str:
    return f"reading/first-weeks/{role.id}.md"


def booklet(role: Entity) -> str:
    """A role's whole-playbook booklet for print (outside the nav and the search index)."""
    return f"roles/booklet/{role.id}.md"


def reference(kind: str) -> str:
    return f"reference/{kind}.md"
