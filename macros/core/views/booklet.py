"""The whole playbook for one role, printed as a booklet: which parts it holds.

The booklet page (site/sections/roles.py, template role-booklet.md.j2) lays out the role, the
reviews it takes part in, their meeting checklists, its RACI rows and the terms to learn, each
part from a new sheet. Everything comes from the role's `RoleView`, as the role page does.
"""

from __future__ import annotations

from .roles import RoleView


def has_booklet(view: RoleView) -> bool:
    """A role gets a booklet when a review or a RACI row names it."""
    return bool(view.reviews or view.raci)


def part_numbers(view: RoleView) -> dict[str, int]:
    """The numbered parts a role's booklet holds, in order: {"role": 1, "reviews": 2, ...}.
    A part with nothing in it is left out (no near-empty sheet); the checklists, headed by
    their own titles, come between the reviews and the RACI rows."""
    keys = ["role"] + ["reviews"] * bool(view.reviews) + ["raci"] * bool(view.raci)
    keys += ["terms"] * bool(view.terms)
    return {key: n for n, key in enumerate(keys, 1)}
