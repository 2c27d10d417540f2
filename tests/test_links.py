"""Every internal link and anchor in the built site resolves, raw-HTML links included."""

from __future__ import annotations

from pathlib import Path

from site_links import broken_links


def test_every_internal_link_and_anchor_of_the_real_site_resolves(built_site: Path):
    assert broken_links(built_site) == []


def test_the_checker_finds_broken_links_and_anchors(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<h1 id="top">Home</h1>\n'
        '<a href="sub/page.html#here">ok</a> <a href="#top">ok</a> <a href="#">ok</a>\n'
        '<a href="sub/page.html#gone">bad anchor</a> <a href="missing.html">bad file</a>\n'
        '<img src="/abs.png" alt=""> <a href="https://example.org/">external</a>\n'
        '<a href="../outside.html">outside</a> <a href="sub/">folder</a>\n',
        encoding="utf-8",
    )
    (tmp_path / "sub" / "page.html").write_text(
        '<p id="here">x</p><svg><a xlink:href="../index.html#nope">svg</a></svg>\n'
        '<img srcset="a.png 1x, ../index.html 2x" alt="">',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [
        "index.html:3: sub/page.html#gone (no id 'gone' in sub/page.html)",
        "index.html:3: missing.html (no file missing.html)",
        "index.html:4: /abs.png (absolute path: breaks under a sub-path)",
        "index.html:5: ../outside.html (points outside the site)",
        "index.html:5: sub/ (no file sub/index.html)",
        "sub/page.html:1: ../index.html#nope (no id 'nope' in index.html)",
        "sub/page.html:2: a.png (no file sub/a.png)",
    ]
