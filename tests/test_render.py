"""Rendering: data text is escaped for each context and never evaluated as a template."""

from __future__ import annotations

import pytest
from conftest import generate_project

from macros.core.site.render import md, relative

INJECTION = "{{ 7*7 }} <script>alert(1)</script> {% if x %}"


def test_markdown_escaping_keeps_text_literal():
    out = str(md(INJECTION))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "49" not in out
    assert out.startswith(r"\{\{ 7\*7 \}\}")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1. first", r"1\. first"),
        ("# not a heading", "&#35; not a heading"),
        ("- not a list", "&#45; not a list"),
        ("~~~ not a fence", "&#126;~~ not a fence"),
        ("the C#", r"the C\#"),
        ("a_b_c", r"a\_b\_c"),
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("line one\nline two", "line one line two"),
    ],
)
def test_markdown_structure_cannot_be_injected(text, expected):
    assert str(md(text)) == expected


@pytest.mark.parametrize(
    "target, page, expected",
    [
        ("reviews/portfolio.md", "reviews/index.md", "portfolio.html"),
        (
            "glossary/index.md#service-map",
            "reviews/portfolio.md",
            "../glossary/index.html#service-map",
        ),
        ("index.md", "reviews/portfolio.md", "../index.html"),
        ("about.md#deploy-smf", "index.md", "about.html#deploy-smf"),
    ],
)
def test_links_are_relative_html_files(target, page, expected):
    assert relative(target, page) == expected


def test_injection_in_review_name_stays_literal(project):
    path = project / "data/reviews/ship-it.yaml"
    path.write_text(path.read_text().replace("name: Ship It", f"name: '{INJECTION}'"))
    site = generate_project(project)
    text = site.files["reviews/ship-it.md"]
    assert "<script>" not in text
    assert "&lt;script&gt;" in text

    def titles(items):
        for item in items:
            for title, value in item.items():
                yield title
                if isinstance(value, list):
                    yield from titles(value)

    nav_titles = list(titles(site.nav))
    assert any("&lt;script&gt;" in t for t in nav_titles)
    assert not any("<script>" in t for t in nav_titles)


def test_relative_links_equal_posixpath_relpath():
    """The fast relative path (render._relpath) gives what posixpath.relpath gives for the
    generator's docs paths, anchors kept."""
    import posixpath

    from macros.core.site.render import _relpath

    pages = ["index.md", "reviews/x.md", "roles/booklet/y.md", "a/b/c/d.md", "raci/index.md"]
    targets = ["index.html", "reviews/x.html#go", "roles/z.html", "a/b/e.html", "raci/index.html"]
    for target in targets:
        for page in pages:
            path, _, anchor = target.partition("#")
            want = posixpath.relpath(path, posixpath.dirname(page) or ".")
            assert _relpath(target, page) == want + (f"#{anchor}" if anchor else "")
