"""Shared fixtures: fixture data sets, one strict build of the real site, a headless browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def make_project(tmp: Path, fixture: str = "good") -> Path:
    """A project folder with fixture data, the real schemas, templates, theme and content."""
    project = tmp / "project"
    shutil.copytree(FIXTURES / fixture, project / "data")
    shutil.copytree(ROOT / "data" / "schema", project / "data" / "schema")
    for name in ("content", "theme"):
        shutil.copytree(
            ROOT / name, project / name, ignore=shutil.ignore_patterns(*_generated_dirs())
        )
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "macros").symlink_to(ROOT / "macros")
    return project


def _generated_dirs() -> tuple[str, ...]:
    from macros.core.pages import GENERATED_DIRS

    return GENERATED_DIRS


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "macros", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def edit(project: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in a fixture file; fail loudly if the fixture has changed."""
    path = project / rel
    text = path.read_text()
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1))


def line_of(project: Path, rel: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle`."""
    lines = (project / rel).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def build_project(project: Path, out: Path) -> subprocess.CompletedProcess:
    """Build a fixture project's site into `out` through the same command as `make site`."""
    return run_cli(
        "build",
        "--root",
        str(project),
        "--site-dir",
        str(out),
        "--config",
        str(project / "mkdocs.yml"),
        cwd=project,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real playbook, built once in strict mode through the same command as `make site`."""
    out = tmp_path_factory.mktemp("real") / "site"
    result = run_cli("build", "--site-dir", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(folder, prefix='/ops/playbook/') -> base URL of folder served under that sub-path."""
    servers = []

    def start(folder: Path, prefix: str = "/") -> str:
        mount = Path(folder).parent / f"_mount{len(servers)}"
        target = mount / prefix.strip("/") if prefix.strip("/") else mount
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            if target == mount:
                mount.symlink_to(Path(folder).resolve())
            else:
                target.symlink_to(Path(folder).resolve())
        handler = functools.partial(_QuietHandler, directory=str(mount))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}{prefix}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system (Debian's chromium), driven by Playwright."""
    if not CHROMIUM:
        pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that refuses, and records, every request leaving the site."""
    context = browser.new_context()
    pg = context.new_page()
    pg.external_requests = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "file://", "data:", "blob:", "about:")):
            route.continue_()
        else:
            pg.external_requests.append(url)
            route.abort()

    context.route("**/*", guard)
    yield pg
    context.close()
