"""Print: every printable page of the real site, printed by Chromium on A4 and Letter and read back.

For each page: every table header and list item of the HTML is in the PDF (nothing clipped or
dropped; tests/printing.py lists what print leaves out on purpose), the page count is within the
page's budget, and no sheet holds fewer than three lines besides the sign-off and source line.
Then the same with a 170-character unbroken string in a checklist item, a role name (a matrix
header) and a worksheet cell, and the role booklets' page counts against their content.

Budgets: a checklist 2 sheets, the checklist booklet 2 per review, a worksheet 1 (or its data's
`print_pages`), a first-weeks sheet 1, a matrix one sheet per column group and ~28 rows, review
and role pages one sheet per ~2,500 characters of printed text plus one.
"""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_project, edit, make_project
from printing import PAPERS, Printout, pdf_sheets, print_page, squash

from macros.core.site import paths
from macros.core.views import checklists, raci, reading, roles
from macros.core.views.booklet import has_booklet, part_numbers

ROWS_PER_SHEET = 28  # matrix rows that fit a landscape sheet at the print size, with room to spare
CHARS_PER_SHEET = 2500  # printed characters a content page holds at least (review, role pages)
LONG = "https://intranet.example.com/" + "x" * 141  # 170 characters, no break opportunity
assert len(LONG) == 170

MEASURED: dict[str, dict[str, int]] = {}


@pytest.fixture(scope="module")
def site_url(built_site: Path, serve) -> str:
    return serve(built_site, "/ops/playbook/")


@pytest.fixture(scope="module")
def page(browser):
    """One browser page for every print in this module. No request is intercepted (that costs a
    round trip to Python per file); requests leaving the site are recorded, and the search
    index, which print does not use, is not fetched."""
    context = browser.new_context()
    pg = context.new_page()
    pg.external_requests = []

    def record(request):
        if not request.url.startswith(("http://127.0.0.1", "file://", "data:", "blob:", "about:")):
            pg.external_requests.append(request.url)

    context.on("request", record)
    context.route("**/search/search_index.json", lambda route: route.abort())
    yield pg
    context.close()


@pytest.fixture(scope="module", autouse=True)
def report_page_counts(request):
    """Show the measured page counts in the test output, even when pytest captures it."""
    yield
    if MEASURED:
        capman = request.config.pluginmanager.getplugin("capturemanager")
        with capman.global_and_fixture_disabled():
            print("\nPrinted pages (sheets on A4 / Letter, budget):")
            for rel, counts in sorted(MEASURED.items()):
                a4, letter = counts.get("A4", "-"), counts.get("Letter", "-")
                print(f"  {rel:<62} {a4!s:>3} / {letter!s:<3} budget {counts['budget']}")


def matrix_budget(m: raci.Matrix) -> int:
    """One landscape sheet per column group per ~28 rows (process headings count as rows)."""
    per = 12 if m.role_axis == "col" else 8
    parts = max(1, math.ceil(len(m.columns) / per))
    rows = len(m.rows) + (len(m.groups()) if m.group_label else 0)
    return parts * math.ceil(rows / ROWS_PER_SHEET) + 1


def content_budget(out: Printout) -> int:
    return math.ceil(out.chars / CHARS_PER_SHEET) + 1


def printable_pages(pb) -> dict[str, list[tuple[str, int | None]]]:
    """Every printable page by kind: (site-relative path, sheet budget or None = by its text)."""
    path = lambda docs: docs.removesuffix(".md") + ".html"  # noqa: E731
    return {
        "checklists": [(path(paths.checklist(r)), 2) for r in pb.reviews]
        + [(path(paths.BOOKLET), 2 * len(pb.reviews))],
        "worksheets": [(path(t.page), t.print_pages or 1) for t in pb.all("template")]
        + [("templates/index.html", 2)],
        "matrices": [(path(m.page), matrix_budget(m)) for m in raci.matrices(pb)]
        + [("raci/index.html", 2)],
        "first-weeks": [(path(paths.first_weeks(r)), 1) for r in reading.path_roles(pb)],
        "reviews": [(path(r.page), None) for r in pb.reviews] + [("reviews/index.html", None)],
        "roles": [(path(r.page), None) for r in raci.role_order(pb)]
        + [(path(a.page), None) for a in pb.all("accountability")]
        + [("roles/index.html", None)],
    }


def check(out: Printout, budget: int) -> list[str]:
    """What is wrong with a printout: over budget, text missing, a sheet nearly empty."""
    problems = []
    if out.pages > budget:
        problems.append(f"{out.pages} sheets > budget {budget}")
    if out.missing:
        problems.append(f"missing {out.missing[:5]}")
    if out.thin_sheets:
        problems.append(f"sheets {out.thin_sheets} hold fewer than 3 lines of content")
    return problems


def print_all(page, base: str, pages, tmp_path: Path) -> dict[str, list[str]]:
    """Print each page once per paper (one load each); return {page: problems}."""
    failed: dict[str, list[str]] = {}
    for rel, budget in pages:
        for paper in PAPERS:
            out = print_page(page, base + rel, paper, tmp_path / "p.pdf", reload=paper == "A4")
            limit = budget if budget is not None else content_budget(out)
            MEASURED.setdefault(rel, {})[paper] = out.pages
            MEASURED[rel]["budget"] = limit
            problems = check(out, limit)
            if problems:
                failed[f"{rel} {paper}"] = problems
    return failed


@pytest.mark.browser
@pytest.mark.parametrize(
    "kind", ["checklists", "worksheets", "matrices", "first-weeks", "reviews", "roles"]
)
def test_every_printable_page_prints_whole_within_budget(site_url, page, pb, tmp_path, kind):
    assert print_all(page, site_url, printable_pages(pb)[kind], tmp_path) == {}
    assert page.external_requests == []


@pytest.mark.browser
def test_each_sheet_of_a_wide_matrix_says_which_part_it_holds(site_url, page, pb, tmp_path):
    wide = [m for m in raci.matrices(pb) if len(m.columns) > 12]
    assert wide, "the real data has matrices wider than one column group"
    for m in wide:
        for paper in PAPERS:
            out = print_page(page, f"{site_url}raci/{m.name}.html", paper, tmp_path / "m.pdf")
            parts = math.ceil(len(m.columns) / (12 if m.role_axis == "col" else 8))
            labels = [re.findall(r"part (\d+) of (\d+)", sheet) for sheet in out.sheets]
            assert all(labels), (m.name, paper, [s[:80] for s in out.sheets])
            seen = {int(k) for found in labels for k, n in found if int(n) == parts}
            assert seen == set(range(1, parts + 1)), (m.name, paper)
            # Every column header once per part, the row headers on every part.
            whole = squash("".join(out.sheets))
            for column in m.columns:
                assert squash(column.label) in whole, (m.name, column.label)


@pytest.mark.browser
def test_role_booklet_breaks_between_parts_and_grows_with_content(site_url, page, pb, tmp_path):
    rows = raci.RowIndex.of(pb)
    views = [roles.role_view(pb, r, rows) for r in raci.role_order(pb)]
    views = sorted(filter(has_booklet, views), key=lambda v: len(v.reviews))
    chosen = [views[0], views[len(views) // 2], views[-1]]  # least, middle, most content
    counts = {}
    for view in chosen:
        rel = paths.booklet(view.role).removesuffix(".md") + ".html"
        numbers = part_numbers(view)
        titles = {
            "role": "The role",
            "reviews": "Your management reviews",
            "raci": "Your RACI rows",
            "terms": "Terms to learn",
        }
        starts = [squash(f"Part {n}. {titles[key]}") for key, n in numbers.items()]
        starts += [squash(checklists.title(a.review)) for a in view.reviews]
        budget = (
            1  # the role
            + bool(view.reviews)  # the table of the role's reviews
            + 2 * len(view.reviews)  # a checklist each: two sheets at most
            + math.ceil(len(view.raci) / 30)
            + math.ceil(len(view.terms) / 20)
        )
        for paper in PAPERS:
            out = print_page(page, site_url + rel, paper, tmp_path / "b.pdf")
            assert check(out, budget) == [], (rel, paper, check(out, budget))
            assert len(starts) <= out.pages <= budget, (rel, paper, out.pages)
            tops = [squash(sheet)[:120] for sheet in out.sheets]
            for start in starts:  # each part begins a sheet (after the booklet's title)
                assert any(start in top for top in tops), (rel, paper, start)
            MEASURED.setdefault(rel, {})[paper] = out.pages
            MEASURED[rel]["budget"] = budget
        counts[view.role.id] = out.pages
    least, middle, most = (counts[v.role.id] for v in chosen)
    assert least <= middle <= most and least < most


# --- A 170-character unbroken string in a checklist item, a role name and a worksheet cell -----


@pytest.fixture(scope="module")
def long_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("long")
    project = make_project(tmp)
    shutil.rmtree(project / "data")
    shutil.copytree(ROOT / "data", project / "data")
    edit(
        project,
        "data/reviews/release-readiness.yaml",
        "      text: Project vision and scope\n",
        f"      text: Project vision and scope, see {LONG}\n",
    )
    edit(project, "data/roles.yaml", "name: Auditor", f"name: Auditor {LONG}")
    edit(
        project,
        "data/templates/smf-self-assessment.yaml",
        "label: Reliability,",
        f'label: "Reliability {LONG}",',
    )
    out = tmp / "site"
    result = build_project(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


LONG_PAGES = [
    ("checklists/release-readiness.html", 2),
    ("templates/smf-self-assessment.html", None),  # its data's print_pages
    ("raci/reviews.html", None),  # the matrix budget
    ("raci/roles-by-review.html", None),
    ("roles/auditor.html", None),
]


@pytest.mark.browser
def test_long_unbroken_text_wraps_on_screen_and_in_print(long_site, serve, browser, pb, tmp_path):
    base = serve(long_site, "/long/")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/search/search_index.json", lambda route: route.abort())
    pg = context.new_page()
    budgets = {
        **{p: b for kind in printable_pages(pb).values() for p, b in kind},
    }
    failed = {}
    for rel, budget in LONG_PAGES:
        budget = budget or budgets[rel]
        pg.emulate_media(media="screen")
        pg.goto(base + rel)
        html = pg.content()
        assert LONG in html or LONG.replace("&", "&amp;") in html, rel  # the string is there
        width = pg.evaluate("document.documentElement.scrollWidth")
        if width > 1280:
            failed[f"{rel} screen"] = [f"{width} px wide at 1280"]
        for paper in PAPERS:
            out = print_page(pg, base + rel, paper, tmp_path / "l.pdf")
            limit = budget if budget is not None else content_budget(out)
            if squash(LONG) not in squash("".join(out.sheets)):
                failed.setdefault(f"{rel} {paper}", []).append("the long string is cut")
            problems = check(out, limit)
            if problems:
                failed.setdefault(f"{rel} {paper}", []).extend(problems)
    context.close()
    assert failed == {}


# --- Forms: blanks print as lines; the priority worksheet works as a form ----------------------


@pytest.mark.browser
def test_a_blank_checklist_prints_lines_to_write_on_not_placeholders(site_url, page, pb, tmp_path):
    for review in pb.reviews:
        url = site_url + paths.checklist(review).removesuffix(".md") + ".html"
        out = print_page(page, url, "A4", tmp_path / "c.pdf")
        text = "".join(out.sheets).casefold()
        assert "mm/dd/yyyy" not in text and "yyyy" not in text, review.id
        # One line per attendee the review lists, shown only while the field is empty.
        lines = page.locator(".mof-cl-lines .mof-cl-line")
        assert lines.count() == len(review.attendees), review.id
        assert (
            lines.first.is_visible()
            and not page.locator("textarea[data-mof-field=attendees]").is_visible()
        )
    page.emulate_media(media="screen")
    page.fill("textarea[data-mof-field=attendees]", "Ada Lovelace")
    page.fill("input[data-mof-field=date]", "2026-11-30")
    page.emulate_media(media="print")
    assert page.locator("textarea[data-mof-field=attendees]").is_visible()
    assert not page.locator(".mof-cl-lines .mof-cl-line").first.is_visible()
    page.pdf(path=str(tmp_path / "filled.pdf"), format="A4")
    filled = "".join(pdf_sheets(tmp_path / "filled.pdf"))
    assert "Ada Lovelace" in filled and ("11/30/2026" in filled or "2026" in filled)
    page.emulate_media(media="screen")
    page.evaluate("localStorage.clear()")


def test_priority_worksheet_has_who_what_by_when_and_states_its_formula_once(built_site, pb):
    form = pb.get("template", "priority-scoring")
    html = (built_site / "templates" / "priority-scoring.html").read_text()
    article = html[html.index("<article") : html.index("</article>")]
    assert re.search(r"<h1[^>]*>Priority scoring worksheet</h1>", article)
    assert form.name == "Priority scoring worksheet"
    head = article[article.index('<table class="mof-table mof-form-grid mof-form-scoring">') :]
    head = head[: head.index("</thead>")]
    labels = re.findall(r'<th scope="col"[^>]*>([^<]+)', head)
    assert labels[-3:] == ["What", "Who", "By when"]
    formula = form.layout.formula.text
    visible = re.sub(r'<div class="mof-print-only">.*?</div>', "", article, flags=re.S)
    assert visible.count(formula) == 1  # in the instructions, not again on the form or title
