"""One-page indexes do not grow without bound with the data (issue 18): the glossary, the
reviews, SMF, scenario and template overviews and the reading paths come in parts beyond a
limit; the lifecycle map, the Start page and phase pages name a bounded number of entities and
link to the parts that list the rest; an accountability's page lists its role types in parts and
a bounded number of its SMFs. Each test shrinks the limits on the real data."""

from __future__ import annotations

import json
import posixpath
import re

import pytest

from macros.core.kinds import ENTITY_KINDS
from macros.core.site import paths
from macros.core.site.render import page_url
from macros.core.site.sections import glossary as glossary_section
from macros.core.site.sections import lifecycle as lifecycle_section
from macros.core.site.sections import reviews as reviews_section
from macros.core.site.sections import roles as roles_section
from macros.core.site.sections import scenarios as scenarios_section
from macros.core.site.sections import smfs as smfs_section
from macros.core.site.sections import start as start_section
from macros.core.site.sections import templates as templates_section
from macros.core.site.svg import cycle
from macros.core.site.svg import lifecycle as lifecycle_svg


def generated(real_project, pb):
    from macros.core.site.generate import generate

    return generate(pb, real_project.pipeline.schemas(), real_project.renderer)


def parts_of(pages: dict, first: str) -> list[str]:
    stem = re.escape(first.removesuffix(".md"))
    found = [p for p in pages if re.fullmatch(rf"{stem}(-\d+)?\.md", p)]
    return sorted(found, key=lambda p: int(re.search(r"-(\d+)\.md$", p)[1]) if "-" in p[-6:] else 1)


def anchors(body: str) -> set[str]:
    """The ids a generated page's Markdown gives: attr_list `{ #id }` and HTML id="..."."""
    return set(re.findall(r"\{ #([^ }]+) \}", body)) | set(re.findall(r'\bid="([^"]+)"', body))


def links_into(pages: dict, folder: str):
    """(page, target docs path, anchor) of every relative link from a page into `folder`."""
    for path, page in pages.items():
        for url in re.findall(r'href="([^"#:]*\.html)(?:#([^"]*))?"', page.body):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), url[0]))
            if target.startswith(folder + "/"):
                yield path, target, url[1]
        for url in re.findall(r"\]\(([^)#:]*\.md)(?:#([^)]*))?\)", page.body):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), url[0]))
            if target.startswith(folder + "/"):
                yield path, page_url(target), url[1]


def pager_ok(pages: dict, found: list[str]) -> None:
    """Part n links to part n + 1 (rel=next) and back (rel=prev)."""
    for a, b in zip(found, found[1:], strict=False):
        here = posixpath.basename(page_url(b))
        back = posixpath.basename(page_url(a))
        assert f'href="{here}" rel="next"' in pages[a].body, (a, b)
        assert f'href="{back}" rel="prev"' in pages[b].body, (a, b)


def test_the_glossary_comes_in_parts_and_links_follow_each_term(monkeypatch, real_project, pb):
    monkeypatch.setattr(glossary_section, "TERM_LIMIT", 25)
    site = generated(real_project, pb)
    pages = site.pages
    found = parts_of(pages, paths.GLOSSARY)
    terms = sorted(pb.all("term"), key=lambda t: t.name.casefold())
    assert len(found) == -(-len(terms) // 25) == 3
    pager_ok(pages, found)
    # every term has its entry in exactly one part, in alphabetical order
    where = {}
    for path in found:
        for t in terms:
            if f"{{ #{t.id} }}" in pages[path].body:
                assert t.id not in where, t.id
                where[t.id] = path
    assert list(where) == [t.id for t in terms]
    assert [list(where.values()).count(p) for p in found] == [25, 25, len(terms) - 50]
    # every link to a term (from any page) goes to the part that has its entry
    checked = 0
    ids = {path: anchors(pages[path].body) for path in found}
    for source, target, anchor in links_into(pages, "glossary"):
        if anchor and not anchor.startswith("letter-"):
            md = target.replace(".html", ".md")
            assert anchor in ids[md], f"{source} links to {target}#{anchor}"
            checked += 1
    assert checked > 50
    moved = [t for t in terms if where[t.id] != paths.GLOSSARY]

    def users(t):
        return [u for u in pb.referrers("term", t.id) if "#" not in u.page]

    used = next(t for t in moved if users(t))
    user = users(used)[0]
    assert f"{posixpath.basename(page_url(where[used.id]))}#{used.id}" in pages[user.page].body
    # the A-Z bar on every part reaches each letter's heading
    for path in found:
        for target in re.findall(r'<a href="([^"]+)">[A-Z#]</a>', pages[path].body):
            file, _, anchor = target.partition("#")
            md = posixpath.join("glossary", file.replace(".html", ".md"))
            assert anchor in ids[md], (path, target)
    # the tooltips know each moved term's part; the others stay on the glossary's page
    script = site.files[paths.GLOSSARY_SCRIPT]
    data = json.loads(script.split("=", 1)[1].strip().rstrip(";"))
    pages_of = {t["id"]: t.get("page") for t in data["terms"]}
    assert all(pages_of[t.id] == page_url(where[t.id]) for t in moved)
    assert all(pages_of[t.id] is None for t in terms if t not in moved)
    # each part is boosted in search and edited in data/glossary.yaml
    boost = ENTITY_KINDS["term"].search_boost
    assert all(pages[p].meta["search"] == {"boost": boost} for p in found)
    assert all(pages[p].source.file == "data/glossary.yaml" for p in found)


def test_the_glossary_is_one_page_at_the_size_of_the_mof_data(site, pb):
    assert len(list(pb.all("term"))) <= glossary_section.TERM_LIMIT
    assert parts_of(site.pages, paths.GLOSSARY) == [paths.GLOSSARY]
    assert glossary_section.moved(pb) == {}
    assert '"page": "glossary/index' not in site.files[paths.GLOSSARY_SCRIPT].split('"terms"')[1]


@pytest.mark.parametrize(
    ("module", "first", "kind"),
    [
        (reviews_section, paths.REVIEWS, "review"),
        (smfs_section, paths.SMFS, "smf"),
        (scenarios_section, paths.SCENARIOS, "scenario"),
        (templates_section, paths.TEMPLATES, "template"),
    ],
)
def test_an_overview_comes_in_parts_each_entity_once(
    monkeypatch, real_project, pb, module, first, kind
):
    monkeypatch.setattr(module, "INDEX_LIMIT", 3)
    pages = generated(real_project, pb).pages
    found = parts_of(pages, first)
    entities = list(pb.all(kind))
    assert len(found) == -(-len(entities) // 3) > 1
    pager_ok(pages, found)
    listed = []
    for path in found:
        rows = re.findall(r'<th scope="row"><a href="([^"]+)"', pages[path].body)
        listed += [posixpath.normpath(posixpath.join(posixpath.dirname(path), r)) for r in rows]
        assert len(rows) <= 3
    assert listed == [page_url(e.page) for e in entities]


def test_phase_pages_and_the_lifecycle_name_a_bounded_number(monkeypatch, real_project, pb):
    monkeypatch.setattr(lifecycle_section, "INDEX_LIMIT", 2)
    monkeypatch.setattr(smfs_section, "INDEX_LIMIT", 2)
    monkeypatch.setattr(reviews_section, "INDEX_LIMIT", 2)
    monkeypatch.setattr(lifecycle_svg, "MAP_EACH", 1)
    monkeypatch.setattr(cycle, "CYCLE_LIMIT", 3)
    pages = generated(real_project, pb).pages
    smf_part = smfs_section.index_page_of(pb)
    review_part = reviews_section.index_page_of(pb)
    deliver = pb.get("phase", "deliver")
    body = pages[deliver.page].body
    smfs = pb.in_phase("smf", "deliver")
    assert len(smfs) > 2
    table = body.split("## Service management functions")[1].split("##")[0]
    assert len(re.findall(r'<th scope="row">', table)) == 2
    # the rest: a link to the overview part that lists the first SMF left out
    target = posixpath.basename(smf_part[smfs[2].id])
    assert f"{len(smfs) - 2} more SMFs of the Deliver Phase" in body
    assert f"(../smfs/{target})" in body
    reviews = [r for r in pb.in_phase("review", "deliver")]
    if len(reviews) > 2:
        assert f"(../reviews/{posixpath.basename(review_part[reviews[2].id])})" in body
    # at a glance: MAP_EACH of each, then "and N more" to the lists below
    focus = next(r for r in deliver.manage_focus if len(r.smfs) > 1)
    assert f"The focus of {len(focus.smfs) - 1} more SMFs is on their own pages" in body
    glance = body.split("</aside>")[0]
    assert f'<a href="#service-management-functions">{len(smfs) - 1} more</a>' in glance
    # the map: one box a kind a phase, and a box to the phase's page for the rest
    overview = pages[paths.LIFECYCLE].body
    boxes = re.findall(
        r'class="mof-node mof-(smf|review) ', overview.split("mof-lifecycle-tall")[0]
    )
    assert len(boxes) <= 3 * len(pb.phases)
    assert "more SMFs and reviews" in overview
    row = next(r for r in overview.split("<tr>") if "Deliver Phase</a></th>" in r)
    assert f'and <a href="deliver.html">{len(smfs) - 1} more</a>' in row
    # more reviews than CYCLE_LIMIT: no cycle, the table lists them
    assert "<svg" not in pages[paths.REVIEWS].body


def test_the_start_page_and_the_reading_paths_are_bounded(monkeypatch, real_project, pb):
    monkeypatch.setattr(start_section, "CARD_LIMIT", 2)
    monkeypatch.setattr(start_section, "INDEX_LIMIT", 4)
    site = generated(real_project, pb)
    pages = site.pages
    start = pages[paths.START].body
    assert 1 < start.count('class="mof-role-card"') <= 2 * 5
    found = parts_of(pages, paths.READING_INDEX)
    from macros.core.views import reading

    roles = reading.path_roles(pb)
    assert len(found) == -(-len(roles) // 4) > 1
    pager_ok(pages, found)
    listed = []
    for path in found:
        listed += re.findall(r'<th scope="row"><a href="([^"]+)\.html"', pages[path].body)
    assert sorted(listed) == sorted(r.id for r in roles) and len(listed) == len(set(listed))
    # each group beyond CARD_LIMIT links to the part that lists its first role left out
    for target in re.findall(r"see \[all reading paths\]\(([^)]+)\)", start):
        assert posixpath.normpath(posixpath.join("start", target)) in found
    assert "see [all reading paths]" in start


def test_an_accountability_page_lists_its_role_types_in_parts_and_bounds_its_smfs(
    monkeypatch, real_project, pb
):
    from macros.core.views import roles as roles_view

    limit = 3
    monkeypatch.setattr(roles_section, "INDEX_LIMIT", limit)
    pages = generated(real_project, pb).pages
    accs = list(pb.all("accountability"))
    members = {a.id: [r for r in pb.all("role") if r.accountability == a.id] for a in accs}
    big = [a for a in accs if len(members[a.id]) > limit]
    assert big
    for acc in accs:
        found = parts_of(pages, acc.page)
        assert len(found) == max(1, -(-len(members[acc.id]) // limit)), acc.id
        pager_ok(pages, found)
        listed = []
        for path in found:
            table = pages[path].body.split("<tbody>")[-1].split("</tbody>")[0]
            rows = re.findall(r'<th scope="row"><a href="([^"]+)\.html"', table)
            assert len(rows) <= limit, path
            listed += rows
        # every role type of the accountability exactly once, across the parts
        assert sorted(listed) == sorted(r.id for r in members[acc.id]), acc.id
        assert len(listed) == len(set(listed))
        # the SMFs: at most INDEX_LIMIT listed, and a link to the overview for the rest
        body = pages[acc.page].body
        smfs = roles_view.accountability_smfs(pb, acc)
        glance = body.split("</aside>")[0]
        shown = body.split("## SMFs")[1] if smfs else ""
        assert len(re.findall(r"^- \[", shown, re.M)) == min(len(smfs), limit)
        if len(smfs) > limit:
            assert glance.count("../smfs/") == 0
            assert f'<a href="#smfs">{len(smfs)} SMFs</a>' in glance
            assert f"{len(smfs) - limit} more SMFs of the {acc.name}" in shown
            assert "(../smfs/index.md)" in shown
        else:
            assert glance.count("../smfs/") == len(smfs)
    assert any(len(roles_view.accountability_smfs(pb, a)) > limit for a in accs)


def test_nothing_changes_at_the_size_of_the_mof_data(site, pb):
    """The limits are above the MOF data: one page each, no "more" links."""
    for first in (paths.REVIEWS, paths.SMFS, paths.SCENARIOS, paths.TEMPLATES):
        assert parts_of(site.pages, first) == [first]
    assert parts_of(site.pages, paths.READING_INDEX) == [paths.READING_INDEX]
    for acc in pb.all("accountability"):
        assert parts_of(site.pages, acc.page) == [acc.page]
        assert "mof-pager" not in site.pages[acc.page].body
    assert "more SMFs and reviews" not in site.pages[paths.LIFECYCLE].body
    assert "<svg" in site.pages[paths.REVIEWS].body
    assert "all reading paths]" in site.pages[paths.START].body
    assert "see [all reading paths]" not in site.pages[paths.START].body


def test_the_home_page_review_table_is_bounded(real_project, pb):
    body = real_project.renderer.render(
        "macro-review-table.md.j2",
        page=paths.HOME,
        pb=pb,
        checklist_page=paths.checklist,
        limit=2,
        overview=paths.REVIEWS,
    )
    assert body.count('<th scope="row">') == 2
    assert f'And {len(pb.reviews) - 2} more: see the <a href="reviews/index.html">' in body


@pytest.fixture(scope="module")
def doubled_site(tmp_path_factory):
    """The playbook ×2 (bench/synth.py), built as `make site` builds: 120 terms, so the
    glossary comes in two parts. (project, site folder, model)"""
    import sys

    from conftest import ROOT, build_project, playbook_of

    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    root = tmp_path_factory.mktemp("x2")
    project = synth.make_project(ROOT, root / "project", 2)
    out = root / "site"
    result = build_project(project, out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project, out, playbook_of(project)


def test_links_to_terms_in_a_later_part_resolve_on_the_built_site(doubled_site):
    from site_links import broken_links

    _, out, pb = doubled_site
    assert (out / "glossary" / "index-2.html").is_file()
    assert glossary_section.moved(pb)
    assert broken_links(out) == []


@pytest.mark.browser
def test_tooltips_follow_a_term_to_its_part(doubled_site, serve, page):
    _, out, pb = doubled_site
    moved = glossary_section.moved(pb)
    review = next(
        r for r in pb.reviews if any(pb.get("term", t).page in moved for t in r.key_terms or ())
    )
    term = next(pb.get("term", t) for t in review.key_terms if pb.get("term", t).page in moved)
    base = serve(out, "/ops/playbook/")
    page.goto(base + page_url(review.page))
    link = page.locator(f"article a.mof-term[href$='glossary/index-2.html#{term.id}']").first
    assert link.count() == 1  # the key term's link is known as a glossary link: decorated
    assert link.get_attribute("title") or link.get_attribute("aria-describedby")
    # every term linked in running text points at the part that holds its entry
    wrong = page.evaluate(
        """() => Array.from(document.querySelectorAll('article a.mof-term-auto')).filter(a => {
             const t = window.mofGlossary.terms.find(t => t.id === decodeURIComponent(
               new URL(a.href).hash.slice(1)));
             const want = new URL((t && t.page) || window.mofGlossary.page, window.__md_scope);
             return !t || new URL(a.href).pathname !== want.pathname;
           }).map(a => a.href)"""
    )
    assert wrong == []
    # a part of the glossary is the glossary: its own terms are not linked again
    page.goto(base + "glossary/index-2.html")
    assert page.locator("article a.mof-term-auto").count() == 0
    assert page.external_requests == []


def test_past_the_limit_no_page_is_tagged_and_the_tag_page_says_to_search(
    monkeypatch, real_project, pb
):
    """Material's "Browse by tag" lists every tagged page on one page: past TAGGED_LIMIT no page
    carries tags, and the tag page points to the search and the overviews instead."""
    from macros.core.site import generate as generate_module

    schemas, renderer = real_project.pipeline.schemas(), real_project.renderer
    pages = generate_module.generate(pb, schemas, renderer).pages
    assert "<!-- material/tags -->" in pages["start/tags.md"].body
    assert sum("tags" in p.meta for p in pages.values()) > 50
    monkeypatch.setattr(generate_module, "TAGGED_LIMIT", 10)
    pages = generate_module.generate(pb, schemas, renderer).pages
    assert not any("tags" in p.meta for p in pages.values())
    body = pages["start/tags.md"].body
    assert "<!-- material/tags -->" not in body
    assert "[reviews](../reviews/index.md), [SMFs](../smfs/index.md) and [roles]" in body
