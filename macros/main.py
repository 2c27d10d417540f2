"""MkDocs glue: the macros plugin calls `define_env` once per build.

It builds the model (once, through the core's cache), writes the generated pages into the docs
folder, sets the navigation, and offers a few macros to hand-written pages in content/. All the
work happens in `macros.core`; this file only connects it to MkDocs.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from markupsafe import Markup

# The macros plugin loads this file by path, not as part of the package: make the package
# importable from the project folder whatever the working directory.
_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)


def _fresh_core():
    """In `mkdocs serve`, edits to macros/ must show without a restart: reload the core
    (in dependency order: sys.modules keeps import order) when its source changed. Unchanged,
    it keeps its caches: the validated data, compiled schemas and templates."""
    import macros.core as core

    stamp = core.source_stamp()
    if stamp != core.SOURCE_STAMP:
        for name in [n for n in sys.modules if n.startswith("macros.core.")]:
            importlib.reload(sys.modules[name])
        core.SOURCE_STAMP = stamp
    from macros.core import pages, pipeline, problems, render

    return pages, pipeline, problems, render


def define_env(env) -> None:
    pages, pipeline, problems, render = _fresh_core()
    DataError = problems.DataError

    config = env.conf
    root = Path(config["config_file_path"]).resolve().parent
    docs_dir = Path(config["docs_dir"])
    try:
        pb = pipeline.load_playbook(root / "data", root)
    except DataError as exc:
        from mkdocs.exceptions import PluginError

        raise PluginError("The playbook data has problems:\n" + str(exc)) from None

    site = pages.generate(pb)
    pages.write(site, docs_dir)
    config["nav"] = site.nav
    # Organisation settings are plain text, but Material prints site_name unescaped in the
    # header and nav: escape it once (Markup, so templates that escape it don't double-escape).
    config["site_name"] = Markup.escape(config["site_name"])

    env.variables["playbook"] = pb

    @env.macro
    def credit() -> Markup:
        """The MOF credit and licence line, from data/sources.yaml."""
        s = pb.settings
        return Markup(
            render.md(s["credit"])
            + " Licensed under "
            + render.md(s["license"]["name"])
            + f" ({render.md(s['license']['url'])})."
        )

    @env.macro
    def review_table(page: str = "index.md") -> Markup:
        """A table of the reviews in lifecycle order, linked from `page`."""
        return Markup(render.render("macro-review-table.md.j2", page=page, pb=pb))

    @env.macro
    def review_summary(review_id: str, page: str = "index.md") -> Markup:
        """One review's at-a-glance summary by id."""
        return Markup(
            render.render(
                "macro-review-summary.md.j2", page=page, pb=pb, review=pb.get("review", review_id)
            )
        )

    @env.macro
    def sources_list() -> Markup:
        """The MOF documents the playbook cites."""
        return Markup(render.render("macro-sources.md.j2", page="about.md", pb=pb))
