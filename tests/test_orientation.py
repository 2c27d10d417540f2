"""New-hire orientation: the Start page, reading paths and first-weeks sheets, navigation order,
search boosts and tags, glossary definitions in context.

Unit tests run on the real data and the fixture project; browser tests (marked `browser`) use
the real site built once in strict mode, served under a sub-path or opened from file://, with
every request that leaves the machine refused and recorded.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import build_project, playbook_of

from macros.core.kinds import ENTITY_BOOST
from macros.core.site import paths
from macros.core.site.render import page_url
from macros.core.views import glossary, reading, tags

INJECTION = "</title><script>alert(1)</script> {{ 7*7 }}"
SECTIONS = [
    "Start",
    "Lifecycle",
    "Reviews",
    "SMFs",
    "Roles and RACI",
    "Scenarios",
    "Templates",
    "Glossary",
    "About",
]


def front_matter(text: str) -> dict:
    m = re.match(r"\A---\n(.*?\n)---\n", text, re.S)
    assert m, text[:200]
    return yaml.safe_load(m.group(1))


class _Links(HTMLParser):
    """Every href inside the page's <article> (the content, not the theme's navigation)."""

    def __init__(self):
        super().__init__()
        self.depth, self.hrefs = 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif tag == "a" and self.depth and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1


def article_links(html_file: Path) -> list[str]:
    parser = _Links()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser.hrefs


def broken_links(html_file: Path) -> list[str]:
    """Relative links in the article whose target file or anchor does not exist."""
    broken = []
    for href in article_links(html_file):
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            continue
        target = (html_file.parent / unquote(parts.path)).resolve() if parts.path else html_file
        missing_anchor = (
            target.is_file()
            and parts.fragment
            and f'id="{parts.fragment}"' not in target.read_text("utf-8")
        )
        if not target.is_file() or missing_anchor:
            broken.append(href)
    return broken


# ---------------------------------------------------------------- unit: reading paths


def test_a_reading_path_lists_role_accountability_reviews_owned_first_then_smfs(pb):
    path = reading.reading_path(pb, pb.get("role", "solution-manager"))
    kinds = [s.kind for s in path.steps]
    assert kinds[:2] == ["Your role", "Your accountability"]
    assert path.steps[0].entity.id == "solution-manager"
    reviews = [s for s in path.steps if s.entity.entity_kind == "review"]
    owned = [s.entity.id for s in reviews if s.kind == "Review you own"]
    assert owned and owned == [r.id for r in pb.reviews if "solution-manager" in r.owners]
    assert kinds.index("Your SMF") > max(i for i, k in enumerate(kinds) if "Review" in k)
    smf_order = [s.id for s in pb.smfs]
    smfs = [s.entity.id for s in path.steps if s.kind == "Your SMF"]
    assert smfs == sorted(smfs, key=smf_order.index)  # lifecycle order
    assert page_url(path.steps[0].page) == "roles/solution-manager.html"  # keys the tick
    assert path.terms and all(t.entity_kind == "term" for t in path.terms)


def test_every_role_type_and_every_unmapped_review_owner_gets_a_path(pb, site):
    roles = {r.id for r in reading.path_roles(pb)}
    role_types = {r.id for r in pb.all("role") if r.kind == "role-type"}
    assert role_types <= roles
    assert "compliance-officer" in roles and "operations-manager" in roles  # own a review
    assert "business-sponsor" not in roles  # stands for the IT Executive Officer role type
    for role_id in roles:
        assert f"reading/{role_id}.md" in site.pages
        assert f"reading/first-weeks/{role_id}.md" in site.pages


def test_reading_path_page_has_a_tick_per_page_and_term_keyed_by_site_path(pb, site):
    path = reading.reading_path(pb, pb.get("role", "solution-manager"))
    text = site.files["reading/solution-manager.md"]
    steps = re.findall(r'data-mof-step="([^"]+)"', text)
    assert steps == [page_url(s.page) for s in path.steps] + [page_url(t.page) for t in path.terms]
    assert text.count('class="mof-tick"') == len(steps)
    assert 'data-mof-path="solution-manager"' in text and "onclick" not in text
    assert "first-weeks/solution-manager.html" in text


def test_start_page_map_links_every_phase_smf_and_review_and_every_path(pb, site):
    text = site.files[paths.START]
    svg = text[text.index("<svg") : text.index("</svg>")]
    for entity in (*pb.phases, *pb.smfs, *pb.reviews):
        assert f'href="../{page_url(entity.page)}"' in svg, entity.id
    for role in reading.path_roles(pb):
        assert f'href="../reading/{role.id}.html"' in text
    for acc in pb.all("accountability"):
        if any(r.accountability == acc.id for r in reading.path_roles(pb)):
            assert f"### {acc.name}" in text


def test_navigation_sections_in_order_with_start_first(site):
    assert [next(iter(e)) for e in site.nav] == SECTIONS
    start = site.nav[0]["Start"]
    assert start[:2] == [{"Home": "index.md"}, {"Start here": "start/index.md"}]
    paths = next(e["Reading paths"] for e in start if "Reading paths" in e)
    assert paths[0] == {"All reading paths": "reading/index.md"}


# ---------------------------------------------------------------- unit: search and tags


def test_entity_pages_are_boosted_and_tagged_by_phase_smf_and_role(pb, site):
    review = front_matter(site.files["reviews/release-readiness.md"])
    assert review["search"] == {"boost": ENTITY_BOOST}
    assert review["render_macros"] is False
    rr = pb.get("review", "release-readiness")
    assert "Phase: Deliver" in review["tags"]
    assert {f"Role: {pb.get('role', r).name}" for r in rr.owners} <= set(review["tags"])
    assert {f"SMF: {pb.get('smf', s).name}" for s in rr.smfs} <= set(review["tags"])
    smf = front_matter(site.files["smfs/deploy.md"])
    assert smf["search"]["boost"] == ENTITY_BOOST and "SMF: Deploy" in smf["tags"]
    role = front_matter(site.files["roles/solution-manager.md"])
    assert "Role: Solution Manager" in role["tags"]
    assert front_matter(site.files["glossary/index.md"])["search"]["boost"] > 1
    # A reading path's nav title is its role's name: tagged, "Browse by tag" would list the
    # role twice (tests/test_search_relevance.py checks the built tag page).
    path = front_matter(site.files["reading/solution-manager.md"])
    assert "search" not in path and "tags" not in path
    sheet = front_matter(site.files["reading/first-weeks/solution-manager.md"])
    assert sheet["search"] == {"exclude": True} and "tags" not in sheet


def test_tag_names_are_escaped_because_material_prints_them_raw():
    class Fake:
        entity_kind, name = "role", INJECTION

    assert "<" not in tags.tag(Fake()) and "&lt;/title&gt;" in tags.tag(Fake())


def test_page_metadata_is_serialised_once_and_a_page_s_own_keys_win(pb):
    from macros.core.site.generate import Context

    ctx = Context(pb, None)
    page = ctx.page(
        "reviews/portfolio.md",
        "review.md.j2",
        meta={"search": {"exclude": True}},
        review=pb.get("review", "portfolio"),
        checklist_page=None,
        attendees=(),
        bring=(),
    )
    meta = front_matter(page.text)
    assert meta["search"] == {"exclude": True} and meta["render_macros"] is False
    assert "Role: Portfolio Manager" in meta["tags"] or meta["tags"]
    assert page.text.count("\n---\n") == 1 and page.text.startswith("---\n")


# ---------------------------------------------------------------- unit: glossary script


def test_glossary_script_holds_every_term_and_cannot_end_its_script_element(pb):
    data = glossary.terms_data(pb, "glossary/index.html")
    assert {t["id"] for t in data["terms"]} == {t.id for t in pb.all("term")}
    go = next(t for t in data["terms"] if t["id"] == "go-no-go")
    assert go["definition"] == pb.get("term", "go-no-go").definitions[0].text
    assert data["page"] == "glossary/index.html"
    script = glossary.terms_script(pb, "glossary/index.html")
    assert "<" not in script
    payload = script[script.index("= ") + 2 : script.rindex(";")]
    assert json.loads(payload) == data


def test_glossary_script_escapes_a_definition_that_tries_to_close_the_script(project: Path):
    terms = project / "data" / "glossary.yaml"
    terms.write_text(
        terms.read_text().replace("A time when no changes are made.", f"'{INJECTION}'")
    )
    pb = playbook_of(project)
    script = glossary.terms_script(pb, "glossary/index.html")
    assert "<" not in script and "\\u003c/title>\\u003cscript>" in script


# ---------------------------------------------------------------- fixture project build


def test_injected_role_and_phase_names_stay_literal_on_orientation_pages(
    project: Path, tmp_path: Path
):
    roles = project / "data" / "roles.yaml"
    roles.write_text(roles.read_text().replace("name: Release manager", f"name: '{INJECTION}'"))
    phases = project / "data" / "phases.yaml"
    phases.write_text(
        phases.read_text().replace("name: Deliver Phase", f"name: '{INJECTION} Phase'")
    )
    out = tmp_path / "site"
    result = build_project(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    for rel in (
        "start/index.html",
        "start/tags.html",
        "reading/index.html",
        "reading/release-manager.html",
        "reading/first-weeks/release-manager.html",
        "reviews/ship-it.html",
        "roles/release-manager.html",
    ):
        html = (out / rel).read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html, rel
    path = (out / "reading/release-manager.html").read_text(encoding="utf-8")
    assert "Reading path: &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in path
    tags = (out / "start/tags.html").read_text(encoding="utf-8")
    assert "Role: &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in tags
    assert not (out / "tags.json").exists()  # the tags plugin's export stays off


# ---------------------------------------------------------------- real build


def test_start_and_reading_pages_link_only_to_pages_that_exist(built_site: Path, pb):
    files = [built_site / "start/index.html", built_site / "reading/index.html"]
    files += [built_site / f"reading/{r.id}.html" for r in reading.path_roles(pb)]
    files += [built_site / f"reading/first-weeks/{r.id}.html" for r in reading.path_roles(pb)]
    problems = {f.relative_to(built_site).as_posix(): broken_links(f) for f in files}
    assert {k: v for k, v in problems.items() if v} == {}
    start = (built_site / "start/index.html").read_text(encoding="utf-8")
    assert start.count('class="mof-role-card"') == len(reading.path_roles(pb))


def test_tag_index_lists_phases_smfs_and_roles(built_site: Path):
    html = (built_site / "start/tags.html").read_text(encoding="utf-8")
    for tag in ("Phase: Deliver", "SMF: Deploy", "Role: Solution Manager"):
        assert f">{tag}<" in html, tag
    assert 'href="../reviews/release-readiness.html"' in html
    assert re.search(
        r'<a href="[^"]*start/tags\.html#tag:phase-deliver" class="md-tag',
        (built_site / "reviews/release-readiness.html").read_text("utf-8"),
    )


# ---------------------------------------------------------------- browser


def search_groups(page, query: str) -> list[list[str]]:
    """Type a query into Material's search; return the results, one list of links per page."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.fill(".md-search__input", query)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.eval_on_selector_all(
        ".md-search-result__item",
        "items => items.map(li => [...li.querySelectorAll(':scope > a')]"
        "  .map(a => a.getAttribute('href')))",
    )


SEARCHES = [
    ("quiet period", "glossary/index.html#quiet-period"),
    ("go/no-go", "reviews/release-readiness.html"),
    ("service map", "glossary/index.html#service-map"),
    ("compliance officer", "roles/compliance-officer.html"),
    ("release readiness", "reviews/release-readiness.html"),  # review
    ("reliability", "smfs/reliability.html"),  # SMF
    ("deliver phase", "phases/deliver.html"),  # phase
    ("solution manager", "roles/solution-manager.html"),  # role type
    ("support accountability", "roles/accountability-support.html"),  # accountability
    ("reduce costs", "scenarios/reduce-costs.html"),  # scenario
    ("cost component matrix", "templates/cost-component-matrix.html"),  # template
    ("operating level agreement", "glossary/index.html#operating-level-agreement"),  # term
    # A key question and a checklist item, by their distinctive words: Material's search adds
    # a trailing wildcard to every word, so "in" or "the" would match titles everywhere.
    ("everyone agreement release", "reviews/release-readiness.html"),
    ("upcoming changes affect", "checklists/operational-health.html"),
    ("SMF: Deploy", "start/tags.html#tag:smf-deploy"),  # a tag
]


@pytest.mark.browser
@pytest.mark.parametrize(("query", "expected"), SEARCHES, ids=[q for q, _ in SEARCHES])
def test_search_finds_the_expected_page_in_the_top_three(
    built_site: Path, serve, page, query, expected
):
    base = serve(built_site, "/ops/playbook/")
    page.goto(base + "start/index.html")
    groups = search_groups(page, query)
    top = [re.sub(r"\?h=[^#]*", "", href) for group in groups[:3] for href in group]
    assert any(href.endswith(expected) for href in top), (query, groups[:5])
    assert page.external_requests == []


def _tooltip_for(page, link) -> str:
    """The text of the tooltip element the link points to, once it shows."""
    page.wait_for_function(
        "a => { const id = a.getAttribute('aria-describedby'); const t = id && "
        "document.getElementById(id); return t && t.getAttribute('role') === 'tooltip' && "
        "t.classList.contains('md-tooltip2--active') && t.textContent.trim().length > 0; }",
        arg=link.element_handle(),
        timeout=5000,
    )
    return link.evaluate(
        "a => document.getElementById(a.getAttribute('aria-describedby')).textContent"
    )


@pytest.mark.browser
def test_a_term_shows_its_definition_on_hover_and_on_keyboard_focus(
    built_site: Path, serve, page, pb
):
    base = serve(built_site, "/ops/playbook/")
    page.goto(base + "start/index.html")
    # "governance" in the Start page's running text is linked by glossary-tips.js.
    link = page.locator("article a.mof-term[href$='glossary/index.html#governance']").first
    definition = pb.get("term", "governance").definitions[0].text
    assert link.inner_text().lower() == "governance"

    link.hover()
    assert " ".join(_tooltip_for(page, link).split()) == " ".join(definition.split())
    page.mouse.move(0, 0)
    page.wait_for_function(
        "a => !a.hasAttribute('aria-describedby')", arg=link.element_handle(), timeout=5000
    )

    # Keyboard: Tab from the top of the page until the term has focus.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(300):
        page.keyboard.press("Tab")
        if link.evaluate("a => a === document.activeElement"):
            break
    assert link.evaluate("a => a === document.activeElement"), "Tab never reached the term"
    assert " ".join(_tooltip_for(page, link).split()) == " ".join(definition.split())
    assert page.external_requests == []


@pytest.mark.browser
def test_key_term_links_on_a_review_get_the_definition_as_tooltip(
    built_site: Path, serve, page, pb
):
    base = serve(built_site, "/ops/playbook/")
    page.goto(base + "reviews/release-readiness.html")
    term_id = pb.get("review", "release-readiness").key_terms[0]
    page.locator("summary:has(h3#related)").click()  # key terms are one click away
    link = page.locator(f"article a.mof-term[href$='glossary/index.html#{term_id}']").first
    link.hover()
    text = _tooltip_for(page, link)
    assert " ".join(text.split()) == " ".join(pb.get("term", term_id).definitions[0].text.split())


def _tick_and_reload(page, url: str) -> None:
    page.goto(url)
    boxes = page.locator("ol.mof-path input.mof-tick")
    n = boxes.count()
    progress = page.locator("[data-mof-progress]")
    assert progress.inner_text().startswith(f"0 of {n} pages read")
    boxes.nth(1).check()
    page.locator("ul.mof-path-terms input.mof-tick").first.check()
    assert progress.inner_text().startswith(f"1 of {n} pages read, 1 of")
    page.reload()
    assert boxes.nth(1).is_checked() and not boxes.nth(0).is_checked()
    assert page.locator("ul.mof-path-terms input.mof-tick").first.is_checked()
    assert progress.inner_text().startswith(f"1 of {n} pages read, 1 of")
    # "Continue" points at the first page not yet read.
    first = page.locator("ol.mof-path a.mof-step-link").first.get_attribute("href")
    assert page.locator("[data-mof-continue]").get_attribute("href").endswith(first.lstrip("./"))


@pytest.mark.browser
def test_reading_path_ticks_survive_a_reload(built_site: Path, serve, page):
    base = serve(built_site, "/ops/playbook/")
    _tick_and_reload(page, base + "reading/solution-manager.html")
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('mof-reading:'))")
    assert "mof-reading:solution-manager:roles/accountability-solutions.html" in stored
    page.locator("[data-mof-reset]").click()
    page.reload()
    assert page.locator("ol.mof-path input.mof-tick:checked").count() == 0
    assert page.external_requests == []


@pytest.mark.browser
def test_reading_path_ticks_survive_a_reload_from_file_urls(built_site: Path, page):
    _tick_and_reload(page, (built_site / "reading/program-manager.html").as_uri())


@pytest.mark.browser
def test_pages_of_the_active_path_show_where_the_reader_is(built_site: Path, serve, page, pb):
    base = serve(built_site, "/ops/playbook/")
    page.goto(base + "reading/solution-manager.html")
    steps = reading.reading_path(pb, pb.get("role", "solution-manager")).steps
    page.locator("ol.mof-path a.mof-step-link").nth(2).click()
    page.wait_for_url("**/" + page_url(steps[2].page))
    bar = page.locator("nav.mof-path-here")
    assert f"page 3 of {len(steps)}" in bar.inner_text()
    assert bar.locator("a[rel=prev]").get_attribute("href").endswith(page_url(steps[1].page))
    assert bar.locator("a[rel=next]").get_attribute("href").endswith(page_url(steps[3].page))
    bar.locator("input.mof-tick").check()
    bar.locator("a[rel=next]").click()
    page.wait_for_url("**/" + page_url(steps[3].page))
    page.goto(base + "reading/solution-manager.html")
    assert page.locator("ol.mof-path input.mof-tick").nth(2).is_checked()
    page.goto(base + "about.html")  # not on the path: no bar
    assert page.locator("nav.mof-path-here").count() == 0


NARROW_PAGES = [
    "index.html",
    "start/index.html",
    "start/tags.html",
    "reading/index.html",
    "reading/solution-manager.html",
    "reading/first-weeks/it-executive-officer.html",
    "reviews/index.html",
    "reviews/release-readiness.html",
    "checklists/release-readiness.html",
    "smfs/index.html",
    "smfs/deploy.html",
    "phases/index.html",
    "phases/deliver.html",
    "roles/index.html",
    "roles/solution-manager.html",
    "roles/accountability-solutions.html",
    "raci/index.html",
    "scenarios/reduce-costs.html",
    "templates/cost-component-matrix.html",
    "glossary/index.html",
    "about.html",
]


@pytest.mark.browser
def test_no_page_is_wider_than_a_390_px_phone(built_site: Path, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    wide = {}
    for rel in NARROW_PAGES:
        pg.goto((built_site / rel).as_uri())
        width = pg.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[rel] = width
    context.close()
    assert wide == {}


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_first_weeks_sheet_prints_on_one_page(
    built_site: Path, page, pb, paper, tmp_path: Path
):
    over = {}
    for role in reading.path_roles(pb):
        page.goto((built_site / f"reading/first-weeks/{role.id}.html").as_uri())
        pdf = tmp_path / f"{role.id}.pdf"
        page.pdf(path=str(pdf), format=paper)
        info = subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        pages_printed = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
        if pages_printed > 1:
            over[role.id] = pages_printed
    assert over == {}
