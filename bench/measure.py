"""One measurement in a fresh process; bench/run.py starts it and reads its last output line.

    python bench/measure.py stages  ROOT
    python bench/measure.py build   ROOT SITE           # the pipeline, as `make site` runs it
    python bench/measure.py plain   ROOT SITE PLAIN      # PLAIN from `capture`, no macros plugin
    python bench/measure.py capture ROOT PLAIN           # write the Markdown MkDocs sees
    python bench/measure.py profile ROOT SITE            # the pipeline build under cProfile
    python bench/measure.py search-index ROOT            # the search index of ROOT/content

Each prints `BENCH-RESULT {json}` last: seconds from perf_counter and the process's peak
resident memory (getrusage), so every figure is one cold build, as a contributor sees it.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def emit(result: dict) -> None:
    sys.stdout.flush()
    print("BENCH-RESULT " + json.dumps(result), flush=True)


def stages(root: Path) -> dict:
    """The core's steps one after the other, as the glue runs them, each timed
    (wall seconds, and CPU seconds under "cpu")."""
    sys.path.insert(0, str(root))
    from macros.core.data import checks, load, model
    from macros.core.data.schema import Schemas
    from macros.core.site.generate import generate
    from macros.core.site.output import write

    data = root / "data"
    out: dict = {"cpu": {}}
    clock = [time.perf_counter(), time.process_time()]

    def lap(name: str) -> None:
        now = [time.perf_counter(), time.process_time()]
        out[name], out["cpu"][name] = now[0] - clock[0], now[1] - clock[1]
        clock[:] = now

    files, problems = load.scan(data, root)
    docs = []
    for found in files:
        text, read_problems = load.decode(found.raw, found.file)
        problems += read_problems
        if text is not None:
            doc, parse_problems = load.parse(text, found.file, found.kind)
            problems += parse_problems
            docs += [doc] if doc else []
    lap("load")
    schemas = Schemas.load(data / "schema")
    problems += schemas.problems
    for doc in docs:
        problems += schemas.check(doc)
    problems += checks.check_all(docs)
    lap("validate")
    if problems:
        raise SystemExit(f"{len(problems)} data problems; run `make validate`")
    pb = model.build(docs, model.RecordTypes(schemas))
    lap("model")
    site = generate(pb, schemas)
    lap("render")
    write(site, root / "content")
    lap("write")
    out["entities"] = sum(len(v) for v in pb.by_kind.values())
    out["entities_by_kind"] = {k: len(v) for k, v in sorted(pb.by_kind.items())}
    out["generated_pages"] = len(site.pages)
    out["peak_mb"] = peak_mb()
    return out


class OutOfTime(BaseException):  # not an Exception: safe_build must not swallow it
    pass


def _budget() -> float:
    """Seconds this measurement may take ($BENCH_BUDGET); 0 = no limit."""
    budget = float(os.environ.get("BENCH_BUDGET") or 0)
    if budget:

        def stop(*_):
            raise OutOfTime

        signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, budget)
    return budget


def _pages_written(site: Path) -> int:
    """HTML pages a build wrote so far (safe_build builds into .site-build-<pid>)."""
    staging = site.parent / f".site-build-{os.getpid()}"
    count = sum(1 for _ in staging.rglob("*.html")) if staging.exists() else 0
    shutil.rmtree(staging, ignore_errors=True)
    return count


def build(root: Path, site: Path) -> dict:
    sys.path.insert(0, str(root))
    from macros.__main__ import main

    budget = _budget()
    t, cpu = time.perf_counter(), time.process_time()
    try:
        status = main(["build", "--root", str(root), "--site-dir", str(site)])
    except OutOfTime:
        return {
            "timed_out": True,
            "budget_seconds": budget,
            "seconds": None,
            "cpu_seconds": time.process_time() - cpu,
            "peak_mb": peak_mb(),
            "pages_written": _pages_written(site),
        }
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    signal.setitimer(signal.ITIMER_REAL, 0)
    if status:
        raise SystemExit(f"pipeline build failed ({status})")
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_mb()}


def _plain_config(root: Path, plain: Path, site: Path):
    """The project's config with the macros plugin removed, docs_dir the pre-rendered pages,
    and what the glue sets at build time (nav, extra assets) as captured."""
    from mkdocs.config import load_config
    from mkdocs.utils import yaml_load

    with open(root / "mkdocs.yml", encoding="utf-8") as f:
        raw = yaml_load(f)

    def name(entry) -> str:
        return entry if isinstance(entry, str) else next(iter(entry))

    plugins = [p for p in raw.get("plugins", []) if name(p) != "macros"]
    captured = json.loads((plain.parent / f"{plain.name}.config.json").read_text())
    return load_config(
        str(root / "mkdocs.yml"),
        site_dir=str(site),
        docs_dir=str(plain),
        strict=True,
        plugins=plugins,
        hooks=[],  # stock MkDocs: without our hooks (macros/hooks.py)
        **captured,
    )


def plain(root: Path, site: Path, plain_dir: Path) -> dict:
    from mkdocs.commands.build import build as mkdocs_build

    t, cpu = time.perf_counter(), time.process_time()
    mkdocs_build(_plain_config(root, plain_dir, site))
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_mb()}


def capture(root: Path, plain_dir: Path) -> dict:
    """PLAIN = `python -m macros generate` + hand-written pages with their macros expanded
    (captured from a real pipeline build by bench/capture_hook.py), i.e. what MkDocs saw."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    sys.path.insert(0, str(root))
    from macros.core.site.output import generated_folders

    owned = {p.name for p in generated_folders(root / "content")}
    captured = plain_dir.parent / f"{plain_dir.name}.captured"
    for folder in (plain_dir, captured):
        shutil.rmtree(folder, ignore_errors=True)
    os.environ["BENCH_CAPTURE_DIR"] = str(captured)
    scratch = plain_dir.parent / f"{plain_dir.name}.site"
    config = load_config(
        str(root / "mkdocs.yml"),
        site_dir=str(scratch),
        strict=True,
        hooks=[str(HERE / "capture_hook.py")],
    )
    mkdocs_build(config)
    shutil.rmtree(scratch, ignore_errors=True)

    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run(
        [sys.executable, "-m", "macros", "generate", str(plain_dir), "--root", str(root)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    content = root / "content"
    for path in sorted(content.rglob("*")):
        rel = path.relative_to(content)
        if path.is_file() and rel.parts[0] not in owned:
            target = plain_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    expanded = 0
    for path in sorted((captured / "pages").rglob("*.md")):
        target = plain_dir / path.relative_to(captured / "pages")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        expanded += 1
    shutil.copy(captured / "config.json", plain_dir.parent / f"{plain_dir.name}.config.json")
    return {"expanded_pages": expanded, "pages": sum(1 for _ in plain_dir.rglob("*.md"))}


def profile(root: Path, site: Path) -> dict:
    """Where a pipeline build spends its time: own time per package, and the top functions."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    result = build(root, site)  # stops at $BENCH_BUDGET: the profile then covers that much
    prof.disable()
    stats = pstats.Stats(prof)
    by_package: dict[str, float] = {}
    functions = []
    for (file, line, func), (_cc, _nc, tottime, cumtime, _callers) in stats.stats.items():
        package = _package(file)
        by_package[package] = by_package.get(package, 0.0) + tottime
        functions.append((cumtime, tottime, f"{package}:{Path(file).name}:{line}({func})"))
    total = sum(by_package.values()) or 1.0
    functions.sort(reverse=True)
    result["profiled_seconds"] = total
    result["own_time_share"] = {
        k: round(v / total, 3) for k, v in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]
    }
    result["top_cumulative"] = [
        {"function": name, "cumulative": round(cum, 2), "own": round(own, 2)}
        for cum, own, name in functions[:40]
    ]
    return result


def _package(file: str) -> str:
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/macros/" in file:
        return "macros." + Path(file).parent.name if "/core/" in file else "macros"
    if file.startswith("~") or file.startswith("<"):
        return "builtins"
    return "python"


def main(argv: list[str]) -> int:
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    command, root, *rest = argv
    root = Path(root).resolve()
    if command == "stages":
        result = stages(root)
    elif command == "build":
        result = build(root, Path(rest[0]))
    elif command == "plain":
        result = plain(root, Path(rest[0]), Path(rest[1]))
    elif command == "capture":
        result = capture(root, Path(rest[0]))
    elif command == "profile":
        result = profile(root, Path(rest[0]))
    elif command == "search-index":  # bench/search_index.py, on the pages `stages` wrote
        import search_index

        result = {**search_index.measure(root, root / "content"), "peak_mb": peak_mb()}
    else:
        raise SystemExit(__doc__)
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
