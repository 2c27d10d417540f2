"""`make bench`: what the data pipeline costs, how fast a preview is, how the build scales.

Writes bench/results.json and bench/scaling.png. Every build runs in a fresh process
(bench/measure.py) on a copy of the project under bench/work/, so the real content/ is never
touched; the median of several runs is reported. `--quick` (CI) measures ×1 and ×10 once.

    python bench/run.py [--quick] [--out DIR] [--runs N] [--factors 1,10,100]

- stages: load, validate, model, render, write (the core, timed in one process), mkdocs_build
  (the plain build below) and pipeline_build (`python -m macros build`), real data.
- overhead_ratio: pipeline build / plain build. The plain build is the exact Markdown MkDocs
  saw (`python -m macros generate` + hand-written pages with their macros expanded), built
  with the same theme, plugins and nav, minus the macros plugin. Runs alternate, ratio per pair.
- scaling: bench/synth.py multiplies reviews, SMFs (with activities), roles and terms.
- preview_seconds: `mkdocs serve --livereload` runs in a subprocess; a review's name is edited in
  its data file and the page is polled until the new name is served (save -> rebuilt page).
- page_bytes: per kind of page, the median page's HTML and the CSS/JS/images it loads.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

GOALS = {"overhead_ratio": 1.15, "preview_seconds": 2.0, "per_entity_spread": 0.20}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def child(command: str, *args: Path | str, timeout: float = 3600) -> dict:
    """Run one measurement in a fresh interpreter; return its JSON result."""
    proc = subprocess.run([sys.executable, str(HERE / "measure.py"), command, *map(str, args)],
                          capture_output=True, text=True, env=ENV, timeout=timeout)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("BENCH-RESULT "):
            return json.loads(line.removeprefix("BENCH-RESULT "))
    raise RuntimeError(f"measure.py {command} failed ({proc.returncode}):\n"
                       + (proc.stdout + proc.stderr)[-4000:])


def median(values) -> float:
    return statistics.median(values)


def machine() -> dict:
    from importlib.metadata import version

    mem_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return {"cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "machine": platform.machine(),
            "memory_gib": mem_gib,
            "mkdocs": version("mkdocs"), "mkdocs_material": version("mkdocs-material"),
            "mkdocs_macros_plugin": version("mkdocs-macros-plugin")}


# --- stages and overhead -------------------------------------------------------------------

def stages_and_overhead(project: Path, work: Path, runs: int) -> tuple[dict, dict]:
    plain_dir = work / "plain"
    captured = child("capture", project, plain_dir)
    log(f"plain pages: {captured['pages']} ({captured['expanded_pages']} with macros expanded)")
    core = [child("stages", project) for _ in range(runs)]
    stages = {k: median(r[k] for r in core)
              for k in ("load", "validate", "model", "render", "write")}
    pairs = []
    for _ in range(runs):  # alternate, so a drift in machine speed hits both alike
        pipe = child("build", project, work / "site-pipeline")
        plain = child("plain", project, work / "site-plain", plain_dir)
        pairs.append({"pipeline": pipe["seconds"], "plain": plain["seconds"],
                      "ratio": pipe["seconds"] / plain["seconds"]})
        log(f"pipeline {pipe['seconds']:.2f} s, plain {plain['seconds']:.2f} s")
    stages["mkdocs_build"] = median(p["plain"] for p in pairs)
    stages["pipeline_build"] = median(p["pipeline"] for p in pairs)
    overhead = {"ratio": median(p["ratio"] for p in pairs),
                "pipeline_seconds": stages["pipeline_build"],
                "plain_seconds": stages["mkdocs_build"], "pairs": pairs,
                "pages": captured["pages"], "entities": core[0]["entities"],
                "entities_by_kind": core[0]["entities_by_kind"]}
    return stages, overhead


# --- page weight -----------------------------------------------------------------------------

_ASSET = re.compile(r"""<(?:link[^>]*\bhref|script[^>]*\bsrc|img[^>]*\bsrc)=["']([^"'#?]+)""")


def page_kind(rel: Path) -> str:
    return rel.parts[0] if len(rel.parts) > 1 else ("home" if rel.stem == "index" else rel.stem)


def page_weight(site: Path) -> tuple[dict, dict]:
    """Bytes per kind of page: the median page's HTML plus every local asset it loads."""
    kinds: dict[str, list[Path]] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.name == "404.html" or rel.parts[0] in ("assets", "search"):
            continue
        kinds.setdefault(page_kind(rel), []).append(path)
    out = {}
    for kind, paths in sorted(kinds.items()):
        sizes = sorted((p.stat().st_size, p) for p in paths)
        html_bytes, page = sizes[len(sizes) // 2]
        assets = set()
        for ref in _ASSET.findall(page.read_text(encoding="utf-8")):
            if "://" in ref or ref.startswith(("data:", "//")):
                continue
            target = (page.parent / ref).resolve()
            if target.is_file() and target.suffix != ".html":
                assets.add(target)
        asset_bytes = sum(a.stat().st_size for a in assets)
        out[kind] = {"pages": len(paths), "html_median": html_bytes,
                     "html_max": sizes[-1][0], "assets": asset_bytes,
                     "total_median": html_bytes + asset_bytes,
                     "example": page.relative_to(site).as_posix()}
    search = {p.name: p.stat().st_size for p in sorted((site / "search").glob("search_index*"))}
    site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return out, {"files": search, "site_bytes": site_bytes,
                 "html_pages": sum(k["pages"] for k in out.values())}


# --- preview ---------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, text: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in _fetch(url):
            return time.perf_counter() - start
        time.sleep(0.01)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")


def preview(root: Path, work: Path, edits: int) -> dict:
    """Seconds from saving a data file to `mkdocs serve` serving the rebuilt page."""
    project = synth.make_project(root, work / "preview", 1)
    review = sorted((project / "data" / "reviews").glob("*.yaml"))[0]
    port = _free_port()
    url = f"http://127.0.0.1:{port}/reviews/{review.stem}.html"
    stderr = open(work / "preview-serve.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f",
         str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=stderr,
        start_new_session=True)
    samples = []
    try:
        original = review.read_text(encoding="utf-8")
        name = re.search(r"^name: *(.*)$", original, re.M)
        if not name:
            raise RuntimeError(f"{review} has no top-level name: line to edit")
        first_build = _wait_for(url, "</html>", 900)
        time.sleep(1.0)
        for i in range(edits):
            marker = f"Bench edit {i} {os.getpid()}"
            text = original[: name.start(1)] + marker + original[name.end(1):]
            start = time.perf_counter()
            review.write_text(text, encoding="utf-8")
            _wait_for(url, marker, 300)
            samples.append(time.perf_counter() - start)
            log(f"preview edit {i}: {samples[-1]:.2f} s")
            time.sleep(max(1.5, 1.5 * samples[-1]))  # let a follow-up rebuild settle
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        stderr.close()
    return {"seconds": median(samples), "samples": samples, "first_build_seconds": first_build,
            "page": url.split(f"{port}/", 1)[1],
            "method": "mkdocs serve --livereload in a subprocess (what `make serve` runs); a "
                      "review's name is edited in data/reviews/<id>.yaml and its page is polled "
                      "every 10 ms until the new name is served"}


# --- scaling ---------------------------------------------------------------------------------

def scaling(root: Path, work: Path, factors: list[int], runs: int) -> list[dict]:
    out = []
    for factor in factors:
        project = work / f"x{factor}"
        if factor != 1 or not project.exists():
            log(f"synthesizing ×{factor}")
            synth.make_project(root, project, factor)
        counts = synth.entity_counts(project / "data")
        n = runs if factor <= 10 else 1
        core = child("stages", project)
        builds = [child("build", project, work / f"site-x{factor}") for _ in range(n)]
        seconds = median(b["seconds"] for b in builds)
        pages = sum(1 for _ in (work / f"site-x{factor}").rglob("*.html"))
        row = {"factor": factor, "entities": core["entities"], "seconds": seconds,
               "peak_mb": max(b["peak_mb"] for b in builds),
               "seconds_per_entity": seconds / core["entities"],
               "activities": counts.get("activity", 0), "pages": pages, "runs": n,
               "stages": {k: core[k] for k in ("load", "validate", "model", "render", "write")},
               "entities_by_kind": core["entities_by_kind"]}
        log(f"×{factor}: {row['entities']} entities, {pages} pages, {seconds:.1f} s, "
            f"{row['peak_mb']:.0f} MB")
        out.append(row)
        if factor != 1:
            shutil.rmtree(work / f"site-x{factor}", ignore_errors=True)
    return out


def linearity(rows: list[dict]) -> dict:
    per = [r["seconds_per_entity"] for r in rows]
    out = {"per_entity_spread": max(per) / min(per) - 1 if per else 0.0}
    if len(rows) >= 2:  # cost of one more entity between the two largest sizes: fixed cost removed
        a, b = rows[-2], rows[-1]
        out["marginal_seconds_per_entity"] = (b["seconds"] - a["seconds"]) / (
            b["entities"] - a["entities"])
        out["growth_exponent"] = _exponent(a, b)
    return out


def _exponent(a: dict, b: dict) -> float:
    """k in seconds ∝ entities^k between two sizes (1 = linear, 2 = quadratic)."""
    import math

    return math.log(b["seconds"] / a["seconds"]) / math.log(b["entities"] / a["entities"])


# --- plot ------------------------------------------------------------------------------------

def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [r["entities"] for r in rows]
    fig, (left, mid, right) = plt.subplots(1, 3, figsize=(13, 4))
    left.plot(xs, [r["seconds"] for r in rows], "o-", label="pipeline build")
    for stage in ("load", "validate", "model", "render"):
        left.plot(xs, [r["stages"][stage] for r in rows], ".--", label=stage)
    base = rows[0]
    left.plot(xs, [base["seconds"] * x / base["entities"] for x in xs], ":", color="grey",
              label="linear from ×1")
    left.set(xscale="log", yscale="log", xlabel="entities", ylabel="seconds",
             title="Build time")
    left.legend(fontsize=7)
    mid.plot(xs, [r["seconds_per_entity"] * 1000 for r in rows], "o-")
    last = rows[-1]["seconds_per_entity"] * 1000
    mid.axhspan(last * 0.8, last * 1.2, color="green", alpha=0.15, label="±20 % of largest")
    mid.set(xscale="log", xlabel="entities", ylabel="ms per entity", title="Cost per entity")
    mid.legend(fontsize=7)
    right.plot(xs, [r["peak_mb"] for r in rows], "o-", color="purple")
    right.set(xscale="log", xlabel="entities", ylabel="MB", title="Peak memory (build)")
    for ax in (left, mid, right):
        for r in rows:
            ax.annotate(f"×{r['factor']}", (r["entities"], ax.get_lines()[0].get_ydata()[
                rows.index(r)]), textcoords="offset points", xytext=(4, 4), fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


# --- main ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="×1 and ×10, one run each (CI)")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for results.json/png")
    parser.add_argument("--root", type=Path, default=ROOT, help="project to measure")
    parser.add_argument("--work", type=Path, default=None, help="scratch (default OUT/work)")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default 5)")
    parser.add_argument("--factors", default=None, help="default 1,10,100 (quick: 1,10)")
    parser.add_argument("--edits", type=int, default=None, help="preview edits (default 5)")
    parser.add_argument("--no-profile", action="store_true", help="skip cProfile at the top size")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 5)
    factors = [int(f) for f in (args.factors or ("1,10" if args.quick else "1,10,100")).split(",")]
    if factors[0] != 1:
        factors.insert(0, 1)
    root = args.root.resolve()
    out = args.out.resolve()
    work = (args.work or out / "work").resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started = time.perf_counter()

    results: dict = {"date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                     "mode": "quick" if args.quick else "full", "runs": runs,
                     "machine": machine(), "goals": dict(GOALS)}
    log("×1 project (the real data)")
    project = synth.make_project(root, work / "x1", 1)
    stages, overhead = stages_and_overhead(project, work, runs)
    results["stages"] = stages
    results["overhead_ratio"] = overhead["ratio"]
    results["overhead"] = overhead
    page_bytes, search = page_weight(work / "site-pipeline")
    results["page_bytes"] = page_bytes
    results["search_index_bytes"] = search["files"].get("search_index.json",
                                                        sum(search["files"].values()))
    results["site"] = search
    log("preview latency")
    prev = preview(root, work, args.edits or (2 if args.quick else 5))
    results["preview_seconds"] = prev["seconds"]
    results["preview"] = prev
    results["scaling"] = scaling(root, work, factors, runs)
    results["linearity"] = linearity(results["scaling"])
    if not args.quick and not args.no_profile:
        top = factors[-1]
        log(f"profiling the ×{top} build")
        results["profile"] = {"factor": top, **child("profile", work / f"x{top}",
                                                     work / f"site-x{top}-profile")}
    results["met"] = {
        "overhead_ratio": results["overhead_ratio"] <= GOALS["overhead_ratio"],
        "preview_seconds": results["preview_seconds"] < GOALS["preview_seconds"],
        "per_entity_spread": results["linearity"]["per_entity_spread"]
        <= GOALS["per_entity_spread"]}
    results["bench_seconds"] = time.perf_counter() - started

    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    plot(results["scaling"], out / "scaling.png")
    shutil.rmtree(work, ignore_errors=True)
    log(f"wrote {out / 'results.json'} and {out / 'scaling.png'} "
        f"in {results['bench_seconds']:.0f} s")
    print(json.dumps({k: results[k] for k in ("overhead_ratio", "preview_seconds", "met")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
