"""MkDocs hook (bench only): record what MkDocs sees after the macros plugin has run.

Writes, under $BENCH_CAPTURE_DIR, every page that rendered macros as Markdown with its front
matter (pages/<src_path>), and config.json with the nav and extra assets the glue set. The
benchmark builds those, without the macros plugin, as the "plain MkDocs" baseline.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

OUT = Path(os.environ["BENCH_CAPTURE_DIR"])


def _script(value):
    path = getattr(value, "path", None)
    if path is None:
        return str(value)
    out = {"path": path}
    for key in ("type", "async", "defer"):
        if getattr(value, key, None):
            out[key] = getattr(value, key)
    return out


@event_priority(-100)  # after the macros plugin's on_config, which runs define_env
def on_config(config):
    OUT.mkdir(parents=True, exist_ok=True)
    captured = {
        "nav": config["nav"],
        "extra_css": list(config["extra_css"]),
        "extra_javascript": [_script(v) for v in config["extra_javascript"]],
    }
    (OUT / "config.json").write_text(json.dumps(captured, indent=1), encoding="utf-8")
    return config


@event_priority(-100)  # after the macros plugin expanded the page
def on_page_markdown(markdown, page, config, files):
    if page.meta.get("render_macros"):
        meta = {k: v for k, v in page.meta.items() if k != "render_macros"}
        front = (
            f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n" if meta else ""
        )
        target = OUT / "pages" / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front + markdown, encoding="utf-8")
    return markdown
