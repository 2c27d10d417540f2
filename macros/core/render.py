"""Model -> Markdown/HTML text through Jinja templates in macros/templates/.

Data text is escaped for the context it lands in and never evaluated as Jinja: templates
receive data as values, and the output of a template is never rendered again.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# Characters Python-Markdown treats as markup anywhere in a line; a backslash makes them literal.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]])")
# ...and those that only matter at the start of a line (headings, lists, quotes, admonitions).
_MD_LEADING = re.compile(r"^([#+\-!=:|~>])|^(\d+)(?=[.)])")


def md(text) -> Markup:
    """Escape plain text for a Markdown inline context (a list item, heading, paragraph)."""
    if text is None:
        return Markup("")
    one_line = " ".join(str(text).split())
    html_safe = str(escape(one_line))  # <, >, & and quotes become entities
    escaped = _MD_SPECIAL.sub(r"\\\1", html_safe)
    return Markup(_MD_LEADING.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\", escaped))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def page_url(page: str) -> str:
    """The built file of a docs page: reviews/x.md -> reviews/x.html (use_directory_urls: false)."""
    path, _, anchor = page.partition("#")
    if path.endswith("index.md"):
        path = path[: -len("index.md")] + "index.html"
    elif path.endswith(".md"):
        path = path[:-3] + ".html"
    return path + (f"#{anchor}" if anchor else "")


def relative(target: str, from_page: str) -> str:
    """Link from one docs page to another, as a relative URL that works under any sub-path
    and from file://."""
    url = page_url(target)
    path, _, anchor = url.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(from_page) or ".")
    return rel + (f"#{anchor}" if anchor else "")


class _Environment(Environment):
    """Data keys win over mapping methods: `list.items` is the data's "items" field, not
    dict.items (playbook data uses the field names items, values and keys)."""

    def getattr(self, obj, attribute):
        if isinstance(obj, Mapping) and isinstance(attribute, str):
            if attribute in obj:
                return obj[attribute]
            if hasattr(obj, "_data"):  # a Record: a missing optional field reads as None
                return None
        return super().getattr(obj, attribute)


@cache
def environment(templates: Path = TEMPLATES) -> Environment:
    """One Jinja environment per build; templates compile once and are cached by Jinja."""
    env = _Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["slug"] = slug
    return env


def render(template: str, page: str, **context) -> str:
    """Render a template for the docs page `page` (used to make relative links)."""
    env = environment()

    def href(target) -> str:
        target_page = target if isinstance(target, str) else target.page
        return relative(target_page, page)

    def mdhref(target) -> str:
        """Relative link to a page's Markdown source, for Markdown links: MkDocs rewrites
        these and, in strict mode, fails the build when the target does not exist."""
        target_page = target if isinstance(target, str) else target.page
        path, _, anchor = target_page.partition("#")
        rel = posixpath.relpath(path, posixpath.dirname(page) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def link(entity, label=None) -> Markup:
        """A Markdown link to an entity's page, its label escaped."""
        text = md(label if label is not None else entity.name)
        return Markup(f"[{text}]({mdhref(entity)})")

    def a(entity, label=None, cls=None) -> Markup:
        """An HTML link to an entity's page, for raw-HTML contexts."""
        text = escape(label if label is not None else entity.name)
        klass = f' class="{escape(cls)}"' if cls else ""
        return Markup(f'<a href="{escape(href(entity))}"{klass}>{text}</a>')

    out = env.get_template(template).render(
        page=page, href=href, mdhref=mdhref, link=link, a=a, **context
    )
    return re.sub(r"\n{3,}", "\n\n", out)
