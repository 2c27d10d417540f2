"""MkDocs hooks (mkdocs.yml `hooks:`): what the macros plugin has no event for.

`on_env`: MkDocs makes a new Jinja environment for the theme on every build, so Material's
templates (main.html, base.html and its partials) would compile again on every save in
`make serve`. Their compiled code is kept in .cache/jinja with Jinja's own bytecode cache,
keyed by each template's source: an edited template compiles again.

`on_serve`: `mkdocs serve` looks for changed files every 0.5 s (its watcher's polling interval,
not a setting), a quarter of a second on average before a save is even seen. `make serve` looks
every 0.1 s: on the MOF data a poll costs about a millisecond.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

JINJA_CACHE = ".cache/jinja"  # the same folder as macros.session.JINJA_CACHE (our templates)
POLL_SECONDS = 0.1


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    from macros.core.site.render import bytecode_cache

    env.bytecode_cache = bytecode_cache(Path(config["config_file_path"]).parent / JINJA_CACHE)
    return env


def on_serve(server, config, builder):
    """Poll the watched folders every POLL_SECONDS: the folders watched so far (their emitters)
    and those watched after this event (the observer's default)."""
    observer = getattr(server, "observer", None)
    if observer is not None and hasattr(observer, "_timeout"):  # watchdog's BaseObserver
        observer._timeout = POLL_SECONDS
        for emitter in observer.emitters:
            emitter._timeout = POLL_SECONDS
    return server
