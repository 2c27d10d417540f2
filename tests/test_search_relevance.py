"""Search finds the right page: the query set (tests/search_queries.yaml) through Material's own
search worker on the built site, and words in Cyrillic, Greek and Japanese script typed into the
search box of the example organisation's site, with the organisation's search language settings.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, _generated, build_project, search, text_of

sys.path.insert(0, str(ROOT / "bench"))
import search_relevance  # noqa: E402

pytestmark = pytest.mark.browser


def test_query_set_finds_the_expected_page_in_the_top_three(built_site: Path, browser):
    result = search_relevance.evaluate(built_site, browser)
    report = (
        f"search relevance on {result['queries']} queries: top-1 {result['top1']:.0%}, "
        f"top-3 {result['top3']:.0%}; misses: "
        + json.dumps(result["misses"], indent=1, ensure_ascii=False)
    )
    print(report)
    assert result["queries"] >= 30
    assert result["top3"] >= search_relevance.GOAL_TOP3, report


def test_the_hit_rate_counts_only_the_expected_page():
    groups = ["glossary/index.html#risk", "reviews/portfolio.html#goals", "roles/tester.html"]
    assert search_relevance.hit(["reviews/portfolio.html"], groups, 3)
    assert not search_relevance.hit(["reviews/portfolio.html"], groups, 1)
    assert not search_relevance.hit(["glossary/index.html#scope"], groups, 3)
    assert search_relevance.hit(["glossary/index.html#risk"], groups, 1)


def test_queries_are_plain_and_name_pages_that_exist(built_site: Path):
    queries = search_relevance.load_queries()
    assert len({q["query"] for q in queries}) == len(queries)
    for q in queries:
        assert not re.search(r'[+*^~:"]', q["query"]), q  # what people type, no lunr syntax
        for want in q["expect"]:
            page, _, anchor = want.partition("#")
            html = (built_site / page).read_text(encoding="utf-8")
            assert not anchor or f'id="{anchor}"' in html, want


@pytest.mark.parametrize(
    "query, found, missed",
    [
        ("change manager", "roles/change-manager.html", "scenarios/"),  # a title's name wins
        ("single point of failure", "release-readiness.html", "officer"),  # "of" is no prefix
        ("customer service", "smfs/customer-service.html", "partner-representative"),
    ],
)
def test_causes_of_wrong_rankings_are_fixed(built_site: Path, browser, query, found, missed):
    """Each was a wrong first result: a prefix of a rarer word ("changes"), a stop word as a
    prefix ("of*": "Officer"), a word glued to punctuation ("Customer," in a title)."""
    [groups] = search_relevance.run_queries(built_site, browser, [query])
    assert any(found in g for g in groups[:3]), groups[:3]
    assert not any(missed in g for g in groups[:1]), groups[:3]


def test_result_text_is_the_page_s_sentences_not_run_together_boxes(built_site: Path):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    role = docs["roles/change-manager.html"]["text"]
    assert role.startswith("<p>") and "Role type of" not in role, role[:200]
    review = docs["reviews/release-readiness.html"]["text"]
    assert review.startswith("<p>"), review[:200]
    # Cells and terms written back to back ran together ("AttendsChange manager").
    glued = re.compile(r"</(td|th|dt|dd)>\s*<")
    for page in ("roles/change-manager.html", "reviews/release-readiness.html", "raci/smfs.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert re.search(r"</(td|th|dt|dd)><", html) is None, page
        assert glued.search(html), page  # the page has cells at all
    row = docs["roles/change-manager.html#reviews-you-own-or-attend"]["text"]
    assert "Attends Change manager" in row, row


def test_contributor_pages_weigh_less_than_reader_pages(built_site: Path):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    boost = {d["location"]: d.get("boost", 1) for d in index["docs"] if "#" not in d["location"]}
    assert boost["reference/index.html"] < 1
    assert all(not p.startswith("reference/") or p == "reference/index.html" for p in boost)
    assert boost["roles/change-manager.html"] > boost["checklists/release-readiness.html"] > 1
    assert boost["glossary/index.html"] > boost["reviews/release-readiness.html"]


def test_browse_by_tag_lists_each_page_once_by_a_distinct_name(built_site: Path):
    html = (built_site / "start" / "tags.html").read_text(encoding="utf-8")
    article = html[html.index('<article class="md-content__inner') :]
    for section in re.split(r'<h2 id="tag:', article)[1:]:
        names = [text_of(a) for a in re.findall(r"<a href=[^>]*>.*?</a>", section, re.S)]
        assert len(names) == len(set(names)), (section[:60], names)


# --- words in other scripts: the example organisation's local terms --------------------------

TERMS = {  # what a reader types -> it must find the "Our terms" section of local/index.html
    "Дежурство": "cyrillic",
    "Παράθυρο αλλαγών": "greek",
    "障害報告書": "japanese",
}
WHERE = "local/index.html#our-terms"


def _org_site(tmp: Path, monkeypatch, lang: str | None) -> Path:
    """The real playbook with the example organisation, built with `lang` as the search
    language setting of mkdocs.yml (None: as mkdocs.yml has it)."""
    project = tmp / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "content", project / "content", ignore=_generated)
    shutil.copytree(ROOT / "theme", project / "theme")
    (project / "macros").symlink_to(ROOT / "macros")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if lang is not None:
        config, n = re.subn(r"(?m)^(      lang: ).*$", rf"\g<1>{lang}", config)
        assert n == 1
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    monkeypatch.setenv("MOF_OVERLAY", str(ROOT / "examples" / "org"))
    out = tmp / "site"
    result = build_project(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _type_and_search(page, base: str, query: str) -> list[str]:
    page.goto(base + "index.html")
    links = search(page, query)
    return [re.sub(r"\?h=[^#]*", "", href) for href in links]


def test_search_settings_are_organisation_settings():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = config[config.index("  - search:") : config.index("  - tags:")]
    assert re.search(r"\[org\].*\n(?:\s*#.*\n)*\s*lang:", block)
    assert re.search(r"\[org\].*\n(?:\s*#.*\n)*\s*separator:", block)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`plugins.search.lang`" in readme and "`plugins.search.separator`" in readme
    additions = yaml.safe_load((ROOT / "examples/org/additions.yaml").read_text(encoding="utf-8"))
    assert set(TERMS) <= {t["term"] for t in additions["terms"]}


def test_cyrillic_greek_and_japanese_terms_are_found_with_the_default_language(
    tmp_path: Path, monkeypatch, serve, page
):
    site = _org_site(tmp_path, monkeypatch, None)
    base = serve(site, "/ops/")
    for query in [*TERMS, "дежурство", "障害"]:  # lower case; the beginning of a word
        links = _type_and_search(page, base, query)
        assert any(WHERE in href for href in links[:3]), (query, links[:5])
    assert page.external_requests == []


def test_japanese_words_inside_a_phrase_are_found_with_lang_ja(
    tmp_path: Path, monkeypatch, serve, page
):
    """lang: ja adds the Japanese segmenter (障害報告書 is 障害 + 報告 + 書); one language keeps
    the Cyrillic and Greek words, and English names still find their pages."""
    site = _org_site(tmp_path, monkeypatch, "ja")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["ja"]
    base = serve(site, "/ops/")
    for query in [*TERMS, "報告書", "提出先", "change manager"]:
        links = _type_and_search(page, base, query)
        want = "roles/change-manager.html" if query == "change manager" else WHERE
        assert any(want in href for href in links[:3]), (query, links[:5])
    assert page.external_requests == []


# --- a large site: the sharded search over http(s), Material's from file:// ------------------


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory) -> Path:
    """The real playbook built as a large site is: with its Pagefind bundle (forced here)."""
    from conftest import run_cli

    out = tmp_path_factory.mktemp("sharded") / "site"
    before = os.environ.get("MOF_SEARCH_SHARDS")
    os.environ["MOF_SEARCH_SHARDS"] = "always"
    try:
        result = run_cli("build", "--site-dir", str(out))
    finally:
        if before is None:
            del os.environ["MOF_SEARCH_SHARDS"]
        else:
            os.environ["MOF_SEARCH_SHARDS"] = before
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Sharded search (Pagefind)" in result.stdout
    return out


def test_only_a_large_site_gets_the_sharded_search(built_site: Path, tmp_path: Path, monkeypatch):
    from macros import search_shards

    assert not (built_site / "pagefind").exists()  # 1.2 MB: Material's search alone
    (tmp_path / "search").mkdir()
    index = tmp_path / "search" / "search_index.json"
    index.write_bytes(b" " * 1000)
    assert not search_shards.wanted(tmp_path)
    monkeypatch.setattr(search_shards, "SHARD_OVER", 999)
    assert search_shards.wanted(tmp_path)
    monkeypatch.setenv("MOF_SEARCH_SHARDS", "never")
    assert not search_shards.wanted(tmp_path)
    monkeypatch.setenv("MOF_SEARCH_SHARDS", "sometimes")
    with pytest.raises(ValueError, match="auto, always or never"):
        search_shards.wanted(tmp_path)


def test_a_large_site_over_http_searches_with_pagefind(sharded_site: Path, serve, page):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    base = serve(sharded_site, "/ops/playbook/")
    page.goto(base + "roles/tester.html")
    links = search(page, "release readiness")
    assert any("reviews/release-readiness.html" in href for href in links[:3]), links[:5]
    assert links[0].startswith(base), links[0]  # result links work under a sub-path
    names = [u.removeprefix(base) for u in fetched]
    assert "search/search_index.stub.json" in names
    assert "search/search_index.json" not in names  # not the whole index
    assert not any("workers/search." in n for n in names)  # not lunr's worker
    assert any(n.startswith("pagefind/fragment/") for n in names), names
    assert page.external_requests == []


def test_a_large_site_from_file_urls_keeps_material_s_search(sharded_site: Path, page):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto((sharded_site / "roles" / "tester.html").as_uri())
    links = search(page, "go/no-go")
    assert any("reviews/release-readiness.html" in href for href in links[:5]), links[:5]
    assert any(u.endswith("search/search_index.js") for u in fetched)
    assert not any("/pagefind/" in u for u in fetched)
    assert page.external_requests == []
