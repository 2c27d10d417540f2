"""`make serve` with broken data: the browser shows the problems (file:line, escaped) on every
page while the last good pages stay in place, and the next good save removes them. Run as
`mkdocs serve` runs it: repeated builds in one process, with MOF_PREVIEW set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

SCRIPT = r"""
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, out = Path(sys.argv[1]), Path(sys.argv[2])
review = project / "data/reviews/ship-it.yaml"
good = review.read_text()

def once(name):
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(out / name), strict=False))

once("good")
review.write_text(good.replace("owners: [release-manager]", "owners: [release-manger, '<b>x']"))
once("broken")
review.write_text(good.replace("name: Ship It", "name: Ship It Again"))
once("fixed")
"""


def serve_builds(script: str, project: Path, out: Path) -> None:
    """Run `script` (repeated builds in one process, as `mkdocs serve` does) with MOF_PREVIEW."""
    env = {**os.environ, "MOF_PREVIEW": "1", "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-c", script, str(project), str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]


def test_problems_show_in_the_preview_and_go_on_the_next_good_save(project: Path, tmp_path):
    out = tmp_path / "out"
    serve_builds(SCRIPT, project, out)
    broken = (out / "broken" / "reviews" / "ship-it.html").read_text(encoding="utf-8")
    assert 'class="mof-problems" role="alert"' in broken
    assert "data/reviews/ship-it.yaml:" in broken and "release-manger" in broken
    assert "&lt;b&gt;x" in broken and "<b>x" not in broken  # data text, escaped
    assert "Ship It" in broken  # the last good page is still there
    home = (out / "broken" / "index.html").read_text(encoding="utf-8")
    assert "mof-problems" in home
    for name in ("good", "fixed"):
        page = (out / name / "reviews" / "ship-it.html").read_text(encoding="utf-8")
        assert "mof-problems" not in page
    assert "Ship It Again" in (out / "fixed" / "reviews" / "ship-it.html").read_text()


def test_without_the_preview_setting_broken_data_fails_the_build(project: Path, tmp_path):
    review = project / "data/reviews/ship-it.yaml"
    review.write_text(review.read_text().replace("owners: [release-manager]", "owners: [x-y]"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("MOF_PREVIEW", None)
    run = subprocess.run(
        [sys.executable, "-m", "macros", "build", "--root", str(project)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 1 and "unknown role id 'x-y'" in run.stderr


DIRTY = r"""
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, out = Path(sys.argv[1]), Path(sys.argv[2])
review = project / "data/reviews/ship-it.yaml"

def once(site, dirty):
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(out / site), strict=False),
          dirty=dirty)

once("served", True)
review.write_text(review.read_text().replace("name: Ship It", "name: Ship It Again"))
once("served", True)   # `make serve` after the save: only changed pages are rendered...
once("full", False)    # ...yet every page must show what a full build shows
"""


def test_a_nav_change_reaches_every_page_of_a_dirty_rebuild(project: Path, tmp_path):
    """`make serve` renders only changed pages (--dirty); a change to the nav (a new, renamed
    or removed page: its title is in the nav and the footer's previous/next links) and to the
    hand-written pages' macros must still reach every page, without a restart."""
    out = tmp_path / "out"
    serve_builds(DIRTY, project, out)
    full = sorted((out / "full").rglob("*.html"))
    stale = [
        p.relative_to(out / "full").as_posix()
        for p in full
        if p.read_bytes() != (out / "served" / p.relative_to(out / "full")).read_bytes()
    ]
    assert not stale, f"{len(stale)} of {len(full)} pages are stale, e.g. {stale[:5]}"


def test_make_serve_notices_a_save_within_a_tenth_of_a_second(tmp_path):
    """MkDocs' watcher polls every 0.5 s; the hook makes it 0.1 s, for folders watched before
    and after the serve event."""
    import importlib.util

    from mkdocs.livereload import LiveReloadServer

    spec = importlib.util.spec_from_file_location("hooks", ROOT / "macros" / "hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path))
        assert all(e.timeout == 0.5 for e in server.observer.emitters)
        assert hooks.on_serve(server, config=None, builder=None) is server
        (tmp_path / "later").mkdir()
        server.watch(str(tmp_path / "later"))
        timeouts = [e.timeout for e in server.observer.emitters]
        assert len(timeouts) == 2 and all(t == hooks.POLL_SECONDS == 0.1 for t in timeouts)
    finally:
        server.server_close()
