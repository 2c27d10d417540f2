"""Model -> Markdown/HTML text through the Jinja templates in macros/core/site/templates/.

Data text is escaped for the context it lands in and never evaluated as Jinja: templates
receive data as values, and the output of a template is never rendered again.
"""

from __future__ import annotations

import posixpath
import re
import sys
import traceback
from pathlib import Path

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..views import notes

TEMPLATES = Path(__file__).resolve().parent / "templates"
_PROJECT = TEMPLATES.parents[3]  # template paths in messages are relative to the project

# Characters Python-Markdown treats as markup anywhere in a line; a backslash makes them literal.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]])")
# ...and those that only matter at the start of a line (headings, lists, quotes, admonitions).
_MD_LEADING = re.compile(r"^([#+\-!=:|~>])|^(\d+)(?=[.)])")
# A heading's closing hashes: "C#" would lose its "#" in a heading.
_MD_TRAILING = re.compile(r"(#+)$")


def md(text) -> Markup:
    """Escape plain text for a Markdown inline context (a list item, heading, paragraph)."""
    if text is None:
        return Markup("")
    one_line = " ".join(str(text).split())
    html_safe = str(escape(one_line))  # <, >, & and quotes become entities
    escaped = _MD_SPECIAL.sub(r"\\\1", html_safe)
    escaped = _MD_TRAILING.sub(lambda m: "\\#" * len(m[1]), escaped)
    # A leading marker becomes its character reference: not every marker has a backslash
    # escape in Python-Markdown (`\~`, `\:` and `\=` would show their backslash).
    return Markup(
        _MD_LEADING.sub(lambda m: f"&#{ord(m[1])};" if m[1] else f"{m[2]}\\", escaped)
    )


# An address in running text: a download whose file name has spaces ("…/MOF Job Aids -
# Deliver.zip", as the source prints it), or any other address up to a space or bracket,
# without a full stop or comma that ends the sentence.
_URL = re.compile(
    r"https?://[^\s()<>\"]+(?: [^\s()<>\"/]+)*\.zip"
    r"|https?://[^\s()<>\"]*[^\s()<>\".,;:]"
)


def _url_label(url: str) -> str:
    """Link text for an address: a download's file name, else the site's name."""
    if url.endswith(".zip"):
        return url.rsplit("/", 1)[-1].replace("%20", " ")
    site = url.split("://", 1)[1].removeprefix("www.").rstrip("/")
    if site.startswith("technet."):
        return "TechNet"
    return site if len(site) <= 30 else site.split("/")[0]


def _linked(text, escape_text) -> Markup:
    if text is None:
        return Markup("")
    one_line = " ".join(str(text).split())
    out, last = [], 0
    for m in _URL.finditer(one_line):
        before = one_line[last : m.start()]
        piece = str(escape_text(before)) if before.strip() else ""
        if before[-1:] == " " and not piece.endswith(" "):
            piece += " "  # md() trims the space before the link
        out.append(piece)
        href = m[0].replace(" ", "%20")
        out.append(f'<a href="{escape(href)}">{escape(_url_label(m[0]))}</a>')
        last = m.end()
    rest = one_line[last:]
    if rest.strip():
        piece = str(escape_text(rest))
        out.append((" " if rest[0] == " " and not piece.startswith(" ") else "") + piece)
    return Markup("".join(out))


def md_linked(text) -> Markup:
    """`md`, with every address in the text shown as a link named by `_url_label` (the
    address itself stays in the link's target): body text without raw URLs."""
    return _linked(text, md)


def html_linked(text) -> Markup:
    """The same for an HTML context (a table cell): escaped text, addresses as named links."""
    return _linked(text, escape)


class Once:
    """Which long passages a page has shown, and where: a page states each text once, and a
    repeat becomes a pointer to the first place ("Same as under Outcomes.").
    `Once().seen(text, where)` -> None the first time, else the `where` of the first time."""

    MIN_CHARS = 50  # shorter texts (a document's name in two lists) may repeat

    def __init__(self):
        self._where: dict[str, str] = {}

    def seen(self, text, where: str) -> str | None:
        key = " ".join(str(text).split())
        if len(key) < self.MIN_CHARS:
            return None
        if key in self._where:
            return self._where[key]
        self._where[key] = where
        return None


def heading_html(text) -> Markup:
    """Escape plain text for a raw-HTML heading that Markdown still walks (a heading in a
    `<details markdown>` summary): HTML-escaped, and braces as character references, so that
    attr_list never reads a trailing "{...}" as attributes."""
    escaped = str(escape(" ".join(str(text).split())))
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))


def page_url(page: str) -> str:
    """The built file of a docs page: reviews/x.md -> reviews/x.html (use_directory_urls: false)."""
    path, _, anchor = page.partition("#")
    if path.endswith("index.md"):
        path = path[: -len("index.md")] + "index.html"
    elif path.endswith(".md"):
        path = path[:-3] + ".html"
    return path + (f"#{anchor}" if anchor else "")


def _relpath(target: str, from_page: str) -> str:
    """posixpath.relpath of a docs path (with its #anchor) from a docs page's folder, for the
    paths the generator makes (relative, no '.' or '..' parts): the shared folders are dropped,
    each of the page's other folders is one '../'. relpath itself makes both paths absolute
    first, a cost that showed on the 100x benchmark (a few hundred thousand links)."""
    path, _, anchor = target.partition("#")
    if "./" in path or "./" in from_page or "//" in path or "//" in from_page:
        path, from_page = posixpath.normpath(path), posixpath.normpath(from_page)
    base = from_page.split("/")[:-1]
    parts = path.split("/")
    shared = 0
    while shared < len(base) and shared < len(parts) - 1 and base[shared] == parts[shared]:
        shared += 1
    rel = "/".join([".."] * (len(base) - shared) + parts[shared:])
    return rel + (f"#{anchor}" if anchor else "")


def relative(target: str, from_page: str) -> str:
    """Link from one docs page to another, as a relative URL that works under any sub-path
    and from file://."""
    return _relpath(page_url(target), from_page)


def bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """Jinja's bytecode cache in a subfolder of `folder` named after the Jinja and Python
    versions (Jinja keys compiled code by template source only); None when the folder cannot be
    made (a read-only checkout builds, just without it)."""
    where = Path(folder) / f"jinja-{jinja2.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}"
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(where))


class TemplateError(Exception):
    """A template failed to render: a misspelt field, a missing value, a syntax error. `where`
    is "<template file>:<line>" of the template line at fault."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where}: {message}")


def _shown(filename: str) -> str:
    path = Path(filename).resolve()
    return path.relative_to(_PROJECT).as_posix() if path.is_relative_to(_PROJECT) else str(path)


def _template_line(exc: BaseException) -> str:
    """Where in our templates an exception was raised: the innermost template frame."""
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2"):
            where = f"{_shown(frame.filename)}:{frame.lineno}"
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where = f"{_shown(exc.filename)}:{exc.lineno}"
    return where or "a template"


class Renderer:
    """One Jinja environment for a build: templates compile once. Undefined values fail (a field
    the model does not have is an error, not an empty string); data is autoescaped."""

    def __init__(self, templates: Path = TEMPLATES, bytecode: Path | None = None):
        """`bytecode`: a folder for Jinja's compiled templates, kept across processes (keyed by
        each template's source, so an edited template compiles again)."""
        self.templates = Path(templates)
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            bytecode_cache=bytecode_cache(bytecode) if bytecode else None,
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["md"] = md
        self.env.globals["page_url"] = page_url
        self.env.globals["source_notes"] = notes.source_notes  # "Source and notes" (_macros.j2)
        self.env.filters["md_linked"] = md_linked
        self.env.filters["html_linked"] = html_linked
        self.env.filters["heading_html"] = heading_html
        self.env.globals["Once"] = Once  # {% set once = Once() %}: see _macros.j2 bullets

    def render(self, template: str, page: str, moved: dict | None = None, **context) -> str:
        """Render `template` for the docs page `page` (used to make relative links). `moved`:
        {docs page (and anchor): where it is on this site}, for entities whose entry is not
        where the kinds registry puts it (a glossary term in a later part of the glossary).
        Raises TemplateError with the template's file and line."""
        moved = moved or {}

        def target_of(target) -> str:
            found = target if isinstance(target, str) else target.page
            return moved.get(found, found)

        def href(target) -> str:
            return relative(target_of(target), page)

        def mdhref(target) -> str:
            """Relative link to a page's Markdown source, for Markdown links: MkDocs rewrites
            these and, in strict mode, fails the build when the target does not exist."""
            return _relpath(target_of(target), page)

        def link(entity, label=None) -> Markup:
            """A Markdown link to an entity's page, its label escaped."""
            text = md(label if label is not None else entity.name)
            return Markup(f"[{text}]({mdhref(entity)})")

        def a(entity, label=None, cls=None) -> Markup:
            """An HTML link to an entity's page, for raw-HTML contexts."""
            text = escape(label if label is not None else entity.name)
            klass = f' class="{escape(cls)}"' if cls else ""
            return Markup(f'<a href="{escape(href(entity))}"{klass}>{text}</a>')

        try:
            out = self.env.get_template(template).render(
                page=page, href=href, mdhref=mdhref, link=link, a=a, **context
            )
        except (jinja2.TemplateError, AttributeError, TypeError, KeyError) as exc:
            raise TemplateError(_template_line(exc), str(exc)) from exc
        return re.sub(r"\n{3,}", "\n\n", out)
