"""Find broken internal links and anchors in a built site (MkDocs does not check raw HTML)."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that point at another resource; srcset holds several URLs.
LINK_ATTRS = {"href", "src", "xlink:href", "poster", "data"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and tag != "meta" and not (tag == "input" and name == "name"):
                self.ids.add(value)
            elif name in LINK_ATTRS and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append((line, value))
            elif name == "srcset":
                self.links += [(line, part.split()[0]) for part in value.split(",") if part.strip()]


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """Every relative href/src (and #anchor) in every HTML page that does not resolve, as
    'page:line: url (why)'. External URLs are ignored here: other tests forbid loading them."""
    site = site.resolve()
    pages = {p.relative_to(site).as_posix(): _parse(p) for p in sorted(site.rglob("*.html"))}
    problems = []
    for rel, page in pages.items():
        for line, url in page.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("//"):
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                problems.append(f"{rel}:{line}: {url} (absolute path: breaks under a sub-path)")
                continue
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(rel), path)) if path else rel
            )
            if target.startswith("../") or target == "..":
                problems.append(f"{rel}:{line}: {url} (points outside the site)")
                continue
            file = site / target
            if file.is_dir():
                target = posixpath.join(target, "index.html")
                file = site / target
            if not file.is_file():
                problems.append(f"{rel}:{line}: {url} (no file {target})")
                continue
            anchor = unquote(parts.fragment)
            if anchor and target in pages and anchor not in pages[target].ids:
                problems.append(f"{rel}:{line}: {url} (no id '{anchor}' in {target})")
    return problems
