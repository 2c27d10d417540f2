"""Meeting mode on the checklists, in headless Chromium: several meetings per review, each with a
subject and date, kept apart across reloads and switching; records that carry the subject and
import again; storage scoped to the copy of the site; a decision per proposal; sub-options in any
script; the progress counter; a visible message when the browser will not save; phones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_project, edit, make_project

pytestmark = pytest.mark.browser

RR = "checklists/release-readiness.html"
PHONE = {"width": 390, "height": 844}


def checklist(page):
    """The checklist section: Material's search box has a "Clear" button of its own."""
    return page.locator("section.mof-checklist")


def button(page, name: str):
    return checklist(page).get_by_role("button", name=name, exact=True)


def subject(page):
    return checklist(page).get_by_label("Subject", exact=True)


def date(page):
    return checklist(page).get_by_label("Date", exact=True)


def key(page, review: str, item: str):
    return page.locator(f"input[data-mof-key='{review}:{item}']")


def download(page) -> tuple[str, str]:
    with page.expect_download() as info:
        button(page, "Download record").click()
    d = info.value
    return d.suggested_filename, Path(d.path()).read_text(encoding="utf-8")


def saved_meetings(page) -> list[str]:
    return [
        t.split(" · ")[0]
        for t in checklist(page).locator("[data-mof-meetings] [data-mof-open]").all_inner_texts()
    ]


def open_meeting(page, name: str):
    checklist(page).locator("[data-mof-meetings] li", has_text=name).locator(
        "[data-mof-open]"
    ).click()


@pytest.fixture(scope="module")
def site_url(built_site: Path, serve) -> str:
    return serve(built_site, "/ops/playbook/")


def test_two_meetings_keep_their_own_state_and_records(site_url, page, tmp_path):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + RR)
    subject(page).fill("Payroll 4.2 release")
    date(page).fill("2026-12-01")
    key(page, "release-readiness", "mr11-rollback-plan").check()
    page.get_by_label("Go", exact=True).check()

    button(page, "New meeting").click()
    assert subject(page).input_value() == "" and date(page).input_value() == ""
    assert checklist(page).locator("input:checked").count() == 0
    subject(page).fill("HR portal 1.0")
    date(page).fill("2026-12-03")
    key(page, "release-readiness", "mr11-no-backup-plan").check()
    page.get_by_label("No-go", exact=True).check()

    page.reload()  # the current meeting survives a reload
    assert subject(page).input_value() == "HR portal 1.0"
    assert key(page, "release-readiness", "mr11-no-backup-plan").is_checked()
    assert not key(page, "release-readiness", "mr11-rollback-plan").is_checked()
    assert sorted(saved_meetings(page)) == ["HR portal 1.0", "Payroll 4.2 release"]
    hr_name, hr_record = download(page)

    open_meeting(page, "Payroll 4.2 release")
    assert subject(page).input_value() == "Payroll 4.2 release"
    assert date(page).input_value() == "2026-12-01"
    assert key(page, "release-readiness", "mr11-rollback-plan").is_checked()
    assert not key(page, "release-readiness", "mr11-no-backup-plan").is_checked()
    assert page.get_by_label("Go", exact=True).is_checked()
    page.reload()
    assert subject(page).input_value() == "Payroll 4.2 release"
    payroll_name, payroll_record = download(page)

    assert payroll_name == "release-readiness-2026-12-01-payroll-4-2-release.md"
    assert hr_name == "release-readiness-2026-12-03-hr-portal-1-0.md"
    assert "- Subject: Payroll 4.2 release\n- Date: 2026-12-01" in payroll_record
    assert "  - [x] An adequate rollback plan exists." in payroll_record
    assert "  - [ ] No backup plan exists." in payroll_record
    assert "## Decision\n\nGo\n" in payroll_record
    assert "- Subject: HR portal 1.0\n- Date: 2026-12-03" in hr_record
    assert "  - [x] No backup plan exists." in hr_record
    assert "## Decision\n\nNo-go\n" in hr_record
    assert "HR portal" not in payroll_record and "Payroll" not in hr_record

    # Delete one; import its record to bring it back (as on another machine).
    checklist(page).locator("[data-mof-meetings] li", has_text="HR portal 1.0").get_by_role(
        "button", name="Delete", exact=True
    ).click()
    assert saved_meetings(page) == ["Payroll 4.2 release"]
    page.reload()
    assert saved_meetings(page) == ["Payroll 4.2 release"]
    record_file = tmp_path / hr_name
    record_file.write_text(hr_record, encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        button(page, "Import record").click()
    chooser.value.set_files(str(record_file))
    expect_value(subject(page), "HR portal 1.0")
    assert date(page).input_value() == "2026-12-03"
    assert key(page, "release-readiness", "mr11-no-backup-plan").is_checked()
    assert page.get_by_label("No-go", exact=True).is_checked()
    page.reload()
    assert subject(page).input_value() == "HR portal 1.0"
    assert sorted(saved_meetings(page)) == ["HR portal 1.0", "Payroll 4.2 release"]
    assert errors == [] and page.external_requests == []


def expect_value(locator, value: str):
    from playwright.sync_api import expect

    expect(locator).to_have_value(value)


def test_import_reads_a_record_without_its_data_comment(site_url, page, tmp_path):
    """A record edited by hand (data comment removed) still restores subject, date and ticks."""
    page.goto(site_url + RR)
    subject(page).fill("Edited by hand")
    date(page).fill("2026-12-05")
    key(page, "release-readiness", "mr11-documentation-in-order").check()
    _, record = download(page)
    button(page, "Clear").click()
    record_file = tmp_path / "hand.md"
    record_file.write_text(re.sub(r"<!-- mof-meeting-record .*-->\n", "", record), "utf-8")
    checklist(page).locator("[data-mof-import]").set_input_files(str(record_file))
    expect_value(subject(page), "Edited by hand")
    assert date(page).input_value() == "2026-12-05"
    assert key(page, "release-readiness", "mr11-documentation-in-order").is_checked()


@pytest.fixture(scope="module")
def two_copies(built_site: Path, serve, tmp_path_factory) -> tuple[str, str]:
    """The same site as two copies on one server (one origin): /a/playbook/ and /b/playbook/."""
    mount = tmp_path_factory.mktemp("copies") / "www"
    for name in ("a", "b"):
        (mount / name).mkdir(parents=True)
        (mount / name / "playbook").symlink_to(built_site.resolve())
    base = serve(mount, "/")
    return f"{base}a/playbook/", f"{base}b/playbook/"


def test_two_copies_of_the_site_do_not_share_meetings(two_copies, page):
    a, b = two_copies
    page.goto(a + RR)
    subject(page).fill("Copy A meeting")
    key(page, "release-readiness", "mr11-rollback-plan").check()
    page.goto(b + RR)
    assert subject(page).input_value() == ""
    assert not key(page, "release-readiness", "mr11-rollback-plan").is_checked()
    assert saved_meetings(page) == []
    subject(page).fill("Copy B meeting")
    page.goto(a + RR)
    assert subject(page).input_value() == "Copy A meeting"
    assert key(page, "release-readiness", "mr11-rollback-plan").is_checked()
    assert saved_meetings(page) == ["Copy A meeting"]
    # Both live on one origin: the separation comes from the scope, not from the browser.
    keys = page.evaluate("Object.keys(localStorage)")
    assert any(k.startswith("/a/playbook/mof-meeting:") for k in keys)
    assert any(k.startswith("/b/playbook/mof-meeting:") for k in keys)


def test_two_copies_from_file_urls_do_not_share_meetings(built_site: Path, page, tmp_path):
    for name in ("share-1", "share-2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "playbook").symlink_to(built_site.resolve())
    one = (tmp_path / "share-1" / "playbook" / RR).as_uri()
    two = (tmp_path / "share-2" / "playbook" / RR).as_uri()
    page.goto(one)
    subject(page).fill("From share 1")
    page.goto(two)
    assert subject(page).input_value() == ""
    page.goto(one)
    assert subject(page).input_value() == "From share 1"


def test_portfolio_records_a_decision_per_proposal(site_url, page):
    page.goto(site_url + "checklists/portfolio.html")
    subject(page).fill("Spring portfolio")
    page.get_by_label("Proposal 1", exact=True).fill("New HR system")
    page.get_by_label("Decision on proposal 1").select_option("approved/advance-with-changes")
    page.get_by_label("Note on proposal 1").fill("Cut scope to phase 1")
    page.get_by_label("Proposal 2", exact=True).fill("Data centre move")
    page.get_by_label("Decision on proposal 2").select_option("denied/discontinue")
    for n in (3, 4):  # more rows than printed
        button(page, "Add a proposal row").click()
        page.get_by_label(f"Proposal {n}", exact=True).fill(f"Idea {n}")
    page.get_by_label("Decision on proposal 4").select_option("delayed")
    page.reload()
    assert page.get_by_label("Decision on proposal 2").input_value() == "denied/discontinue"
    assert page.get_by_label("Proposal 4", exact=True).input_value() == "Idea 4"
    _, record = download(page)
    decisions = record.split("## Decisions\n")[1].split("## Notes")[0]
    rows = re.findall(r"^\| (.*?) \|(?: (.*?) )?\|(?: (.*?) )?\|$", decisions, re.M)
    assert rows == [
        ("Proposal", "Decision", "Note"),
        ("---", "---", "---"),
        ("New HR system", "Approved: Advance with certain changes.", "Cut scope to phase 1"),
        ("Data centre move", "Denied: Discontinue pursuit of the proposal.", ""),
        ("Idea 3", "", ""),
        ("Idea 4", "Delayed", ""),
    ]


@pytest.fixture(scope="module")
def non_ascii_site(tmp_path_factory, serve) -> str:
    """The fixture playbook with decision sub-options in Japanese and Cyrillic."""
    from test_checklists import FIXTURE_REVIEW, NON_ASCII_SUB_OPTIONS

    tmp = tmp_path_factory.mktemp("non-ascii")
    project = make_project(tmp)
    edit(project, FIXTURE_REVIEW, "- {id: no-go, label: No-go}", NON_ASCII_SUB_OPTIONS)
    out = tmp / "site"
    result = build_project(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return serve(out, "/fixture/")


def test_japanese_and_cyrillic_sub_options_stay_distinct_after_reload(non_ascii_site, page):
    from test_checklists import NON_ASCII

    page.goto(non_ascii_site + "checklists/ship-it.html")
    radios = checklist(page).locator("input[type=radio]")
    labels = [label for _, label in NON_ASCII]
    for label in labels:
        page.get_by_label(label, exact=True).check()
        page.reload()
        chosen = [r.get_attribute("value") for r in radios.all() if r.is_checked()]
        assert chosen == [f"no-go/{dict((v, k) for k, v in NON_ASCII)[label]}"], label
        _, record = download(page)
        assert f"## Decision\n\nNo-go: {label}\n" in record


def rr_box_count() -> int:
    data = yaml.safe_load((ROOT / "data/reviews/release-readiness.yaml").read_text("utf-8"))

    def count(items):
        return sum(1 + count(i.get("items", [])) for i in items)

    items = sum(count(data["checklist"][k]) for k in ("people", "inputs", "analysis", "outputs"))
    tables = [t for t in data["go_no_go"] if "variant_of" not in t]
    assert len(tables) == 1 and len(data["go_no_go"]) == 2  # both sources kept in the data
    indicators = sum(len(r["go"]) + len(r["no_go"]) for r in tables[0]["rows"])
    assert indicators == 18
    return items + indicators


def test_release_readiness_progress_counts_the_indicators(site_url, page):
    page.goto(site_url + RR)
    total = rr_box_count()
    progress = checklist(page).locator("[data-mof-progress]")
    assert progress.inner_text() == f"0 of {total}"
    assert checklist(page).locator("table.mof-cl-table").count() == 1
    key(page, "release-readiness", "mr11-no-backup-plan").check()
    key(page, "release-readiness", "mr11-rollback-plan").check()
    assert progress.inner_text() == f"2 of {total}"
    # The variant's differences: a closed, screen-only note, not a second table.
    notes = checklist(page).locator("details.mof-cl-source-notes")
    assert notes.get_attribute("open") is None
    assert "Deliver Phase Overview, Table 4" in notes.text_content()


ALERT = "This browser is not saving this meeting"


def test_a_failing_save_shows_a_message(site_url, page):
    page.goto(site_url + RR)
    alert = checklist(page).get_by_role("alert")
    assert not alert.is_visible()
    page.evaluate(
        "() => { Storage.prototype.setItem = function () {"
        " throw new DOMException('quota', 'QuotaExceededError'); }; }"
    )
    key(page, "release-readiness", "mr11-rollback-plan").check()
    assert alert.is_visible() and ALERT in alert.inner_text()
    # Nothing is lost while the page is open: the record still holds the tick.
    _, record = download(page)
    assert "  - [x] An adequate rollback plan exists." in record


def test_blocked_storage_shows_the_message_on_load(site_url, browser):
    context = browser.new_context()
    context.add_init_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('blocked', 'SecurityError'); };"
    )
    page = context.new_page()
    try:
        page.goto(site_url + RR)
        alert = checklist(page).get_by_role("alert")
        assert alert.is_visible() and ALERT in alert.inner_text()
        subject(page).fill("Still usable")
        key(page, "release-readiness", "mr11-rollback-plan").check()
        assert checklist(page).locator("[data-mof-progress]").inner_text().startswith("1 of")
    finally:
        context.close()


@pytest.mark.parametrize(
    "review", ["release-readiness", "portfolio", "project-plan-approved", "service-alignment"]
)
def test_nothing_overflows_on_a_phone(site_url, browser, review):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{site_url}checklists/{review}.html")
        if review == "portfolio":
            page.get_by_label("Decision on proposal 1").select_option("delayed/return-for-analysis")
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]"
        )
        assert widths[0] <= PHONE["width"] and widths[1] <= PHONE["width"], widths
        # The toolbar is one line.
        bar = checklist(page).locator(".mof-cl-toolbar")
        box = bar.bounding_box()
        assert box["height"] < 48 and box["x"] + box["width"] <= PHONE["width"], box
        tops = {round(b["y"]) for b in map(lambda e: e.bounding_box(), bar.locator("> *").all())}
        assert max(tops) - min(tops) < 12, tops
        # Every table fits, or scrolls inside its own box, which fits.
        for table in checklist(page).locator("table").all():
            outer = table.evaluate(
                "t => { const s = t.closest('.mof-cl-scroll') || t;"
                " const r = s.getBoundingClientRect(); return [r.left, r.right]; }"
            )
            assert outer[0] >= 0 and outer[1] <= PHONE["width"], outer
        # Action items: the Due column is on screen.
        due = page.get_by_label("Due date of action 1").bounding_box()
        assert due["x"] + due["width"] <= PHONE["width"], due
        if review == "release-readiness":
            scroller = checklist(page).locator(".mof-cl-indicators .mof-cl-scroll")
            first = scroller.locator("tbody th").first
            left = first.bounding_box()["x"]
            scroller.evaluate("s => { s.scrollLeft = 200; }")
            assert scroller.evaluate("s => s.scrollLeft") > 0  # it does scroll
            assert abs(first.bounding_box()["x"] - left) < 1  # and keeps the first column
    finally:
        context.close()


def test_print_record_prints_the_record_alone(site_url, page, tmp_path):
    from test_checklists import pdf_text

    page.goto(site_url + "checklists/portfolio.html")
    subject(page).fill("Spring portfolio")
    date(page).fill("2026-04-02")
    checklist(page).get_by_label("Attendees present").fill("Ada, Grace")
    key(page, "portfolio", "people-supplier-manager").check()
    page.get_by_label("Proposal 1", exact=True).fill("New HR system")
    page.get_by_label("Decision on proposal 1").select_option("approved/advance")
    page.get_by_label("Action 1", exact=True).fill("Draft the charter")
    page.get_by_label("Owner of action 1").fill("Grace")
    page.get_by_label("Due date of action 1").fill("2026-05-01")
    page.evaluate("() => { window.print = () => {}; }")  # headless Chromium cannot show a dialog
    button(page, "Print record").click()
    pdf = tmp_path / "record.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = " ".join(pdf_text(pdf).split())
    for expected in (
        "Portfolio Management Review: Spring portfolio",
        "Subject: Spring portfolio",
        "Date: 2026-04-02",
        "Attendees present: Ada, Grace",
        "☒ Supplier manager",
        "☐ Portfolio manager",
        "New HR system Approved: Advance the proposal to the portfolio.",
        "Draft the charter Grace 2026-05-01",
        f"Checklist: {page.url}",
        "Creative Commons",
    ):
        assert expected in text, f"{expected!r} not in {text}"
    for form in ("Facilitator (name, signature)", "Download record", "Tick each"):
        assert form not in text


def test_saved_meetings_keep_what_matches_and_name_what_no_longer_exists(site_url, page):
    page.goto(site_url + RR)
    meeting = {
        "v": 2,
        "id": "old1",
        "review": "release-readiness",
        "fields": {"subject": "Saved before a data release", "date": "2026-01-05"},
        "ticks": {
            "mr11-rollback-plan": "An adequate rollback plan exists.",
            "retired-item": "An item the new data no longer has",
        },
        "decision": "no-go/postponed",
    }
    base = "/ops/playbook/mof-meeting:release-readiness:"
    page.evaluate(
        "([k, v, c]) => { localStorage.clear(); localStorage.setItem(k, v);"
        " localStorage.setItem(c, 'old1'); }",
        [base + "m:old1", __import__("json").dumps(meeting), base + "current"],
    )
    page.reload()
    assert subject(page).input_value() == "Saved before a data release"
    assert key(page, "release-readiness", "mr11-rollback-plan").is_checked()
    assert checklist(page).locator("input[value='no-go/postponed']").is_checked()
    status = checklist(page).locator("[data-mof-status]").inner_text()
    assert "no longer has" in status and "An item the new data no longer has" in status
    _, record = download(page)
    assert "## No longer in this checklist\n\n- [x] An item the new data no longer has" in record
    key(page, "release-readiness", "mr11-no-backup-plan").check()  # a save keeps the old tick
    stored = page.evaluate(f"JSON.parse(localStorage.getItem({base + 'm:old1'!r}))")
    assert "retired-item" in stored["ticks"] and "mr11-no-backup-plan" in stored["ticks"]


def test_ticks_from_the_earlier_unscoped_storage_become_a_meeting(site_url, page):
    page.goto(site_url + RR)
    page.evaluate(
        "() => { localStorage.clear();"
        " localStorage.setItem('mof-checklist:release-readiness:item:mr11-rollback-plan', '1');"
        " localStorage.setItem('mof-checklist:release-readiness:field:facilitator', 'Ada'); }"
    )
    page.reload()
    assert key(page, "release-readiness", "mr11-rollback-plan").is_checked()
    assert checklist(page).get_by_label("Facilitator").input_value() == "Ada"
    keys = page.evaluate("Object.keys(localStorage)")
    assert not [k for k in keys if k.startswith("mof-checklist:")]
    page.reload()
    assert key(page, "release-readiness", "mr11-rollback-plan").is_checked()
