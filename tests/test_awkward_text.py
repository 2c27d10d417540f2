"""Data text shows exactly, in every place it lands: a battery of awkward strings (Markdown,
HTML, attribute-list and YAML-significant characters, non-Latin scripts) through every kind of
field that reaches a page, compared with what the reader sees.

One build of the fixture project holds every string at once: review i is named string i and
carries it in its list title, goal, attendee, decision option, go/no-go element and checklist
item; role i and term i are named with it too. Each place is read back from the built HTML (or
CSV, search index, glossary script) and compared with the input, exactly."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import build_project, make_project, text_of

BATTERY = [
    "Readiness of the C#",
    "Ends with two ##",
    "Trailing backslash \\",
    "1. Looks numbered",
    "2) Also numbered",
    "- Looks like a bullet",
    "+ Plus bullet",
    "> Looks like a quote",
    "A | pipe | table",
    "*stars* and _underscores_",
    "[x] box and [link](x.md)",
    "<!-- not a comment",
    "Attribute list {: #id .cls }",
    "&amp; stays an entity",
    "~~~ tildes",
    ": colon first",
    "= equals first",
    "`back ticks`",
    "</title><script>alert(1)</script>",
    "Ünïcödé Ελληνικά Кириллица 日本語",
    "{{ 7*7 }} {% raw %}",
]


def review_yaml(i: int, s: str) -> str:
    q = json.dumps(s, ensure_ascii=False)  # JSON strings are YAML strings
    return f"""id: awkward-{i}
name: {q}
phase: deliver
order: {i + 2}
summary: {q}
focus: {q}
scope: Project-specific
decision: {q}
owners: [awkward-role-{i}]
attendees:
  - role: awkward-role-{i}
    brings: {q}
frequency: {q}
cadence: {q}
goals: [{q}]
inputs: [{q}]
analysis: [{q}]
outcomes: [{q}]
decision_options:
  options:
    - {{id: go, label: {q}}}
go_no_go:
  - id: gng
    source: {{document: management-reviews, section: Table 11}}
    rows:
      - id: row
        element: {q}
        go: [{{id: go-item, text: {q}}}]
        no_go: [{{id: nogo-item, text: {q}}}]
lists:
  - id: list
    title: {q}
    items: [{q}]
key_terms: [awkward-term-{i}]
checklist:
  source: {{document: management-reviews, section: Table 12}}
  people: [{{id: people, text: {q}}}]
  inputs: [{{id: inputs, text: {q}}}]
  analysis: [{{id: analysis, text: {q}}}]
  outputs: [{{id: outputs, text: {q}}}]
raci:
  responsible: [awkward-role-{i}]
  accountable: [release-manager]
  derived_from: {q}
  basis: proposed
source:
  - {{document: management-reviews, section: {q}}}
"""


@pytest.fixture(scope="module")
def awkward_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("awkward"))
    data = project / "data"
    roles = yaml.safe_load((data / "roles.yaml").read_text())
    terms = yaml.safe_load((data / "glossary.yaml").read_text())
    for i, s in enumerate(BATTERY):
        (data / "reviews" / f"awkward-{i}.yaml").write_text(review_yaml(i, s), encoding="utf-8")
        roles["roles"].append(
            {
                "id": f"awkward-role-{i}",
                "name": s,
                "kind": "role-type",
                "accountability": "solutions",
                "summary": s,
                "source": [{"document": "deliver-phase-overview", "section": "Table 6"}],
            }
        )
        terms["terms"].append(
            {
                "id": f"awkward-term-{i}",
                "term": s,
                "definitions": [
                    {"text": s, "source": {"document": "management-reviews", "section": "T"}}
                ],
            }
        )
    for name, doc in (("roles.yaml", roles), ("glossary.yaml", terms)):
        (data / name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = build_project(project, project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def one_line(text: str) -> str:
    return " ".join(text.split())


def texts(page: str, pattern: str) -> list[str]:
    """The visible text of every match of `pattern` (a regex with one group of inner HTML)."""
    return [one_line(text_of(m)) for m in re.findall(pattern, page, re.S)]


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


CASES = list(enumerate(BATTERY))
IDS = [f"{i}" for i in range(len(BATTERY))]


@pytest.mark.parametrize(("i", "s"), CASES, ids=IDS)
def test_review_page_shows_the_text_exactly(awkward_site, i, s):
    page = read(awkward_site, f"reviews/awkward-{i}.html")
    article = page.split("<article", 1)[1]
    expected = one_line(s)
    assert texts(article, r"<h1[^>]*>(.*?)</h1>") == [f"{expected} Management Review"]
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert html.unescape(title).startswith(f"{expected} - ")  # the nav title: the name
    assert expected in texts(article, r"<summary[^>]*>(.*?)</summary>")  # the list title
    items = texts(article, r"<li[^>]*>(.*?)</li>")
    assert items.count(expected) >= 5  # goal, inputs, analysis, outcomes, list, checklist...
    cells = texts(article, r"<t[dh][^>]*>(.*?)</t[dh]>")
    assert expected in cells  # the attendee's "brings" and the go/no-go element
    nav = texts(page, r'<span class="md-ellipsis">(.*?)</span>')
    assert expected in nav


@pytest.mark.parametrize(("i", "s"), CASES, ids=IDS)
def test_checklist_labels_show_the_text_exactly(awkward_site, i, s):
    page = read(awkward_site, f"checklists/awkward-{i}.html")
    labels = texts(page, r"<label[^>]*>(.*?)</label>")
    assert labels.count(one_line(s)) >= 4  # people, inputs, analysis, outputs (+ indicators)


@pytest.mark.parametrize(("i", "s"), CASES, ids=IDS)
def test_role_page_glossary_and_exports_show_the_text_exactly(awkward_site, i, s):
    expected = one_line(s)
    role = read(awkward_site, f"roles/awkward-role-{i}.html").split("<article", 1)[1]
    assert texts(role, r"<h1[^>]*>(.*?)</h1>") == [expected]
    glossary = read(awkward_site, "glossary/index.html").split("<article", 1)[1]
    assert expected in texts(glossary, r"<h[23][^>]*>(.*?)</h[23]>")
    script = read(awkward_site, "glossary/terms.js")
    data = json.loads(script[script.index("= ") + 2 : script.rindex(";")])
    assert s in [t["name"] for t in data["terms"]]
    rows = list(csv.reader(io.StringIO(read(awkward_site, "raci/reviews.csv").lstrip("\ufeff"))))
    header = rows[0]
    assert (s if not s.startswith(("=", "+", "-", "@")) else "'" + s) in header
    assert any(r[0] == s or r[0] == "'" + s for r in rows[1:])


def test_search_index_and_diagram_hold_every_text(awkward_site, monkeypatch):
    from macros.core.data.pipeline import Pipeline
    from macros.core.site.svg import cycle

    index = json.loads(read(awkward_site, "search/search_index.json"))
    titles = [one_line(html.unescape(re.sub(r"<[^>]+>", "", d["title"]))) for d in index["docs"]]
    # The battery holds more reviews than the review cycle draws (CYCLE_LIMIT): draw it anyway.
    monkeypatch.setattr(cycle, "CYCLE_LIMIT", 1000)
    svg = str(cycle.review_cycle(Pipeline(awkward_site.parent).playbook(), lambda e: e.page))
    svg_titles = [one_line(html.unescape(t)) for t in re.findall(r"<title>(.*?)</title>", svg)]
    for s in BATTERY:
        expected = one_line(s)
        assert expected in titles or f"{expected} Management Review" in titles, s
        assert any(t.startswith(expected) for t in svg_titles), s
