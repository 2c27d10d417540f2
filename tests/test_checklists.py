"""Meeting checklists: generated pages (unit), validation of item ids, and in Chromium: printing to
PDF on A4 and Letter (page count, every item in the text), ticks that survive a reload, reset,
the downloaded meeting record, the booklet, and file:// use."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import ROOT, edit, generate_project, line_of, playbook_of, run_cli

from macros.core.site import paths
from macros.core.views import checklists

FIXTURE_REVIEW = "data/reviews/ship-it.yaml"
REVIEWS = sorted(p.stem for p in (ROOT / "data" / "reviews").glob("*.yaml"))
PAPERS = ("A4", "Letter")
MAX_PAGES = 2
MEASURED: dict[str, int] = {}  # "review/paper" -> printed pages, reported after the module
# Sub-options whose old ASCII slugs were all empty (and so collided): (id, label).
NON_ASCII = (
    ("later", "後で再検討する"),
    ("never", "中止する"),
    ("otlozheno", "Отложено"),
    ("otmeneno", "Отменено"),
)
NON_ASCII_SUB_OPTIONS = "- {{id: no-go, label: No-go, sub_options: [{}]}}".format(
    ", ".join(f"{{id: {i}, label: {label}}}" for i, label in NON_ASCII)
)


# ---------------------------------------------------------------- helpers


def nav_group(nav: list, title: str) -> list | None:
    """The nav section called `title`, wherever the nav puts it."""
    for entry in nav:
        for key, value in entry.items():
            if key == title:
                return value
            if isinstance(value, list):
                found = nav_group(value, title)
                if found is not None:
                    return found
    return None


def generated(project: Path):
    return generate_project(project)


def inputs(html: str) -> list[dict[str, str]]:
    """Every <input> of a page as a dict of its attributes."""
    return [
        dict(re.findall(r'([\w-]+)(?:="([^"]*)")?', tag))
        for tag in re.findall(r"<input\b([^>]*)>", html)
    ]


def label_for(html: str, dom_id: str) -> str:
    found = re.findall(rf'<label for="{re.escape(dom_id)}">(.*?)</label>', html)
    assert len(found) == 1, f"expected one label for {dom_id}, found {found}"
    return found[0]


def checkable_texts(review_file: Path) -> list[str]:
    """Everything a checklist must print, read straight from the YAML (not through our module)."""
    data = yaml.safe_load(review_file.read_text(encoding="utf-8"))

    def walk(items):
        for item in items:
            yield item["text"]
            yield from walk(item.get("items", []))

    texts = [
        t
        for key in ("people", "inputs", "analysis", "outputs")
        for t in walk(data["checklist"][key])
    ]
    for table in data.get("go_no_go", []):
        if "variant_of" in table:  # a variant's boxes are not repeated; its note is screen-only
            continue
        for row in table["rows"]:
            texts += [row["element"], *(i["text"] for i in row["go"] + row["no_go"])]
    for opt in (data.get("decision_options") or {}).get("options", []):
        texts += [opt["label"], *(s["label"] for s in opt.get("sub_options", []))]
    return texts


def normal(text: str) -> str:
    """PDF text and data text compared alike: compatibility forms (ligatures), one space, and
    no space after a hyphen, dash or slash, nor before a dash (a line may wrap at one)."""
    one_space = " ".join(unicodedata.normalize("NFKC", text).split())
    one_space = re.sub(r" ([\u2012-\u2015])", r"\1", one_space)
    return re.sub(r"([-\u2010-\u2015/]) ", r"\1", one_space)


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def pdf_paper(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return re.search(r"^Page size:\s+(.*)$", info, re.M)[1]


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """Text in content order (-raw: Chromium writes it in document order, even in columns)."""
    span = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", *span, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def print_pdf(page, url: str, paper: str, out: Path) -> Path:
    """Print as a user would: the site's print CSS, its @page margins, the chosen paper."""
    assert shutil.which("pdfinfo") and shutil.which("pdftotext"), "poppler-utils is needed"
    page.goto(url)
    page.pdf(path=str(out), format=paper)
    return out


@pytest.fixture(scope="module", autouse=True)
def report_page_counts(request):
    """Show the measured page counts in the test output, even when pytest captures it."""
    yield
    if MEASURED:
        capman = request.config.pluginmanager.getplugin("capturemanager")
        with capman.global_and_fixture_disabled():
            print(f"\nPrinted checklist pages (limit {MAX_PAGES} per review):")
            for name, count in sorted(MEASURED.items()):
                print(f"  {name:<40} {count}")


# ---------------------------------------------------------------- unit: generated pages


def test_a_checklist_page_per_review_and_a_booklet_in_the_nav(project: Path):
    site = generated(project)
    assert "checklists/ship-it.md" in site.pages
    assert paths.BOOKLET in site.pages
    group = nav_group(nav_group(site.nav, "Reviews"), "Checklists")
    assert group == [
        {"All checklists (booklet)": "checklists/index.md"},
        {"Ship It": "checklists/ship-it.md"},
    ]
    # The review page links to its checklist.
    assert 'href="../checklists/ship-it.html"' in site.files["reviews/ship-it.md"]


def test_every_item_is_a_labelled_checkbox_keyed_by_review_and_item_id(project: Path):
    html = generated(project).files["checklists/ship-it.md"]
    boxes = {i["data-mof-key"]: i for i in inputs(html) if i.get("type") == "checkbox"}
    assert set(boxes) == {
        "ship-it:people-sponsor",
        "ship-it:in-notes",
        "ship-it:an-ready",
        "ship-it:out-decision",
        "ship-it:go-docs",
        "ship-it:nogo-docs",
    }
    assert label_for(html, boxes["ship-it:in-notes"]["id"]) == "Release notes"
    assert label_for(html, boxes["ship-it:nogo-docs"]["id"]) == "Documentation is missing."
    kinds = {key: box["data-mof-kind"] for key, box in boxes.items()}
    assert kinds["ship-it:go-docs"] == "indicator" and kinds["ship-it:an-ready"] == "item"
    assert "0 of 6</output>" in html  # progress counts checklist items and indicators
    radios = [i for i in inputs(html) if i.get("type") == "radio"]
    assert [(r["value"], label_for(html, r["id"])) for r in radios] == [
        ("go", "Go"),
        ("no-go", "No-go"),
    ]
    assert label_for(html, "cl-ship-it--field--subject") == "Subject"
    assert label_for(html, "cl-ship-it--field--date") == "Date"
    for field in ("subject", "date", "facilitator", "attendees", "notes"):
        assert f'data-mof-field="{field}"' in html
    assert html.count('data-mof-col="action"') == checklists.BLANK_ACTION_ROWS
    assert "Facilitator (name, signature)" in html
    assert "Printed from <span data-mof-address>checklists/ship-it.html</span>" in html


def test_keys_follow_item_ids_not_list_positions(project: Path):
    edit(
        project,
        FIXTURE_REVIEW,
        "people: [{id: people-sponsor, text: Business sponsors}]",
        "people: [{id: people-sponsor, text: Business sponsors}, {id: people-users, text: Users}]",
    )
    before = generated(project).files["checklists/ship-it.md"]
    edit(
        project,
        FIXTURE_REVIEW,
        "[{id: people-sponsor, text: Business sponsors}, {id: people-users, text: Users}]",
        "[{id: people-users, text: Users}, {id: people-sponsor, text: Business sponsors}]",
    )
    after = generated(project).files["checklists/ship-it.md"]

    def by_key(html):
        return {
            i["data-mof-key"]: label_for(html, i["id"])
            for i in inputs(html)
            if i.get("type") == "checkbox"
        }

    assert by_key(before) == by_key(after)
    assert by_key(after)["ship-it:people-users"] == "Users"
    assert after.index("Users") < after.index("Business sponsors")  # the order did change


def test_sub_options_are_radio_buttons_with_stable_values(project: Path):
    edit(
        project,
        FIXTURE_REVIEW,
        "- {id: no-go, label: No-go}",
        "- {id: no-go, label: No-go, sub_options: [{id: postponed, label: Postponed until fixed},"
        " {id: cancelled, label: Cancelled}]}",
    )
    html = generated(project).files["checklists/ship-it.md"]
    values = [r["value"] for r in inputs(html) if r.get("type") == "radio"]
    assert values == ["go", "no-go", "no-go/postponed", "no-go/cancelled"]


def test_sub_options_in_any_script_get_distinct_ids_and_values(project: Path):
    edit(project, FIXTURE_REVIEW, "- {id: no-go, label: No-go}", NON_ASCII_SUB_OPTIONS)
    html = generated(project).files["checklists/ship-it.md"]
    radios = [r for r in inputs(html) if r.get("type") == "radio"]
    values = [r["value"] for r in radios]
    assert values == ["go", "no-go", *(f"no-go/{i}" for i, _ in NON_ASCII)]
    assert len({r["id"] for r in radios}) == len(radios)
    assert [label_for(html, r["id"]) for r in radios[2:]] == [label for _, label in NON_ASCII]


def test_duplicate_sub_option_id_fails_with_file_and_line(project: Path):
    edit(project, FIXTURE_REVIEW, "- {id: no-go, label: No-go}", NON_ASCII_SUB_OPTIONS)
    edit(project, FIXTURE_REVIEW, "{id: otmeneno,", "{id: otlozheno,")
    line = line_of(project, FIXTURE_REVIEW, "Отменено")
    result = run_cli("validate", "--root", str(project))
    assert result.returncode == 1
    assert (
        f"{FIXTURE_REVIEW}:{line}: /decision_options/options/1/sub_options/3/id: "
        "duplicate id 'otlozheno'"
    ) in result.stderr, result.stderr


def test_old_plain_text_sub_options_are_rejected_with_file_and_line(project: Path):
    edit(
        project,
        FIXTURE_REVIEW,
        "- {id: no-go, label: No-go}",
        "- {id: no-go, label: No-go, sub_options: [延期]}",
    )
    line = line_of(project, FIXTURE_REVIEW, "延期")
    result = run_cli("validate", "--root", str(project))
    assert result.returncode == 1
    assert f"{FIXTURE_REVIEW}:{line}: /decision_options/options/1/sub_options/0:" in result.stderr


SECOND_TABLE = """  - id: gng-other
    source: {document: deliver-phase-overview, section: Table 4}
    note: Says "Docs are in order." where the other says "All documentation is in order."
    rows:
      - id: other-release
        element: Release
        go: [{id: other-go-docs, text: Docs are in order.}]
        no_go: [{id: other-nogo-docs, text: Documentation is missing.}]
key_terms:"""


def test_one_go_no_go_table_of_boxes_and_the_variant_as_a_screen_note(project: Path):
    edit(project, FIXTURE_REVIEW, "key_terms:", SECOND_TABLE)
    edit(
        project,
        FIXTURE_REVIEW,
        "  - id: gng-other\n",
        "  - id: gng-other\n    variant_of: gng-main\n",
    )
    assert run_cli("validate", "--root", str(project)).returncode == 0
    html = generated(project).files["checklists/ship-it.md"]
    assert html.count('<table class="mof-cl-table"') == 1
    assert "Docs are in order.</label>" not in html  # no boxes for the variant
    assert "0 of 6</output>" in html
    notes = html[html.index('<details class="mof-cl-screen mof-cl-source-notes">') :]
    assert "<summary>Source and notes</summary>" in notes
    assert "Table 4 restates the go/no-go indicators of" in notes
    assert "Says &#34;Docs are in order.&#34;" in notes


@pytest.mark.parametrize(
    "variant, where, message",
    [
        (None, "/go_no_go/1/id", "a second go/no-go table without variant_of ('gng-other')"),
        ("gng-nothing", "/go_no_go/1/variant_of", "variant_of 'gng-nothing' names no other"),
        ("gng-other", "/go_no_go/1/variant_of", "variant_of 'gng-other' names no other"),
    ],
    ids=["two-tables", "unknown", "itself"],
)
def test_go_no_go_variants_are_checked_with_file_and_line(project: Path, variant, where, message):
    edit(project, FIXTURE_REVIEW, "key_terms:", SECOND_TABLE)
    needle = "  - id: gng-other\n"
    if variant:
        edit(project, FIXTURE_REVIEW, needle, f"{needle}    variant_of: {variant}\n")
    line = line_of(project, FIXTURE_REVIEW, f"variant_of: {variant}" if variant else "gng-other")
    result = run_cli("validate", "--root", str(project))
    assert result.returncode == 1
    assert f"{FIXTURE_REVIEW}:{line}: {where}: {message}" in result.stderr, result.stderr


def test_a_review_without_decision_options_gets_a_decision_field(project: Path):
    edit(
        project,
        FIXTURE_REVIEW,
        "decision_options:\n  options:\n    - {id: go, label: Go}\n"
        "    - {id: no-go, label: No-go}\n",
        "",
    )
    html = generated(project).files["checklists/ship-it.md"]
    assert 'type="radio"' not in html
    assert 'data-mof-field="decision"' in html


def test_injected_text_is_shown_literally(project: Path):
    attack = '{{ 7*7 }} <script>alert(1)</script> & "quotes"'
    edit(project, FIXTURE_REVIEW, "text: Release notes}", f"text: '{attack}'}}")
    edit(project, FIXTURE_REVIEW, "element: Release", "element: '<b>Release</b>'")
    edit(project, FIXTURE_REVIEW, "name: Ship It", "name: '</title><script>x()</script>'")
    site = generated(project)
    page = site.files["checklists/ship-it.md"]
    booklet = site.files[paths.BOOKLET]
    body = page.split("---\n", 2)[2]
    html = markdown.markdown(body, extensions=["attr_list", "admonition", "toc"])
    for text in (page, booklet, html):
        assert "<script>" not in text
        assert "<b>Release" not in text
        assert "{{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;" in text
    assert "render_macros: false" in page.split("---\n", 2)[1]
    group = nav_group(site.nav, "Checklists")
    assert {"&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;": "checklists/ship-it.md"} in group


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "old, new, where",
    [
        ("outputs: [{id: out-decision,", "outputs: [{id: in-notes,", "/checklist/outputs/0/id"),
        (
            "analysis: [{id: an-ready, text: Release is ready}]",
            "analysis: [{id: an-ready, text: Release is ready, "
            "items: [{id: people-sponsor, text: Sub}]}]",
            "/checklist/analysis/0/items/0/id",
        ),
    ],
    ids=["item", "sub-item"],
)
def test_duplicate_checklist_item_id_fails_with_file_and_line(project: Path, old, new, where):
    edit(project, FIXTURE_REVIEW, old, new)
    line = line_of(project, FIXTURE_REVIEW, new)
    result = run_cli("validate", "--root", str(project))
    assert result.returncode == 1
    duplicate = "in-notes" if "in-notes" in new else "people-sponsor"
    assert (
        f"{FIXTURE_REVIEW}:{line}: {where}: duplicate id '{duplicate}' (also at {FIXTURE_REVIEW}:"
    ) in result.stderr, result.stderr


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def site_url(built_site: Path, serve) -> str:
    return serve(built_site, "/ops/playbook/")


@pytest.mark.browser
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("review", REVIEWS)
def test_checklist_prints_on_at_most_two_pages_with_every_item(
    site_url, page, tmp_path, review, paper
):
    pdf = print_pdf(
        page, f"{site_url}checklists/{review}.html", paper, tmp_path / f"{review}-{paper}.pdf"
    )
    count = pdf_pages(pdf)
    MEASURED[f"{review}/{paper}"] = count
    print(f"{review} on {paper}: {count} pages")
    assert paper.lower() in pdf_paper(pdf).lower()  # the CSS leaves the paper to the printer
    assert count <= MAX_PAGES
    text = normal(pdf_text(pdf))
    missing = [
        t
        for t in checkable_texts(ROOT / "data" / "reviews" / f"{review}.yaml")
        if normal(t) not in text
    ]
    assert missing == []
    assert text.startswith(normal(checklists.title(_review(review)))), text[:200]
    assert "Source: MOF 4.0 Management Reviews" in text and "Creative Commons" in text
    assert f"Printed from {site_url}checklists/{review}.html" in text
    for chrome in (
        "Skip to content",
        "Download record",
        "New meeting",
        "Import record",
        "Saved in this browser",
        "Source and notes",
        "Search",
    ):
        assert chrome not in text
    assert page.external_requests == []


def _review(review_id: str):
    return playbook_of(ROOT).get("review", review_id)


def _item_boxes(page):
    return page.locator("section.mof-checklist input[type=checkbox][data-mof-kind=item]")


@pytest.mark.browser
def test_ticks_survive_a_reload_and_reset_clears_them(site_url, page):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}checklists/portfolio.html")
    boxes = _item_boxes(page)
    total = page.locator("section.mof-checklist input[type=checkbox]").count()
    first, other = boxes.nth(0), boxes.nth(5)
    first.check()
    # A sub-item, ticked through its label.
    page.locator("section.mof-checklist label", has_text="Budget").click()
    other.check()
    other.uncheck()
    page.reload()
    assert first.is_checked()
    assert page.locator("input[data-mof-key='portfolio:an-suitability-budget']").is_checked()
    assert not other.is_checked()
    assert page.locator("[data-mof-progress]").inner_text() == f"2 of {total}"
    # One meeting, stored under the site's path and the review id, ticks keyed by item id.
    first_id = first.get_attribute("data-mof-key").split(":", 1)[1]
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.includes('mof-'))")
    meeting = [k for k in stored if k.startswith("/ops/playbook/mof-meeting:portfolio:m:")]
    assert len(meeting) == 1 and set(stored) == {
        *meeting,
        "/ops/playbook/mof-meeting:portfolio:current",
    }
    saved = page.evaluate(f"JSON.parse(localStorage.getItem({meeting[0]!r}))")
    assert saved["v"] == 2 and sorted(saved["ticks"]) == sorted([first_id, "an-suitability-budget"])

    # Material's search box has a "Clear" button too: look inside the checklist.
    reset = page.locator("section.mof-checklist").get_by_role("button", name="Clear", exact=True)
    reset.focus()  # a plain button: reachable and usable from the keyboard
    page.keyboard.press("Enter")
    assert page.locator("[data-mof-status]").inner_text().startswith("Cleared")
    assert page.locator("section.mof-checklist input:checked").count() == 0
    assert page.locator("[data-mof-progress]").inner_text() == f"0 of {total}"
    page.reload()
    assert page.locator("section.mof-checklist input:checked").count() == 0
    # Undo brings them back.
    first.check()
    reset.click()
    page.get_by_role("button", name="Undo").click()
    assert first.is_checked()
    page.reload()
    assert first.is_checked()
    assert errors == [] and page.external_requests == []


@pytest.mark.browser
def test_download_holds_ticks_decisions_notes_and_actions(site_url, page):
    page.goto(f"{site_url}checklists/portfolio.html")
    page.get_by_label("Subject").fill("Q2 proposals: HR | Payroll")
    page.get_by_label("Date", exact=True).fill("2025-03-14")
    page.fill("[data-mof-field=facilitator]", "Ada Lovelace")
    page.fill("[data-mof-field=attendees]", "Ada Lovelace, Grace Hopper")
    page.check("input[data-mof-key='portfolio:people-supplier-manager']")
    page.check("input[data-mof-key='portfolio:an-suitability-budget']")
    page.get_by_label("Proposal 1", exact=True).fill("New HR system")
    page.get_by_label("Decision on proposal 1").select_option("delayed/hold-for-next-review")
    page.get_by_label("Note on proposal 1").fill("Needs a sponsor")
    page.fill("[data-mof-field=notes]", "Revisit | in Q3")
    actions = page.locator("[data-mof-actions] tbody tr").first.locator("input")
    actions.nth(0).fill("Draft the charter")
    actions.nth(1).fill("Solution manager")
    actions.nth(2).fill("2025-04-01")
    page.reload()  # everything above is saved, not just held in the page
    with page.expect_download() as info:
        page.get_by_role("button", name="Download record").click()
    download = info.value
    assert download.suggested_filename == "portfolio-2025-03-14-q2-proposals-hr-payroll.md"
    record = Path(download.path()).read_text(encoding="utf-8")
    title = "# Portfolio Management Review: Q2 proposals: HR | Payroll\n"
    assert record.startswith(title), record[:200]
    for expected in (
        "- Subject: Q2 proposals: HR | Payroll",
        "- Date: 2025-03-14",
        "- Facilitator: Ada Lovelace",
        "- Attendees present: Ada Lovelace, Grace Hopper",
        "## People",
        "- [x] Supplier manager",
        "- [ ] Portfolio manager",
        "- [ ] Suitability with:",
        "  - [x] Budget",
        "  - [ ] Timing",
        "## Decisions\n\n| Proposal | Decision | Note |\n| --- | --- | --- |\n"
        "| New HR system | Delayed: Hold the proposal for the next review. | Needs a sponsor |\n",
        "## Notes\n\nRevisit | in Q3",
        "| Draft the charter | Solution manager | 2025-04-01 |",
        "Table 6. Summary Checklist for the Portfolio Management Review",
        f"Checklist: {page.url}",
        "Creative Commons",
    ):
        assert expected in record, f"{expected!r} not in:\n{record}"
    assert record.count("[x]") == 2
    assert page.external_requests == []


@pytest.mark.browser
def test_download_lists_go_no_go_indicators(site_url, page):
    page.goto(f"{site_url}checklists/release-readiness.html")
    page.check("input[data-mof-key='release-readiness:mr11-rollback-plan']")
    page.get_by_label("Go", exact=True).check()
    page.get_by_label("Votes for Go").fill("5")
    page.get_by_label("Votes for No-go").fill("1")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download record").click()
    record = Path(info.value.path()).read_text(encoding="utf-8")
    assert "### MOF 4.0 Management Reviews, Table 11. Go/No-Go Indicators" in record
    assert "Table 4. Go/No-Go Indicators" not in record  # the variant has no boxes
    assert "  - [x] An adequate rollback plan exists." in record
    assert "## Decision\n\nGo\n\nVotes: Go 5, No-go 1\n" in record


@pytest.mark.browser
@pytest.mark.parametrize("paper", PAPERS)
def test_booklet_starts_each_review_on_a_new_page(site_url, page, tmp_path, paper):
    pdf = print_pdf(page, f"{site_url}checklists/index.html", paper, tmp_path / "booklet.pdf")
    count = pdf_pages(pdf)
    MEASURED[f"booklet/{paper}"] = count
    pb = playbook_of(ROOT)
    titles = [checklists.title(r) for r in pb.reviews]
    tops = [normal(pdf_text(pdf, n)).split(" Decision to be made")[0] for n in range(1, count + 1)]
    assert [t for t in tops if t in titles] == titles  # each title heads a page, in order
    whole = normal(pdf_text(pdf))
    for title in titles:
        assert whole.count(title) == 1, title  # and appears nowhere else
    assert count <= MAX_PAGES * len(titles)
    assert "Meeting checklists" not in tops[0]  # the screen intro is not printed


@pytest.mark.browser
def test_works_from_a_file_url(built_site: Path, page):
    url = (built_site / "checklists" / "service-alignment.html").as_uri()
    page.goto(url)
    box = _item_boxes(page).nth(2)
    box.check()
    page.reload()
    assert box.is_checked()
    assert page.locator("[data-mof-address]").inner_text() == url
    assert page.external_requests == []


@pytest.mark.browser
def test_script_loads_only_on_pages_with_a_checklist(site_url, page):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}reviews/portfolio.html")
    assert page.locator("script[src$='checklist.js']").count() == 0
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('mof-')).length") == 0
    assert page.locator("[data-mof-ready]").count() == 0
    assert errors == []
    page.goto(f"{site_url}checklists/portfolio.html")
    assert page.locator("script[src$='checklist.js']").count() == 1
    assert page.locator("[data-mof-ready]").count() == 1
    assert errors == []


def test_the_booklet_comes_in_bounded_parts_at_scale(monkeypatch, real_project, pb):
    """The booklet's page must not grow with the number of reviews: in parts of BOOKLET_LIMIT
    checklists, every checklist in exactly one part, the parts linked in order."""
    from macros.core.site.generate import generate
    from macros.core.site.sections import reviews as reviews_section

    monkeypatch.setattr(reviews_section, "BOOKLET_LIMIT", 4)
    pages = generate(pb, real_project.pipeline.schemas(), real_project.renderer).pages
    parts = [paths.BOOKLET, paths.BOOKLET.replace(".md", "-2.md")]
    assert [p for p in pages if p.startswith("checklists/index")] == parts
    forms = [re.findall(r'data-mof-review="([^"]+)"', pages[p].body) for p in parts]
    assert [len(f) for f in forms] == [4, len(pb.reviews) - 4]
    assert sum(forms, []) == [r.id for r in pb.reviews]
    assert "part 1 of 2" in pages[parts[0]].body and 'href="index-2.html" rel="next"' in (
        pages[parts[0]].body
    )
    assert 'href="index.html" rel="prev"' in pages[parts[1]].body
    # the first part still lists every checklist; search skips the booklet's parts
    assert all(f"{r.id}.html" in pages[parts[0]].body for r in pb.reviews)
    assert all(pages[p].meta["search"] == {"exclude": True} for p in parts)


def test_only_the_booklet_and_its_parts_stay_out_of_search():
    from macros.core.site.generate import searchable

    assert not searchable("checklists/index.md") and not searchable("checklists/index-2.md")
    assert searchable("checklists/indexing.md") and searchable("checklists/index-review.md")
