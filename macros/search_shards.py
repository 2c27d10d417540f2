"""A sharded search index for large sites served over http(s): Pagefind, beside Material's.

Material's search loads one index (search/search_index.json) into the reader's browser and
indexes it there with lunr: 1.2 MB for the playbook, 10 MB at ×10 and about 100 MB at ×100
(bench/results.json, `search_index`). A reader's first search should download at most 5 MB, and
lunr needs minutes and gigabytes for a ×100 index in a browser tab. Splitting that one index
per section would not do: each section grows with the data too (the roles alone are 31 MB at
×100). So above SHARD_OVER bytes the build also writes a Pagefind bundle (pagefind/ in the
site): its index comes in fragments, and a search downloads only the fragments of the words it
looks for (tens of kilobytes, whatever the size of the site). Over http(s) the search box then
asks Pagefind (theme/assets/javascripts/search-pagefind.js); from file://, where a browser
fetches no fragments and loads no WebAssembly, it keeps Material's search and the whole index.
Pagefind indexes the pages Material's index holds (its search exclusions kept), each page's
article without Material's data-search-exclude boxes; search/search_index.stub.json (the
settings, no documents) is what the page gives Material's search code in its place.

`MOF_SEARCH_SHARDS` chooses: `auto` (default: above SHARD_OVER), `always` or `never`.
Pagefind runs WebAssembly: a site that uses it needs `'wasm-unsafe-eval'` in a Content Security
Policy's script-src (README, "Content Security Policy").
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

SHARD_OVER = 5_000_000  # bytes of search/search_index.json (issue 18: a first search <= 5 MB)
BUNDLE = "pagefind"
# What Material's page script loads instead of search_index.json when Pagefind answers: the
# same settings, no documents (search-pagefind.js).
STUB = "search/search_index.stub.json"


def wanted(site: Path) -> bool:
    """Whether the site gets a Pagefind bundle (MOF_SEARCH_SHARDS, else its index's size)."""
    choice = os.environ.get("MOF_SEARCH_SHARDS", "auto")
    if choice not in ("auto", "always", "never"):
        raise ValueError(f"MOF_SEARCH_SHARDS must be auto, always or never, not {choice!r}")
    index = site / "search" / "search_index.json"
    if choice == "never" or not index.is_file():
        return False
    return choice == "always" or index.stat().st_size > SHARD_OVER


def write_shards(site: Path) -> int:
    """Write site/pagefind/ from the pages of site/search/search_index.json; returns the
    number of pages indexed. Raises RuntimeError when Pagefind fails."""
    from pagefind.index import IndexConfig, PagefindIndex

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = sorted({d["location"].split("#")[0] for d in index["docs"]})
    pages = [p for p in pages if (site / (p or "index.html")).is_file()]
    config = IndexConfig(
        root_selector="article.md-content__inner",
        exclude_selectors=["[data-search-exclude]", ".headerlink", ".md-source-file"],
        output_path=str(site / BUNDLE),
    )

    async def run() -> None:
        async with PagefindIndex(config=config) as pf:
            for page in pages:
                html = (site / (page or "index.html")).read_text(encoding="utf-8")
                await pf.add_html_file(content=html, url="/" + (page or "index.html"))

    try:
        asyncio.run(run())
    except Exception as exc:  # the service's errors are of several kinds
        raise RuntimeError(f"Pagefind could not index the site: {exc}") from exc
    stub = {"config": index["config"], "docs": []}
    (site / STUB).write_text(json.dumps(stub, separators=(",", ":")), encoding="utf-8")
    return len(pages)
