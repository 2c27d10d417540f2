"""The README's screenshots, taken from a built site in headless Chromium (Playwright, the
system's chromium): `make screenshots` (after `make site`, or `make site ORG=examples/org` for
the organisation's pages).

    python docs/screenshots.py [--site site] [--out docs/screens] [--org]

Each page is shot at 390 px (a phone) and 1,280 px (a laptop), the first screen only (what a
reader sees before scrolling): docs/screens/<name>-<width>.png.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# name -> page of the built site (MOF alone)
PAGES = {
    "home": "index.html",
    "review": "reviews/release-readiness.html",
    "raci": "raci/smf-deploy.html",
    "role": "roles/change-manager.html",
}
# with the example organisation's overlay (make site ORG=examples/org)
ORG_PAGES = {
    "org-role": "roles/change-manager.html",
    "org-review": "reviews/release-readiness.html",
    "org-people": "local/people.html",
}
WIDTHS = {390: 844, 1280: 800}


def shoot(site: Path, out: Path, pages: dict[str, str]) -> list[Path]:
    """Screenshots of `pages` at each width; the files written."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for width, height in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, rel in pages.items():
                target = site / rel
                if not target.is_file():
                    raise SystemExit(f"{target} is missing: build the site first")
                page.goto(target.as_uri())
                page.wait_for_load_state("load")
                path = out / f"{name}-{width}.png"
                page.screenshot(path=str(path))
                written.append(path)
            page.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    parser.add_argument("--org", action="store_true", help="the organisation's pages")
    args = parser.parse_args(argv)
    for path in shoot(args.site, args.out, ORG_PAGES if args.org else PAGES):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
