"""Build the site elsewhere, then swap it into place: a failed build leaves the old site intact."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path


class _NotBuildErrors(logging.Filter):
    """MkDocs logs a BuildError (our data problems among them) and then raises Abort: the
    message is printed once, by `safe_build`, not twice."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "mkdocs.commands.build" and record.levelno >= logging.ERROR)


def safe_build(config_file: Path, site_dir: Path) -> int:
    """Build with MkDocs (strict) into a staging folder beside `site_dir`, then swap it in.
    Returns 0, or 1 after printing why the build failed (site_dir untouched)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import BuildError, MkDocsException

    # Show MkDocs' warnings (broken links, strict-mode failures) as the mkdocs CLI would.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    handler.addFilter(_NotBuildErrors())
    logging.getLogger("mkdocs").addHandler(handler)
    site_dir = site_dir.resolve()
    staging = site_dir.parent / f".site-build-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    built = False
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        build(config)
        built = True
    except MkDocsException as exc:
        cause = exc.__context__ if isinstance(exc.__context__, BuildError) else exc
        print(f"Build failed; {site_dir.name}/ was left as it was.\n{cause}", file=sys.stderr)
        return 1
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
        if not built:  # a failure, or an unexpected exception on its way up
            shutil.rmtree(staging, ignore_errors=True)
    from .search_shards import wanted, write_shards

    if wanted(staging):  # a large site: a sharded search for http(s) (search_shards.py)
        try:
            pages = write_shards(staging)
        except RuntimeError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"Build failed; {site_dir.name}/ was left as it was.\n{exc}", file=sys.stderr)
            return 1
        print(f"Sharded search (Pagefind): {pages} pages")
    old = site_dir.parent / f".site-old-{os.getpid()}"
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Built {site_dir}")
    return 0
