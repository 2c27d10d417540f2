"""SMF, phase, scenario and template pages and the lifecycle map show the real data.

Most tests read the strict build of the real playbook (`built_site`); the last one builds the
fixture project with hostile names to check that data is shown literally on these pages.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from conftest import ROOT, build_project, text_of

LEVEL_LABELS = {
    "director-cio": "Service Management Director/CIO",
    "manager": "Service Management Manager",
    "individual-contributor": "Individual Contributor",
}


def norm(text: str) -> str:
    return " ".join(str(text).split())


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def section(html: str, start_id: str, end_pattern: str = r"<h2\b") -> str:
    """The HTML from the element with id=start_id up to the next h2."""
    start = html.index(f'id="{start_id}"')
    end = re.compile(end_pattern).search(html, start + 1)
    return html[start : end.start() if end else len(html)]


def entry_lines(entries):
    """Every line of a list of entries: plain texts, and texts with their sub-entries."""
    for entry in entries or ():
        if isinstance(entry, str):
            yield entry
        else:
            yield entry.text
            yield from entry_lines(entry.items)


@pytest.mark.parametrize(("smf_id", "processes"), [("business-it-alignment", 5), ("deploy", 4)])
def test_detailed_smf_page_shows_every_process_and_activity(built_site, pb, smf_id, processes):
    html = read(built_site, f"smfs/{smf_id}.html")
    smf = pb.get("smf", smf_id)
    assert len(smf.processes) == processes
    headings = re.findall(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', html, re.S)
    process_headings = [(i, text_of(t)) for i, t in headings if text_of(t).startswith("Process ")]
    assert [i for i, _ in process_headings] == [p.id for p in smf.processes]
    for n, (process, (_, title)) in enumerate(zip(smf.processes, process_headings, strict=True), 1):
        assert title == f"Process {n}: {norm(process.name)}"
        block = text_of(section(html, process.id))
        for act in process.activities:
            assert f'<h3 id="{act.id}"' in html
            for field in ("key_questions", "inputs", "outputs", "best_practices"):
                for line in entry_lines(getattr(act, field)):
                    assert norm(line) in block, (act.id, field, line)
    assert "Key questions" in text_of(html) and "Best practices" in text_of(html)


def test_smf_page_sections(built_site, pb):
    bita = text_of(read(built_site, "smfs/business-it-alignment.html"))
    for sec in pb.get("smf", "business-it-alignment").service_map_sections:
        assert norm(sec.name) in bita and norm(sec.description) in bita
    deploy_html = read(built_site, "smfs/deploy.html")
    deploy = text_of(deploy_html)
    assert "Milestone: Deployment Complete" in deploy
    for rt in pb.get("smf", "deploy").accountabilities[0].role_types:
        assert f'href="../roles/{rt.role}.html"' in deploy_html
        assert all(norm(x) in deploy for x in rt.role_in_smf)
    for term in pb.get("smf", "deploy").key_terms:
        assert f'href="../glossary/index.html#{term}"' in deploy_html
    # Reviews and templates that name an SMF are linked from its page (back-references).
    for smf in pb.smfs:
        html = read(built_site, f"smfs/{smf.id}.html")
        for e in (
            *pb.referrers("smf", smf.id, by="review"),
            *pb.referrers("smf", smf.id, by="template"),
        ):
            assert f'href="../{e.page.split("/")[0]}/{e.id}.html"' in html, (smf.id, e.id)


def test_every_smf_has_a_page_with_its_phase_and_source(built_site, pb):
    assert len(pb.smfs) == 16
    for smf in pb.smfs:
        html = read(built_site, f"smfs/{smf.id}.html")
        assert f'href="../phases/{smf.phase}.html"' in html
        assert 'class="mof-source"' in html
        first = smf.source[0]
        assert norm(first.section) in text_of(html)
        assert html.count("<h1") == 1


def test_phase_pages_link_both_ways(built_site, pb):
    for phase in pb.phases:
        html = read(built_site, f"phases/{phase.id}.html")
        for kind, folder in (("smf", "smfs"), ("review", "reviews")):
            for e in pb.in_phase(kind, phase.id):
                assert f'href="../{folder}/{e.id}.html"' in html
                back = read(built_site, f"{folder}/{e.id}.html")
                assert f'href="../phases/{phase.id}.html"' in back
    deliver = read(built_site, "phases/deliver.html")
    text = text_of(deliver)
    data = pb.get("phase", "deliver")
    assert all(norm(g) in text for g in data.goals)
    for row in data.objectives_risks_controls:
        assert norm(row.objective) in text and all(norm(r) in text for r in row.risks)
    for id_ in data.manage_focus[0].smfs:  # each Manage SMF's focus items, joined from its file
        assert all(norm(f) in text for f in pb.get("smf", id_).deliver_focus)


def test_scenario_pages_have_their_per_level_tables(built_site, pb):
    scenarios = pb.all("scenario")
    assert len(scenarios) == 7
    for sc in scenarios:
        html = read(built_site, f"scenarios/{sc.id}.html")
        text = text_of(html)
        assert all(norm(s.text) in text for s in sc.situations)
        tables = [st.table for st in sc.steps if st.table]
        assert tables, sc.id
        for t in tables:
            block = html[html.index(f'id="table-{t.number}"') :]
            block = block[: block.index("</table>")]
            caption = re.search(r"<caption>(.*?)</caption>", block, re.S).group(1)
            assert text_of(caption) == f"Table {t.number}. {norm(t.title)}"
            assert '<th scope="col">Level</th>' in block
            rows = re.findall(r'<th scope="row">(.*?)</th>', block)
            assert rows == [LEVEL_LABELS[lv.level] for lv in t.levels]
            for lv in t.levels:
                for g in lv.groups:
                    for act in g.activities or ():
                        assert f'<li id="{act.id}">' in block
                        assert norm(act.text) in text_of(block)


def test_template_pages_render_blank_forms(built_site, pb):
    for t in pb.all("template"):
        html = read(built_site, f"templates/{t.id}.html")
        form = html[html.index('<section class="mof-form') : html.index("</section>")]
        lay = t.layout
        if lay.kind == "grid":
            rows = len(lay.rows or ()) + (lay.blank_rows or 0)
            expected = rows * len(lay.columns) * len(lay.parts or [None])
            assert form.count('<td class="mof-blank') >= expected, t.id
            assert all(text_of(f"<p>{c.label}</p>") in text_of(form) for c in lay.columns)
        elif lay.kind == "questions":
            questions = [q for g in lay.groups for q in g.questions]
            assert form.count('<td class="mof-blank">') == len(questions)
            assert all(norm(q.text) in text_of(form) for q in questions)
        elif lay.kind == "outline":

            def count(sections):
                return sum(len(s.items) + count(s.sections or ()) for s in sections)

            assert form.count('<span class="mof-box"></span>') == count(lay.sections)
        elif lay.kind == "scoring":
            # subject, factors, result, then the follow-up columns (who / what / by when)
            assert form.count('<td class="mof-blank">') == (lay.blank_rows or 10) * (
                len(lay.factors) + 2 + len(lay.follow_up or ())
            )
        else:
            pytest.fail(f"unknown layout {lay.kind}")
        assert form.count('class="mof-line"') >= sum(f.lines or 3 for f in t.write_in or ())
        assert f'href="../scenarios/{t.scenario}.html"' in html


def print_blocks(css: str) -> list[str]:
    """The bodies of every @media print block (braces matched)."""
    blocks = []
    for m in re.finditer(r"@media print\s*{", css):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        blocks.append(css[m.end() : i - 1])
    return blocks


def test_print_style_for_forms_leaves_paper_size_alone():
    css = (ROOT / "theme/assets/stylesheets/playbook.css").read_text()
    assert any(".mof-form" in b and ".mof-line" in b for b in print_blocks(css))
    assert not re.search(r"@page\s*{[^}]*size", css)  # unnamed @page: the reader's paper


@pytest.mark.browser
@pytest.mark.parametrize("paper", [{"format": "A4"}, {"format": "Letter"}])
def test_forms_print_without_chrome_or_overflow(built_site, serve, page, pb, paper):
    base = serve(built_site, "/ops/playbook/")
    width = 794 if paper["format"] == "A4" else 816  # the paper's width in CSS pixels
    page.set_viewport_size({"width": width, "height": 1100})
    page.emulate_media(media="print")
    for t in pb.all("template"):
        page.goto(f"{base}templates/{t.id}.html")
        assert not page.locator(".md-sidebar--primary").is_visible()
        form = page.locator("section.mof-form")
        assert form.is_visible()
        overflow = form.evaluate("f => f.scrollWidth - f.clientWidth")
        assert overflow <= 1, (t.id, overflow)
        # Room to write by hand in every blank cell; a visible box for every outline entry.
        blank, least = (".mof-box", 8) if t.layout.kind == "outline" else (".mof-blank", 15)
        heights = page.locator(f"section.mof-form {blank}").evaluate_all(
            "cells => cells.map(c => c.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= least, t.id
        assert page.pdf(**paper, print_background=True).startswith(b"%PDF")
    assert page.external_requests == []


def test_lifecycle_map_links_every_phase_smf_and_review(built_site, pb):
    html = read(built_site, "phases/index.html")
    svg = re.search(r"<svg class=\"mof-diagram mof-lifecycle\".*?</svg>", html, re.S).group(0)
    hrefs = re.findall(r'<a href="([^"]+)"', svg)
    expected = {f"{p.id}.html" for p in pb.phases}  # the map is on phases/index.html
    expected |= {f"../smfs/{s.id}.html" for s in pb.smfs}
    expected |= {f"../reviews/{r.id}.html" for r in pb.reviews}
    assert set(hrefs) == expected
    for href in hrefs:
        assert (built_site / posixpath.normpath(posixpath.join("phases", href))).is_file(), href
    labels = text_of(svg)
    assert all(e.name in labels for e in (*pb.phases, *pb.smfs, *pb.reviews))
    assert "Management review" in labels and "SMF" in labels  # kind in words, not colour alone


def test_nav_groups_come_from_data(pb, site):
    nav = {next(iter(entry)): next(iter(entry.values())) for entry in site.nav}
    assert nav["Lifecycle"][0] == {"Overview": "phases/index.md"}
    assert [next(iter(e.values())) for e in nav["Lifecycle"][1:]] == [p.page for p in pb.phases]
    smf_groups = nav["SMFs"][1:]
    assert [next(iter(g)) for g in smf_groups] == [p.name for p in pb.phases]
    assert [len(next(iter(g.values()))) for g in smf_groups] == [4, 5, 4, 3]
    assert len(nav["Scenarios"]) == 8 and len(nav["Templates"]) == 8
    assert next(iter(nav["Scenarios"][1])) == "1. Reduce Costs in Service Management"


HOSTILE = "</title><script>alert(1)</script> {{ 7*7 }}"
SMF = f"""
id: hostile-smf
name: '{HOSTILE}'
phase: deliver
summary: 'Plain <b>text</b> {{{{ 7*7 }}}}'
purpose: '*not emphasis* [not a link](http://example.com)'
processes:
  - id: hostile-process
    name: '# {HOSTILE}'
    activities:
      - id: hostile-activity
        name: '{HOSTILE}'
        key_questions: ['<img src=x onerror=alert(1)>?']
        raci:
          responsible: [release-manager]
          accountable: [business-sponsor]
          derived_from: '{HOSTILE}'
          basis: proposed
reviews: [ship-it]
source: [{{document: deploy-smf, section: '{HOSTILE}'}}]
"""
SCENARIO = f"""
id: hostile-scenario
number: 1
name: 'We Need a Better Way to {HOSTILE}'
summary: s
situations: [{{id: h-sit, text: '{HOSTILE}'}}]
what_to_do: {{activities: [{{id: h-do, text: do}}]}}
steps:
  - id: h-step
    number: 1
    name: '{HOSTILE}'
    description: d
    table:
      number: 2
      title: '{HOSTILE}'
      levels:
        - level: manager
          groups: [{{lead_in: '{HOSTILE}', activities: [{{id: h-act, text: '{HOSTILE}'}}]}}]
    source: [{{document: getting-started, section: Table 2}}]
smfs: [hostile-smf]
source: [{{document: getting-started, section: Scenario 1}}]
"""
TEMPLATE = f"""
id: hostile-template
name: '{HOSTILE}'
summary: s
purpose: p
scenario: hostile-scenario
layout:
  kind: grid
  columns: [{{id: c1, label: '{HOSTILE}'}}]
  blank_rows: 2
source: [{{document: getting-started, section: Table 1}}]
"""


def test_hostile_names_show_literally(project: Path, tmp_path: Path):
    for folder, name, text in (
        ("smfs", "hostile-smf", SMF),
        ("scenarios", "hostile-scenario", SCENARIO),
        ("templates", "hostile-template", TEMPLATE),
    ):
        (project / "data" / folder).mkdir(exist_ok=True)
        (project / "data" / folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    result = build_project(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in (
        "smfs/hostile-smf.html",
        "scenarios/hostile-scenario.html",
        "templates/hostile-template.html",
        "phases/index.html",
        "phases/deliver.html",
        "smfs/index.html",
    ):
        html = read(out, path)
        assert "<script>alert(1)</script>" not in html, path
        assert "<img src=x" not in html, path
        assert "{{ 7*7 }}" in text_of(html), path
        assert "49" not in re.sub(r"\d{3,}", "", text_of(html)), path
    smf = read(out, "smfs/hostile-smf.html")
    assert "*not emphasis* [not a link](http://example.com)" in text_of(smf)
    assert "<em>not emphasis</em>" not in smf and 'href="http://example.com"' not in smf
    assert "&lt;img src=x onerror=alert(1)&gt;?" in smf
    # Found by back-reference only: the scenario lists the SMF, the template names the scenario.
    assert 'href="../scenarios/hostile-scenario.html"' in smf
    assert 'href="../templates/hostile-template.html"' in read(
        out, "scenarios/hostile-scenario.html"
    )
    svg = re.search(
        r"<svg class=\"mof-diagram mof-lifecycle\".*?</svg>", read(out, "phases/index.html"), re.S
    ).group(0)
    assert "&lt;/title&gt;&lt;script&gt;" in svg and "<script>" not in svg
