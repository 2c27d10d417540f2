"""Build the site elsewhere, then swap it into place: a failed build leaves the old site intact."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path


def safe_build(config_file: Path, site_dir: Path) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # Show MkDocs' warnings (broken links, strict-mode failures) as the mkdocs CLI would.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    site_dir = site_dir.resolve()
    staging = site_dir.parent / f".site-build-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        build(config)
    except (MkDocsException, SystemExit, Exception) as exc:  # noqa: BLE001 - report, keep old site
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed; {site_dir.name}/ was left as it was.\n{exc}", file=sys.stderr)
        return 1
    old = site_dir.parent / f".site-old-{os.getpid()}"
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Built {site_dir}")
    return 0
