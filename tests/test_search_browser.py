"""Search works in a real browser with no network: served under a sub-path and from file://."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def search(page, query: str) -> list[str]:
    """Type a query into Material's search box; return the result links in order."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Material runs the query on key events: type it, do not fill() it.
    page.locator(".md-search__input").press_sequentially(query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.map(e => e.getAttribute('href'))"
    )


def test_search_finds_release_readiness_for_go_no_go_under_a_sub_path(
    built_site: Path, serve, page
):
    base = serve(built_site, "/ops/playbook/")
    page.goto(base + "index.html")
    links = search(page, "go/no-go")
    assert any("reviews/release-readiness.html" in href for href in links[:5]), links
    assert page.external_requests == []


def test_search_works_from_file_urls(built_site: Path, page):
    page.goto((built_site / "index.html").as_uri())
    links = search(page, "go/no-go")
    assert any("reviews/release-readiness.html" in href for href in links[:5]), links
    assert page.external_requests == []


SEARCH_FILES = ("search/search_index.json", "search/search_index.js", "workers/search.")


@pytest.mark.parametrize("where", ["sub-path", "file"])
def test_search_index_loads_only_when_the_reader_searches(built_site: Path, serve, page, where):
    """A page view downloads neither the search index (1.2 MB; search_index.js from file://)
    nor the search worker; typing in the box downloads both and finds the page."""
    fetched = []
    page.on("request", lambda r: any(f in r.url for f in SEARCH_FILES) and fetched.append(r.url))
    base = serve(built_site, "/ops/playbook/") if where == "sub-path" else built_site.as_uri() + "/"
    page.goto(base + "roles/account-manager.html")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert fetched == []
    assert page.evaluate("typeof window.__index") == "undefined"
    links = search(page, "go/no-go")
    assert any("reviews/release-readiness.html" in href for href in links[:5]), links
    assert any("search/search_index.js" in url for url in fetched), fetched
    assert any("workers/search." in url for url in fetched), fetched
    assert page.external_requests == []
