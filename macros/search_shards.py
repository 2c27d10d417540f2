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

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SHARD_OVER = 5_000_000  # bytes of search/search_index.json (issue 18: a first search <= 5 MB)
BUNDLE = "pagefind"
# What Material's page script loads instead of search_index.json when Pagefind answers: the
# same settings, no documents (search-pagefind.js).
STUB = "search/search_index.stub.json"
# What the page asks first: {"sharded": false} from the theme (theme/search/shards.json), true
# once pagefind/ is written.
FLAG = "search/shards.json"


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
    number of pages indexed. Raises RuntimeError when Pagefind fails.

    Pagefind's command line indexes a folder: a mirror of the pages to index (hard links) is
    given to it, so its URLs are the site's. (Its Python API's writes could still be on their
    way to disk when it returned: pagefind-entry.json was sometimes left empty.)"""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = sorted({d["location"].split("#")[0] or "index.html" for d in index["docs"]})
    pages = [p for p in pages if (site / p).is_file()]
    with tempfile.TemporaryDirectory(dir=site.parent) as tmp:
        mirror = Path(tmp)
        for page in pages:
            (mirror / page).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / page, mirror / page)
            except OSError:
                shutil.copyfile(site / page, mirror / page)
        command = [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(mirror),
            "--output-path",
            str(site / BUNDLE),
            "--root-selector",
            "article.md-content__inner",
            *("--exclude-selectors", "[data-search-exclude]"),
            *("--exclude-selectors", ".headerlink"),
            "--silent",
        ]
        done = subprocess.run(command, capture_output=True, text=True)
    entry = site / BUNDLE / "pagefind-entry.json"
    if done.returncode != 0 or not entry.is_file() or entry.stat().st_size == 0:
        raise RuntimeError(f"Pagefind could not index the site: {done.stdout}{done.stderr}")
    stub = {"config": index["config"], "docs": []}
    (site / STUB).write_text(json.dumps(stub, separators=(",", ":")), encoding="utf-8")
    (site / FLAG).write_text('{"sharded": true}\n', encoding="utf-8")
    return len(pages)
