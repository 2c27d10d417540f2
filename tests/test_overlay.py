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
# The organisation's repository address (mkdocs.yml extra.repo_edit_url), set for the example.
EDIT_URL = "https://git.example.org/northwind/playbook/edit/main/{path}#L{line}"


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
    old = {k: os.environ.get(k) for k in ("MOF_OVERLAY", "SOURCE_DATE_EPOCH", "MOF_REPO_EDIT_URL")}
    os.environ.update(MOF_OVERLAY="org", SOURCE_DATE_EPOCH=EPOCH, MOF_REPO_EDIT_URL=EDIT_URL)
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


# --- local go/no-go indicators -------------------------------------------------------------------


def test_local_go_no_go_indicators_are_marked_local_on_screen_and_in_print(org_site: Path):
    html = page(org_site, "checklists/release-readiness.html")
    table = re.search(r'<table class="mof-cl-table"[^>]*indicators.*?</table>', html, re.S)[0]
    # Joined to MOF's Release row, after MOF's own boxes, marked local; the go side, then no-go.
    release = re.search(r"<tr><th scope=\"row\">Release</th>.*?</tr>", table, re.S)[0]
    go, no_go = re.findall(r"<td>(.*?)</td>", release, re.S)
    assert text_of(go).endswith("Local The container image scan shows no critical findings")
    assert "All prerequisites have been met." in text_of(go)  # MOF's boxes stay
    assert text_of(no_go).endswith("Local A critical finding of the image scan is still open")
    # A local row of its own: its element carries the badge too (the record reads the th).
    row = re.search(r'<tr class="mof-local-row">.*?</tr>', table, re.S)[0]
    assert text_of(row.split("</th>")[0]) == "Local On-call"
    key = 'data-mof-key="release-readiness:local-on-call-rota-set" data-mof-kind="indicator"'
    assert key in row
    # Counted in the progress total like MOF's indicators, and printed: the booklet has them.
    assert "local-on-call-gap" in page(org_site, "checklists/index.html")
    # The review page lists them, each marked.
    text = part(page(org_site, "reviews/release-readiness.html"), "our-go-no-go-indicators")
    assert "Release (MOF's row) Local The container image scan shows no critical findings" in text
    assert "Local On-call Local The on-call rota covers the two weeks after the release" in text


def test_local_indicator_row_must_exist_in_the_review_table(tmp_path: Path):
    folder = tmp_path / "org"
    found = problems_with(
        tmp_path,
        {
            "additions.yaml": ("row: mr11-release\n    side: go", "row: mr11-relase\n    side: go"),
            "meetings.yaml": ("review: operational-health", "review: operational-health"),
        },
    )
    n = line(folder, "additions.yaml", "row: mr11-relase")
    assert any(
        f"additions.yaml:{n}: /indicators/0/row: unknown go/no-go row 'mr11-relase' (did you "
        "mean 'mr11-release'?)" in p
        for p in found
    ), found
    found = problems_with(
        tmp_path / "again",
        {"additions.yaml": ("review: release-readiness\n    row", "review: portfolio\n    row")},
    )
    assert any("/indicators/0/review: review 'portfolio' has no go/no-go table" in p for p in found)


@pytest.mark.browser
def test_downloaded_record_marks_local_indicators(org_site: Path, serve, page):
    base = serve(org_site, "/ops/playbook/")
    page.goto(f"{base}checklists/release-readiness.html")
    page.check("input[data-mof-key='release-readiness:local-on-call-rota-set']")
    with page.expect_download() as info:
        page.click("[data-mof-action=download]")
    record = Path(info.value.path()).read_text(encoding="utf-8")
    assert "- Local On-call, go indicators:\n  - [x] Local The on-call rota covers" in record
    assert "- Release, go indicators:" in record
    assert "  - [ ] Local The container image scan shows no critical findings" in record


# --- local RACI decisions in the matrices, role pages and exports --------------------------------


def test_local_raci_rows_in_matrices_role_pages_and_exports(org_site: Path):
    import openpyxl

    html = page(org_site, "raci/reviews.html")
    rows = re.findall(
        r'<tr class="mof-matrix-row" data-basis="(\w+)"><th scope="row">(.*?)</th>', html
    )
    named = [(basis, text_of(label)) for basis, label in rows]
    i = named.index(("stated", "Release Readiness"))  # MOF's row stays, the framework's view
    assert named[i + 1] == ("local", "Release Readiness")  # ours follows it
    assert 'id="derived-local-release-readiness"' in html
    assert "Local: decided by our organisation" in text_of(html)  # in the basis legend
    with (org_site / "raci/reviews.csv").open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    head = table[0]
    ours = [r for r in table if r[0] == "Release Readiness"]
    assert [r[head.index("Basis")] for r in ours] == ["stated", "local"]
    assert ours[1][head.index("Test Manager")] == "R" and ours[0][head.index("Test Manager")] == "C"
    book = openpyxl.load_workbook(org_site / "raci/reviews.xlsx")
    sheet = book.worksheets[0]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    first = [v[0] for v in values].index("Release Readiness")
    assert values[first][:2] == ["Release Readiness", "stated"]
    assert values[first + 1][:2] == ["Release Readiness", "local"]
    role = page(org_site, "roles/test-manager.html")
    raci_part = part(role, "raci-where-you-are-r-a-c-or-i")
    assert "R Responsible Release Readiness (review) local" in raci_part
    assert "C Consulted Release Readiness (review) stated" in raci_part
    # Without an overlay MOF's matrices keep their three bases (tests/test_golden.py: same bytes).
    from macros.core.views import raci

    assert "local" not in dict(raci.basis_legend(Pipeline(ROOT).playbook()))


# --- team, stakeholder and platform pages; people directory's RACI rows ---------------------------


def plain(html: str) -> str:
    """Visible text without the space text_of leaves before punctuation after a link."""
    return text_of(html).replace(" ,", ",").replace(" :", ":").replace(" .", ".").replace(" )", ")")


def test_team_stakeholder_and_platform_pages_show_what_was_filled(org_site: Path):
    team = plain(page(org_site, "local/team.html"))
    assert "Platform Ops platform-ops@example.org · chat #platform-ops" in team
    assert "Members: Dana Reyes, Marco Bianchi" in team
    assert "Vision/Mission Boring, predictable releases" in team
    assert "Goals (owner: Dana Reyes)" in team  # an empty item with its owner
    stakeholders = plain(page(org_site, "local/stakeholders.html"))
    assert "Things \"we\" don't do and who does Desktop support is the Workplace team's" in (
        stakeholders
    )
    assert "Supplier contracts and contacts (owner: Priya Natarajan)" in stakeholders
    platform = page(org_site, "local/platform.html")
    assert 'href="https://wiki.example.org/platform/topology"' in platform
    assert "Not written down here yet: Standard configuration" in plain(platform)
    smf = part(
        page(org_site, "smfs/change-and-configuration.html"),
        "here-where-our-policies-processes-and-procedures-live",
    )
    assert "Change process (wiki)" in smf and "owner: Dana Reyes" in smf
    review = part(page(org_site, "reviews/release-readiness.html"), "here-how-we-run-this-review")
    assert "Tom sends the agenda" in review
    nav = page(org_site, "local/index.html")
    for rel in ("team.html", "stakeholders.html", "platform.html"):
        assert f'href="{rel}"' in nav


def test_people_directory_lists_raci_rows_per_role(org_site: Path):
    from macros.core.views import raci

    pb = Pipeline(ROOT, overlay=EXAMPLE).playbook()
    rows = raci.RowIndex.of(pb).of_role("test-manager")
    letters = [raci.split(r.letters["test-manager"]) for r in rows]
    expected = ", ".join(f"{k} in {n}" for k in "RACI" if (n := sum(k in x for x in letters)))
    tom = part(page(org_site, "local/people.html"), "tom-alvarez").replace(" :", ":")
    assert f"Test Manager: {expected} (1 of our own, basis local)" in tom


# --- the contributor workflow: Edit links, CI formats, the CI workflow ---------------------------


def _edit_link(html: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" title="Edit[^"]*" class="md-content__button', html)
    return found[1].replace("&amp;", "&") if found else None


def test_every_page_edits_the_data_file_and_line_that_feeds_it(org_site: Path):
    prefix = EDIT_URL.split("{path}")[0]
    project = org_site.parent / "project"

    def target(rel: str) -> tuple[str, str]:
        url = _edit_link(page(org_site, rel))
        assert url and url.startswith(prefix), (rel, url)
        path, line_no = url.removeprefix(prefix).split("#L")
        return path, (project / path).read_text(encoding="utf-8").splitlines()[int(line_no) - 1]

    assert target("reviews/release-readiness.html") == (
        "data/reviews/release-readiness.yaml",
        "id: release-readiness",
    )
    assert target("roles/change-manager.html") == ("data/roles.yaml", "  - id: change-manager")
    assert target("checklists/portfolio.html") == ("data/reviews/portfolio.yaml", "checklist:")
    assert target("local/people.html") == ("org/people.yaml", "people:")
    assert target("local/team.html") == ("org/teams.yaml", "teams:")
    assert target("index.html")[0] == "content/index.md"  # a hand-written page: its own file
    # No page opens generated Markdown (git-ignored, rewritten by every build): content/ links
    # go to hand-written pages only, and every link opens a file that exists.
    hand_written = {p.name for p in (project / "content").glob("*.md")}
    pages = 0
    for html_file in org_site.rglob("*.html"):
        url = _edit_link(html_file.read_text(encoding="utf-8"))
        if url:
            pages += 1
            path = url.removeprefix(prefix).split("#")[0]
            if path.startswith("content/"):
                assert path.removeprefix("content/") in hand_written, (html_file, url)
            assert (project / path).is_file(), (html_file, url)
    assert pages > 240


def test_no_edit_link_without_the_setting():
    from macros.core.site.generate import generate
    from macros.core.site.sources import edit_url, with_edit_links

    pipeline = Pipeline(ROOT)
    site = generate(pipeline.playbook(), pipeline.schemas())
    assert with_edit_links(site, "") is site
    assert all("edit_url" not in p.meta for p in site.pages.values())
    from macros.core.data.model import Origin

    assert edit_url("https://h/x/-/edit/main/", Origin("data/a b.yaml", 7)) == (
        "https://h/x/-/edit/main/data/a%20b.yaml#L7"
    )
    assert edit_url("https://h/?path=/{path}&line={line}", Origin("data/r.yaml", 3)) == (
        "https://h/?path=/data/r.yaml&line=3"
    )
    assert edit_url("https://h/{path}", Origin("/elsewhere/org/people.yaml", 1)) is None


def test_validate_prints_github_annotations_and_a_json_report(tmp_path: Path):
    import json

    folder = tmp_path / "org"
    shutil.copytree(EXAMPLE, folder)
    (folder / "people.yaml").write_text(
        (folder / "people.yaml").read_text().replace("- change-manager\n", "- change-managr\n", 1)
    )
    (folder / "meetings.yaml").write_text(
        (folder / "meetings.yaml").read_text().replace("Europe/Berlin", "Europe/Berlyn", 1)
    )
    role_line = line(folder, "people.yaml", "change-managr")
    zone_line = line(folder, "meetings.yaml", "Europe/Berlyn")
    env = os.environ.get("MOF_OVERLAY")
    os.environ["MOF_OVERLAY"] = str(folder)
    try:
        github = run_cli("validate", "--format", "github")
        report = run_cli("validate", "--format", "json")
    finally:
        if env is None:
            os.environ.pop("MOF_OVERLAY")
        else:
            os.environ["MOF_OVERLAY"] = env
    assert github.returncode == 1 and report.returncode == 1
    lines = github.stdout.splitlines()
    people = str(folder / "people.yaml")
    assert (
        f"::error file={people},line={role_line},title=/people/0/roles/0::unknown role id "
        "'change-managr' (did you mean 'change-manager'?); expected an id defined in "
        "data/roles.yaml" in lines
    )
    assert any(
        x.startswith(f"::error file={folder / 'meetings.yaml'},line={zone_line},") for x in lines
    )
    assert lines[-1] == "2 problems found in the playbook data."
    found = json.loads(report.stdout)
    assert found["ok"] is False and found["problems"] == 2
    assert {(i["file"], i["line"], i["severity"]) for i in found["items"]} == {
        (people, role_line, "error"),
        (str(folder / "meetings.yaml"), zone_line, "error"),
    }
    ok = run_cli("validate", "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["ok"] is True


def test_github_annotation_escapes_newlines_and_separators():
    from macros.core.problems import Problem, format_github

    out = format_github([Problem("data/a,b:c.yaml", 3, "/x", "two\nlines 100%")]).splitlines()
    assert out[0] == "::error file=data/a%2Cb%3Ac.yaml,line=3,title=/x::two%0Alines 100%25"


def test_the_ci_workflow_validates_and_builds_the_zip():
    import yaml

    workflow = yaml.safe_load((ROOT / "docs/ci/playbook.yml").read_text())
    (job,) = workflow["jobs"].values()
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs[0] == "make validate FORMAT=github"  # annotations first: a bad change stops here
    assert any(r.startswith("make -s validate FORMAT=json") for r in runs)
    assert "make dist" in runs
    assert {"push", "pull_request"} <= set(workflow[True] if True in workflow else workflow["on"])
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    # What it runs exists: the make targets and the FORMAT the validate recipe passes on.
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^validate:", makefile, re.M) and re.search(r"^dist:", makefile, re.M)
    assert "--format $(FORMAT)" in makefile
    assert "MOF_REPO_EDIT_URL" in job.get("env", {}) or "MOF_REPO_EDIT_URL" in workflow["env"]
    assert "MOF_REPO_EDIT_URL" in (ROOT / "mkdocs.yml").read_text()


@pytest.mark.browser
def test_printed_checklist_carries_local_items_and_indicators_marked(
    org_site: Path, serve, page, tmp_path: Path
):
    from printing import print_page, squash

    base = serve(org_site, "/ops/playbook/")
    out = print_page(page, f"{base}checklists/release-readiness.html", "A4", tmp_path / "cl.pdf")
    assert out.missing == []  # every th and li of the page is on paper
    whole = squash("".join(out.sheets))
    for text in (
        "Local The test report from the test dashboard",
        "Local The container image scan shows no critical findings",
        "Local On-call",
        "Local Nobody on call for a day of the release week",
        "Local Tom Alvarez (facilitator), Release Engineering",
    ):
        assert squash(text) in whole, text
    # The badge is explained on paper too.
    assert squash("Local marks what our organisation adds to MOF's checklist (10 entries)") in whole
    # With its additions the checklist still keeps within its print budget (README: 2 sheets).
    assert out.pages <= 2, out.pages


def test_the_organisations_markup_is_valid_html(org_site: Path, tmp_path: Path):
    """The pages the overlay adds to or changes, through the W3C checker like the MOF site."""
    from test_html_valid import MATERIAL, vnu

    for rel in (
        "local",
        "reviews/release-readiness.html",
        "checklists/release-readiness.html",
        "raci/reviews.html",
        "roles/test-manager.html",
        "smfs/change-and-configuration.html",
    ):
        source, target = org_site / rel, tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    found = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in vnu(tmp_path)
        if not m["message"].startswith(MATERIAL)
    ]
    assert found == []


def test_the_edit_setting_must_be_a_web_address(tmp_path: Path):
    from mkdocs.exceptions import PluginError

    from macros.main import _edit_setting

    config = {
        "config_file_path": str(tmp_path / "mkdocs.yml"),
        "extra": {"repo_edit_url": "javascript:alert(1)//{path}"},
    }
    with pytest.raises(PluginError, match="is not a web address"):
        _edit_setting(config, tmp_path / "content")
    config["extra"]["repo_edit_url"] = "https://git.example.org/x/edit/main/"
    assert _edit_setting(config, tmp_path / "content") == "https://git.example.org/x/edit/main/"
    assert config["extra"]["mof_edit_content"] == (
        "https://git.example.org/x/edit/main/content/__SRC__#L1"
    )
