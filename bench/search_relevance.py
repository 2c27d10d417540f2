"""Search relevance, measured: the query set of tests/search_queries.yaml run through Material's
own search worker (lunr, with the site's search_index.json) in headless Chromium.

    python bench/search_relevance.py SITE_DIR     # prints the hit rates and each miss

`evaluate(site, browser)` serves a built site over http on a free port, opens its home page,
starts the search worker the site ships (assets/javascripts/workers/search.*.min.js) through the
page's own Worker (so each query is rewritten by theme/assets/javascripts/search-query.js as
the search box's are) with the site's index exactly as Material's page script sends it (a SETUP
message with config and docs), then posts each query and reads the result groups in the order
the search box lists them (one group per page, ranked by its best section). Returns
    {"queries": n, "top1": rate, "top3": rate, "misses": [{"query", "expect", "got"}...]}.
A query hits when one of its expected pages is among the first 1 (top1) or 3 (top3) groups; an
expected "page.html#anchor" also needs the group's best section to be that anchor.

Used by tests/test_search_relevance.py (which fails under 90 % top-3) and by `make bench`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import sys
import threading
import urllib.parse
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search_queries.yaml"
GOAL_TOP3 = 0.90

# Runs in the page: start the worker, set it up with the index, answer each query with the
# result groups as [best section's location, ...] in Material's order.
_SCRIPT = """async ([worker, queries, sharded]) => {
  if (sharded) await new Promise(done => pbPagefind.probe(new URL(".", location.href).href, done));
  const index = await (await fetch(
    sharded ? "search/search_index.stub.json" : "search/search_index.json")).json();
  const w = new Worker(worker);
  const next = () => new Promise(resolve => w.addEventListener(
    "message", ev => resolve(ev.data), {once: true}));
  w.postMessage({type: 0, data: {config: index.config, docs: index.docs,
                                 options: {suggest: false}}});
  const ready = await next();
  if (ready.type !== 1) throw new Error("search worker did not start: " + JSON.stringify(ready));
  const out = [];
  for (const q of queries) {
    w.postMessage({type: 2, data: q});
    const res = await next();
    out.push(res.data.items.map(group => group[0].location));
  }
  w.terminate();
  return out;
}"""


def load_queries(path: Path = QUERIES) -> list[dict]:
    """[{"query": str, "expect": [location, ...], "who": str}] from the query set file."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    out = []
    for e in entries:
        expect = e["expect"] if isinstance(e["expect"], list) else [e["expect"]]
        out.append({"query": e["query"], "expect": expect, "who": e.get("who", "")})
    return out


def hit(expect: list[str], groups: list[str], n: int) -> bool:
    """True when an expected page (or page#anchor, the group's best section) is in the first n
    result groups (each given by its best section's location)."""
    for best in groups[:n]:
        page = best.split("#")[0]
        for want in expect:
            if want == best or ("#" not in want and want == page):
                return True
    return False


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def run_queries(site: Path, browser, queries: list[str]) -> list[list[str]]:
    """Each query's result groups (best section's location per group, in the search box's
    order), from the site's own search worker in a page of `browser` (Playwright); from
    Pagefind when the site has its sharded search (macros/search_shards.py), as over http."""
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    with _home(site, browser) as (page, _responses):
        rel = worker.relative_to(site).as_posix()
        page.wait_for_function('typeof window.pbSearchQuery === "object"')
        return page.evaluate(_SCRIPT, [rel, queries, (site / "pagefind").is_dir()])


@contextlib.contextmanager
def _home(site: Path, browser):
    """The site served over http on a free port, its home page open in a fresh context of
    `browser`: yields (page, the responses it gets from now on)."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        responses = []
        context.on("response", lambda r: responses.append(r))
        page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
        yield page, responses
    finally:
        context.close()
        server.shutdown()


def evaluate(site: Path, browser, path: Path = QUERIES) -> dict:
    """Hit rates of the query set on a built site (see the module docstring)."""
    queries = load_queries(path)
    results = run_queries(site, browser, [q["query"] for q in queries])
    top1 = top3 = 0
    misses = []
    for q, groups in zip(queries, results, strict=True):
        top1 += hit(q["expect"], groups, 1)
        if hit(q["expect"], groups, 3):
            top3 += 1
        else:
            misses.append({"query": q["query"], "expect": q["expect"], "got": groups[:3]})
    n = len(queries)
    return {"queries": n, "top1": top1 / n, "top3": top3 / n, "misses": misses}


def first_search(site: Path, browser, query: str = "release readiness") -> dict:
    """What a reader's first search downloads, over http: the home page is opened, the query
    typed into the search box, and the files that search brought (Material's index and worker,
    or Pagefind's files) are added up, uncompressed. Returns {"engine": "pagefind" or
    "lunr", "bytes": n, "requests": n, "results": n}."""
    with _home(site, browser) as (page, responses):
        page.wait_for_load_state("networkidle")
        responses.clear()
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator(".md-search__input").press_sequentially(query, delay=20)
        page.wait_for_selector(".md-search-result__item", timeout=60000)
        page.wait_for_load_state("networkidle")
        searched = [r for r in responses if re.search(r"/(search|pagefind|workers)/", r.url)]
        # Each file once, at its size on disk (a server may compress it on the way).
        files = {
            urllib.parse.urlsplit(r.url).path.lstrip("/")
            for r in searched
            if r.ok and r.request.method == "GET"
        }
        return {
            "engine": "pagefind" if any(f.startswith("pagefind/") for f in files) else "lunr",
            "bytes": sum((site / f).stat().st_size for f in files if (site / f).is_file()),
            "requests": len(searched),
            "results": page.locator(".md-search-result__item").count(),
        }


def launch(playwright):
    """Headless system Chromium, as the tests use it."""
    import shutil

    return playwright.chromium.launch(
        executable_path=shutil.which("chromium") or shutil.which("chromium-browser"),
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    site = Path(argv[0] if argv else ROOT / "site").resolve()
    with sync_playwright() as p:
        browser = launch(p)
        try:
            result = evaluate(site, browser)
        finally:
            browser.close()
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
