"""MkDocs glue: mkdocs-macros calls `define_env` once per build (configured in mkdocs.yml).

It takes the project's data pipeline and renderer (kept for the process by macros.session),
builds the model, writes the generated pages into the docs folder, sets the navigation, and
offers a few macros to hand-written pages in content/. All the work happens in macros.core;
this file only connects it to MkDocs.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from macros.core import cache
from macros.core.data.editor_schemas import write_texts
from macros.core.data.model import Origin
from macros.core.problems import DataError, format_problems
from macros.core.site import paths, render
from macros.core.site.output import write
from macros.core.site.page import INDEX_LIMIT
from macros.core.site.sources import edit_url, with_edit_links
from macros.session import project

# This file's source: part of a kept macro output's key (the macros' code lives here).
_SOURCE = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16).hexdigest()
PREVIEW = "MOF_PREVIEW"  # set by `make serve`: show data problems in the browser, keep serving


def define_env(env) -> None:
    config = env.conf
    # The organisation's overlay folder: extra.overlay (MOF_OVERLAY by default), '' for none.
    proj = project(Path(config["config_file_path"]).parent, config["extra"].get("overlay") or None)
    docs_dir = Path(config["docs_dir"])
    edit_template = _edit_setting(config, docs_dir)
    preview = bool(os.environ.get(PREVIEW))
    try:
        built = proj.build(serving=preview)
    except DataError as exc:
        if not (preview and proj.last_good):
            raise PluginError(str(exc)) from None
        # The preview keeps the last good pages and shows the problems on every page.
        built = proj.last_good
        config["extra"]["mof_problems"] = str(exc).splitlines()
        proj.showing_problems = True
        _touch(built.site, docs_dir)  # `--dirty` re-renders only touched pages: all get the banner
    except render.TemplateError as exc:
        raise PluginError(f"A template failed: {exc}") from None
    else:
        before = proj.last_good
        proj.last_good = built
        # Unchanged data and settings: the pages in docs_dir are left unread (output.write).
        stamp = cache.key(built.key, edit_template)
        write(with_edit_links(built.site, edit_template), docs_dir, stamp, proj.written(docs_dir))
        # `--dirty` renders only the pages whose file changed. After problems (every banner to
        # drop) or a nav change (a new, renamed or removed page: every page carries the nav and
        # its neighbours' titles), every page must be rendered again; after any data change,
        # the hand-written pages, whose macros read the data.
        if proj.showing_problems or (before is not None and before.site.nav != built.site.nav):
            proj.showing_problems = False
            _touch(built.site, docs_dir)
        elif before is not None and before.key != built.key:
            _touch(built.site, docs_dir, generated=False)
        # The editors' schemas follow the ids of the data (written only when their text changes).
        write_texts(proj.pipeline.data_dir, built.editor_schemas)
        if built.warnings:  # placeholder text left by `python -m macros new`: shown, not failed
            print(format_problems(built.warnings), file=sys.stderr)
    config["nav"] = built.site.nav
    # Organisation settings are plain text, but Material prints site_name unescaped in the
    # header and nav: escape it once (Markup, so templates that escape it don't double-escape).
    config["site_name"] = Markup.escape(config["site_name"])

    renderer = proj.renderer
    model = built.model
    disk = proj.pipeline.disk

    def kept(macro: Callable[..., str]) -> Callable[..., Markup]:
        """A macro whose output is kept in the disk cache, keyed by what the build was made
        from, this file and the call: on unchanged data it neither builds the model nor renders."""

        @functools.wraps(macro)
        def call(*args, **kwargs) -> Markup:
            name = cache.key("macro", built.key, _SOURCE, macro.__name__, repr((args, kwargs)))
            text = disk.get(name) if disk else None
            if text is None:
                text = str(macro(*args, **kwargs))
                if disk:
                    disk.put(name, text)
            return Markup(text)

        return env.macro(call)

    @kept
    def credit() -> str:
        """The MOF credit and licence line, from data/sources.yaml."""
        s = model().settings
        return (
            render.md(s.credit)
            + " Licensed under "
            + render.md(s.license.name)
            + f" ({render.md(s.license.url)})."
        )

    @kept
    def review_table(page: str = "index.md") -> str:
        """A table of the reviews in lifecycle order, linked from `page`: at most INDEX_LIMIT,
        then a link to the reviews overview."""
        return renderer.render(
            "macro-review-table.md.j2",
            page=page,
            pb=model(),
            checklist_page=paths.checklist,
            limit=INDEX_LIMIT,
            overview=paths.REVIEWS,
        )

    @kept
    def start_tasks(page: str = "index.md") -> str:
        """The four task entry points of the home page."""
        return renderer.render("macro-tasks.md.j2", page=page, paths=paths)

    @kept
    def review_summary(review_id: str, page: str = "index.md") -> str:
        """One review's at-a-glance summary by id."""
        pb = model()
        return renderer.render(
            "macro-review-summary.md.j2", page=page, pb=pb, review=pb.get("review", review_id)
        )

    @kept
    def sources_list() -> str:
        """The MOF documents the playbook cites."""
        return renderer.render("macro-sources.md.j2", page="about.md", pb=model())


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
