"""MkDocs glue: mkdocs-macros calls `define_env` once per build (configured in mkdocs.yml).

It takes the project's data pipeline and renderer (kept for the process by macros.session),
builds the model, writes the generated pages into the docs folder, sets the navigation, and
offers a few macros to hand-written pages in content/. All the work happens in macros.core;
this file only connects it to MkDocs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from macros.core.data.editor_schemas import write_editor_schemas
from macros.core.data.model import Origin
from macros.core.problems import DataError, format_problems
from macros.core.site import paths, render
from macros.core.site.generate import generate, write
from macros.core.site.page import INDEX_LIMIT
from macros.core.site.sources import edit_url, with_edit_links
from macros.session import project

PREVIEW = "MOF_PREVIEW"  # set by `make serve`: show data problems in the browser, keep serving


def define_env(env) -> None:
    config = env.conf
    # The organisation's overlay folder: extra.overlay (MOF_OVERLAY by default), '' for none.
    proj = project(Path(config["config_file_path"]).parent, config["extra"].get("overlay") or None)
    docs_dir = Path(config["docs_dir"])
    edit_template = _edit_setting(config, docs_dir)
    try:
        pb = proj.pipeline.playbook()
        site = generate(
            pb,
            proj.pipeline.schemas(),
            proj.renderer,
            proj.pipeline.disk,
            proj.pipeline.fingerprint,
            proj.memo,
        )
    except DataError as exc:
        if not (os.environ.get(PREVIEW) and proj.last_good):
            raise PluginError(str(exc)) from None
        # The preview keeps the last good pages and shows the problems on every page.
        pb, site = proj.last_good
        config["extra"]["mof_problems"] = str(exc).splitlines()
        proj.showing_problems = True
        _touch(site, docs_dir)  # `--dirty` re-renders only touched pages: all get the banner
    except render.TemplateError as exc:
        raise PluginError(f"A template failed: {exc}") from None
    else:
        before = proj.last_good
        proj.last_good = (pb, site)
        write(with_edit_links(site, edit_template), docs_dir)
        # `--dirty` renders only the pages whose file changed. After problems (every banner to
        # drop) or a nav change (a new, renamed or removed page: every page carries the nav and
        # its neighbours' titles), every page must be rendered again; after any data change,
        # the hand-written pages, whose macros read the data.
        if proj.showing_problems or (before is not None and before[1].nav != site.nav):
            proj.showing_problems = False
            _touch(site, docs_dir)
        elif before is not None and before[0] is not pb:
            _touch(site, docs_dir, generated=False)
        # The editors' schemas follow the ids of the data (written only when their text changes).
        docs, _ = proj.pipeline.check()
        write_editor_schemas(proj.pipeline.data_dir, proj.pipeline.schemas(), docs)
        warnings = proj.pipeline.warnings()
        if warnings:  # placeholder text left by `python -m macros new`: shown, not failed
            print(format_problems(warnings), file=sys.stderr)
    config["nav"] = site.nav
    # Organisation settings are plain text, but Material prints site_name unescaped in the
    # header and nav: escape it once (Markup, so templates that escape it don't double-escape).
    config["site_name"] = Markup.escape(config["site_name"])

    env.variables["playbook"] = pb
    renderer = proj.renderer

    @env.macro
    def credit() -> Markup:
        """The MOF credit and licence line, from data/sources.yaml."""
        s = pb.settings
        return Markup(
            render.md(s.credit)
            + " Licensed under "
            + render.md(s.license.name)
            + f" ({render.md(s.license.url)})."
        )

    @env.macro
    def review_table(page: str = "index.md") -> Markup:
        """A table of the reviews in lifecycle order, linked from `page`: at most INDEX_LIMIT,
        then a link to the reviews overview."""
        return Markup(
            renderer.render(
                "macro-review-table.md.j2",
                page=page,
                pb=pb,
                checklist_page=paths.checklist,
                limit=INDEX_LIMIT,
                overview=paths.REVIEWS,
            )
        )

    @env.macro
    def start_tasks(page: str = "index.md") -> Markup:
        """The four task entry points of the home page."""
        return Markup(renderer.render("macro-tasks.md.j2", page=page, paths=paths))

    @env.macro
    def review_summary(review_id: str, page: str = "index.md") -> Markup:
        """One review's at-a-glance summary by id."""
        return Markup(
            renderer.render(
                "macro-review-summary.md.j2", page=page, pb=pb, review=pb.get("review", review_id)
            )
        )

    @env.macro
    def sources_list() -> Markup:
        """The MOF documents the playbook cites."""
        return Markup(renderer.render("macro-sources.md.j2", page="about.md", pb=pb))


def _edit_setting(config, docs_dir: Path) -> str:
    """The organisation's `extra.repo_edit_url` (README "Make it yours"): "" for none. Sets
    `extra.mof_edit_content`, the edit address of a hand-written page with __SRC__ for its file
    (theme/partials/actions.html)."""
    template = str(config["extra"].get("repo_edit_url") or "").strip()
    if template and not template.startswith(("https://", "http://")):
        raise PluginError(
            f"mkdocs.yml extra.repo_edit_url: '{template}' is not a web address; expected "
            "https://... with {path} and {line}, e.g. "
            "https://github.com/example/playbook/edit/main/{path}#L{line}"
        )
    root = Path(config["config_file_path"]).parent
    content = docs_dir.relative_to(root).as_posix() if docs_dir.is_relative_to(root) else ""
    found = edit_url(template, Origin(f"{content}/__SRC__", 1)) if template and content else ""
    config["extra"]["mof_edit_content"] = found or ""
    return template


def _touch(site, docs_dir: Path, generated: bool = True) -> None:
    """Mark every page (or only the hand-written ones) as changed, so `mkdocs serve --dirty`
    renders it again."""
    pages = [docs_dir / rel for rel in site.pages] if generated else []
    for path in [*pages, *docs_dir.glob("*.md")]:
        if path.exists():
            path.touch()
