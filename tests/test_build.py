"""Strict builds: the real playbook has real content; a failed build keeps the previous site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_project, text_of

REVIEWS = sorted(p.stem for p in (ROOT / "data/reviews").glob("*.yaml"))


def review_data(review_id: str) -> dict:
    return yaml.safe_load((ROOT / "data/reviews" / f"{review_id}.yaml").read_text())


def flatten(entries) -> list[str]:
    """Texts of a list whose entries may carry sub-entries ({text, items})."""
    out = []
    for entry in entries:
        if isinstance(entry, dict):
            out.append(entry["text"])
            out += flatten(entry.get("items", []))
        else:
            out.append(entry)
    return out


def test_six_reviews_in_data():
    assert len(REVIEWS) == 6


# An address in running text, as render.md_linked finds it: shown as a named link instead.
ADDRESS = re.compile(
    r"https?://[^\s()<>\"]+(?: [^\s()<>\"/]+)*\.zip|https?://[^\s()<>\"]*[^\s()<>\".,;:]"
)


@pytest.mark.parametrize("review_id", REVIEWS)
def test_review_page_shows_its_data(built_site: Path, review_id: str):
    data = review_data(review_id)
    page = built_site / "reviews" / f"{review_id}.html"
    text = text_of(page.read_text())
    expected = flatten(data["inputs"]) + flatten(data["analysis"]) + flatten(data["outcomes"])
    for table in data.get("go_no_go", []):
        for row in table["rows"]:
            expected += [i["text"] for i in row["go"] + row["no_go"]]
    # Every passage, with each address in it shown as a link (its words either side kept).
    pieces = [p for t in expected for p in ADDRESS.split(" ".join(t.split())) if p.strip()]
    missing = [p.strip() for p in pieces if p.strip() not in text]
    assert missing == []
    assert f"{data['name']} Management Review" in text
    assert "provided with permission from Microsoft Corporation" in text
    # The summary checklist lives on the checklist page the review page leads with.
    checklist = text_of((built_site / "checklists" / f"{review_id}.html").read_text())
    items = [
        t
        for key in ("people", "inputs", "analysis", "outputs")
        for t in flatten(data["checklist"][key])
    ]
    assert [t for t in items if " ".join(t.split()) not in checklist] == []


def test_go_no_go_only_where_the_source_has_it(built_site: Path):
    with_indicators = {r for r in REVIEWS if review_data(r).get("go_no_go")}
    assert with_indicators == {"project-plan-approved", "release-readiness"}
    for review_id in REVIEWS:
        html = (built_site / "reviews" / f"{review_id}.html").read_text()
        assert ('id="go-no-go-indicators"' in html) == (review_id in with_indicators)


def test_reviews_overview_has_a_linked_cycle_in_lifecycle_order(built_site: Path):
    html = (built_site / "reviews" / "index.html").read_text()
    svg = re.search(r"<svg class=\"mof-diagram\".*?</svg>", html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)" class="mof-node', svg)
    order = sorted(REVIEWS, key=lambda r: review_data(r)["order"])
    assert links == [f"{r}.html" for r in order]
    for link in links:
        assert (built_site / "reviews" / link).is_file()


def test_about_page_credits_mof(built_site: Path):
    text = text_of((built_site / "about.html").read_text())
    assert (
        "Microsoft Operations Framework 4.0, provided with permission from Microsoft Corporation"
    ) in text
    assert "Creative Commons Attribution 3.0" in text


def test_glossary_lists_every_term_with_an_anchor(built_site: Path):
    html = (built_site / "glossary" / "index.html").read_text()
    terms = yaml.safe_load((ROOT / "data/glossary.yaml").read_text())["terms"]
    for term in terms:
        assert f'id="{term["id"]}"' in html


EXTERNAL = re.compile(
    r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//""",
    re.I,
)


def test_nothing_loads_from_outside_the_site(built_site: Path):
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix in (".html", ".css", ".js", ".svg", ".xml") and path.is_file():
            text = path.read_text(errors="replace")
            if path.suffix == ".html":
                # Plain links (<a href>) to the licence are fine; loading something is not.
                text = re.sub(r"<a\b[^>]*>", "", text)
            for m in EXTERNAL.finditer(text):
                offenders.append(
                    f"{path.relative_to(built_site)}: {text[m.start() : m.end() + 40]}"
                )
    # Sitemaps name the site's own pages by absolute URL only when site_url is set.
    offenders = [o for o in offenders if not o.startswith("sitemap")]
    assert offenders == []


def test_no_built_page_holds_template_syntax(built_site: Path):
    """No unrendered macro or template tag reaches a page of the real site: the MOF data holds
    none, and where a page shows the syntax on purpose (the data reference's conventions) it is
    written as character references."""
    found = [
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("*.html")
        if re.search(r"\{\{|\{%|%\}|\}\}", p.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_pages_that_repeat_others_stay_out_of_the_search_index(built_site: Path):
    """The data reference's file pages and the checklist booklet repeat other pages (issue 19);
    the reference's index page, the checklist pages and the entity pages stay."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text())["docs"]
    pages = {d["location"].split("#")[0] for d in docs}
    assert "reference/index.html" in pages and "checklists/portfolio.html" in pages
    assert "reviews/portfolio.html" in pages
    assert [p for p in pages if p.startswith("reference/") and p != "reference/index.html"] == []
    assert "checklists/index.html" not in pages
    assert (built_site / "reference/roles.html").is_file()
    assert (built_site / "checklists/index.html").is_file()


def test_search_index_is_inlined_for_file_urls(built_site: Path):
    index = built_site / "search" / "search_index.js"
    assert index.read_text().startswith("var __index = ")
    docs = json.loads((built_site / "search" / "search_index.json").read_text())["docs"]
    assert any(d["location"].startswith("reviews/release-readiness.html") for d in docs)


INJECTION = "</title><script>alert(1)</script> {{ 7*7 }}"


def test_injected_name_is_shown_literally_everywhere(project: Path, tmp_path: Path):
    review = project / "data/reviews/ship-it.yaml"
    review.write_text(review.read_text().replace("name: Ship It", f"name: '{INJECTION}'"))
    out = tmp_path / "site"
    result = build_project(project, out)
    assert result.returncode == 0, result.stderr
    html = (out / "reviews" / "ship-it.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "49" not in re.sub(r"\d{3,}", "", text_of(html).replace("7*7", ""))
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}")
    assert "{{ 7*7 }} Management Review" in text_of(html)
    home = (out / "index.html").read_text()
    assert "<script>alert(1)</script>" not in home  # the review table macro and the nav
    search = (out / "search" / "search_index.json").read_text()
    assert "<script>alert(1)</script>" not in json.loads(search)["docs"][0]["text"] + search


def test_failed_build_leaves_the_previous_site(project: Path, tmp_path: Path):
    out = tmp_path / "site"
    assert build_project(project, out).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    review = project / "data/reviews/ship-it.yaml"
    review.write_text(review.read_text().replace("owners: [release-manager]", "owners: [ghost]"))
    result = build_project(project, out)
    assert result.returncode == 1
    assert (
        "data/reviews/ship-it.yaml:" in result.stderr and "unknown role id 'ghost'" in result.stderr
    )
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".site-*"))


def test_writing_leaves_another_builds_partial_files_alone(tmp_path):
    """Two builds into one docs folder (make serve beside make site, parallel tests): the stale
    sweep must not remove the file another build is writing."""
    from macros.core.site.output import OWNED_MARK, OWNED_TEXT, write
    from macros.core.site.page import Page, Section, Site

    site = Site([Section("Reviews", "reviews/x.md", [Page("reviews/x.md", "# X\n")])])
    write(site, tmp_path)
    other = tmp_path / "reviews" / ".y.md.99999.partial"
    other.write_text("in progress")
    stale = tmp_path / "reviews" / "old.md"
    stale.write_text("gone")
    write(site, tmp_path)
    assert other.exists() and not stale.exists()
    assert (tmp_path / "reviews" / OWNED_MARK).read_text() == OWNED_TEXT


def test_an_unchanged_write_reads_no_file_and_a_touched_one_is_put_right(tmp_path, monkeypatch):
    """With the same stamp and every file as written, write() leaves the docs folder unread;
    a generated file edited by hand, or a stray file in a generated folder, is put right; a new
    stamp compares every file again. The manifest is kept outside the docs folder."""
    from macros.core.site import output
    from macros.core.site.page import Page, Section, Site

    docs, manifest = tmp_path / "content", tmp_path / "cache" / "written.json"
    site = Site([Section("Reviews", "reviews/x.md", [Page("reviews/x.md", "# X\n")])])
    page = docs / "reviews" / "x.md"
    changed = output.write(site, docs, "stamp-1", manifest)
    assert changed == ["reviews/.gitignore", "reviews/x.md"] and manifest.is_file()
    written = page.read_bytes()

    def no_reading(self):
        raise AssertionError(f"read {self}")

    with monkeypatch.context() as patched:
        patched.setattr(Path, "read_bytes", no_reading)
        assert output.write(site, docs, "stamp-1", manifest) == []
    page.write_text("# Edited by hand\n")
    assert output.write(site, docs, "stamp-1", manifest) == ["reviews/x.md"]
    assert page.read_bytes() == written
    stray = docs / "reviews" / "stray.md"
    stray.write_text("not generated")
    assert output.write(site, docs, "stamp-1", manifest) == ["reviews/stray.md"]
    assert not stray.exists()
    other = Site([Section("Reviews", "reviews/x.md", [Page("reviews/x.md", "# Y\n")])])
    assert output.write(other, docs, "stamp-2", manifest) == ["reviews/x.md"]
    assert output.write(site, docs, "", manifest) == ["reviews/x.md"]  # no stamp: compared
    assert not manifest.exists()
    assert sorted(p.name for p in docs.rglob("*")) == [".gitignore", "reviews", "x.md"]


def test_the_hand_written_pages_follow_a_data_edit_on_the_next_build(project):
    """The macros' outputs are kept in .cache with the build: a second build with the same
    .cache shows the edited credit line and review name, never the kept ones."""
    from conftest import build_project, edit

    assert build_project(project, project / "site").returncode == 0
    about = (project / "site" / "about.html").read_text(encoding="utf-8")
    assert "provided with permission" in about
    edit(project, "data/sources.yaml", "provided with permission", "used with kind permission")
    edit(project, "data/reviews/ship-it.yaml", "name: Ship It", "name: Ship It Now")
    result = build_project(project, project / "site")
    assert result.returncode == 0, result.stderr
    about = (project / "site" / "about.html").read_text(encoding="utf-8")
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "used with kind permission" in about and "provided with permission" not in about
    assert "Ship It Now" in home
