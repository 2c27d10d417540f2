"""RACI on screen (issue 20, item 5) and matrix pages that stay bounded as the data grows
(issue 18, item 3).

Unit tests: matrices shown in parts (raci.pages), the role filter grouped by accountability,
the SMFs at a glance, nav groups bounded. Browser tests (marked `browser`) on the real site
built once in strict mode: the chosen role kept in the address and across matrix pages, the
matrix on the full width, scrolling with the page with its header row in view.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT, playbook_of

from macros.core.site.page import NAV_LIMIT, entity_nav, nav_group, nav_room
from macros.core.site.sections import roles as roles_section
from macros.core.views import raci

# --- Bounded pages ---------------------------------------------------------------------------


def test_every_matrix_fits_one_page_at_the_size_of_the_mof_data():
    pb = playbook_of(ROOT)
    for m in raci.matrices(pb):
        assert raci.pages(m) == [m], m.name


def test_a_large_matrix_comes_in_parts_each_bounded_with_only_its_own_columns():
    pb = playbook_of(ROOT)
    whole = next(m for m in raci.matrices(pb) if m.name == "smf-business-it-alignment")
    parts = raci.pages(whole, max_rows=8, max_cells=60)
    assert len(parts) > 2
    assert [p.name for p in parts[:2]] == [whole.name, f"{whole.name}-2"]
    assert [r.label for p in parts for r in p.rows] == [r.label for r in whole.rows]
    for n, p in enumerate(parts, 1):
        assert (p.part, p.parts, p.whole) == (n, len(parts), whole.name)
        assert len(p.rows) <= 8
        assert len(p.rows) == 1 or len(p.rows) * len(p.columns) <= 60
        # Only columns its rows use, each cell still under its own column.
        used = {c.label for c in p.columns}
        assert all(any(r.cells[i].text for r in p.rows) for i in range(len(p.columns)))
        for row in p.rows:
            full = next(r for r in whole.rows if r.key == row.key)
            by_label = {
                c.label: cell.text for c, cell in zip(whole.columns, full.cells, strict=True)
            }
            assert {c.label: cell.text for c, cell in zip(p.columns, row.cells, strict=True)} == {
                k: v for k, v in by_label.items() if k in used
            }
        assert {f"activity:{d[0]}" for d in p.derivations} == {r.key for r in p.rows}
        assert p.csv_path == whole.csv_path  # the download is the whole matrix
    links = raci.row_pages(parts)
    assert links[whole.rows[-1].key].startswith(f"raci/{parts[-1].name}.md#derived-")


def test_parts_are_pages_with_a_pager_and_role_pages_link_to_them(monkeypatch, real_project, pb):
    from macros.core.site.generate import generate

    monkeypatch.setattr(raci, "MAX_CELLS", 60)
    monkeypatch.setattr(roles_section, "OVERVIEW_ROWS", 5)
    site = generate(pb, real_project.pipeline.schemas(), real_project.renderer).pages
    name = "smf-business-it-alignment"
    parts = [p for p in site if re.fullmatch(rf"raci/{name}(-\d+)?\.md", p)]
    assert len(parts) > 2
    second = site[f"raci/{name}-2.md"].body
    assert "Part 2 of" in second and 'rel="prev"' in second and 'rel="next"' in second
    assert f'href="{name}.csv"' in second  # the download is the whole matrix
    assert f'href="{name}-2.html"' in site["raci/index.md"].body
    roles_pages = "".join(p.body for path, p in site.items() if path.startswith("roles/"))
    assert re.search(rf'href="\.\./raci/{name}-\d+\.html#derived-', roles_pages)
    # The SMFs at a glance, in parts of OVERVIEW_ROWS.
    overview = [p for p in site if re.fullmatch(r"raci/smf-overview(-\d+)?\.md", p)]
    assert len(overview) == -(-len(pb.smfs) // 5)
    assert 'href="smf-overview-2.html">Next part' in site["raci/smf-overview.md"].body


def test_role_filter_is_grouped_by_accountability_and_sorted():
    pb = playbook_of(ROOT)
    m = next(m for m in raci.matrices(pb) if m.name == "reviews")
    groups = roles_section.filter_groups(pb, m)
    labels = [g for g, _ in groups]
    accountabilities = sorted(pb.all("accountability"), key=lambda a: a.origin.line)
    named = [a.name for a in accountabilities]
    assert [g for g in labels if g in named] == [g for g in named if g in labels]
    assert labels[-1] == "Meeting roles"
    for _, members in groups:
        names = [label.casefold() for _, label in members]
        assert names == sorted(names)
    assert sorted(i for _, ms in groups for i, _ in ms) == sorted(i for i, _ in m.roles)


def test_smfs_at_a_glance_names_accountable_and_responsible_roles():
    pb = playbook_of(ROOT)
    glances = raci.smf_glance(pb, raci.RowIndex.of(pb))
    assert [g.smf.id for g in glances] == [s.id for s in pb.smfs]
    detailed = {g.smf.id for g in glances if g.detailed}
    assert detailed == {"business-it-alignment", "deploy"}
    for g in glances:
        rows = [r for r in raci.rows(pb) if r.entity.id == g.smf.id]
        if g.detailed:
            rows = [r for r in rows if r.scope == "activity"]
        held = {
            letter: {
                role for r in rows for role, ls in r.letters.items() if letter in raci.split(ls)
            }
            for letter in "AR"
        }
        assert {r.id for r in g.accountable} == held["A"], g.smf.id
        assert {r.id for r in g.responsible} == held["R"], g.smf.id
        assert g.accountable, g.smf.id


def test_nav_lists_entity_pages_only_up_to_the_limit(site):
    pb = playbook_of(ROOT)
    role_list = raci.role_order(pb)
    assert len(entity_nav(role_list[:3], limit=3)) == 3
    assert entity_nav(role_list[:4], limit=3) == []
    assert nav_room(range(NAV_LIMIT - 1), [0]) == NAV_LIMIT
    assert nav_room(range(NAV_LIMIT), [0]) == 0
    assert nav_group("Service", [], "roles/x.md") == {"Service": "roles/x.md"}
    assert nav_group("Meeting roles", []) is None
    # At the size of the MOF data every role page is in the nav.
    nav = {next(iter(e)): next(iter(e.values())) for e in site.nav}

    def pages(entry):
        if isinstance(entry, str):
            return [entry]
        return [p for item in entry for v in item.values() for p in pages(v)]

    listed = set(pages(nav["Roles and RACI"]))
    assert {r.page for r in role_list} <= listed


def test_matrix_pages_use_the_full_width(site):
    for path, page in site.pages.items():
        if path.startswith("raci/") and path != "raci/index.md":
            assert page.meta.get("hide") == ["toc"], path


# --- In a browser ----------------------------------------------------------------------------


def role_in(url: str) -> str | None:
    return (parse_qs(urlsplit(url).query).get("role") or [None])[0]


def shown_roles(page, table: str) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table} tbody tr.mof-matrix-row:not([hidden])", "els => els.map(e => e.dataset.role)"
    )


@pytest.mark.browser
def test_chosen_role_is_kept_in_the_address_and_across_matrix_pages(built_site: Path, serve, page):
    base = serve(built_site, "/ops/playbook/")
    page.goto(base + "raci/reviews.html")
    groups = page.eval_on_selector_all(
        "#matrix-reviews-filter optgroup", "els => els.map(e => e.label)"
    )
    assert groups and groups[-1] == "Meeting roles"
    page.select_option("#matrix-reviews-filter", "change-manager")
    assert role_in(page.url) == "change-manager"
    # Another matrix page (roles as rows) opens on the same role, and says so in its address.
    page.goto(base + "raci/roles-by-review.html")
    assert page.input_value("#matrix-roles-by-review-filter") == "change-manager"
    assert role_in(page.url) == "change-manager"
    assert shown_roles(page, "matrix-roles-by-review") == ["change-manager"]
    # A page whose matrix lacks the role shows it all, and the role stays remembered.
    page.goto(base + "raci/smf-deploy.html")
    held = page.eval_on_selector_all(
        "#matrix-smf-deploy-filter option", "els => els.map(e => e.value)"
    )
    if "change-manager" not in held:
        assert page.input_value("#matrix-smf-deploy-filter") == ""
        assert page.locator("#matrix-smf-deploy tbody tr[hidden]").count() == 0
    page.goto(base + "raci/roles-by-smf.html")
    assert page.input_value("#matrix-roles-by-smf-filter") == "change-manager"
    # The address wins over the remembered role, and becomes the remembered one.
    page.goto(base + "raci/roles-by-smf.html?role=service-level-manager")
    assert shown_roles(page, "matrix-roles-by-smf") == ["service-level-manager"]
    page.goto(base + "raci/roles-by-review.html")
    assert page.input_value("#matrix-roles-by-review-filter") == "service-level-manager"
    # "All roles" clears the address and what is remembered.
    page.select_option("#matrix-roles-by-review-filter", "")
    assert role_in(page.url) is None
    page.goto(base + "raci/reviews.html")
    assert page.input_value("#matrix-reviews-filter") == ""
    assert role_in(page.url) is None
    assert page.external_requests == []


@pytest.mark.browser
def test_remembered_role_is_scoped_to_one_copy_of_the_site(built_site: Path, serve, page):
    first = serve(built_site, "/copy-a/")
    # A second copy on the same origin: the same files under /copy-b/ of that server.
    mount = next(built_site.parent.glob("_mount*/copy-a")).parent
    if not (mount / "copy-b").exists():
        (mount / "copy-b").symlink_to(built_site.resolve())
    page.goto(first + "raci/reviews.html")
    page.select_option("#matrix-reviews-filter", "change-manager")
    keys = page.evaluate("() => Object.keys(localStorage)")
    assert "/copy-a/mof-matrix-role" in keys
    # The same site under another path on the same origin keeps its own choice.
    page.goto(first.replace("/copy-a/", "/copy-b/") + "raci/reviews.html")
    assert page.input_value("#matrix-reviews-filter") == ""


@pytest.mark.browser
def test_matrix_scrolls_with_the_page_and_keeps_its_header_in_view(
    built_site: Path, serve, browser
):
    base = serve(built_site, "/ops/playbook/")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(base + "raci/reviews.html")
        # Full width: no contents column beside the matrix.
        assert not page.is_visible(".md-sidebar--secondary")
        article = page.eval_on_selector("article", "e => e.getBoundingClientRect().width")
        assert article > 900
        box = page.locator(".mof-matrix-scroll")
        box.scroll_into_view_if_needed()
        top = page.evaluate("() => window.scrollY")
        b = box.bounding_box()
        page.mouse.move(b["x"] + b["width"] / 2, b["y"] + 40)
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.scrollY") > top  # the page moved, not the box
        assert page.eval_on_selector(".mof-matrix-scroll", "e => e.scrollTop") == 0
        header = page.eval_on_selector(".md-header", "e => e.getBoundingClientRect().bottom")
        head = page.eval_on_selector(
            "#matrix-reviews thead tr", "e => e.getBoundingClientRect().top"
        )
        table = page.eval_on_selector("#matrix-reviews", "e => e.getBoundingClientRect().top")
        assert table < header  # the table's top has gone under the header...
        assert abs(head - header) <= 2  # ...and its header row sits right below it
    finally:
        context.close()


@pytest.mark.browser
def test_first_column_stays_while_the_matrix_scrolls_sideways_on_a_phone(
    built_site: Path, serve, browser
):
    base = serve(built_site, "/ops/playbook/")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(base + "raci/reviews.html")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        first = "#matrix-reviews tbody tr:first-child th"
        before = page.eval_on_selector(first, "e => e.getBoundingClientRect().left")
        page.eval_on_selector(".mof-matrix-scroll", "e => { e.scrollLeft = 300; }")
        assert page.eval_on_selector(".mof-matrix-scroll", "e => e.scrollLeft") > 0
        after = page.eval_on_selector(first, "e => e.getBoundingClientRect().left")
        assert abs(after - before) <= 1
    finally:
        context.close()


def test_no_role_page_links_to_a_missing_matrix_anchor(built_site: Path):
    for html_path in (built_site / "roles").glob("*.html"):
        html = html_path.read_text()
        for target, anchor in re.findall(r'href="\.\./(raci/[^"#]+)#(derived-[^"]+)"', html):
            assert f'id="{anchor}"' in (built_site / target).read_text(), (html_path.name, anchor)


def test_roles_index_at_scale_links_groups_and_lists_meeting_roles_in_parts(
    monkeypatch, real_project, pb
):
    from macros.core.site.generate import generate

    limit = 5
    monkeypatch.setattr(roles_section, "INDEX_LIMIT", limit)
    site = generate(pb, real_project.pipeline.schemas(), real_project.renderer).pages
    meeting = [r for r in raci.role_order(pb) if r.kind == "meeting-role"]
    found = sorted(
        (p for p in site if re.fullmatch(r"roles/meeting-roles(-\d+)?\.md", p)),
        key=lambda p: int(re.sub(r"\D", "", p) or 1),
    )
    assert len(found) == -(-len(meeting) // limit)
    listed = []
    for path in found:
        rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)"', site[path].body)
        assert 0 < len(rows) <= limit
        listed += rows
    assert listed == [f"{r.id}.html" for r in meeting]
    index = site["roles/index.md"].body
    assert "<caption>People and groups" not in index  # no one-page table of every meeting role
    assert all(f"meeting-roles{'' if n == 1 else f'-{n}'}.md" in index for n in range(1, 3))
    big = [
        a
        for a in pb.all("accountability")
        if sum(1 for r in pb.all("role") if r.accountability == a.id) > limit
    ]
    assert big and all(
        re.search(rf"\d+ role types: see \[{re.escape(a.name)}\]", index) for a in big
    )
