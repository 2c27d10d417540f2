"""Shared fixtures and helpers: fixture data sets, the real playbook's model and generated pages,
one strict build of the real site, a headless browser, and the helpers several test files use."""

from __future__ import annotations

import functools
import html as html_lib
import http.server
import os
import re
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
    shutil.copytree(ROOT / "content", project / "content", ignore=_generated)
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "macros").symlink_to(ROOT / "macros")
    return project


def _generated(folder: str, names: list[str]) -> list[str]:
    """copytree ignore: the generated folders of content/ (the generator marks each one)."""
    from macros.core.site.output import OWNED_MARK, OWNED_TEXT

    def owned(name: str) -> bool:
        mark = Path(folder) / name / OWNED_MARK
        return mark.is_file() and mark.read_text(encoding="utf-8") == OWNED_TEXT

    return [n for n in names if owned(n)]


def text_of(html: str) -> str:
    """Visible text of a page: scripts and styles dropped, entities decoded, white space
    collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def problems_of(project: Path) -> list[str]:
    """Every problem the checks find in a project's data, as printed."""
    from macros.core.data.pipeline import Pipeline

    _, problems = Pipeline(project).check()
    return [str(p) for p in problems]


def playbook_of(project: Path):
    """A fixture project's validated model (raises DataError)."""
    from macros.core.data.pipeline import Pipeline

    return Pipeline(project).playbook()


def generate_project(project: Path):
    """A fixture project's generated pages and nav, without MkDocs."""
    from macros.core.data.pipeline import Pipeline
    from macros.core.site.generate import generate

    pipeline = Pipeline(project)
    return generate(pipeline.playbook(), pipeline.schemas())


def search(page, query: str) -> list[str]:
    """Type a query into Material's search box; return the result links in order.

    Material reads the box on key events (or when its index becomes ready), so type real keys:
    `fill()` sends no keyup, and a query filled after the index is ready is never run."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially(query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    # Results come for each prefix typed ("go" before "go/no-go"): wait until they are the full
    # query's (each link highlights the query's last word) and stay the same for a moment.
    last = re.findall(r"\w+", query.lower())[-1:]
    before: list[str] = []
    for _ in range(60):
        links = page.eval_on_selector_all(
            ".md-search-result__item > a", "els => els.map(e => e.getAttribute('href'))"
        )
        current = links and (not last or any(last[0] in href.lower() for href in links))
        if current and links == before:
            return links
        before = links
        page.wait_for_timeout(250)
    return before


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
def real_project():
    """The real project's data pipeline and renderer (the same objects a build uses)."""
    from macros.session import project

    return project(ROOT)


@pytest.fixture(scope="session")
def pb(real_project):
    """The real playbook's model."""
    return real_project.pipeline.playbook()


@pytest.fixture(scope="session")
def site(real_project, pb):
    """The real playbook's generated pages and nav (no MkDocs)."""
    from macros.core.site.generate import generate

    return generate(pb, real_project.pipeline.schemas(), real_project.renderer)


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


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output instead of comparing with it",
    )
