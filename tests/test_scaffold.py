"""`python -m macros new KIND ID`: a skeleton that validates, placeholder warnings until it is
filled in, the next free order, collections appended byte for byte, refusals with the reason;
and, filled in, every page a new review should have."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_project, problems_of, text_of

from macros.__main__ import main
from macros.core.data.pipeline import Pipeline
from macros.core.data.scaffold import PLACEHOLDER, ScaffoldError, new
from macros.core.problems import format_problems


def start(root: Path, kind: str, new_id: str, phase: str | None = None, pipeline=None):
    pipeline = pipeline or Pipeline(root)
    docs, _ = pipeline.check()
    return new(root, pipeline.schemas(), docs, kind, new_id, phase)


def real_data(tmp_path: Path) -> Path:
    """A copy of the real data (and schemas): enough for `new` and `validate`."""
    root = tmp_path / "real"
    shutil.copytree(ROOT / "data", root / "data")
    return root


def placeholder_lines(path: Path) -> list[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if PLACEHOLDER in line]


def test_new_review_then_validate_passes_with_placeholder_warnings(project: Path, capsys):
    assert main(["new", "review", "weekly-cab", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Wrote data/reviews/weekly-cab.yaml:")
    path = project / "data/reviews/weekly-cab.yaml"
    text = path.read_text(encoding="utf-8")
    assert (
        text.splitlines()[0]
        == "# yaml-language-server: $schema=../schema/editor/review.schema.json"
    )
    data = yaml.safe_load(text)
    assert data["id"] == "weekly-cab"
    assert data["order"] == 2  # ship-it has order 1

    assert main(["validate", "--root", str(project)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("OK: ")
    warned = [
        int(m.group(1))
        for m in re.finditer(
            r"^data/reviews/weekly-cab\.yaml:(\d+): warning: placeholder text \(TODO: .*\); "
            r"replace it$",
            captured.err,
            re.M,
        )
    ]
    assert warned and warned == placeholder_lines(path)
    n = len(re.findall(r": warning: ", captured.err))
    assert captured.err.rstrip().endswith(
        f"0 problems found in the playbook data; {n} warnings (not an error)."
    )


def test_every_kind_starts_valid_and_every_placeholder_is_warned(project: Path):
    pipeline = Pipeline(project)  # one pipeline: each file is read and checked once
    # A template refers to a scenario, so the scenario comes first.
    for kind, new_id in [
        ("review", "weekly-cab"),
        ("smf", "change-advisory"),
        ("role", "cab-chair"),
        ("term", "cab"),
        ("scenario", "run-a-cab"),
        ("template", "cab-agenda"),
    ]:
        written = start(project, kind, new_id, pipeline=pipeline)
        assert pipeline.check()[1] == [], (kind, written.path.read_text())
    warnings = pipeline.warnings()
    assert all(w.warning for w in warnings)
    for file in ("reviews/weekly-cab.yaml", "smfs/change-advisory.yaml", "roles.yaml"):
        lines = placeholder_lines(project / "data" / file)
        assert lines and [w.line for w in warnings if w.file == f"data/{file}"] == lines
    # The new entities are in the model, under their ids.
    pb = pipeline.playbook()
    for kind, new_id in [("review", "weekly-cab"), ("role", "cab-chair"), ("term", "cab")]:
        assert pb.get(kind, new_id).id == new_id


def test_roles_and_terms_are_appended_keeping_the_text_above_byte_for_byte(project: Path):
    for kind, file in (("role", "roles.yaml"), ("term", "glossary.yaml")):
        path = project / "data" / file
        before = path.read_bytes()
        written = start(project, kind, "cab-chair")
        after = path.read_bytes()
        assert after.startswith(before) and len(after) > len(before)
        assert after[len(before) :].decode().count("- id: cab-chair") == 1
        assert after.decode().splitlines()[written.line - 1].strip() == "- id: cab-chair"
    assert problems_of(project) == []


def test_smf_order_is_the_next_free_one_within_its_phase(tmp_path: Path):
    root = real_data(tmp_path)
    taken = [
        yaml.safe_load(p.read_text())["order"]
        for p in (root / "data/smfs").glob("*.yaml")
        if yaml.safe_load(p.read_text())["phase"] == "operate"
    ]
    pipeline = Pipeline(root)  # one pipeline: each file is read and checked once
    start(root, "smf", "capacity", phase="operate", pipeline=pipeline)
    data = yaml.safe_load((root / "data/smfs/capacity.yaml").read_text())
    assert (data["phase"], data["order"]) == ("operate", max(taken) + 1)
    start(root, "review", "weekly-cab", pipeline=pipeline)
    orders = [yaml.safe_load(p.read_text())["order"] for p in (root / "data/reviews").glob("*")]
    assert sorted(orders) == list(range(1, len(orders) + 1))
    assert pipeline.check()[1] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("review", "ship-it"),
            "a review with the id 'ship-it' already exists (data/reviews/ship-it.yaml:2); "
            "expected a new id",
        ),
        (
            ("role", "release-manager"),
            "a role with the id 'release-manager' already exists (data/roles.yaml:8); "
            "expected a new id",
        ),
        (
            ("review", "Weekly CAB"),
            "'Weekly CAB' is not an id; expected lower-case words joined by hyphens "
            "(like 'weekly-cab')",
        ),
        (
            ("review", "x_y"),
            "'x_y' is not an id; expected lower-case words joined by hyphens (like 'x-y')",
        ),
        (
            ("phase", "run"),
            "unknown kind 'phase'; expected one of: review, smf, role, term, scenario, template",
        ),
        (
            ("template", "agenda"),
            "no scenario is defined yet; the skeleton needs one to refer to",
        ),
        (
            ("smf", "capacity", "later"),
            "unknown phase 'later'; expected one of: plan, deliver, operate, manage",
        ),
    ],
)
def test_refuses_with_the_reason(project: Path, args, message, capsys):
    before = {p: p.read_bytes() for p in (project / "data").rglob("*.yaml")}
    with pytest.raises(ScaffoldError) as err:
        start(project, *args)
    assert str(err.value) == message
    after = {p: p.read_bytes() for p in (project / "data").rglob("*.yaml")}
    assert after == before  # nothing written
    argv = ["new", args[0], args[1], "--root", str(project)]
    if len(args) > 2:
        argv += ["--phase", args[2]]
    assert main(argv) == 1
    assert capsys.readouterr().err == f"cannot start {args[0]} '{args[1]}': {message}\n"


def test_no_free_scenario_number_is_refused(tmp_path: Path):
    root = real_data(tmp_path)
    with pytest.raises(ScaffoldError, match=r"^every scenario number up to 7 is taken"):
        start(root, "scenario", "an-eighth")
    assert not (root / "data/scenarios/an-eighth.yaml").exists()


def test_warnings_do_not_count_as_problems():
    from macros.core.problems import Problem

    text = format_problems(
        [
            Problem("data/a.yaml", 3, "", "placeholder text (TODO: x); replace it", warning=True),
            Problem("data/a.yaml", 4, "", "placeholder text (TODO: y); replace it", warning=True),
        ]
    )
    assert text.splitlines() == [
        "data/a.yaml:3: warning: placeholder text (TODO: x); replace it",
        "data/a.yaml:4: warning: placeholder text (TODO: y); replace it",
        "0 problems found in the playbook data; 2 warnings (not an error).",
    ]


def fill(path: Path, values: dict[str, str]) -> None:
    """Replace every placeholder of a skeleton: quoted text by real text, an id chosen to
    validate by the one given for its key (or kept), and its '# TODO:' comment dropped."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if PLACEHOLDER in line:
            prefix, key, rest = re.match(r"^(\s*(?:- )?)(?:(\w+): )?(.*)$", line).groups()
            if rest.startswith(f'"{PLACEHOLDER}'):
                value = values.get(key, f"Weekly CAB {key or 'entry'} text")
            else:
                value = values.get(key, rest.split("  # ")[0])
            line = prefix + (f"{key}: " if key else "") + value
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_filled_in_review_has_its_page_nav_checklist_matrix_row_and_owner_pages(
    project: Path, tmp_path: Path
):
    start(project, "review", "weekly-cab")
    path = project / "data/reviews/weekly-cab.yaml"
    fill(path, {"name": "Weekly CAB", "phase": "deliver", "scope": "Project-specific"})
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert PLACEHOLDER not in text
    assert Pipeline(project).warnings() == []
    assert problems_of(project) == []
    owner = data["owners"][0]

    out = tmp_path / "site"
    result = build_project(project, out)
    assert result.returncode == 0, result.stderr
    assert "placeholder" not in result.stderr
    page = text_of((out / "reviews/weekly-cab.html").read_text())
    assert "Weekly CAB Management Review" in page
    nav_home = (out / "index.html").read_text()
    assert 'href="reviews/weekly-cab.html"' in nav_home  # the nav entry, on every page
    checklist = text_of((out / "checklists/weekly-cab.html").read_text())
    assert "Weekly CAB" in checklist and "Weekly CAB text text" in checklist
    matrix = (out / "raci/reviews.html").read_text()
    assert "weekly-cab.html" in matrix and "Weekly CAB" in text_of(matrix)
    role_page = (out / f"roles/{owner}.html").read_text()
    assert "weekly-cab.html" in role_page
