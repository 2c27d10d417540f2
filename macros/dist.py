"""`make dist`: build the site, then zip it reproducibly for an intranet, with its SHA-256.

The same commit gives the same zip, byte for byte: entries sorted, one timestamp for every entry
(SOURCE_DATE_EPOCH, else the last commit's time, else 1980-01-01), fixed permissions, fixed
compression. The build itself reads SOURCE_DATE_EPOCH too (MkDocs dates the sitemap with it).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can hold
FILE_MODE = 0o644


def version(root: Path) -> str:
    with open(root / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def source_date_epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else 1980-01-01."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
        return int(out.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        return ZIP_EPOCH


def pin_build_date(root: Path) -> int:
    """Make this process's builds reproducible: export SOURCE_DATE_EPOCH if it is unset."""
    epoch = source_date_epoch(root)
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    return epoch


def site_url_warning(config_file: Path) -> str | None:
    """The warning `make dist` prints when mkdocs.yml sets no site_url: without it the 404 page
    works only for missing pages in the top folder (the site allows no inline script, so it
    cannot find its own depth)."""
    from mkdocs.config import load_config

    if (load_config(str(config_file)).site_url or "").strip():
        return None
    return (
        "WARNING: site_url is empty in mkdocs.yml. Set it to the address the site is served at "
        "(e.g. https://intranet.example.com/ops/playbook/): without it the 404 page has no "
        "styling and broken links for missing pages below the top folder."
    )


def write_zip(site_dir: Path, target: Path, prefix: str, epoch: int) -> None:
    """Zip every file of site_dir under prefix/, reproducibly; written beside target, then moved."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    files = sorted(
        (p for p in site_dir.rglob("*") if p.is_file()),
        key=lambda p: p.relative_to(site_dir).as_posix(),
    )
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w") as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(site_dir).as_posix()}", stamp)
            info.create_system = 3  # Unix, so the permissions below are read back
            info.external_attr = (0o100000 | FILE_MODE) << 16  # regular file, rw-r--r--
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(target)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dist(root: Path, site_dir: Path, out_dir: Path, config_file: Path | None = None) -> int:
    """Build site_dir (safe build), then write out_dir/mof-playbook-<version>.zip and .sha256."""
    from .build import safe_build

    epoch = pin_build_date(root)
    config_file = config_file or root / "mkdocs.yml"
    status = safe_build(config_file, site_dir)
    if status:
        return status
    warning = site_url_warning(config_file)
    if warning:
        print(warning, file=sys.stderr)
    name = f"mof-playbook-{version(root)}"
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / f"{name}.zip"
    write_zip(site_dir, archive, name, epoch)
    digest = sha256(archive)
    # The format `sha256sum -c` reads: "<hex>  <file name>".
    (out_dir / f"{archive.name}.sha256").write_text(
        f"{digest}  {archive.name}\n", encoding="utf-8", newline="\n"
    )
    print(f"Wrote {archive} ({archive.stat().st_size:,} bytes)\nSHA-256 {digest}")
    return 0
