"""`make bench`: what the data pipeline costs, how fast a preview is, how the build scales.

Writes bench/results.json and bench/scaling.png. Every build runs in a fresh process
(bench/measure.py) on a copy of the project under bench/work/, so the real content/ is never
touched; the median of several runs is reported. `--quick` (CI) measures ×1 and ×10 once.

    python bench/run.py [--quick | --lighthouse-only | --search-only] [--out DIR] [--runs N]
                        [--factors 1,10,100]

- stages: load, validate, model, render, write (the core, timed in one process), mkdocs_build
  (the plain build below) and pipeline_build (`python -m macros build`), real data.
- overhead_ratio: pipeline build / plain build. The plain build is the exact Markdown MkDocs
  saw (`python -m macros generate` + hand-written pages with their macros expanded), built
  with the same theme, plugins and nav, minus the macros plugin. Runs alternate, ratio per pair.
- scaling: bench/synth.py multiplies reviews, SMFs (with activities), roles and terms.
- preview_seconds: `make serve`'s mkdocs runs in a subprocess; a line of a review's text (its
  focus) is edited in its data file and the page is polled until the new text is served (save ->
  rebuilt page). preview.rename: the same for its name, which is in the nav (every page again).
- page_bytes: per kind of page, the median page's HTML and the CSS/JS/images it loads.
- search_relevance: the query set (tests/search_queries.yaml) on the ×1 site's own search
  (bench/search_relevance.py); per scaling row, search_index (Material's index of the ×N pages,
  bench/search_index.py) and first_search (what a first search downloads on the built site).
  `--search-only` measures these alone (and the sharded search at ×1) into `search_scale`.
- lighthouse (full runs and `--lighthouse-only`): bench/lighthouse.py on five pages, mobile and
  desktop. `--lighthouse-only` builds once and measures page_bytes and Lighthouse only, merging
  them into the existing results.json.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shlex
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

import lighthouse  # noqa: E402
import search_index  # noqa: E402
import search_relevance  # noqa: E402
import synth  # noqa: E402

GOALS = {
    "overhead_ratio": 1.15,  # cold: no .cache, as on a fresh clone
    "overhead_ratio_warm": 1.03,  # the same data built again
    "preview_seconds": 1.0,
    "per_entity_spread": 0.20,
    "largest_page_growth": 2.0,  # largest page at the top size / at ×1
    "search_top3": search_relevance.GOAL_TOP3,
    "first_search_bytes": search_index.FIRST_SEARCH_GOAL,
}
CACHE = ".cache"  # the build's caches under a project (macros/session.py)
# Python writes the bytecode of the project copy's code (bench/work/, removed afterwards) as it
# does in a checkout: the first build compiles it, the next ones read it. clear_cache removes
# it with `.cache/` for a cold build.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "NO_MKDOCS_2_WARNING": "1",
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def child(command: str, *args: Path | str, budget: float = 0) -> dict:
    """Run one measurement in a fresh interpreter; return its JSON result. With a budget, a
    build stops itself after that many seconds and says so; other steps are killed."""
    env = {**ENV, "BENCH_BUDGET": str(budget)}
    proc = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), command, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=budget * 1.5 + 120 if budget else None,
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("BENCH-RESULT "):
            return json.loads(line.removeprefix("BENCH-RESULT "))
    raise RuntimeError(
        f"measure.py {command} failed ({proc.returncode}):\n" + (proc.stdout + proc.stderr)[-4000:]
    )


@contextlib.contextmanager
def edited_data(project: Path):
    """One data file's bytes changed for the length of the block (a comment line added to the
    first review), then put back: every other file's parse and check stay in `.cache`."""
    review = sorted((project / "data" / "reviews").glob("*.yaml"))[0]
    original = review.read_bytes()
    review.write_bytes(original + b"\n# edited by bench/run.py\n")
    try:
        yield review
    finally:
        review.write_bytes(original)


def clear_cache(project: Path) -> None:
    """Remove a project's build caches, its code's compiled bytecode and the generated pages in
    its content/ (as on a fresh clone); fail if the caches are still there."""
    from macros.core.site.output import generated_folders

    shutil.rmtree(project / CACHE, ignore_errors=True)
    for compiled in (project / "macros").rglob("__pycache__"):
        shutil.rmtree(compiled, ignore_errors=True)
    for folder in generated_folders(project / "content"):
        shutil.rmtree(folder, ignore_errors=True)
    if (project / CACHE).exists() or (project / CACHE).is_symlink():
        raise RuntimeError(f"{project / CACHE} could not be removed: a cold build would be warm")


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
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "memory_gib": mem_gib,
        "mkdocs": version("mkdocs"),
        "mkdocs_material": version("mkdocs-material"),
        "mkdocs_macros_plugin": version("mkdocs-macros-plugin"),
    }


# --- stages and overhead -------------------------------------------------------------------


def stages_and_overhead(project: Path, work: Path, runs: int) -> tuple[dict, dict]:
    plain_dir = work / "plain"
    captured = child("capture", project, plain_dir)
    log(f"plain pages: {captured['pages']} ({captured['expanded_pages']} with macros expanded)")
    core = [child("stages", project) for _ in range(runs)]
    names = ("load", "validate", "model", "render", "write")
    stages = {k: median(r[k] for r in core) for k in names}
    stages["cpu"] = {k: median(r["cpu"][k] for r in core) for k in names}
    pairs = []
    for _ in range(runs):  # alternate, so a drift in machine speed hits both alike
        clear_cache(project)  # cold: as on a fresh clone
        pipe = child("build", project, work / "site-pipeline")
        plain = child("plain", project, work / "site-plain", plain_dir)
        warm = child("build", project, work / "site-pipeline")  # the same data again
        with edited_data(project):  # a contributor's save: one file's bytes changed
            edited = child("build", project, work / "site-pipeline")
        pairs.append(
            {
                "pipeline": pipe["seconds"],
                "plain": plain["seconds"],
                "warm": warm["seconds"],
                "edited": edited["seconds"],
                "ratio_edited": edited["seconds"] / plain["seconds"],
                "ratio_edited_cpu": edited["cpu_seconds"] / plain["cpu_seconds"],
                "ratio": pipe["seconds"] / plain["seconds"],
                "ratio_warm": warm["seconds"] / plain["seconds"],
                "pipeline_cpu": pipe["cpu_seconds"],
                "plain_cpu": plain["cpu_seconds"],
                "warm_cpu": warm["cpu_seconds"],
                "ratio_cpu": pipe["cpu_seconds"] / plain["cpu_seconds"],
                "ratio_warm_cpu": warm["cpu_seconds"] / plain["cpu_seconds"],
            }
        )
        log(
            f"pipeline {pipe['seconds']:.2f} s ({pipe['cpu_seconds']:.2f} CPU), "
            f"plain {plain['seconds']:.2f} s ({plain['cpu_seconds']:.2f} CPU), "
            f"unchanged data {warm['seconds']:.2f} s ({warm['cpu_seconds']:.2f} CPU)"
        )
    stages["mkdocs_build"] = median(p["plain"] for p in pairs)
    stages["pipeline_build"] = median(p["pipeline"] for p in pairs)
    stages["cpu"]["mkdocs_build"] = median(p["plain_cpu"] for p in pairs)
    stages["cpu"]["pipeline_build"] = median(p["pipeline_cpu"] for p in pairs)
    overhead = {
        "ratio": median(p["ratio"] for p in pairs),
        "ratio_cpu": median(p["ratio_cpu"] for p in pairs),
        "ratio_warm": median(p["ratio_warm"] for p in pairs),
        "ratio_warm_cpu": median(p["ratio_warm_cpu"] for p in pairs),
        "ratio_edited": median(p["ratio_edited"] for p in pairs),
        "ratio_edited_cpu": median(p["ratio_edited_cpu"] for p in pairs),
        "warm_seconds": median(p["warm"] for p in pairs),
        "pipeline_seconds": stages["pipeline_build"],
        "plain_seconds": stages["mkdocs_build"],
        "pipeline_cpu_seconds": stages["cpu"]["pipeline_build"],
        "plain_cpu_seconds": stages["cpu"]["mkdocs_build"],
        "pairs": pairs,
        "pages": captured["pages"],
        "entities": core[0]["entities"],
        "entities_by_kind": core[0]["entities_by_kind"],
    }
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
        out[kind] = {
            "pages": len(paths),
            "html_median": html_bytes,
            "html_max": sizes[-1][0],
            "largest": sizes[-1][1].relative_to(site).as_posix(),
            "assets": asset_bytes,
            "total_median": html_bytes + asset_bytes,
            "example": page.relative_to(site).as_posix(),
        }
    search = {p.name: p.stat().st_size for p in sorted((site / "search").glob("search_index*"))}
    site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return out, {
        "files": search,
        "site_bytes": site_bytes,
        "html_pages": sum(k["pages"] for k in out.values()),
    }


# --- search ----------------------------------------------------------------------------------


def with_browser(measure, site: Path) -> dict:
    """measure(site, browser) in headless Chromium (bench/search_relevance.py); {"error": ...}
    when it cannot run (no Chromium): the other figures still count."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = search_relevance.launch(p)
            try:
                return measure(site, browser)
            finally:
                browser.close()
    except Exception as exc:
        log(f"{measure.__name__} not measured: {exc}")
        return {"error": str(exc)}


def first_search_bytes(row: dict) -> float:
    """What a first search downloads at a row's size: measured on its built site, else (the
    build did not finish) the whole search index, which is what Material's search loads."""
    measured = (row.get("first_search") or {}).get("bytes")
    return measured if measured is not None else row.get("search_index_bytes", float("inf"))


def relevance(site: Path) -> dict:
    """Top-1 and top-3 hit rates of the query set on a built site, from its own search (the
    search worker, or Pagefind on a sharded site)."""
    return with_browser(search_relevance.evaluate, site)


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


def serve_recipe(target: str) -> tuple[dict, list[str]]:
    """The environment and mkdocs arguments of a Makefile target (`serve`, `serve-full`), so
    the preview is measured the way `make serve` runs, whatever it is changed to."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(target)}:.*\n\t(.+)$", text, re.M)
    if not found:
        raise RuntimeError(f"no `{target}` target in the Makefile")
    words = shlex.split(found.group(1))
    env = {}
    while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
        key, _, value = words.pop(0).partition("=")
        env[key] = value
    if not words or not words[0].endswith("mkdocs"):
        raise RuntimeError(f"`make {target}` does not run mkdocs: {found.group(1)}")
    return env, words[1:]


# What a preview edit changes in the review's data file: `text`, one line of its focus (the
# common save: the review page and two others change), or `rename`, its name (the name is in the
# nav, so every page is rendered again, and on ~60 pages that list the review).
EDITS = {"text": "focus", "rename": "name"}


def preview(
    root: Path, work: Path, edits: int, target: str = "serve", change: str = "text"
) -> dict:
    """Seconds from saving a data file to `make <target>` serving the rebuilt page."""
    project = synth.make_project(root, work / f"preview-{target}-{change}", 1)
    review = sorted((project / "data" / "reviews").glob("*.yaml"))[0]
    port = _free_port()
    url = f"http://127.0.0.1:{port}/reviews/{review.stem}.html"
    env, args = serve_recipe(target)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        *args,
        "-f",
        str(project / "mkdocs.yml"),
        "-a",
        f"127.0.0.1:{port}",
    ]
    stderr = open(work / f"preview-{target}.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        command,
        cwd=project,
        env={**ENV, **env},
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        start_new_session=True,
    )
    samples: list[float] = []
    cpu_samples: list[float] = []
    try:
        original = review.read_text(encoding="utf-8")
        key = EDITS[change]
        name = re.search(rf"^{key}: *(.*)$", original, re.M)
        if not name:
            raise RuntimeError(f"{review} has no top-level {key}: line to edit")
        first_build = _wait_for(url, "</html>", 900)
        time.sleep(2.0)
        for i in range(edits):
            marker = f"Bench edit {i} {os.getpid()}"
            text = original[: name.start(1)] + marker + original[name.end(1) :]
            cpu = _cpu_of(proc.pid)
            start = time.perf_counter()
            review.write_text(text, encoding="utf-8")
            _wait_for(url, marker, 300)
            samples.append(time.perf_counter() - start)
            cpu_samples.append(_cpu_of(proc.pid) - cpu)
            log(
                f"make {target}, {change} edit {i}: {samples[-1]:.2f} s "
                f"({cpu_samples[-1]:.2f} s CPU)"
            )
            time.sleep(max(2.0, 1.5 * samples[-1]))  # let a follow-up rebuild settle
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        stderr.close()
    shown = " ".join(f"{k}={v}" for k, v in env.items()) + " mkdocs " + " ".join(args)
    return {
        "seconds": median(samples),
        "samples": samples,
        "cpu_seconds": median(cpu_samples),
        "cpu_samples": cpu_samples,
        "first_build_seconds": first_build,
        "command": shown.strip(),
        "page": url.split(f"{port}/", 1)[1],
        "change": change,
        "method": f"`make {target}` ({shown.strip()}) in a subprocess on a copy of the project; "
        f"a review's `{EDITS[change]}` is edited in data/reviews/<id>.yaml and its page is "
        "polled every 10 ms until the new text is served; CPU is the server process's",
    }


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- scaling ---------------------------------------------------------------------------------


def scaling(root: Path, work: Path, factors: list[int], runs: int, budget: float) -> list[dict]:
    out = []
    for factor in factors:
        project = work / f"x{factor}"
        if factor != 1 or not project.exists():
            log(f"synthesizing ×{factor}")
            synth.make_project(root, project, factor)
        counts = synth.entity_counts(project / "data")
        row: dict = {
            "factor": factor,
            "entities": sum(v for k, v in counts.items() if k != "activity"),
            "activities": counts.get("activity", 0),
            "entities_by_kind": counts,
        }
        try:
            core = child("stages", project, budget=budget if factor > 10 else 0)
            row["entities"] = core["entities"]
            row["entities_by_kind"] = core["entities_by_kind"]
            row["generated_pages"] = core["generated_pages"]
            row["stages"] = {k: core[k] for k in ("load", "validate", "model", "render", "write")}
            row["stages_cpu"] = core["cpu"]
            row["core_cpu_seconds"] = sum(core["cpu"].values())
            # The search index of the pages `stages` generated (bench/search_index.py).
            try:
                index = child("search-index", project, budget=budget if factor > 10 else 0)
                row["search_index_bytes"] = index["index_bytes"]
                log(f"×{factor}: search index {index['index_bytes'] / 1e6:.1f} MB")
            except subprocess.TimeoutExpired:
                index = {"timed_out_after": budget * 1.5 + 120}
            row["search_index"] = index
        except subprocess.TimeoutExpired:
            row["stages"] = None
            row["stages_timed_out_after"] = budget * 1.5 + 120
        n = runs if factor <= 10 else 1
        builds = []
        for _ in range(n):  # cold builds, each without the cache of the one before
            clear_cache(project)
            limit = budget if factor > 10 else 0
            builds.append(child("build", project, work / f"site-x{factor}", budget=limit))
        done = [b for b in builds if not b.get("timed_out")]
        row.update(runs=n, peak_mb=max(b["peak_mb"] for b in builds))
        if done:
            row["seconds"] = median(b["seconds"] for b in done)
            row["cpu_seconds"] = median(b["cpu_seconds"] for b in done)
            row["seconds_per_entity"] = row["seconds"] / row["entities"]
            row["cpu_seconds_per_entity"] = row["cpu_seconds"] / row["entities"]
            weight, site = page_weight(work / f"site-x{factor}")
            row["pages"] = site["html_pages"]
            row["site_bytes"] = site["site_bytes"]
            row["search_index_bytes"] = sum(site["files"].values())
            row["largest_page_bytes"] = max(w["html_max"] for w in weight.values())
            row["largest_page"] = max(weight.values(), key=lambda w: w["html_max"])["largest"]
            row["html_median_by_kind"] = {k: w["html_median"] for k, w in weight.items()}
            row["html_max_by_kind"] = {k: w["html_max"] for k, w in weight.items()}
            # A reader's first search on this site: Material's whole index, or Pagefind's
            # fragments above 5 MB of index (macros/search_shards.py).
            row["first_search"] = with_browser(
                search_relevance.first_search, work / f"site-x{factor}"
            )
            log(
                f"×{factor}: {row['entities']} entities, {row['pages']} pages, "
                f"{row['seconds']:.1f} s ({row['cpu_seconds']:.1f} s CPU), "
                f"{row['peak_mb']:.0f} MB"
            )
        else:
            row.update(
                seconds=None,
                cpu_seconds=None,
                seconds_per_entity=None,
                cpu_seconds_per_entity=None,
                timed_out=True,
                budget_seconds=budget,
                pages_written=builds[0]["pages_written"],
            )
            log(
                f"×{factor}: build stopped after {budget:.0f} s with "
                f"{row['pages_written']} pages written"
            )
        out.append(row)
        if factor != 1:
            shutil.rmtree(work / f"site-x{factor}", ignore_errors=True)
    return out


def linearity(rows: list[dict]) -> dict:
    """Per-entity CPU cost across the sizes that finished; growth between the two largest."""
    done = [r for r in rows if r.get("cpu_seconds")]
    per = [r["cpu_seconds_per_entity"] for r in done]
    out: dict = {
        "basis": "cpu_seconds",
        "sizes": [r["factor"] for r in done],
        "per_entity_spread": max(per) / min(per) - 1 if per else None,
    }
    if len(done) >= 2:  # the cost of one more entity, the fixed start-up cost taken out
        a, b = done[-2], done[-1]
        out["marginal_cpu_seconds_per_entity"] = (b["cpu_seconds"] - a["cpu_seconds"]) / (
            b["entities"] - a["entities"]
        )
        out["growth_exponent"] = _exponent(a["cpu_seconds"], b["cpu_seconds"], a, b)
    core = [r for r in rows if r.get("core_cpu_seconds")]
    if len(core) >= 2:
        a, b = core[-2], core[-1]
        out["core_growth_exponent"] = _exponent(a["core_cpu_seconds"], b["core_cpu_seconds"], a, b)
        out["core_sizes"] = [a["factor"], b["factor"]]
    return out


def _exponent(ya: float, yb: float, a: dict, b: dict) -> float:
    """k in cost ∝ entities^k between two sizes (1 = linear, 2 = quadratic)."""
    import math

    return math.log(yb / ya) / math.log(b["entities"] / a["entities"])


# --- plot ------------------------------------------------------------------------------------


def plot(rows: list[dict], path: Path) -> None:
    """Build and stage CPU seconds, CPU per entity, and peak memory against entities."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, mid, right) = plt.subplots(1, 3, figsize=(14, 4.2))
    done = [r for r in rows if r.get("cpu_seconds")]
    staged = [r for r in rows if r.get("stages_cpu")]

    def xs(rs):
        return [r["entities"] for r in rs]

    left.plot(xs(done), [r["cpu_seconds"] for r in done], "o-", lw=2, label="whole build")
    for stage in ("load", "validate", "model", "render"):
        left.plot(xs(staged), [r["stages_cpu"][stage] for r in staged], ".--", label=stage)
    if done:
        base = done[0]
        ref = [r["entities"] for r in rows]
        left.plot(
            ref,
            [base["cpu_seconds"] * x / base["entities"] for x in ref],
            ":",
            color="grey",
            label="linear from ×1",
        )
    for r in rows:
        if r.get("timed_out"):
            left.axvline(r["entities"], color="red", alpha=0.4)
            left.annotate(
                f"×{r['factor']} build\nstopped after\n{r['budget_seconds']:.0f} s",
                (r["entities"], 0.03),
                xycoords=("data", "axes fraction"),
                fontsize=7,
                color="red",
                ha="right",
                xytext=(-4, 0),
                textcoords="offset points",
            )
    left.set(
        xscale="log",
        yscale="log",
        xlabel="entities",
        ylabel="CPU seconds",
        title="Build time (CPU)",
    )
    left.legend(fontsize=7)
    mid.plot(
        xs(done), [r["cpu_seconds_per_entity"] * 1000 for r in done], "o-", label="whole build"
    )
    mid.plot(
        xs(staged),
        [r["core_cpu_seconds"] / r["entities"] * 1000 for r in staged],
        "s--",
        label="data pipeline only",
    )
    if done:
        last = done[-1]["cpu_seconds_per_entity"] * 1000
        mid.axhspan(last * 0.8, last * 1.2, color="green", alpha=0.15, label="±20 % of largest")
    mid.set(xscale="log", xlabel="entities", ylabel="CPU ms per entity", title="Cost per entity")
    mid.legend(fontsize=7)
    right.plot(xs(rows), [r["peak_mb"] for r in rows], "o-", color="purple")
    right.set(xscale="log", xlabel="entities", ylabel="MB", title="Peak memory (build process)")
    for r in rows:
        for ax, y in (
            (right, r["peak_mb"]),
            (mid, (r.get("cpu_seconds_per_entity") or 0) * 1000),
            (left, r.get("cpu_seconds")),
        ):
            if y:
                ax.annotate(
                    f"×{r['factor']}",
                    (r["entities"], y),
                    textcoords="offset points",
                    xytext=(4, 4),
                    fontsize=7,
                )
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def lighthouse_only(root: Path, out: Path, runs: int) -> int:
    """`--lighthouse-only`: build the project once, then page weight and Lighthouse; merge both
    into OUT/results.json (its other figures are kept)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        site = lighthouse.build(root, Path(tmp) / "site")
        page_bytes, search = page_weight(site)
        result = lighthouse.measure(site, runs)
    out.mkdir(parents=True, exist_ok=True)
    lighthouse.merge(out / "results.json", "page_bytes", page_bytes)
    lighthouse.merge(
        out / "results.json",
        "search_index_bytes",
        search["files"].get("search_index.json", sum(search["files"].values())),
    )
    lighthouse.merge(out / "results.json", "site", search)
    lighthouse.merge(out / "results.json", "lighthouse", result)
    log(f"wrote Lighthouse and page weight into {out / 'results.json'}; met: {result['met']}")
    return 0


def search_only(root: Path, out: Path, factors: list[int]) -> int:
    """`--search-only`: the query set's hit rates and a first search on the built ×1 site (and
    on the same site with its sharded search forced), and the search index at each factor
    (bench/search_index.py on the ×N pages); merged into OUT/results.json as
    `search_relevance` and `search_scale` (its other figures are kept)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        site = lighthouse.build(root, Path(tmp) / "site")
        relevance_ = relevance(site)
        first = with_browser(search_relevance.first_search, site)
        os.environ["MOF_SEARCH_SHARDS"] = "always"
        try:
            sharded = lighthouse.build(root, Path(tmp) / "sharded")
        finally:
            del os.environ["MOF_SEARCH_SHARDS"]
        sharded_relevance = relevance(sharded)
        sharded_first = with_browser(search_relevance.first_search, sharded)
        rows = []
        for factor in factors:
            log(f"search index at ×{factor}")
            project = synth.make_project(root, Path(tmp) / f"x{factor}", factor)
            index = search_index.measure(project)
            rows.append({"factor": factor, **index})
            log(f"×{factor}: {index['index_bytes'] / 1e6:.1f} MB ({index['seconds']:.0f} s)")
            shutil.rmtree(project, ignore_errors=True)
    scale = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "first_search": {"x1": first, "x1_sharded": sharded_first},
        "sharded_relevance": sharded_relevance,
        "index": rows,
    }
    out.mkdir(parents=True, exist_ok=True)
    lighthouse.merge(out / "results.json", "search_relevance", relevance_)
    lighthouse.merge(out / "results.json", "search_scale", scale)
    log(f"wrote search figures into {out / 'results.json'}")
    return 0


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
    parser.add_argument(
        "--no-lighthouse", action="store_true", help="keep the last Lighthouse figures"
    )
    parser.add_argument(
        "--lighthouse-only",
        action="store_true",
        help="only Lighthouse and page weight on a fresh build (bench/lighthouse.py)",
    )
    parser.add_argument(
        "--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page and form"
    )
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="only search relevance and the search index at --factors (default 1,10)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=1800,
        help="seconds a build above ×10 may take before it is stopped",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 5)
    factors = [int(f) for f in (args.factors or ("1,10" if args.quick else "1,10,100")).split(",")]
    if factors[0] != 1:
        factors.insert(0, 1)
    root = args.root.resolve()
    out = args.out.resolve()
    if args.lighthouse_only:
        return lighthouse_only(root, out, args.lighthouse_runs)
    if args.search_only:
        return search_only(root, out, [int(f) for f in (args.factors or "1,10").split(",")])
    work = (args.work or out / "work").resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started = time.perf_counter()

    results: dict = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "runs": runs,
        "machine": machine(),
        "goals": dict(GOALS),
    }
    log("×1 project (the real data)")
    project = synth.make_project(root, work / "x1", 1)
    stages, overhead = stages_and_overhead(project, work, runs)
    results["stages"] = stages
    results["overhead_ratio"] = overhead["ratio"]
    results["overhead"] = overhead
    page_bytes, search = page_weight(work / "site-pipeline")
    results["page_bytes"] = page_bytes
    results["search_index_bytes"] = search["files"].get(
        "search_index.json", sum(search["files"].values())
    )
    results["site"] = search
    log("search relevance (tests/search_queries.yaml)")
    results["search_relevance"] = relevance(work / "site-pipeline")
    if not args.quick and not args.no_lighthouse:  # needs npm and the registry: not in CI
        log("Lighthouse")
        results["lighthouse"] = lighthouse.measure(work / "site-pipeline", args.lighthouse_runs)
    log("preview latency")
    edits = args.edits or (2 if args.quick else 5)
    prev = preview(root, work, edits, "serve")
    prev["rename"] = preview(root, work, edits, "serve", "rename")
    if not args.quick:
        prev["full_rebuild"] = preview(root, work, edits, "serve-full")
    results["preview_seconds"] = prev["seconds"]
    results["preview"] = prev
    results["scaling"] = scaling(root, work, factors, runs, args.budget)
    results["linearity"] = linearity(results["scaling"])
    if not args.quick and not args.no_profile:
        top = factors[-1]
        log(f"profiling the ×{top} build (at most {args.budget:.0f} s)")
        results["profile"] = {
            "factor": top,
            **child("profile", work / f"x{top}", work / f"site-x{top}-profile", budget=args.budget),
        }
    spread = results["linearity"]["per_entity_spread"]
    done = [r for r in results["scaling"] if r.get("largest_page_bytes")]
    results["largest_page_growth"] = (
        done[-1]["largest_page_bytes"] / done[0]["largest_page_bytes"] if done else None
    )
    top = results["scaling"][-1]
    results["met"] = {
        "search_top3": (results["search_relevance"].get("top3") or 0) >= GOALS["search_top3"],
        "first_search_bytes": first_search_bytes(top) <= GOALS["first_search_bytes"],
        "overhead_ratio": results["overhead_ratio"] <= GOALS["overhead_ratio"],
        "overhead_ratio_warm": overhead["ratio_warm"] <= GOALS["overhead_ratio_warm"],
        "largest_page_growth": results["largest_page_growth"] is not None
        and results["largest_page_growth"] <= GOALS["largest_page_growth"],
        "preview_seconds": results["preview_seconds"] < GOALS["preview_seconds"],
        "per_entity_spread": spread is not None
        and spread <= GOALS["per_entity_spread"]
        and not any(r.get("timed_out") for r in results["scaling"]),
    }
    results["bench_seconds"] = time.perf_counter() - started

    out.mkdir(parents=True, exist_ok=True)
    previous = out / "results.json"
    if "lighthouse" not in results and previous.is_file():  # keep the last Lighthouse figures
        kept = json.loads(previous.read_text(encoding="utf-8")).get("lighthouse")
        if kept:
            results["lighthouse"] = kept
    previous.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    plot(results["scaling"], out / "scaling.png")
    if not args.quick and out == HERE:  # a full run into bench/: the README shows its figures
        import report

        report.write_readme(report.report(results))
    shutil.rmtree(work, ignore_errors=True)
    log(
        f"wrote {out / 'results.json'} and {out / 'scaling.png'} "
        f"in {results['bench_seconds']:.0f} s"
    )
    print(json.dumps({k: results[k] for k in ("overhead_ratio", "preview_seconds", "met")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
