"""How large the search index grows with the playbook, without building the whole site.

    python bench/search_index.py PROJECT [--out FILE]   # prints (or writes) the JSON result

Material's search index is made from each page's HTML content alone (not the theme, nav or
assets). `measure(project)` generates the project's Markdown pages (`python -m macros generate`,
the same pages a build writes), renders each with MkDocs' Markdown settings from mkdocs.yml and
feeds it to Material's own index builder (material.plugins.search.plugin.SearchIndex, with the
site's search settings), page by page as a build does, then writes the index as a build does.
Hand-written pages (content/*.md with macros) are left out: a few kilobytes at any size.
Returns
    {"index_bytes": n, "index_gzip_bytes": n, "pages": n, "docs": n,
     "largest": [[page, bytes], ...], "by_folder": {folder: bytes}, "seconds": s}
`bench/run.py` records it for each scaling factor; the ×1 figure is checked against a real
build's search_index.json in tests/test_bench.py.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIRST_SEARCH_GOAL = 5_000_000  # issue 18: a reader's first search downloads at most 5 MB


class _Page:
    """What Material's SearchIndex reads of a MkDocs page."""

    def __init__(self, url: str, title: str, meta: dict, content: str, toc):
        self.url, self.title, self.meta, self.content, self.toc = url, title, meta, content, toc


def _config(project: Path) -> dict:
    """mkdocs.yml's Markdown extensions and search settings (its !ENV tags read as null)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    search = next(
        (p["search"] or {} for p in config["plugins"] if isinstance(p, dict) and "search" in p),
        {},
    )
    return {"markdown_extensions": config.get("markdown_extensions", []), "search": search}


def _split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        return yaml.safe_load(text[4:end]) or {}, text[end + 5 :]
    return {}, text


def measure(project: Path, pages_dir: Path | None = None, write_to: Path | None = None) -> dict:
    """The search index of a project's generated pages (see the module docstring); with
    `pages_dir`, of the Markdown pages already generated there (a build's content/ folder);
    with `write_to`, the index is also written there (a search_index.json)."""
    import markdown
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.structure.toc import get_toc

    started = time.perf_counter()
    config = _config(project)
    extensions, configs = [], {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            [(name, options)] = ext.items()
            extensions.append(name)
            configs[name] = options or {}
        else:
            extensions.append(ext)
    search = config["search"]
    settings = {
        "lang": [search.get("lang", "en")]
        if isinstance(search.get("lang"), str)
        else search.get("lang"),
        "separator": search.get("separator", r"[\s\-]+"),
        "pipeline": ["stopWordFilter"],
        "fields": {
            "title": {"boost": 1e3},
            "text": {"boost": 1e0},
            "tags": {"boost": 1e6},
            **search.get("fields", {}),
        },
    }
    index = SearchIndex(**settings)
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = pages_dir or Path(tmp) / "content"
        if pages_dir is None:
            env = {"PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
            subprocess.run(
                [sys.executable, "-m", "macros", "generate", str(out), "--root", str(project)],
                cwd=project,
                env=env,
                check=True,
                capture_output=True,
            )
        pages = sorted(out.rglob("*.md"))
        for path in pages:
            meta, body = _split_front_matter(path.read_text(encoding="utf-8"))
            md = markdown.Markdown(extensions=extensions, extension_configs=configs)
            html = md.convert(body)
            rel = path.relative_to(out).with_suffix(".html").as_posix()
            before = len(index.entries)
            page = _Page(rel, meta.get("title") or rel, meta, html, get_toc(md.toc_tokens))
            index.add_entry_from_context(page)
            added = index.entries[before:]
            sizes[rel] = len(json.dumps(added, separators=(",", ":"), default=str))
    data = index.generate_search_index(None).encode("utf-8")
    if write_to is not None:
        write_to.write_bytes(data)
    by_folder: dict[str, int] = {}
    for rel, n in sizes.items():
        folder = rel.split("/")[0] if "/" in rel else "(top)"
        by_folder[folder] = by_folder.get(folder, 0) + n
    return {
        "index_bytes": len(data),
        "index_gzip_bytes": len(gzip.compress(data, 6)),
        "pages": len(sizes),
        "docs": len(index.entries),
        "largest": sorted(([p, n] for p, n in sizes.items()), key=lambda x: -x[1])[:5],
        "by_folder": dict(sorted(by_folder.items(), key=lambda x: -x[1])),
        "seconds": time.perf_counter() - started,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    result = json.dumps(measure(args.project.resolve()), indent=2)
    if args.out:
        args.out.write_text(result + "\n", encoding="utf-8")
    print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
