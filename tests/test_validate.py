"""Validation on small fixtures: every problem, each with file, line, path and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, line_of, playbook_of, problems_of

from macros.core.problems import DataError

REVIEW = "data/reviews/ship-it.yaml"


def test_good_fixture_is_valid(project: Path):
    assert problems_of(project) == []


def test_unknown_key_suggests_the_right_one(project: Path):
    edit(project, REVIEW, "frequency:", "frequncy:")
    line = line_of(project, REVIEW, "frequncy:")
    # One mistake, one message: not also "missing required key 'frequency'".
    assert problems_of(project) == [
        f"{REVIEW}:{line}: /frequncy: unknown key 'frequncy' should be 'frequency'"
    ]


def test_wrong_type_names_what_was_expected(project: Path):
    edit(project, REVIEW, "order: 1", "order: first")
    line = line_of(project, REVIEW, "order: first")
    assert problems_of(project) == [
        f"{REVIEW}:{line}: /order: expected a whole number, got 'first'"
    ]


def test_dangling_role_reference(project: Path):
    edit(project, REVIEW, "owners: [release-manager]", "owners: [release-manger]")
    line = line_of(project, REVIEW, "owners:")
    assert problems_of(project) == [
        f"{REVIEW}:{line}: /owners/0: unknown role id 'release-manger' (did you mean "
        "'release-manager'?); expected an id defined in data/roles.yaml"
    ]


def test_duplicate_ids_in_a_file_and_across_files(project: Path):
    edit(project, REVIEW, "id: in-notes", "id: people-sponsor")
    second = project / "data/reviews/ship-it-again.yaml"
    second.write_text((project / REVIEW).read_text())
    found = problems_of(project)
    dup_line = line_of(project, REVIEW, "inputs: [{id: people-sponsor")
    assert (
        f"{REVIEW}:{dup_line}: /checklist/inputs/0/id: duplicate id 'people-sponsor' (also at "
        f"{REVIEW}:{line_of(project, REVIEW, 'people: [{id: people-sponsor')}); expected ids "
        "to be unique within the file"
    ) in found
    id_line = line_of(project, REVIEW, "id: ship-it")
    assert (
        f"data/reviews/ship-it-again.yaml:{id_line}: /id: id 'ship-it' differs from the file "
        "name; expected 'ship-it-again' (or rename the file to ship-it.yaml)"
    ) in found
    assert any("duplicate id 'ship-it'" in f and "among review files" in f for f in found)


def test_every_problem_is_reported_in_one_run(project: Path):
    edit(project, REVIEW, "scope: Project-specific", "scope: Narrow")
    edit(project, REVIEW, "key_terms: [quiet-period]", "key_terms: [quiet-time]")
    edit(project, "data/roles.yaml", "kind: role-type", "kind: role-typo")
    found = problems_of(project)
    assert len(found) >= 3
    assert any("/scope: expected one of Broad, Project-specific, got 'Narrow'" in f for f in found)
    assert any("unknown term id 'quiet-time'" in f for f in found)
    assert any(f.startswith("data/roles.yaml:") and "role-typo" in f for f in found)


@pytest.mark.parametrize(
    "raci, message",
    [
        (
            "  responsible: [release-manager]\n  accountable: []\n",
            "/raci/accountable: RACI row has 0 accountable roles; expected exactly one",
        ),
        (
            "  responsible: [release-manager]\n"
            "  accountable: [business-sponsor, deployment-lead]\n",
            "/raci/accountable: RACI row has 2 accountable roles; expected exactly one",
        ),
        (
            "  responsible: []\n  accountable: [business-sponsor]\n",
            "/raci/responsible: RACI row has no responsible role; expected at least one",
        ),
        (
            "  responsible: [release-manager]\n  accountable: [business-sponsor]\n"
            "  informed: [release-manager]\n",
            "/raci: role 'release-manager' is both responsible and informed; "
            "expected each role once per RACI row",
        ),
    ],
)
def test_raci_rules(project: Path, raci: str, message: str):
    path = project / REVIEW
    text = path.read_text()
    start = text.index("raci:\n")
    end = text.index("  derived_from:")
    path.write_text(text[:start] + "raci:\n" + raci + text[end:])
    found = problems_of(project)
    raci_line = line_of(project, REVIEW, "raci:")
    key = message.split(":")[0].rsplit("/", 1)[-1]
    expected_line = raci_line if key == "raci" else line_of(project, REVIEW, f"  {key}:")
    assert found == [f"{REVIEW}:{expected_line}: {message}"]


def test_load_playbook_raises_with_every_problem(project: Path):
    edit(project, REVIEW, "scope: Project-specific", "scope: Narrow")
    edit(project, REVIEW, "owners: [release-manager]", "owners: [nobody]")
    with pytest.raises(DataError) as info:
        playbook_of(project)
    text = str(info.value)
    assert "2 problems found in the playbook data." in text
    assert "unknown role id 'nobody'" in text and "'Narrow'" in text
