"""Reader-first pages (issue 20): the home page's task entry points and one-line reviews, review
pages that lead with one screen, editor's notes only in a closed "Source and notes" section,
"Summary only" badges, and reading paths that put the reader's own work first.

Browser tests (marked `browser`) measure the real site, built once in strict mode, in Chromium.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import text_of

from macros.core.views import reading, reviews

# Sentences that say what the source does not say, or talk about how it is printed: editor's
# notes, allowed only inside the closed "Source and notes" section.
EDITOR_PHRASES = (
    "not stated in the source",
    "none of the five documents",
    "none of these are in the five source documents",
    "five source documents",
    "in the five documents",
    "kept as printed",
    "printed twice",
    "notes on the source",
    "give no responsibilities",
    "none given in the sources",
    "not named in the sources",
    "not listed in the source",
    "the source does not say",
    "the sources do not say",
    "does not say",
    "derived, not stated",
)
# Pages outside this check: the data reference quotes data files to contributors.
NOT_READER_PAGES = ("reference/",)
# Print booklets join several checklists, each with its own section (and the booklet's parts).
BOOKLETS = ("checklists/index", "roles/booklet/")
SOURCE_AND_NOTES = re.compile(
    r"<details(?P<attrs>[^>]*)>\s*<summary>Source and notes</summary>.*?</details>", re.S
)


def article(html: str) -> str:
    start = html.find("<article")
    return html[start : html.find("</article>", start)] if start >= 0 else html


def reader_pages(site: Path) -> list[Path]:
    return [
        f
        for f in sorted(site.rglob("*.html"))
        if not str(f.relative_to(site)).startswith(NOT_READER_PAGES)
        and "assets" not in f.parts
        and f.name != "404.html"
    ]


# ---------------------------------------------------------------- editor's notes


def test_editor_phrases_appear_only_in_a_closed_source_and_notes_section(built_site: Path):
    found, open_sections, several = {}, [], []
    for f in reader_pages(built_site):
        body = article(f.read_text(encoding="utf-8"))
        sections = list(SOURCE_AND_NOTES.finditer(body))
        open_sections += [f.name for m in sections if re.search(r"\bopen\b", m["attrs"])]
        rel = str(f.relative_to(built_site))
        if len(sections) > 1 and not rel.startswith(BOOKLETS):
            several.append(rel)
        text = text_of(SOURCE_AND_NOTES.sub(" ", body)).lower()
        hits = [p for p in EDITOR_PHRASES if p in text]
        if hits:
            found[str(f.relative_to(built_site))] = hits
    assert found == {}
    assert open_sections == [] and several == []


def test_every_entity_page_ends_with_its_source_and_notes(built_site: Path, pb):
    """One closed section per page, after all the reading matter: only the credit follows."""
    for kind in ("review", "smf", "role", "accountability", "scenario", "phase", "template"):
        for entity in pb.all(kind):
            html = article((built_site / entity.page.replace(".md", ".html")).read_text())
            if 'id="source-and-notes"' not in html:
                continue  # nothing to note and no source cited
            tail = html.split('id="source-and-notes"', 1)[1].split("</details>", 1)[1]
            assert re.sub(r"<[^>]+>", "", tail).strip().startswith("Source:"), entity.id
    html = article((built_site / "glossary/index.html").read_text())
    assert html.count("<summary>Source and notes</summary>") == 1
    assert "defines accountability outright" in html.split("Source and notes", 1)[1]


@pytest.mark.browser
def test_source_and_notes_is_closed_on_screen_and_not_printed(built_site: Path, page):
    page.goto((built_site / "reviews/release-readiness.html").as_uri())
    notes = page.locator("details#source-and-notes")
    assert notes.evaluate("d => d.open") is False
    assert not page.get_by_text("Both are kept as printed.").first.is_visible()
    page.emulate_media(media="print")
    assert notes.evaluate("d => getComputedStyle(d).display") == "none"
    # ...while the closed detail sections print open: an input of the review has a height.
    item = page.locator("details:has(#key-information-inputs) li").first
    assert item.evaluate("li => li.getBoundingClientRect().height") > 0


# ---------------------------------------------------------------- summary only


def test_summary_only_badges_on_smfs_and_roles_the_seeds_barely_describe(
    built_site: Path, pb, site
):
    for smf in pb.smfs:
        html = article((built_site / smf.page.replace(".md", ".html")).read_text())
        assert ('class="mof-summary-only"' in html) == (not smf.processes), smf.id
    index = (built_site / "smfs/index.html").read_text()
    assert index.count('class="mof-summary-only"') == sum(not s.processes for s in pb.smfs)
    nav = str(site.nav)
    for smf in pb.smfs:
        assert (f"'{smf.name} (detailed)'" in nav) == bool(smf.processes), smf.id
    badge = 'class="mof-summary-only"'
    assert badge in (built_site / "roles/problem-manager.html").read_text()
    assert badge not in (built_site / "roles/change-manager.html").read_text()


# ---------------------------------------------------------------- home


def test_home_lists_each_review_on_one_line_with_its_cadence(built_site: Path, pb):
    html = article((built_site / "index.html").read_text())
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", html, re.S)
    assert len(rows) == len(pb.reviews)
    for review, row in zip(pb.reviews, rows, strict=True):
        text = text_of(row)
        assert review.name in text and review.cadence in text and review.decision in text
        assert " ".join(review.frequency.split()) not in text_of(html)


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_home_task_links_are_visible_without_scrolling(built_site: Path, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.goto((built_site / "index.html").as_uri())
    links = pg.locator(".mof-tasks a.mof-task-link")
    names = links.all_inner_texts()
    assert names == ["I’m new here", "I’m running a review", "Find my role", "Look up a word"]
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, (names[i], box)
    targets = links.evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert targets == [
        "reading/index.html",
        "checklists/index.html",
        "roles/index.html",
        "glossary/index.html",
    ]
    context.close()


# ---------------------------------------------------------------- review pages


def test_attendees_are_one_row_per_role_with_every_contribution(pb):
    rr = pb.get("review", "release-readiness")
    rows = reviews.attendees(rr)
    assert [a.role for a in rows].count("program-manager") == 1
    pm = next(a for a in rows if a.role == "program-manager")
    assert pm.owner and pm.label == "Program managers" and len(pm.brings) == 2
    assert pm.groups == ("owner", "also-represented")
    listed = [a.role for a in rr.attendees]
    assert [a.role for a in rows] == list(dict.fromkeys(listed))  # first-named order


def test_review_page_states_each_text_once_and_no_raw_address(built_site: Path, pb):
    for review in pb.reviews:
        html = article((built_site / f"reviews/{review.id}.html").read_text())
        reading_part = SOURCE_AND_NOTES.sub(" ", html)
        text = text_of(reading_part)
        assert text.count(" ".join(review.frequency.split())) == 1, review.id
        assert re.findall(r"https?://", text) == [], review.id
        labels = re.findall(r'<tr><th scope="row"><a href="[^"]*roles/([^".]+)\.html"', html)
        assert len(labels) == len(set(labels)), review.id  # one attendee row per role
    rr = article((built_site / "reviews/release-readiness.html").read_text())
    # The source's words about "this ... document" are quoted as the source's, not ours.
    quote = re.search(r'<blockquote class="mof-quote">.*?</blockquote>', rr, re.S)[0]
    assert "This Release Readiness Review document" in quote
    assert rr.count("This Release Readiness Review document") == 1


@pytest.mark.browser
def test_release_readiness_leads_with_owners_when_decision_and_checklist(built_site: Path, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.goto((built_site / "reviews/release-readiness.html").as_uri())
    lead = pg.locator(".mof-lead")
    wanted = {
        "When": "Per release, before the release date",
        "Owned by": "Solution Manager",
        "Decision": "Go/no-go to deploy a new or changed service",
    }
    for label, words in wanted.items():
        dd = lead.locator(f"dt:text-is('{label}') + dd")
        assert words in dd.inner_text()
        box = dd.bounding_box()
        assert box["y"] + box["height"] <= 900, (label, box)
    checklist = pg.get_by_role("link", name="Open the meeting checklist")
    box = checklist.bounding_box()
    assert box["y"] + box["height"] <= 900, box
    assert checklist.get_attribute("href") == "../checklists/release-readiness.html"
    printed = pg.get_by_role("link", name="Print the checklist")
    assert printed.get_attribute("href") == "../checklists/release-readiness.html?print"
    frequency = lead.locator("dt:text-is('When') + dd").inner_text()
    assert "far enough ahead of the tentative release date" in frequency
    # The detail is one click away: closed until asked for.
    detail = pg.locator("details:has(#key-information-inputs)")
    assert detail.evaluate("d => d.open") is False
    detail.locator("summary").click()
    assert pg.get_by_text("Operations support guide. This guide").is_visible()
    context.close()


# ---------------------------------------------------------------- reading paths


def test_change_manager_reads_their_own_smf_before_what_they_attend(pb):
    path = reading.reading_path(pb, pb.get("role", "change-manager"))
    ids = [s.entity.id for s in path.steps]
    kinds = [s.kind for s in path.steps]
    assert ids[:3] == ["change-manager", "management", "change-and-configuration"]
    assert kinds[2] == "Your SMF"
    first_attended = kinds.index("Review you attend")
    assert all(k in ("SMF you support", "Review you attend") for k in kinds[first_attended:])
    assert [p.smf.id for p in path.smfs][0] == "change-and-configuration"


def test_own_work_comes_first_on_every_path(pb):
    order = [
        "Your role",
        "Your accountability",
        "Review you own",
        "Your SMF",
        "Review you attend",
        "SMF you support",
    ]
    for role in reading.path_roles(pb):
        kinds = [s.kind for s in reading.reading_path(pb, role).steps]
        assert kinds == sorted(kinds, key=order.index), role.id


def test_reasons_on_a_path_read_as_sentences(pb):
    for role in reading.path_roles(pb):
        for step in reading.reading_path(pb, role).steps:
            if step.entity.entity_kind in ("review", "smf"):
                assert "You bring:" not in step.why and "Your part:" not in step.why
                assert step.why[:1].isupper() and step.why.rstrip('”"')[-1:] in ".?!", step.why


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h2, self._in = [], False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "h2"
        if self._in:
            self.h2.append("")

    def handle_endtag(self, tag):
        self._in = False if tag == "h2" else self._in

    def handle_data(self, data):
        if self._in:
            self.h2[-1] += data


def _weeks(heading: str) -> tuple[int, int] | None:
    m = re.match(r"Weeks? (\d+)(?: to (\d+))?:", heading)
    return (int(m[1]), int(m[2] or m[1])) if m else None


def test_week_ranges_never_overlap_on_any_path(pb, built_site: Path):
    for role in reading.path_roles(pb):
        path = reading.reading_path(pb, role)
        blocks = path.weeks
        assert blocks[0].first == 1
        for before, after in zip(blocks, blocks[1:], strict=False):
            assert before.first <= before.last and after.first == before.last + 1, role.id
        parser = _Headings()
        parser.feed((built_site / f"reading/first-weeks/{role.id}.html").read_text())
        spans = [w for w in map(_weeks, parser.h2) if w]
        assert spans == [(b.first, b.last) for b in blocks], role.id


def test_what_to_bring_is_the_checklist_inputs_unless_they_belong_to_another_review(pb):
    rr = pb.get("review", "release-readiness")
    assert reviews.what_to_bring(rr) == tuple(i.text for i in rr.checklist.inputs)
    # Service Alignment's checklist prints the Operational Health inputs (each noted): the
    # page leads with what its own text says to gather instead.
    sa = pb.get("review", "service-alignment")
    bring = reviews.what_to_bring(sa)
    assert bring and not set(bring) & {i.text for i in sa.checklist.inputs}
    assert "New business requirements, proposals, and forecasts." in bring


@pytest.mark.browser
def test_print_the_checklist_opens_the_print_dialog_once(built_site: Path, page):
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto((built_site / "checklists/release-readiness.html").as_uri() + "?print")
    page.wait_for_function("window.__printed > 0")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__printed") == 1
    page.goto((built_site / "checklists/release-readiness.html").as_uri())
    page.wait_for_timeout(200)
    assert page.evaluate("window.__printed") == 0


def test_a_checklist_item_note_sits_in_source_and_notes(built_site: Path):
    html = article((built_site / "checklists/release-readiness.html").read_text())
    assert 'class="mof-cl-note"' not in html
    notes = SOURCE_AND_NOTES.search(html)[0]
    assert "Test manager and testers: The review text lists Tester and Test manager" in notes
