"""Checks that keep meeting checklists unambiguous: one go/no-go table of boxes per review.

Each check takes the loaded documents and returns problems (file, line, path, what to fix); it
skips values of the wrong type, which the schema check reports.
"""

from __future__ import annotations

from ..problems import Problem, pointer
from .load import Document


def check_go_no_go_variants(docs: list[Document]) -> list[Problem]:
    """A review's go/no-go tables: exactly one is the checklist's table (no `variant_of`); every
    other one names it in `variant_of`. Returns one Problem per table that breaks the rule."""
    problems = []
    for doc in docs:
        data = doc.data
        if doc.kind != "review" or not isinstance(data, dict):
            continue
        tables = data.get("go_no_go")
        if not isinstance(tables, list):
            continue
        tables = [(i, t) for i, t in enumerate(tables) if isinstance(t, dict)]
        main = {t.get("id") for _, t in tables if "variant_of" not in t}
        for i, t in tables:
            target = t.get("variant_of")
            if target is None:
                if len(main) > 1 and t is not tables[0][1]:
                    problems.append(
                        _problem(
                            doc,
                            ("go_no_go", i, "id"),
                            f"a second go/no-go table without variant_of ('{t.get('id')}'); "
                            "expected one table of boxes per checklist: add "
                            f"'variant_of: {tables[0][1].get('id')}' and a note on how they differ",
                        )
                    )
            elif target not in main or target == t.get("id"):
                problems.append(
                    _problem(
                        doc,
                        ("go_no_go", i, "variant_of"),
                        f"variant_of '{target}' names no other go/no-go table of this file that "
                        f"is itself no variant; expected one of {sorted(x for x in main if x)}",
                    )
                )
    return problems


def _problem(doc: Document, path: tuple, message: str) -> Problem:
    return Problem(doc.file, doc.line_of(path), pointer(path), message)
