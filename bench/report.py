"""The figures of bench/results.json as the Markdown tables the README shows.

    python bench/report.py [bench/results.json]            # print them
    python bench/report.py --readme [bench/results.json]   # rewrite README's "Latest figures"

`--readme` replaces what stands between the README's `<!-- bench:start -->` and
`<!-- bench:end -->` lines; `make bench` runs it after a full run.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _s(value, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _kb(value) -> str:
    return "–" if value is None else f"{value / 1024:,.0f} KB"


def _mb(results: dict) -> str:
    top = (results.get("scaling") or [{}])[-1]
    found = (top.get("first_search") or {}).get("bytes", top.get("search_index_bytes"))
    return "–" if found is None else f"{found / 1e6:.1f} MB"


def report(results: dict) -> str:
    m = results["machine"]
    st, ov, pv = results["stages"], results["overhead"], results["preview"]
    cpu = st.get("cpu", {})
    met = results.get("met", {})

    goals = results.get("goals", {})

    def verdict(key: str) -> str:
        return "met" if met.get(key) else "**missed**"

    def goal(key: str, text: str) -> str:
        return f"{text.format(goals[key])}: {verdict(key)}" if key in goals else ""

    lines = [
        "![Build time, cost per entity and peak memory at each size](bench/scaling.png)",
        "",
        f"Measured {results['date'][:10]} ({results['mode']} run, median of {results['runs']}) "
        f"on {m['cores']} cores, Python {m['python']}, MkDocs {m['mkdocs']}, "
        f"Material {m['mkdocs_material']}.",
        "",
        "| figure | wall | CPU | goal |",
        "| --- | --- | --- | --- |",
        f"| overhead_ratio, cold (pipeline build without `.cache` / plain MkDocs build) "
        f"| {_s(ov['ratio'])} | {_s(ov.get('ratio_cpu'))} "
        f"| {goal('overhead_ratio', '≤ {}')} |",
        f"| overhead_ratio, unchanged data (the same build again, `.cache` kept) "
        f"| {_s(ov.get('ratio_warm'))} | {_s(ov.get('ratio_warm_cpu'))} "
        f"| {goal('overhead_ratio_warm', '≤ {}')} |",
        f"| overhead_ratio, one data file edited (the build after a save: the other files' "
        f"parses and schema checks and the compiled templates kept in `.cache`) "
        f"| {_s(ov.get('ratio_edited'))} | {_s(ov.get('ratio_edited_cpu'))} | |",
        f"| pipeline build, real data (`make site`) | {_s(ov['pipeline_seconds'])} s "
        f"| {_s(ov.get('pipeline_cpu_seconds'))} s | |",
        f"| plain MkDocs build of the same Markdown | {_s(ov['plain_seconds'])} s "
        f"| {_s(ov.get('plain_cpu_seconds'))} s | |",
    ]
    for name in ("load", "validate", "model", "render", "write"):
        lines.append(f"| stage: {name} | {_s(st[name])} s | {_s(cpu.get(name))} s | |")
    lines.append(
        f"| preview_seconds: save a line of a review's text → page served by `make serve` "
        f"(`{pv.get('command', 'mkdocs serve')}`) | {_s(pv['seconds'])} s "
        f"| {_s(pv.get('cpu_seconds'))} s | {goal('preview_seconds', '< {} s')} |"
    )
    rename = pv.get("rename")
    if rename:
        lines.append(
            f"| the same for a review's name (in the nav: every page rendered again) "
            f"| {_s(rename['seconds'])} s | {_s(rename['cpu_seconds'])} s | |"
        )
    full = pv.get("full_rebuild")
    if full:
        lines.append(
            f"| the same with `make serve-full` (`{full['command']}`) | {_s(full['seconds'])} s "
            f"| {_s(full['cpu_seconds'])} s | |"
        )
    lines.append(f"| search index (search_index.json) | {_kb(results['search_index_bytes'])} | | |")
    lines += [
        "",
        "| factor | entities | pages | build wall | build CPU | CPU ms/entity "
        "| data pipeline CPU | peak memory | site | largest page | search index |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results["scaling"]:
        if r.get("timed_out"):
            build = (
                f"stopped after {r['budget_seconds']:.0f} s ({r['pages_written']} pages written)"
            )
            lines.append(
                f"| ×{r['factor']} | {r['entities']:,} | – | {build} | – | – "
                f"| {_s(r.get('core_cpu_seconds'), 1)} s | {r['peak_mb']:.0f} MB | – | – | – |"
            )
            continue
        largest = f"{_kb(r.get('largest_page_bytes'))} (`{r.get('largest_page', '?')}`)"
        lines.append(
            f"| ×{r['factor']} | {r['entities']:,} | {r['pages']:,} | {_s(r['seconds'], 1)} s "
            f"| {_s(r['cpu_seconds'], 1)} s | {r['cpu_seconds_per_entity'] * 1000:.1f} "
            f"| {_s(r.get('core_cpu_seconds'), 1)} s | {r['peak_mb']:.0f} MB "
            f"| {r['site_bytes'] / 1e6:,.1f} MB | {largest} "
            f"| {_kb(r.get('search_index_bytes'))} |"
        )
    lin = results.get("linearity", {})
    built = " → ".join(f"×{f}" for f in lin.get("sizes", [])[-2:])
    core = " → ".join(f"×{f}" for f in lin.get("core_sizes", []))
    lines += [
        "",
        f"Per-entity CPU cost spread across the sizes that finished: "
        f"{_s(lin.get('per_entity_spread'))} "
        f"({goal('per_entity_spread', 'goal ≤ {}')}). "
        f"Growth exponent (cost ∝ entities^k; 1 = linear, 2 = quadratic): whole build {built} "
        f"{_s(lin.get('growth_exponent'))}, data pipeline {core} "
        f"{_s(lin.get('core_growth_exponent'))}. Largest page at the top size against ×1: "
        f"{_s(results.get('largest_page_growth'))}× "
        f"({goal('largest_page_growth', 'goal ≤ {}×')}); what a reader's first search "
        f"downloads at the top size: {_mb(results)} "
        f"({goal('first_search_bytes', 'goal ≤ {:,.0f} bytes')}).",
    ]
    lines += [
        "",
        "| page kind | pages | median HTML | largest HTML | CSS/JS/images it loads |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, w in results["page_bytes"].items():
        lines.append(
            f"| {kind} | {w['pages']} | {_kb(w['html_median'])} | {_kb(w['html_max'])} "
            f"| {_kb(w['assets'])} |"
        )
    if results.get("lighthouse"):
        lines += ["", lighthouse_report(results["lighthouse"])]
    return "\n".join(lines)


def lighthouse_report(lh: dict) -> str:
    """The Lighthouse table: one row per page and form factor."""
    met = lh.get("met", {})

    def verdict(key: str) -> str:
        return "met" if met.get(key) else "**missed**"

    lines = [
        f"Lighthouse {lh['lighthouse']}, {lh['chromium']}, {lh['server']}; "
        f"the run with the median performance score of {lh['runs']}, {lh['date'][:10]}.",
        "",
        "| page | form | performance | accessibility | best practices | LCP | TBT "
        "| first visit | requests | render-blocking (HTML / Lighthouse) | search index |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, page in lh["pages"].items():
        for form in ("mobile", "desktop"):
            r = page[form]
            sc, mt = r["scores"], r["metrics_ms"]
            index = "loaded" if r["search_index_requested"] else "not loaded"
            gz = r.get("transfer_bytes_if_gzipped")
            first = _kb(r["transfer_bytes"]) + (f" ({_kb(gz)} gzipped)" if gz else "")
            lines.append(
                f"| {name} (`{page['path']}`) | {form} | {sc['performance']} "
                f"| {sc['accessibility']} | {sc['best-practices']} "
                f"| {mt['largest-contentful-paint'] / 1000:.1f} s "
                f"| {mt['total-blocking-time']:.0f} ms | {first} "
                f"| {r['requests']} | {len(page['render_blocking_in_html'])} / "
                f"{r['render_blocking']} | {index} |"
            )
    g = lh["goals"]
    lines += [
        "",
        f"Goals: mobile performance ≥ {g['mobile_performance']} on every page: "
        f"{verdict('mobile_performance')}; accessibility and best practices 100: "
        f"{verdict('accessibility_and_best_practices')}; first visit ≤ {g['first_visit_kb']} KB "
        f"for home and a review, without the search index: {verdict('first_visit_kb')}; "
        f"at most {g['render_blocking']} render-blocking requests: {verdict('render_blocking')}.",
    ]
    return "\n".join(lines)


def write_readme(text: str, readme: Path = README) -> None:
    """Put `text` between the README's bench markers."""
    old = readme.read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(START)}\n.*?^{re.escape(END)}$", old, re.S | re.M)
    if not found:
        raise SystemExit(f"{readme} has no {START} ... {END} lines")
    new = old[: found.start()] + f"{START}\n{text}\n{END}" + old[found.end() :]
    readme.write_text(new, encoding="utf-8")


def main(argv: list[str]) -> int:
    readme = "--readme" in argv
    args = [a for a in argv if a != "--readme"]
    path = Path(args[0]) if args else HERE / "results.json"
    text = report(json.loads(path.read_text(encoding="utf-8")))
    if readme:
        write_readme(text)
        print(f"wrote {README.name}'s latest figures from {path}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
