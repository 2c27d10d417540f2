"""Lighthouse on the built site: what a first visit costs on a phone and on a desktop.

    python bench/lighthouse.py [--site DIR] [--runs N] [--out bench/results.json]
    make bench BENCH_ARGS=--lighthouse-only

Installs the pinned Lighthouse (LIGHTHOUSE) from the npm registry into bench/.lighthouse/
(git-ignored) on first use, builds the site (unless --site is given), serves it on 127.0.0.1
under a sub-path with Python's static file server (no compression: every byte counts) and runs
Lighthouse with the system Chromium (CHROME, or $CHROME_PATH) on five pages (PAGES), with its
default mobile settings and with `--preset=desktop`. Each figure is the run with the median
performance score of `--runs` runs.

Per page and form factor: the category scores, the metrics, the bytes transferred by the first
visit (Lighthouse's total-byte-weight), the requests, the render-blocking requests (Lighthouse's
render-blocking insight: requests that held up the first paint) and whether the search index was
fetched; per page, the render-blocking requests its HTML asks for (`blocking_in_html`). Results
merge into OUT under the key "lighthouse" (other keys are kept).

Errors: RuntimeError when npm, Chromium or a Lighthouse run fails.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import html.parser
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIGHTHOUSE = "12.8.2"
INSTALL = HERE / ".lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
SUB_PATH = "/playbook/"
# page name -> path in the built site: one page of each kind the issue names.
PAGES = {
    "home": "index.html",
    "review": "reviews/policy-and-control.html",
    "checklist": "checklists/policy-and-control.html",
    "raci_matrix": "raci/reviews.html",
    "role": "roles/account-manager.html",
}
CATEGORIES = ("performance", "accessibility", "best-practices")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
GOALS = {"mobile_performance": 90, "first_visit_kb": 400, "render_blocking": 3}


def log(message: str) -> None:
    print(f"[lighthouse {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def install() -> Path:
    """The Lighthouse CLI script, installed with npm into bench/.lighthouse/ when missing."""
    cli = INSTALL / "node_modules" / "lighthouse" / "cli" / "index.js"
    pkg = INSTALL / "node_modules" / "lighthouse" / "package.json"
    if cli.is_file() and json.loads(pkg.read_text())["version"] == LIGHTHOUSE:
        return cli
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("npm is needed to install Lighthouse (apt-get install npm)")
    INSTALL.mkdir(exist_ok=True)
    log(f"installing lighthouse@{LIGHTHOUSE} into {INSTALL}")
    proc = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--prefix", str(INSTALL)]
        + [f"lighthouse@{LIGHTHOUSE}"],
        capture_output=True,
        text=True,
    )
    if proc.returncode or not cli.is_file():
        raise RuntimeError(f"npm install lighthouse failed:\n{proc.stdout}{proc.stderr}"[-3000:])
    return cli


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files of one folder under SUB_PATH; nothing else."""

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__missing__")
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def log_message(self, *args) -> None:  # quiet
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # a browser that hung up: fine
        pass


@contextlib.contextmanager
def serve(site: Path):
    """Serve `site` on 127.0.0.1 under SUB_PATH; yields the base URL."""
    handler = functools.partial(_Handler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def run_once(cli: Path, url: str, form: str, scratch: Path) -> dict:
    """One Lighthouse run; returns the figures this bench keeps."""
    out = scratch / "lhr.json"
    command = [
        "node",
        str(cli),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if form == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROME}
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode or not out.is_file():
        raise RuntimeError(f"lighthouse {url} ({form}) failed:\n{proc.stderr[-3000:]}")
    lhr = json.loads(out.read_text())
    out.unlink()
    return summarize(lhr)


def summarize(lhr: dict) -> dict:
    """The scores, metrics and requests of one Lighthouse result (LHR)."""
    audits = lhr["audits"]
    requests = audits["network-requests"]["details"]["items"]
    base = lhr["finalDisplayedUrl"].rsplit("/", 1)[0]
    insight = audits.get("render-blocking-insight", {}).get("details") or {}
    blocking = [item["url"] for item in insight.get("items", [])]
    return {
        "scores": {c: round(lhr["categories"][c]["score"] * 100) for c in CATEGORIES},
        "metrics_ms": {
            m: round(audits[m]["numericValue"], 3 if m == "cumulative-layout-shift" else 0)
            for m in METRICS
        },
        "transfer_bytes": round(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "render_blocking": len(blocking),
        "render_blocking_urls": [_short(u, base) for u in blocking],
        "search_index_requested": any("search/search_index" in r["url"] for r in requests),
        "request_urls": [_short(r["url"], base) for r in requests],
        "largest_transfers": [
            [_short(r["url"], base), r.get("transferSize", 0)]
            for r in sorted(requests, key=lambda r: -r.get("transferSize", 0))[:6]
        ],
    }


class _Blocking(html.parser.HTMLParser):
    """Render-blocking requests by the HTML rules: stylesheets for screen, scripts without
    defer or async (a parser-blocking script in <body> holds up the rest of the page too)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split():
            if (a.get("media") or "all") in ("all", "screen") and a.get("href"):
                self.urls.append(a["href"])
        elif (
            tag == "script"
            and a.get("src")
            and not {"defer", "async"} & a.keys()
            and a.get("type") != "module"
        ):
            self.urls.append(a["src"])


def blocking_in_html(page: Path) -> list[str]:
    """The render-blocking stylesheets and scripts a page's HTML asks for (see _Blocking)."""
    parser = _Blocking()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.urls


def gzip_bytes(site: Path, urls: list[str]) -> int:
    """What the same requests would transfer from a server that gzips (level 6) every file:
    an estimate for hosts that compress, from the site's files (query strings dropped)."""
    import gzip

    total = 0
    for url in urls:
        path = site / url.split("?", 1)[0].split("#", 1)[0]
        if "://" not in url and path.is_file():
            total += len(gzip.compress(path.read_bytes(), compresslevel=6))
    return total


def _short(url: str, base: str) -> str:
    root = base.split(SUB_PATH, 1)[0] + SUB_PATH
    return url.removeprefix(root)


def measure(site: Path, runs: int, pages: dict[str, str] | None = None) -> dict:
    """Lighthouse for each page of `pages` (default PAGES), mobile and desktop."""
    cli = install()
    version = subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout
    result: dict = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "lighthouse": LIGHTHOUSE,
        "chromium": version.strip(),
        "runs": runs,
        "server": f"Python http.server on 127.0.0.1 under {SUB_PATH}, no compression",
        "load_average_before": round(os.getloadavg()[0], 1),
        "goals": GOALS,
        "pages": {},
    }
    with serve(site) as base, tempfile.TemporaryDirectory() as tmp:
        for name, path in (pages or PAGES).items():
            entry = {"path": path, "render_blocking_in_html": blocking_in_html(site / path)}
            for form in ("mobile", "desktop"):
                found = [run_once(cli, base + path, form, Path(tmp)) for _ in range(runs)]
                found.sort(key=lambda r: r["scores"]["performance"])
                entry[form] = found[len(found) // 2]
                entry[form]["transfer_bytes_if_gzipped"] = gzip_bytes(
                    site, entry[form]["request_urls"]
                )
                if runs > 1:
                    entry[form]["performance_runs"] = [r["scores"]["performance"] for r in found]
                s = entry[form]
                log(
                    f"{name} {form}: perf {s['scores']['performance']} "
                    f"a11y {s['scores']['accessibility']} bp {s['scores']['best-practices']} "
                    f"LCP {s['metrics_ms']['largest-contentful-paint'] / 1000:.1f} s "
                    f"TBT {s['metrics_ms']['total-blocking-time']:.0f} ms "
                    f"{s['transfer_bytes'] / 1024:.0f} KB, {s['render_blocking']} blocking"
                )
            result["pages"][name] = entry
    mobile = [p["mobile"] for p in result["pages"].values()]
    first = [result["pages"][n]["mobile"] for n in ("home", "review") if n in result["pages"]]
    result["met"] = {
        "mobile_performance": all(
            m["scores"]["performance"] >= GOALS["mobile_performance"] for m in mobile
        ),
        "accessibility_and_best_practices": all(
            m["scores"]["accessibility"] == 100 and m["scores"]["best-practices"] == 100
            for p in result["pages"].values()
            for m in (p["mobile"], p["desktop"])
        ),
        "first_visit_kb": all(
            f["transfer_bytes"] <= GOALS["first_visit_kb"] * 1024
            and not f["search_index_requested"]
            for f in first
        ),
        "render_blocking": all(
            len(p["render_blocking_in_html"]) <= GOALS["render_blocking"]
            and p["mobile"]["render_blocking"] <= GOALS["render_blocking"]
            for p in result["pages"].values()
        ),
    }
    result["load_average_after"] = round(os.getloadavg()[0], 1)
    result["median_mobile_performance"] = statistics.median(
        m["scores"]["performance"] for m in mobile
    )
    return result


def build(root: Path, site: Path) -> Path:
    """`python -m macros build --site-dir site` in `root`; returns `site`."""
    log(f"building the site into {site}")
    proc = subprocess.run(
        [sys.executable, "-m", "macros", "build", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if proc.returncode:
        raise RuntimeError(f"build failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return site


def merge(out: Path, key: str, value: dict) -> None:
    """Set `key` in the JSON file `out`, keeping its other keys."""
    data = json.loads(out.read_text()) if out.is_file() else {}
    data[key] = value
    out.write_text(json.dumps(data, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build ROOT/site)")
    parser.add_argument("--root", type=Path, default=ROOT, help="project to build")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and form (median)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--key", default="lighthouse", help="key of the results in OUT")
    parser.add_argument("--pages", help="comma-separated names of PAGES to run (default all)")
    args = parser.parse_args(argv)
    pages = {n: PAGES[n] for n in args.pages.split(",")} if args.pages else None
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site.resolve() if args.site else build(args.root.resolve(), Path(tmp) / "site")
        result = measure(site, args.runs, pages)
    merge(args.out, args.key, result)
    log(f"wrote {args.out} [{args.key}]; goals met: {result['met']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
