"""Roles, RACI rows and matrices: the rules, the pages, and the CSV files that go with them."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, generate_project, line_of, playbook_of, problems_of, text_of

from macros.core.views import raci
from macros.core.views.roles import role_view

REVIEW = "data/reviews/ship-it.yaml"
SMF = "data/smfs/roll-out.yaml"


def set_raci(project: Path, rows: str) -> None:
    """Replace the review's raci lists, keeping its derived_from line."""
    path = project / REVIEW
    text = path.read_text()
    start, end = text.index("raci:\n"), text.index("  derived_from:")
    path.write_text(text[:start] + "raci:\n" + rows + text[end:])


# --- The rules, with file and line ---------------------------------------------------------

RULES = [
    (
        "zero A",
        "  responsible: [release-manager]\n  accountable: []\n",
        "  accountable:",
        "/raci/accountable: RACI row has 0 accountable roles; expected exactly one",
    ),
    (
        "two A",
        "  responsible: [release-manager]\n"
        "  accountable:\n    - business-sponsor\n    - deployment-lead\n",
        "  accountable:",
        "/raci/accountable: RACI row has 2 accountable roles; expected exactly one",
    ),
    (
        "no R",
        "  responsible: []\n  accountable: [business-sponsor]\n",
        "  responsible:",
        "/raci/responsible: RACI row has no responsible role; expected at least one",
    ),
    (
        "unknown role",
        "  responsible: [release-manager]\n  accountable: [business-sponsor]\n"
        "  consulted: [deployment-leed]\n",
        "  consulted:",
        "/raci/consulted/0: unknown role id 'deployment-leed' (did you mean 'deployment-lead'?); "
        "expected an id defined in data/roles.yaml",
    ),
    (
        "role twice",
        "  responsible: [release-manager]\n  accountable: [business-sponsor]\n"
        "  informed: [release-manager]\n",
        "raci:",
        "/raci: role 'release-manager' is both responsible and informed; expected each role once "
        "per RACI row",
    ),
]


@pytest.mark.parametrize("rows, where, message", [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_review_raci_rule_names_file_and_line(project: Path, rows: str, where: str, message: str):
    set_raci(project, rows)
    assert problems_of(project) == [f"{REVIEW}:{line_of(project, REVIEW, where)}: {message}"]


def test_two_accountable_fails_the_build(project: Path):
    set_raci(
        project,
        "  responsible: [release-manager]\n  accountable: [business-sponsor, deployment-lead]\n",
    )
    from macros.core.problems import DataError

    with pytest.raises(DataError, match=r"ship-it\.yaml:\d+: /raci/accountable: RACI row has 2"):
        playbook_of(project)


SMF_TEXT = """\
# yaml-language-server: $schema=../schema/smf.schema.json
id: roll-out
name: Roll Out
phase: deliver
summary: Rolls the release out.
processes:
  - id: ro-sites
    name: Deploy sites
    activities:
      - id: ro-deploy-each-site
        name: Deploy each site
        raci:
          responsible: [deployment-lead]
          accountable: [release-manager]
          informed: [business-sponsr]
          derived_from: Fixture.
          basis: derived
source: [{document: deploy-smf, section: Table 5}]
"""


def test_activity_raci_is_checked_like_review_raci(project: Path):
    """The reference table covers activity rows: an unknown id is reported where it is written."""
    (project / SMF).parent.mkdir(exist_ok=True)
    (project / SMF).write_text(SMF_TEXT)
    line = line_of(project, SMF, "informed:")
    assert problems_of(project) == [
        f"{SMF}:{line}: /processes/0/activities/0/raci/informed/0: unknown role id "
        "'business-sponsr' (did you mean 'business-sponsor'?); expected an id defined in "
        "data/roles.yaml"
    ]


def test_activity_rows_make_an_smf_matrix_and_role_letters(project: Path):
    (project / SMF).parent.mkdir(exist_ok=True)
    (project / SMF).write_text(SMF_TEXT.replace("business-sponsr", "business-sponsor"))
    pb = playbook_of(project)
    by_name = {m.name: m for m in raci.matrices(pb)}
    matrix = by_name["smf-roll-out"]
    assert matrix.table() == [
        ["Process", "Activity", "Basis", "Release manager", "Business sponsor", "Deployment lead"],
        ["Deploy sites", "Deploy each site", "derived", "A", "I", "R"],
    ]
    assert by_name["roles-by-smf"].table()[1:] == [
        ["Release manager", "A"],
        ["Business sponsor", "I"],
        ["Deployment lead", "R"],
    ]
    view = role_view(pb, pb.get("role", "deployment-lead"))
    assert [(row.id, letter) for row, letter in view.raci] == [("ro-deploy-each-site", "R")]


# --- CSV and escaping ----------------------------------------------------------------------


def test_csv_cells_that_start_a_formula_are_defused():
    assert [raci.csv_cell(t) for t in ("=1+1", "+A", "-2", "@SUM(A1)", "R", "")] == [
        "'=1+1",
        "'+A",
        "'-2",
        "'@SUM(A1)",
        "R",
        "",
    ]


def test_data_text_is_escaped_in_matrix_html_and_kept_literal_in_csv(project: Path):
    name = "=HYPERLINK(1) <script>alert(1)</script> {{ 7*7 }}"
    roles = project / "data/roles.yaml"
    roles.write_text(roles.read_text().replace("name: Release manager", f"name: '{name}'"))
    site = generate_project(project)
    html = site.files["raci/reviews.md"]
    assert "<script>alert(1)</script>" not in html
    assert "=HYPERLINK(1) &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html
    rows = list(csv.reader(io.StringIO(site.files["raci/reviews.csv"].lstrip("\ufeff"))))
    assert rows[0][1:3] == ["Basis", "'" + name]


# --- Built site: every matrix's HTML equals its CSV ----------------------------------------


class MatrixParser(HTMLParser):
    """Rows of the table.mof-matrix on a page, as the reader sees them: header row first, then
    body rows; a process heading row (tr.mof-matrix-group) becomes each following row's first
    cell, the same way the CSV carries it in a Process column."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_table = False
        self.group: str | None = None
        self.row: list[str] | None = None
        self.row_is_group = False
        self.cell: list[str] | None = None
        self.csv_links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "mof-matrix" in (a.get("class") or "").split():
            self.in_table = True
        elif tag == "a" and (a.get("href") or "").endswith(".csv"):
            self.csv_links.append(a["href"])
        if not self.in_table:
            return
        if tag == "tr":
            self.row, self.row_is_group = [], "mof-matrix-group" in (a.get("class") or "")
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag):
        if not self.in_table:
            return
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row_is_group:
                self.group = self.row[0]
            else:
                self.rows.append(([self.group] if self.group is not None else []) + self.row)
            self.row = None
        elif tag == "table":
            self.in_table = False


def matrix_pages(site: Path) -> list[Path]:
    return sorted(
        p for p in (site / "raci").glob("*.html") if 'class="mof-table mof-matrix"' in p.read_text()
    )


def test_every_matrix_page_has_its_csv_and_they_agree_cell_for_cell(built_site: Path):
    found = matrix_pages(built_site)
    assert {p.stem for p in found} >= {
        "reviews",
        "smfs",
        "smf-business-it-alignment",
        "smf-deploy",
        "roles-by-review",
        "roles-by-smf",
    }
    for page in found:
        parser = MatrixParser()
        parser.feed(page.read_text())
        assert f"{page.stem}.csv" in parser.csv_links, page.name
        raw = (page.parent / f"{page.stem}.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(raw)))
        header = rows[0]
        if parser.group is not None:  # grouped rows: the HTML header has no Process cell
            assert header[0] == "Process"
            rows[0] = header[1:]
        unquoted = [[c[1:] if re.match(r"'[=+\-@\t\r]", c) else c for c in r] for r in rows]
        assert parser.rows == unquoted, page.name
        assert len(rows) > 1 and len({len(r) for r in rows[1:]}) == 1, page.name


def test_real_data_has_a_raci_row_for_every_review_and_activity():
    pb = playbook_of(ROOT)
    assert all(r.raci for r in pb.reviews)
    for smf in pb.smfs:
        activities = [a for p in smf.processes or () for a in p.activities]
        if activities:
            assert all(a.raci for a in activities), smf.id
        else:
            assert smf.raci, smf.id
    assert {m.name for m in raci.matrices(pb)} >= {"smf-business-it-alignment", "smf-deploy"}


def test_matrix_pages_carry_legend_filter_and_print_hooks(built_site: Path):
    html = (built_site / "raci" / "smf-deploy.html").read_text()
    assert '<dl class="mof-legend"' in html and "<dt>A</dt>" in html
    assert re.search(
        r'<div class="mof-matrix-scroll" tabindex="0" role="region" aria-label="[^"]+"', html
    )
    assert re.search(r'<select id="matrix-smf-deploy-filter" class="mof-matrix-filter"', html)
    assert "onchange" not in html and "onclick" not in html
    assert "<caption>RACI: Deploy activities × roles</caption>" in html
    css = (built_site / "assets/stylesheets/print.css").read_text()
    assert "@page matrix { size: landscape; }" in css and "page: matrix;" in css
    assert '<div class="mof-matrix-print" aria-hidden="true">' in html  # column groups for print
    assert "assets/javascripts/matrix-filter.js" in html


# --- Role pages list what the data says ----------------------------------------------------


def section(html: str, heading: str) -> str:
    """The text of a page from one h2 to the next."""
    text = text_of(html.split("<article", 1)[-1])
    start = text.index(heading)
    rest = text[start + len(heading) :]
    nxt = re.search(
        r" (Your part in the SMFs|Terms to learn|Related scenarios|RACI: where|"
        r"Source and notes|Source:) ",
        rest,
    )
    return rest[: nxt.start()] if nxt else rest


def test_compliance_officer_page_lists_policy_and_control(built_site: Path):
    html = (built_site / "roles" / "compliance-officer.html").read_text()
    assert "<h1" in html and "Compliance officer</h1>" in html
    owned = section(html, "Reviews you own or attend")
    assert "Policy and Control Owns" in owned
    letters = section(html, "RACI: where you are R, A, C or I")
    assert "R Responsible Policy and Control (review)" in letters


@pytest.mark.parametrize(
    "role_id",
    [
        "it-executive-officer",
        "service-level-manager",
        "release-management",
        "problem-manager",
        "operations-manager",
        "compliance-officer",
    ],
)
def test_role_page_lists_its_reviews_and_every_letter(built_site: Path, role_id: str):
    pb = playbook_of(ROOT)
    role = pb.get("role", role_id)
    html = (built_site / role.page.replace(".md", ".html")).read_text()
    owned = section(html, "Reviews you own or attend")
    taken = 0
    for review in pb.reviews:
        if role_id in (review.owners or ()):
            assert f"{review.name} Owns" in owned
        elif role_id in [a.role for a in review.attendees or ()]:
            assert f"{review.name} Attends" in owned
        else:
            continue
        taken += 1
    assert html.count('<tr><th scope="row"><a href="../reviews/') == taken
    letters = section(html, "RACI: where you are R, A, C or I")
    rows = [row for row in raci.rows(pb) if role_id in row.letters]
    assert rows, "every sampled role holds at least one letter"
    held = [(row, letter) for row in rows for letter in raci.split(row.letters[role_id])]
    for row, letter in held:
        assert f"{letter} {raci.WORD_OF[letter]} {row.name}" in letters, row.id
    # Each letter links to the matrix page (or part) that shows the row's derivation.
    links = re.findall(r'<a href="\.\./(raci/[^"#]+)#(derived-[^"]+)">See the row', html)
    assert len(links) == len(held)
    for matrix, anchor in links:
        assert f'<dt id="{anchor}">' in (built_site / matrix).read_text(), anchor
    assert len(re.findall(r"<tr><td class=\"mof-raci-", html)) == len(held)
    if role.accountability:
        acc = pb.get("accountability", role.accountability)
        assert f"Role type of {acc.name}" in text_of(html)


def test_role_pages_exist_for_every_role_and_accountability(built_site: Path):
    pb = playbook_of(ROOT)
    for entity in (*pb.all("role"), *pb.all("accountability")):
        assert (built_site / entity.page.replace(".md", ".html")).is_file(), entity.id
    index = text_of((built_site / "roles" / "index.html").read_text())
    assert all(r.name in index for r in pb.all("role"))


# --- In a browser: the filter -------------------------------------------------------------


@pytest.mark.browser
def test_filter_shows_one_role_and_its_rows(built_site: Path, serve, page):
    base = serve(built_site, "/ops/playbook/")
    page.goto(base + "raci/smf-business-it-alignment.html")
    assert page.is_visible("#matrix-smf-business-it-alignment-filter")
    page.select_option("#matrix-smf-business-it-alignment-filter", "supplier-manager")
    pb = playbook_of(ROOT)
    expected = [
        r.name
        for r in raci.rows(pb)
        if r.entity.id == "business-it-alignment" and "supplier-manager" in r.letters
    ]
    shown = page.eval_on_selector_all(
        "#matrix-smf-business-it-alignment tbody tr.mof-matrix-row:not([hidden]) th",
        "els => els.map(e => e.textContent.trim())",
    )
    assert shown == expected
    heads = page.eval_on_selector_all(
        "#matrix-smf-business-it-alignment thead th:not([hidden])",
        "els => els.map(e => e.textContent.trim())",
    )
    assert heads == ["Activity", "Basis", "Supplier Manager"]
    total = len([r for r in raci.rows(pb) if r.entity.id == "business-it-alignment"])
    assert f"Showing {len(expected)} of {total} rows" in page.inner_text(".mof-matrix-status")
    page.select_option("#matrix-smf-business-it-alignment-filter", "")
    assert page.locator("#matrix-smf-business-it-alignment tbody tr[hidden]").count() == 0
    assert page.external_requests == []


@pytest.mark.browser
@pytest.mark.parametrize("paper, landscape", [("A4", (842, 595)), ("Letter", (792, 612))])
def test_matrix_prints_on_landscape_pages(built_site: Path, page, paper: str, landscape):
    page.goto((built_site / "raci" / "reviews.html").as_uri())
    page.emulate_media(media="print")
    pdf = page.pdf(format=paper, prefer_css_page_size=True)
    boxes = [
        tuple(round(float(v)) for v in m)
        for m in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    ]

    def near(box, size):
        return all(abs(x - y) <= 2 for x, y in zip(box, size, strict=True))

    # A matrix page prints on landscape sheets of the chosen paper, its title and legend too
    # (a portrait first sheet would hold only them).
    assert boxes and all(near(box, landscape) for box in boxes), boxes


# --- Basis: how firmly each row rests on the source ------------------------------------------


def raci_blocks(value, path=""):
    """Every `raci` mapping in a data document, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "raci" and isinstance(item, dict):
                yield f"{path}/raci", item
            else:
                yield from raci_blocks(item, f"{path}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from raci_blocks(item, f"{path}/{i}")


def test_every_raci_row_in_the_data_has_a_basis():
    import yaml

    found = 0
    for path in sorted((ROOT / "data").glob("*/*.yaml")):
        for where, block in raci_blocks(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found += 1
            assert block.get("basis") in ("stated", "derived", "proposed"), f"{path.name}{where}"
    assert found == 49


def test_a_row_without_basis_is_an_error_with_file_and_line(project: Path):
    text = (project / REVIEW).read_text()
    (project / REVIEW).write_text(text.replace("  basis: stated\n", "", 1))
    line = line_of(project, REVIEW, "raci:")
    assert problems_of(project) == [
        f"{REVIEW}:{line}: /raci: missing required key 'basis'; add it to the mapping that starts "
        "on this line, e.g. `basis: stated`"
    ]


def test_rows_per_basis():
    pb = playbook_of(ROOT)
    rows = raci.rows(pb)
    counts = {basis: n for basis, _, n in raci.basis_counts(rows)}
    assert counts == {"stated": 17, "derived": 25, "proposed": 7}
    assert sum(counts.values()) == len(rows)
    # Proposed: exactly the SMFs whose role types are in none of the five documents.
    assert {r.id for r in rows if r.basis == "proposed"} == {
        "reliability",
        "financial-management",
        "team",
        "customer-service",
        "operations",
        "service-monitoring-and-control",
        "governance-risk-and-compliance",
    }
    # Every review row rests on a stated lead, or is derived by the owner rule.
    assert {r.id: r.basis for r in rows if r.scope == "review"} == {
        "operational-health": "derived",
        "service-alignment": "stated",
        "portfolio": "stated",
        "project-plan-approved": "stated",
        "release-readiness": "stated",
        "policy-and-control": "derived",
    }


def test_review_rows_follow_the_written_rules():
    """CONTRIBUTING.md, "RACI: how the letters are derived": A is the review's lead, else the owner
    that is an accountable role type, else the first owner; R the other owners; I the A of each
    review it feeds and the Change Manager where it sends change requests."""
    pb = playbook_of(ROOT)
    accountable_types = {a.accountable_role for a in pb.all("accountability") if a.accountable_role}
    for review in pb.reviews:
        owners = list(review.owners)
        if review.lead:
            a = review.lead.role
        else:
            a = next((o for o in owners if o in accountable_types), owners[0])
        assert list(review.raci.accountable) == [a], review.id
        assert set(review.raci.responsible) == set(owners) - {a}, review.id
        follow = review.follow_up
        fed = {pb.get("review", r).raci.accountable[0] for r in follow.next_reviews or ()}
        if "change-and-configuration" in (follow.smfs or ()):
            fed.add("change-manager")
        others = {*review.raci.responsible, a, *(review.raci.consulted or ())}
        assert set(review.raci.informed or ()) == fed - others, review.id
    # Same owners, same rule: Portfolio and Project Plan Approved both take A from their lead.
    portfolio, ppa = pb.get("review", "portfolio"), pb.get("review", "project-plan-approved")
    assert set(portfolio.owners) == set(ppa.owners)
    assert portfolio.raci.accountable == (portfolio.lead.role,)
    assert ppa.raci.accountable == (ppa.lead.role,)


def test_activity_rows_take_a_from_the_smf_and_the_service_level_manager_does_sla_work():
    pb = playbook_of(ROOT)
    expected_a = {"business-it-alignment": "service-level-manager", "deploy": "solution-manager"}
    for row in raci.rows(pb):
        if row.scope == "activity":
            assert row.letters[expected_a[row.entity.id]] in ("A", "R/A"), row.id
    letters = {r.id: r.letters for r in raci.rows(pb)}
    for act in ("bita-define-slas", "bita-define-olas", "bita-define-ucs"):
        assert letters[act]["service-level-manager"] == "R/A", act


def test_accountable_role_may_also_be_responsible_but_nothing_else_twice(project: Path):
    set_raci(project, "  responsible: [release-manager]\n  accountable: [release-manager]\n")
    assert problems_of(project) == []
    pb = playbook_of(project)
    assert raci.rows(pb)[0].letters == {"release-manager": "R/A"}
    view = role_view(pb, pb.get("role", "release-manager"))
    assert [letter for _, letter in view.raci] == ["R", "A"]


def test_basis_is_rendered_in_matrices_csv_and_role_pages(built_site: Path):
    pb = playbook_of(ROOT)
    rows = raci.rows(pb)
    html = (built_site / "raci" / "smfs.html").read_text()
    assert '<dl class="mof-legend mof-basis-legend"' in html
    for basis in ("stated", "derived", "proposed"):
        assert f'<span class="mof-basis mof-basis-{basis}">{basis}</span></dt>' in html
    smf_rows = [r for r in rows if r.scope == "smf"]
    marked = re.findall(r'<tr class="mof-matrix-row" data-basis="(\w+)"', html)
    assert marked == [r.basis for r in smf_rows]
    assert (
        '<input type="checkbox" class="mof-matrix-hide-proposed" data-matrix="matrix-smfs">' in html
    )
    # The CSV carries the basis in its own column, row for row.
    raw = (built_site / "raci" / "smfs.csv").read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(raw)))
    assert table[0][:2] == ["SMF", "Basis"]
    assert [line[1] for line in table[1:]] == [r.basis for r in smf_rows]
    grouped = list(
        csv.reader(io.StringIO((built_site / "raci/smf-deploy.csv").read_text("utf-8-sig")))
    )
    assert grouped[0][:3] == ["Process", "Activity", "Basis"]
    # The overview states the rules and the counts; a role page shows each row's basis.
    index = text_of((built_site / "raci" / "index.html").read_text())
    assert "How the letters are derived" in index and "proposed" in index
    for basis, _, n in raci.basis_counts(rows):
        assert re.search(rf"{basis} [^.]*? {n} ", index), basis
    role = (built_site / "roles" / "service-level-manager.html").read_text()
    assert '<th scope="col">Basis</th>' in role
    reliability = section(role, "RACI: where you are R, A, C or I")
    assert "Reliability (SMF as a whole) proposed" in reliability


@pytest.mark.browser
def test_a_reader_can_hide_proposed_rows(built_site: Path, serve, page):
    base = serve(built_site, "/ops/playbook/")
    page.goto(base + "raci/smfs.html")
    toggle = "input.mof-matrix-hide-proposed[data-matrix='matrix-smfs']"
    assert page.is_visible(toggle)
    visible = "#matrix-smfs tbody tr.mof-matrix-row:not([hidden])"
    pb = playbook_of(ROOT)
    smf_rows = [r for r in raci.rows(pb) if r.scope == "smf"]
    assert page.locator(visible).count() == len(smf_rows)
    page.check(toggle)
    bases = page.eval_on_selector_all(visible, "els => els.map(e => e.dataset.basis)")
    assert bases == [r.basis for r in smf_rows if r.basis != "proposed"]
    assert "proposed rows hidden" in page.inner_text(".mof-matrix-status")
    # Combined with the role filter: the operations manager's rows without the proposed ones.
    page.select_option("#matrix-smfs-filter", "operations-manager")
    shown = page.eval_on_selector_all(visible + " th", "els => els.map(e => e.textContent.trim())")
    assert shown == [
        r.name for r in smf_rows if "operations-manager" in r.letters and r.basis != "proposed"
    ]
    page.uncheck(toggle)
    page.select_option("#matrix-smfs-filter", "")
    assert page.locator("#matrix-smfs tbody tr[hidden]").count() == 0
    assert page.external_requests == []
