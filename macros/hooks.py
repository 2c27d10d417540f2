"""MkDocs hooks (mkdocs.yml `hooks:`): what the macros plugin has no event for.

`on_env`: MkDocs makes a new Jinja environment for the theme on every build, so Material's
templates (main.html, base.html and its partials) would compile again on every save in
`make serve`. Their compiled code is kept in .cache/jinja with Jinja's own bytecode cache,
keyed by each template's source: an edited template compiles again.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

JINJA_CACHE = ".cache/jinja"  # the same folder as macros.session.JINJA_CACHE (our templates)


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    folder = Path(config["config_file_path"]).parent / JINJA_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env
