"""Intranet package: the built site works under a sub-path, from file:// and under
`Content-Security-Policy: default-src 'self'`, with no request leaving it; two builds are
byte-identical; `make dist` zips a working site; organisation settings brand it; the 404 helps."""

from __future__ import annotations

import functools
import hashlib
import html.parser
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from conftest import ROOT, make_project

EPOCH = 1700000000  # 2023-11-14T22:13:20Z, passed as SOURCE_DATE_EPOCH
CSP = "default-src 'self'"
PREFIX = "/ops/playbook/"
# Page kinds the playbook must have: a file, or a folder (its index and its first entity page).
KINDS = {
    "home": "index.html",
    "review": "reviews/",
    "checklist": "checklists/",
    "smf": "smfs/",
    "role": "roles/",
    "raci": "raci/",
    "glossary": "glossary/",
    "about": "about.html",
    "404": "404.html",
}
NOT_CONTENT = {"assets", "search"}


# ---------------------------------------------------------------- helpers


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "macros", *args],
        cwd=full_env["PYTHONPATH"],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def pages_to_visit(site: Path) -> dict[str, str]:
    """{label: site-relative path}: every required kind, plus every other content folder."""
    found, missing = {}, []
    folders = {
        p.name + "/"
        for p in site.iterdir()
        if p.is_dir() and p.name not in NOT_CONTENT and any(p.glob("*.html"))
    }
    for kind, rel in {**KINDS, **{f.rstrip("/"): f for f in sorted(folders)}}.items():
        if not rel.endswith("/"):
            (found.__setitem__(kind, rel) if (site / rel).is_file() else missing.append(rel))
            continue
        pages = sorted(p.name for p in (site / rel).glob("*.html"))
        if not pages:
            missing.append(rel)
        if "index.html" in pages:
            found[f"{kind} index"] = rel + "index.html"
        entities = [p for p in pages if p != "index.html"]
        if entities:
            found[kind] = rel + entities[0]
    assert not missing, f"page kinds missing from the built site: {missing}"
    return found


class Recorder:
    """Everything that went wrong while a page loaded: failed or 4xx/5xx requests, errors."""

    def __init__(self, page, expect_status: int = 200):
        self.page, self.problems, self.expect_status = page, [], expect_status
        self.external_before = len(page.external_requests)
        self._handlers = {
            "requestfailed": self._failed,
            "response": self._response,
            "console": lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"),
            "pageerror": lambda e: self.problems.append(f"script error: {e}"),
        }
        for event, handler in self._handlers.items():
            page.on(event, handler)

    def _failed(self, request):
        # ERR_ABORTED: cancelled by leaving the page (e.g. the search index still loading);
        # a missing file fails with a 404 or ERR_FILE_NOT_FOUND instead.
        if request.url not in self.page.external_requests and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} ({request.failure})")

    def _response(self, response):
        is_document = response.request.is_navigation_request()
        expected = self.expect_status if is_document else 200
        if response.status >= 400 and response.status != expected:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def finish(self) -> list[str]:
        for event, handler in self._handlers.items():
            self.page.remove_listener(event, handler)
        external = self.page.external_requests[self.external_before :]
        problems = [f"external request: {u}" for u in external] + self.problems
        if self.expect_status == 404:  # the browser logs the document's own 404 status
            problems = [
                p
                for p in problems
                if not re.match(
                    r"console: Failed to load resource: "
                    r"the server responded with a status "
                    r"of 404",
                    p,
                )
            ]
        return problems


def check_rendered(page) -> list[str]:
    """The page's stylesheets applied, Material's script ran, and it has a heading."""
    state = page.evaluate("""() => ({
        css: [...document.querySelectorAll('link[rel=stylesheet]')].filter(l => !l.sheet)
               .map(l => l.href),
        js: document.documentElement.classList.contains('js'),
        h1: document.querySelectorAll('h1').length,
        header: getComputedStyle(document.querySelector('.md-header')).position,
    })""")
    problems = [f"stylesheet not applied: {h}" for h in state["css"]]
    if not state["js"]:
        problems.append("Material's script did not run (html has no 'js' class)")
    if state["h1"] < 1:
        problems.append("no <h1>")
    if state["header"] not in ("sticky", "fixed"):
        problems.append(f"Material's stylesheet not applied (header is {state['header']})")
    return problems


def visit(page, url: str, expect_status: int = 200) -> list[str]:
    recorder = Recorder(page, expect_status)
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    problems = recorder.finish()
    if response is not None and url.startswith("http") and response.status != expect_status:
        problems.append(f"{url} answered {response.status}")
    return problems + check_rendered(page)


def search(page, query: str) -> list[str]:
    """Type into Material's search box; return the result links (absolute URLs).

    Material reads the box on `keyup` (or when its index becomes ready), so type real keys:
    `fill()` sends no keyup, and a query filled after the index is ready is never run."""
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    assert links, f"search for {query!r} found nothing on {page.url}"
    return links


def start_server(
    mount_root: Path, folder: Path, prefix: str, csp: str | None = None, not_found: bool = False
) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve folder at prefix; optionally with a CSP header and the site's 404.html for misses
    (as nginx's error_page or Apache's ErrorDocument would)."""
    mount = mount_root / f"mount-{time.monotonic_ns()}"
    target = mount / prefix.strip("/")
    target.parent.mkdir(parents=True)
    target.symlink_to(folder.resolve())

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            if csp:
                self.send_header("Content-Security-Policy", csp)
            super().end_headers()

        def send_error(self, code, message=None, explain=None):
            page = target / "404.html"
            if code != 404 or not not_found or not page.is_file():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(mount))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}{prefix}", server


@pytest.fixture(scope="module")
def intranet_server(tmp_path_factory):
    """intranet_server(folder, prefix, csp=None, not_found=False) -> base URL."""
    servers, root = [], tmp_path_factory.mktemp("servers")

    def start(folder: Path, prefix: str = PREFIX, **options) -> str:
        url, server = start_server(root, folder, prefix, **options)
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.shutdown()


class _Resources(html.parser.HTMLParser):
    """Collects what a page loads or links to, and anything a strict CSP would block."""

    LOADING_RELS = {
        "stylesheet",
        "icon",
        "shortcut",
        "preload",
        "prefetch",
        "modulepreload",
        "manifest",
        "preconnect",
        "dns-prefetch",
        "apple-touch-icon",
        "mask-icon",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads, self.links, self.csp = [], [], []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        for name, value in a.items():
            if name.startswith("on"):
                self.csp.append(f"inline event handler <{tag} {name}=...>")
            if value.strip().lower().startswith("javascript:"):
                self.csp.append(f"javascript: URL in <{tag} {name}>")
        if "style" in a:
            self.csp.append(f"style attribute on <{tag}>")
        if tag == "style":
            self.csp.append("<style> element")
        if tag == "script":
            self._script = a
            if a.get("src"):
                self.loads.append(a["src"])
        elif tag == "link":
            rels = set(a.get("rel", "").lower().split())
            (self.loads if rels & self.LOADING_RELS else self.links).append(a.get("href", ""))
        elif tag in (
            "img",
            "iframe",
            "frame",
            "embed",
            "source",
            "video",
            "audio",
            "track",
            "input",
            "image",
            "use",
            "object",
        ):
            for name in ("src", "data", "poster", "href", "xlink:href"):
                if a.get(name):
                    self.loads.append(a[name])
            for item in a.get("srcset", "").split(","):
                if item.strip():
                    self.loads.append(item.split()[0])
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.loads.append(a.get("content", "").partition("url=")[2])

    def handle_data(self, data):
        if self._script is not None and not self._script.get("src") and data.strip():
            kind = self._script.get("type", "text/javascript")
            if kind not in ("application/json", "application/ld+json"):
                self.csp.append(f"inline <script>: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def parse(page: Path) -> _Resources:
    parser = _Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def is_external(url: str) -> bool:
    return bool(re.match(r"(?i)^(https?:)?//", url.strip()))


def local_target(site: Path, page: Path, url: str) -> Path | None:
    """The file a relative URL on page points to; None for external, mailto:, data:, #..."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return (page.parent / unquote(parts.path)).resolve()


# ---------------------------------------------------------------- static checks (no browser)


def test_every_page_loads_only_local_files_that_exist(built_site: Path):
    problems = []
    for page in sorted(built_site.rglob("*.html")):
        rel = page.relative_to(built_site)
        found = parse(page)
        for url in found.loads:
            target = local_target(built_site, page, url)
            if is_external(url):
                problems.append(f"{rel}: loads external {url}")
            elif target is not None and not target.is_file():
                problems.append(f"{rel}: loads missing {url}")
        for url in found.links:
            target = local_target(built_site, page, url)
            if target is not None and not target.exists():
                problems.append(f"{rel}: links to missing {url}")
    assert problems == []


def test_stylesheets_fetch_nothing_from_outside(built_site: Path):
    problems = []
    for sheet in sorted(built_site.rglob("*.css")):
        css = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
            if is_external(url):
                problems.append(f"{sheet.relative_to(built_site)}: url({url})")
        imports = re.findall(r"@import[^;]+", css)
        problems += [f"{sheet.relative_to(built_site)}: {m}" for m in imports]
    assert problems == []


def test_no_inline_handlers_styles_or_scripts(built_site: Path):
    """Only Material's __config JSON block is inline (type=application/json: never executed)."""
    problems = []
    for page in sorted(built_site.rglob("*.html")):
        problems += [f"{page.relative_to(built_site)}: {p}" for p in parse(page).csp]
    assert problems == []
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<script id="__config" type="application/json">' in home


def test_offline_shim_is_the_vendored_copy(built_site: Path):
    home = parse(built_site / "index.html")
    assert "assets/vendor/iframe-worker/shim.js" in home.loads
    assert (built_site / "assets/vendor/iframe-worker/shim.js").stat().st_size > 1000


def test_material_inline_scripts_are_copied_verbatim():
    """theme/assets/javascripts/md-*.js hold Material's inline scripts: fail after an upgrade of
    mkdocs-material until they are copied again (see theme/partials/javascripts/)."""
    import material

    partials = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    ours = ROOT / "theme" / "assets" / "javascripts"

    def inline(name: str) -> list[str]:
        return re.findall(r"<script>(.*?)</script>", (partials / name).read_text(), re.S)

    def code(name: str) -> str:
        return (ours / name).read_text().split("\n", 2)[2].strip()

    scope = inline("base.html")[0].replace(
        '"{{ config.extra.scope | d(base_url) }}"', "document.currentScript.dataset.mdScope"
    )
    assert code("md-scope.js") == scope
    assert code("md-palette.js") == inline("palette.html")[0]
    assert [code("md-tabs-link.js"), code("md-tabs.js")] == inline("content.html")


def test_local_icons_match_material():
    """Run `python -m macros.local_icons` after upgrading mkdocs-material."""
    from macros import local_icons

    expected = local_icons.expected_files(local_icons.material_css().read_text(encoding="utf-8"))
    assert len(expected) > 30
    actual = {p: p.read_text(encoding="utf-8") for p in local_icons.ICON_DIR.glob("*.svg")}
    actual[local_icons.CSS_FILE] = local_icons.CSS_FILE.read_text(encoding="utf-8")
    assert actual == expected


# ---------------------------------------------------------------- reproducible builds and dist


def test_zip_ignores_file_times_and_modes(tmp_path: Path):
    from macros.dist import write_zip

    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "b" / "z.txt").write_text("z")
    (site / "a.txt").write_text("a")
    write_zip(site, tmp_path / "one.zip", "pkg", EPOCH)
    os.utime(site / "a.txt", (1, 1))
    (site / "b" / "z.txt").chmod(0o600)
    write_zip(site, tmp_path / "two.zip", "pkg", EPOCH)
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == ["pkg/a.txt", "pkg/b/z.txt"]
    assert {i.date_time for i in infos} == {time.gmtime(EPOCH)[:6]}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_build_date_comes_from_source_date_epoch_or_git_or_1980(tmp_path: Path, monkeypatch):
    from macros.dist import ZIP_EPOCH, source_date_epoch

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert source_date_epoch(tmp_path) == EPOCH
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date_epoch(tmp_path) == ZIP_EPOCH  # not a git checkout
    git = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True
    )
    if git.returncode == 0:  # the project's own checkout
        assert source_date_epoch(ROOT) == int(git.stdout)


def snapshot(target: Path) -> Path:
    """A copy of the project's sources (as a fresh clone has them), so that edits made while the
    tests run cannot make two builds differ."""
    from conftest import _generated

    skip = shutil.ignore_patterns(".*", "__pycache__", "*.egg-info")
    for name in ("data", "macros", "theme"):
        shutil.copytree(ROOT / name, target / name, ignore=skip)
    shutil.copytree(ROOT / "content", target / "content", ignore=_generated)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, target / name)
    return target


@pytest.fixture(scope="module")
def two_dists(tmp_path_factory) -> list[Path]:
    """`python -m macros dist` twice from copies of one snapshot in different folders, with
    different hash seeds; the output lands in <out>/site and <out>/dist."""
    source = snapshot(tmp_path_factory.mktemp("snapshot") / "mof-playbook")
    outs = []
    for seed in ("1", "2"):
        out = tmp_path_factory.mktemp(f"dist{seed}")
        project = shutil.copytree(source, out / "project")
        result = cli(
            "dist",
            "--root",
            str(project),
            env={
                "SOURCE_DATE_EPOCH": str(EPOCH),
                "PYTHONHASHSEED": seed,
                "PYTHONPATH": str(project),
            },
        )
        assert result.returncode == 0, result.stdout + result.stderr
        for name in ("site", "dist"):
            (project / name).rename(out / name)
        outs.append(out)
    return outs


def test_two_builds_are_byte_identical(two_dists: list[Path]):
    one, two = (d / "site" for d in two_dists)
    files = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file())
    different = [f for f in files if (one / f).read_bytes() != (two / f).read_bytes()]
    assert different == []
    with open(one / "sitemap.xml.gz", "rb") as f:  # gzip mtime: SOURCE_DATE_EPOCH's day (MkDocs)
        assert int.from_bytes(f.read(8)[4:8], "little") == EPOCH - EPOCH % 86400


def test_dist_zip_is_reproducible_and_checksummed(two_dists: list[Path]):
    from macros.dist import version

    name = f"mof-playbook-{version(ROOT)}.zip"
    archives = [d / "dist" / name for d in two_dists]
    assert archives[0].read_bytes() == archives[1].read_bytes()
    digest = hashlib.sha256(archives[0].read_bytes()).hexdigest()
    assert (archives[0].parent / f"{name}.sha256").read_text() == f"{digest}  {name}\n"
    if shutil.which("sha256sum"):
        check = subprocess.run(
            ["sha256sum", "-c", f"{name}.sha256"],
            cwd=archives[0].parent,
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stdout + check.stderr
    site = two_dists[0] / "site"
    with zipfile.ZipFile(archives[0]) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    prefix = name.removesuffix(".zip") + "/"
    assert names == sorted(names)
    assert {n.removeprefix(prefix) for n in names} == {
        p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
    }
    assert {i.date_time for i in infos} == {time.gmtime(EPOCH)[:6]}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_make_dist_target_runs_the_dist_command():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(
        r"^dist: \$\(VENV\)/\.installed-site\n\t\$\(PY\) -m macros dist$", makefile, re.M
    )
    assert re.search(r"^\.PHONY:.*\bdist\b", makefile, re.M)


@pytest.mark.parametrize("site_url", ["", "https://intranet.example.com/ops/playbook/"])
def test_dist_warns_when_site_url_is_empty(tmp_path: Path, site_url: str):
    from macros.dist import site_url_warning

    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: X\nsite_url: '{site_url}'\ndocs_dir: docs\n")
    (tmp_path / "docs").mkdir()
    warning = site_url_warning(config)
    if site_url:
        assert warning is None
    else:
        assert warning.startswith("WARNING: site_url is empty in mkdocs.yml")
        assert "404 page" in warning


# ---------------------------------------------------------------- organisation settings


@pytest.fixture(scope="module")
def branded_site(tmp_path_factory) -> Path:
    """The fixture playbook built with every organisation setting filled in, hostile values
    included, and site_url set to a sub-path."""
    project = make_project(tmp_path_factory.mktemp("branded"))
    from mkdocs.utils import yaml_load  # understands mkdocs.yml's !ENV tag

    config = yaml_load((project / "mkdocs.yml").read_text())
    config["site_name"] = "ACME </title><script>alert(1)</script> Playbook"
    config["site_url"] = "https://intranet.acme.example" + PREFIX
    config["copyright"] = "© ACME <b>IT</b>"
    config["theme"]["logo"] = "assets/images/acme-logo.svg"
    config["theme"]["palette"][0]["primary"] = "teal"
    config["extra"]["org"] = {
        "name": "ACME <IT> & Co",
        "url": "https://intranet.acme.example/",
        "contact": {
            "name": 'Service Desk "Ops"',
            "email": "desk@acme.example",
            "phone": "+1 555 0100",
            "url": "javascript:alert(1)",
        },
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    logo = project / "theme" / "assets" / "images" / "acme-logo.svg"
    logo.parent.mkdir(parents=True, exist_ok=True)
    logo.write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 8 8'>"
        "<rect width='8' height='8'/></svg>"
    )
    site = project.parent / "site"
    result = cli(
        "build",
        "--root",
        str(project),
        "--site-dir",
        str(site),
        env={"SOURCE_DATE_EPOCH": str(EPOCH)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_organisation_settings_brand_every_page_escaped(branded_site: Path):
    home = (branded_site / "index.html").read_text(encoding="utf-8")
    footer = home[home.index('<div class="md-copyright">') :]
    assert "© ACME &lt;b&gt;IT&lt;/b&gt;" in footer
    assert (
        '<a class="pb-org__name" href="https://intranet.acme.example/">ACME &lt;IT&gt; &amp; Co</a>'
    ) in footer
    assert "Service Desk &#34;Ops&#34;" in footer or "Service Desk &quot;Ops&quot;" in footer
    assert '<a href="mailto:desk@acme.example">desk@acme.example</a>' in footer
    assert "+1 555 0100" in footer
    assert "javascript:" not in home  # a contact URL that is not http(s) is not linked
    assert "<script>alert(1)" not in home
    assert " - ACME &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; Playbook</title>" in home
    assert 'data-md-color-primary="teal"' in home
    assert '<img src="assets/images/acme-logo.svg" alt="logo">' in home
    assert (branded_site / "assets/images/acme-logo.svg").is_file()
    review = next((branded_site / "reviews").glob("[!i]*.html")).read_text(encoding="utf-8")
    assert '<img src="../assets/images/acme-logo.svg" alt="logo">' in review
    assert "ACME &lt;IT&gt; &amp; Co" in review


def test_sitemap_dates_are_the_source_date(branded_site: Path):
    sitemap = (branded_site / "sitemap.xml").read_text()
    dates = set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap))
    assert dates == {time.strftime("%Y-%m-%d", time.gmtime(EPOCH))}
    assert "https://intranet.acme.example/ops/playbook/index.html" in sitemap


def test_404_page_uses_relative_links_without_site_url(built_site: Path):
    page = parse(built_site / "404.html")
    assert page.loads and all(not u.startswith("/") and not is_external(u) for u in page.loads)
    assert "./index.html" in page.links


def test_404_page_uses_site_url_path_when_set(branded_site: Path):
    page = parse(branded_site / "404.html")
    assert page.loads and all(u.startswith(PREFIX) for u in page.loads)


# ---------------------------------------------------------------- in the browser

browser = pytest.mark.browser


@browser
def test_every_kind_of_page_works_under_a_sub_path(built_site: Path, serve, page):
    base = serve(built_site, PREFIX)
    problems = {label: visit(page, base + rel) for label, rel in pages_to_visit(built_site).items()}
    assert {k: v for k, v in problems.items() if v} == {}


@browser
def test_every_kind_of_page_works_from_file_urls(built_site: Path, page):
    problems = {
        label: visit(page, (built_site / rel).as_uri())
        for label, rel in pages_to_visit(built_site).items()
    }
    assert {k: v for k, v in problems.items() if v} == {}


@browser
def test_every_kind_of_page_works_under_a_strict_csp(built_site: Path, intranet_server, page):
    """Served with `Content-Security-Policy: default-src 'self'`: a blocked script, style or
    image shows as a console error, which fails the test."""
    base = intranet_server(built_site, csp=CSP)
    problems = {label: visit(page, base + rel) for label, rel in pages_to_visit(built_site).items()}
    assert {k: v for k, v in problems.items() if v} == {}


@browser
@pytest.mark.parametrize("where", ["sub-path with CSP", "file"])
def test_search_results_open_working_pages(built_site: Path, intranet_server, page, where):
    base = intranet_server(built_site, csp=CSP) if where != "file" else built_site.as_uri() + "/"
    assert visit(page, base + "index.html") == []
    recorder = Recorder(page)
    links = search(page, "review")
    problems = recorder.finish()
    assert problems == []
    assert all(link.startswith(base) for link in links), links
    assert visit(page, links[0]) == []


@browser
def test_404_page_helps_under_a_sub_path(built_site: Path, intranet_server, page):
    base = intranet_server(built_site, csp=CSP, not_found=True)
    assert visit(page, base + "glossary-terms.html", expect_status=404) == []
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.input_value("#pb-not-found-query") == "glossary terms"
    home = page.locator("a.pb-not-found__home")
    assert urljoin(page.url, home.get_attribute("href")) == base + "index.html"
    page.locator(".pb-not-found button[type=submit]").click()
    page.wait_for_url(base + "index.html?q=glossary+terms")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.external_requests == []


@browser
def test_404_page_works_from_file_urls(built_site: Path, page):
    assert visit(page, (built_site / "404.html").as_uri()) == []
    page.locator("a.pb-not-found__home").click()
    page.wait_for_url((built_site / "index.html").as_uri())
    assert check_rendered(page) == []


@browser
def test_404_page_works_at_any_depth_when_site_url_is_set(
    branded_site: Path, intranet_server, page
):
    base = intranet_server(branded_site, csp=CSP, not_found=True)
    assert visit(page, base + "reviews/gone/deeper/page.html", expect_status=404) == []
    home = page.locator("a.pb-not-found__home").get_attribute("href")
    assert urljoin(page.url, home) == base + "index.html"
    assert page.locator(".md-header img[alt=logo]").evaluate("img => img.naturalWidth") > 0


@browser
def test_dist_zip_unpacks_to_a_working_site(two_dists: list[Path], tmp_path: Path, page):
    archive = next((two_dists[0] / "dist").glob("*.zip"))
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path)
    site = tmp_path / archive.name.removesuffix(".zip")
    assert visit(page, (site / "index.html").as_uri()) == []
    links = search(page, "review")
    assert visit(page, links[0]) == []
    assert page.external_requests == []
