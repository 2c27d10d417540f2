"""Tables that read well (issue 20, item 4), measured in Chromium at 390 and 1,280 px.

A word broken inside a table cell ("Readine ss", "Progra m manage r") is found by asking the
browser where each word was laid out: a Range over one word returns one client rect per line it
occupies, so a word on two lines was broken. Lines may break at spaces and after hyphens and
slashes; tokens longer than LONG characters (addresses, file names) may wrap anywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

LONG = 24  # a token longer than this may wrap anywhere (an address, a file name)
PAGES = (
    "index.html",
    "reviews/release-readiness.html",
    "raci/reviews.html",
    "raci/roles-by-review.html",
    "raci/smf-business-it-alignment.html",
    "raci/smf-overview.html",
)
WIDTHS = (390, 1280)

# Every word of every visible table cell in the article that sits on more than one line.
BROKEN_WORDS = """
(long) => {
  const broken = [];
  const cells = document.querySelectorAll("article table td, article table th");
  for (const cell of cells) {
    if (!cell.getClientRects().length) continue;  // hidden (print-only copies, filtered rows)
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      // Tokens end at white space and after a hyphen, dash or slash: places a line may break.
      const re = /[^\\s\\-\\u2010-\\u2014\\/]+[\\-\\u2010-\\u2014\\/]?/g;
      let m;
      while ((m = re.exec(text))) {
        const word = m[0].replace(/[\\-\\u2010-\\u2014\\/]$/, "");
        if (word.length < 2 || word.length > long) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + word.length);
        const tops = new Set();
        for (const r of range.getClientRects()) {
          if (r.width > 0) tops.add(Math.round(r.top));
        }
        const where = cell.textContent.trim().slice(0, 40);
        if (tops.size > 1) broken.push(word + " (in: " + where + ")");
      }
    }
  }
  return broken;
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("rel", PAGES)
def test_no_table_cell_breaks_a_word(built_site: Path, serve, browser, rel: str, width: int):
    assert (built_site / rel).is_file(), rel
    base = serve(built_site, "/ops/playbook/")
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(base + rel)
        page.wait_for_load_state("load")
        assert page.locator("article table").count() > 0, f"{rel} has no table"
        broken = page.evaluate(BROKEN_WORDS, LONG)
        assert broken == [], f"{rel} at {width} px breaks words: {broken[:12]}"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_lifecycle_map_labels_stay_readable(built_site: Path, serve, browser, width: int):
    """The lifecycle map's labels are drawn at their size (names 13 px, kind tags 10 px) give
    or take a tenth at any width: under 600 px the map is the tall drawing, not the wide one
    shrunk to half (6 px names on a phone)."""
    base = serve(built_site, "/ops/playbook/")
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(base + "phases/index.html")
        sizes = page.evaluate(
            """() => [...document.querySelectorAll("article svg.mof-lifecycle text")]
                 .filter(t => t.getClientRects().length)
                 .map(t => [t.getAttribute("class"),
                            parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])"""
        )
        assert sizes, "no visible lifecycle map labels"
        names = [size for cls, size in sizes if cls == "mof-node-label"]
        assert names and min(names) >= 12, f"smallest name {min(names):.1f} px at {width} px"
        assert min(size for _, size in sizes) >= 9, f"smallest label at {width} px"
    finally:
        context.close()
