"""The organisation's layer: the example overlay (examples/org) built once with the real MOF data,
its pages, calendars and checklist items; broken overlays fail with file:line; MOF's data files
are never touched. (Without an overlay the site is MOF alone: tests/test_golden.py compares it
byte for byte.)"""

from __future__ import annotations

import csv
import datetime
import hashlib
import os
import re
import shutil
from pathlib import Path

import icalendar
import pytest
from conftest import ROOT, run_cli, text_of

from macros.core.data.pipeline import Pipeline
from macros.core.problems import format_problems

EXAMPLE = ROOT / "examples" / "org"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def _data_digest() -> str:
    h = hashlib.sha256()
    for p in sorted((ROOT / "data").rglob("*")):
        if p.is_file():
            h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(autouse=True)
def mof_data_untouched():
    """Every test here leaves MOF's files under data/ byte-identical."""
    before = _data_digest()
    yield
    assert _data_digest() == before, "a test changed MOF's data/"


def org_project(tmp: Path) -> Path:
    """A copy of the real project (MOF data, content, theme) with the example overlay in org/."""
    project = tmp / "project"
    project.mkdir()
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(
        ROOT / "content",
        project / "content",
        ignore=lambda folder, names: [
            n for n in names if (Path(folder) / n / ".gitignore").is_file()
        ],
    )
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "macros").symlink_to(ROOT / "macros")
    shutil.copytree(EXAMPLE, project / "org")
    return project


@pytest.fixture(scope="session")
def org_site(tmp_path_factory) -> Path:
    """The real playbook with the example organisation, built once (strict) like `make site
    ORG=examples/org`."""
    project = org_project(tmp_path_factory.mktemp("org"))
    out = project.parent / "site"
    old = {k: os.environ.get(k) for k in ("MOF_OVERLAY", "SOURCE_DATE_EPOCH")}
    os.environ.update(MOF_OVERLAY="org", SOURCE_DATE_EPOCH=EPOCH)
    try:
        result = run_cli("build", "--root", str(project), "--site-dir", str(out), cwd=project)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def part(html: str, heading_id: str) -> str:
    """The visible text of a page's section: from its h2 to the next h2."""
    found = html.split(f'<h2 id="{heading_id}"', 1)
    assert len(found) == 2, f"no section {heading_id}"
    return text_of("<h2 " + found[1].split("<h2", 1)[0]).replace(" ,", ",")


# --- the built example ---------------------------------------------------------------------------


def test_coverage_page_counts_filled_and_empty_items(org_site: Path):
    import yaml

    outline = yaml.safe_load((ROOT / "data/templates/sample-playbook-outline.yaml").read_text())
    total = sum(len(s["items"]) for s in outline["layout"]["sections"])
    org = yaml.safe_load((EXAMPLE / "organisation.yaml").read_text())
    filled = sum(1 for e in org["outline"] if e.get("text") or e.get("links"))
    assert 0 < filled < total  # the example leaves some empty on purpose
    assert any(not (e.get("text") or e.get("links")) for e in org["outline"])  # owner, no text
    html = page(org_site, "local/coverage.html")
    found = re.search(r'data-filled="(\d+)" data-empty="(\d+)"', html)
    assert (int(found[1]), int(found[2])) == (filled, total - filled)
    assert html.count('class="mof-coverage-filled"') == filled
    assert html.count('class="mof-coverage-empty"') == total - filled
    # An empty item with an owner shows the owner: the Goals item is Dana's, not filled.
    row = re.search(r'<tr id="team-info-goals">.*?</tr>', html, re.S)[0]
    assert "Empty" in row and "Dana Reyes" in row


def test_role_page_lists_its_people_and_teams(org_site: Path):
    text = part(page(org_site, "roles/change-manager.html"), "who-holds-this-role-here")
    assert "Dana Reyes, Platform Ops" in text and "dana.reyes@example.org" in text
    ops = part(page(org_site, "roles/operations-manager.html"), "who-holds-this-role-here")
    assert "Dana Reyes" in ops and "Team: Platform Ops" in ops  # a role held by a team


def test_review_page_shows_the_meeting_and_a_calendar_that_parses(org_site: Path):
    html = page(org_site, "reviews/release-readiness.html")
    text = part(html, "our-meeting")
    assert "Every Tuesday, 10:00–11:00 (Europe/Berlin)" in text
    assert "Room 4, Building B" in text
    assert "Facilitator Tom Alvarez" in text
    assert "Dana Reyes, Marco Bianchi, Sam Okafor" in text
    link = re.search(r'<a class="md-button" href="([^"]+\.ics)" download>Add to calendar</a>', html)
    ics = (org_site / "reviews" / link[1]).resolve()
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    (event,) = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.tzinfo.key == "Europe/Berlin"
    assert (start.weekday(), start.hour, start.minute) == (1, 10, 0)  # Tuesday 10:00
    rule = event["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TU"]
    assert event.decoded("duration") == datetime.timedelta(hours=1)
    assert (
        str(event["uid"])
        == "release-readiness-review@northwind-platform-services.mof-playbook.invalid"
    )
    assert event.decoded("dtstamp") == datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert start.utcoffset() == datetime.timedelta(hours=1)  # January in Berlin: CET
    everything = icalendar.Calendar.from_ical(
        (org_site / "local/calendar/all-reviews.ics").read_bytes()
    )
    assert len(everything.walk("VEVENT")) == 3


def test_calendars_are_the_same_bytes_on_every_build(org_site: Path, tmp_path: Path):
    from macros.core.views import local

    pb = Pipeline(ROOT, overlay=EXAMPLE).playbook()
    again = local.calendars(pb, int(EPOCH))
    for rel, text in again.items():
        assert (org_site / rel).read_bytes() == text.encode("utf-8"), rel
    monthly = icalendar.Calendar.from_ical(again["local/calendar/policy-and-control.ics"])
    (event,) = monthly.walk("VEVENT")
    assert event["rrule"]["FREQ"] == ["MONTHLY"] and event["rrule"]["INTERVAL"] == [3]
    assert event["rrule"]["BYDAY"] == ["1WE"]
    assert event.decoded("dtstart").tzinfo.key == "America/New_York"


def test_local_checklist_item_is_marked_local_on_screen_and_in_print(org_site: Path):
    html = page(org_site, "checklists/release-readiness.html")
    item = re.search(
        r'<label for="cl-release-readiness--item--local-bring-test-report">(.*?)</label>', html
    )
    assert item and '<span class="mof-local-badge">Local</span>' in item[1]
    # The downloaded record is made from the labels' text (checklist.js labelOf): "Local ..."
    assert text_of(item[1]) == (
        "Local The test report from the test dashboard, exported the day before the meeting"
    )
    # The expected attendees are pre-filled by name, marked local, facilitator first.
    people = re.findall(
        r'<label for="cl-release-readiness--item--local-attendee-[^"]+">(.*?)</label>', html
    )
    assert [text_of(x) for x in people][:2] == [
        "Local Tom Alvarez (facilitator), Release Engineering",
        "Local Dana Reyes, Platform Ops",
    ]
    booklet = page(org_site, "checklists/index.html")  # the printed booklet carries it too
    assert "local-bring-test-report" in booklet
    css = (org_site / "assets/stylesheets/playbook.css").read_text()
    assert ".mof-local-badge" in css.split("@media print")[-1]  # the badge prints


def test_people_directory_lists_every_person_and_search_finds_them(org_site: Path):
    import yaml

    people = yaml.safe_load((EXAMPLE / "people.yaml").read_text())["people"]
    html = page(org_site, "local/people.html")
    index = page(org_site, "search/search_index.json")
    for p in people:
        assert f'id="{p["id"]}"' in html and p["name"] in text_of(html)
        assert f'"location":"local/people.html#{p["id"]}","title":"{p["name"]}"' in index
    dana = part(html, "dana-reyes")
    assert "Operational Health (facilitates)" in dana and "Release Readiness (attends)" in dana


def test_local_raci_decision_shows_with_its_basis(org_site: Path):
    text = part(page(org_site, "reviews/release-readiness.html"), "our-raci-decision")
    assert "Basis: local" in text
    assert "Responsible Release Management, Test Manager" in text
    assert "Informed Customer service manager" in text


def test_getting_started_here_and_nav(org_site: Path):
    text = text_of(page(org_site, "local/index.html"))
    assert "Getting started here: Northwind Platform Services" in text
    assert "Add every review to your calendar" in text
    assert "CAB-lite" in text  # a local term
    assert "Platform wiki" in text  # a filled outline item's link


# --- broken overlays -----------------------------------------------------------------------------


def problems_with(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> list[str]:
    folder = tmp_path / "org"
    shutil.copytree(EXAMPLE, folder)
    for name, (old, new) in edits.items():
        text = (folder / name).read_text()
        assert old in text, (name, old)
        (folder / name).write_text(text.replace(old, new, 1))
    _, problems = Pipeline(ROOT, overlay=folder).check()
    return format_problems(problems).splitlines()


def line(folder: Path, name: str, needle: str) -> int:
    return next(i for i, t in enumerate((folder / name).read_text().splitlines(), 1) if needle in t)


def test_broken_overlay_fails_with_file_and_line_all_in_one_run(tmp_path: Path):
    found = problems_with(
        tmp_path,
        {
            "people.yaml": ("      - change-manager\n", "      - change-managr\n"),
            "meetings.yaml": ("review: release-readiness", "review: release-readyness"),
            "teams.yaml": ("  - id: governance-office", "  - id: change-manager"),
        },
    )
    folder = tmp_path / "org"
    shown = folder.as_posix()
    people = f"{shown}/people.yaml:{line(folder, 'people.yaml', 'change-managr')}"
    assert any(
        p.startswith(
            f"{people}: /people/0/roles/0: unknown role id 'change-managr' (did you mean "
            "'change-manager'?)"
        )
        for p in found
    ), found
    meeting = f"{shown}/meetings.yaml:{line(folder, 'meetings.yaml', 'release-readyness')}"
    assert any(p.startswith(f"{meeting}: /meetings/0/review: unknown review id") for p in found)
    team = f"{shown}/teams.yaml:{line(folder, 'teams.yaml', 'id: change-manager')}"
    assert any(
        p.startswith(
            f"{team}: /teams/3/id: id 'change-manager' is already the MOF role at data/roles.yaml:"
        )
        for p in found
    ), found


def test_bad_time_zone_weekday_and_missing_time(tmp_path: Path):
    found = problems_with(
        tmp_path,
        {
            "meetings.yaml": ("time_zone: Europe/Berlin", "time_zone: Europe/Berln"),
        },
    )
    folder = tmp_path / "org"
    at = line(folder, "meetings.yaml", "Europe/Berln")
    assert any(
        f"meetings.yaml:{at}: /meetings/0/time_zone: unknown time zone 'Europe/Berln' (did you "
        "mean 'Europe/Berlin'?)" in p
        for p in found
    ), found
    shutil.rmtree(folder)
    found = problems_with(
        tmp_path,
        {"meetings.yaml": ('    weekday: Tuesday\n    time: "10:00"\n', "    weekday: Tusday\n")},
    )
    text = "\n".join(found)
    assert re.search(r"meetings\.yaml:\d+: /meetings/0/weekday: .*Tusday", text), text
    assert re.search(r"meetings\.yaml:\d+: .*missing required key 'time'", text), text


def test_local_ids_need_their_prefix(tmp_path: Path):
    found = problems_with(
        tmp_path, {"additions.yaml": ("id: local-bring-test-report", "id: bring-test-report")}
    )
    assert any("additions.yaml" in p and "/checklist_items/0/id" in p for p in found), found


def test_validate_command_reads_the_overlay_setting(tmp_path: Path):
    folder = tmp_path / "org"
    shutil.copytree(EXAMPLE, folder)
    (folder / "people.yaml").write_text(
        (folder / "people.yaml").read_text().replace("team: service-desk", "team: help-desk")
    )
    env = os.environ.get("MOF_OVERLAY")
    os.environ["MOF_OVERLAY"] = str(folder)
    try:
        result = run_cli("validate")
    finally:
        if env is None:
            os.environ.pop("MOF_OVERLAY")
        else:
            os.environ["MOF_OVERLAY"] = env
    assert result.returncode == 1
    assert "unknown team id 'help-desk'" in result.stderr


# --- CSV import ----------------------------------------------------------------------------------


def test_import_people_turns_a_directory_export_into_overlay_yaml(tmp_path: Path):
    export = tmp_path / "directory.csv"
    with export.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "email", "team", "role ids"])
        w.writerow(["Ada Lovelace", "ada@example.org", "Platform Ops", "change-manager; tester"])
        w.writerow(["Bob <script>", "bob@example.org", "Service Desk", "not-a-role"])
        w.writerow(["", "nobody@example.org", "Service Desk", ""])
    out = tmp_path / "people.yaml"
    result = run_cli("import-people", str(export), "--out", str(out))
    assert result.returncode == 1, result.stdout + result.stderr  # some rows could not be mapped
    assert f"{export.name}:3: unknown role id 'not-a-role'" in result.stderr
    assert f"{export.name}:4: no name" in result.stderr
    import yaml

    written = yaml.safe_load(out.read_text())
    (ada,) = written["people"]
    assert ada == {
        "id": "ada-lovelace",
        "name": "Ada Lovelace",
        "team": "platform-ops",
        "email": "ada@example.org",
        "roles": ["change-manager", "tester"],
    }
    teams = yaml.safe_load((tmp_path / "teams.yaml").read_text())["teams"]
    assert {"id": "platform-ops", "name": "Platform Ops"} in teams


@pytest.mark.browser
def test_downloaded_record_carries_local_items_and_attendees(org_site: Path, serve, page):
    base = serve(org_site, "/ops/playbook/")
    page.goto(f"{base}checklists/release-readiness.html")
    page.check("input[data-mof-key='release-readiness:local-bring-test-report']")
    page.check("input[data-mof-key='release-readiness:local-attendee-tom-alvarez']")
    with page.expect_download() as info:
        page.click("[data-mof-action=download]")
    record = Path(info.value.path()).read_text(encoding="utf-8")
    assert (
        "- [x] Local The test report from the test dashboard, exported the day before the "
        "meeting" in record
    )
    assert "- [x] Local Tom Alvarez (facilitator), Release Engineering" in record
    assert "- [ ] Local Dana Reyes, Platform Ops" in record
    assert page.external_requests == []


def test_overlay_text_is_escaped_everywhere(tmp_path: Path):
    """Names, rooms, notes and checklist items are data: shown as written, never markup."""
    from macros.core.site.generate import generate

    evil = "<script>alert(1)</script> {{ 7*7 }} *bold*"
    folder = tmp_path / "org"
    shutil.copytree(EXAMPLE, folder)
    for name, old, new in (
        ("people.yaml", "name: Tom Alvarez", f"name: '{evil}'"),
        ("meetings.yaml", "room: Room 4, Building B", f"room: '{evil}'"),
        (
            "additions.yaml",
            "text: The on-call engineer for the release week is named in the change record",
            f"text: '{evil}'",
        ),
    ):
        text = (folder / name).read_text()
        assert old in text
        (folder / name).write_text(text.replace(old, new, 1))
    pipeline = Pipeline(ROOT, overlay=folder)
    files = generate(pipeline.playbook(), pipeline.schemas()).files
    for rel in (
        "reviews/release-readiness.md",
        "local/people.md",
        "checklists/release-readiness.md",
    ):
        assert "<script>alert(1)</script>" not in files[rel], rel
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in files[rel], rel
    assert "{{ 7*7 }}" in files["reviews/release-readiness.md"]  # never evaluated
    ics = files["local/calendar/release-readiness.ics"]
    assert "LOCATION:<script>alert(1)</script> {{ 7*7 }} *bold* / https" in ics.replace("\r\n ", "")
