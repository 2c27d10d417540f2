"""Fidelity to the MOF source: fields the schema says keep the source's words quote one passage.

The fields are found from the schemas, not listed here: a string is "in the source's words" when
the description of its field (or of the definition the field refers to, or of the list or entry
holding it) says so ("in the source's wording", "as printed", ...), and not when it says "written
afresh". Each such string must appear, after normalising white space and curly quotes, inside one
paragraph (one line) of a seed document that the data file cites. A string made of two passages,
or reworded, fails with its file and path.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

SEEDS = Path("/work/shared/seeds")
SEED_OF = {
    "management-reviews": "000_45c3ef1ef370a68a.txt",
    "deliver-phase-overview": "001_3b00741bc1e273ed.txt",
    "getting-started": "002_fb7cbd6834770df4.txt",
    "business-it-alignment-smf": "003_85adeb8558a52c2f.txt",
    "deploy-smf": "004_69e15ebfa7591895.txt",
}
SCHEMA_DIR = ROOT / "data" / "schema"
VERBATIM = re.compile(
    r"source's (words|wording)|in (its|their) (words|wording)|as printed"
    r"|as the source (states|prints)"
)
AFRESH = re.compile(r"written afresh")
# Keys whose text is never the source's (editor's notes, ids, references, derivations).
# Fields whose description says "as printed" but that hold a normalised form by design:
# role and accountability names are singular and stand alone (see roles.schema.json).
NORMALISED = {
    ("roles.schema.json", "/roles/*/name"),
    ("roles.schema.json", "/accountabilities/*/name"),
}
NOT_SOURCE = {"id", "note", "notes", "summary", "derived_from", "basis", "url", "section"}

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the MOF seed documents are not here")


def norm(text: str) -> str:
    """White space collapsed, curly quotes straightened, no-break spaces plain, no spaces by
    em dashes or inside a version number."""
    for curly, plain in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, plain)
    text = re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()
    text = re.sub(r" ?\u2014 ?", "\u2014", text)  # the export puts stray spaces by em dashes
    return re.sub(r"(\d)\. (\d)", r"\1.\2", text)  # and inside version numbers ("2. 1")


@cache
def seed_lines(document: str) -> tuple[str, ...]:
    """The document's paragraphs (one a line), normalised. A line that ends with a comma is
    a paragraph the export broke in two, and is joined to the next line."""
    lines: list[str] = []
    joining = False
    for line in (SEEDS / SEED_OF[document]).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text = norm(line)
        if joining:
            lines[-1] += " " + text
        else:
            lines.append(text)
        joining = text.endswith(",")
    return tuple(lines)


def quoted_in(text: str, lines: tuple[str, ...]) -> bool:
    """True when text is a quotation from one of lines. A quotation may start mid-sentence
    with its first letter capitalised, and may end with a full stop where the passage goes on;
    nothing else may differ (white space and curly quotes are normalised)."""
    wanted = norm(text)
    wanted = wanted[:-1] if wanted.endswith(".") else wanted
    variants = {wanted, wanted[:1].lower() + wanted[1:]}
    return any(v in line for v in variants for line in lines)


@cache
def schemas() -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_DIR.glob("*.json")}


def resolve(node: dict, base: str) -> tuple[dict, str]:
    """Follow $ref chains; returns the target node and the file it is in."""
    ref = node.get("$ref")
    if not ref:
        return node, base
    file, _, pointer = ref.partition("#")
    file = file or base
    target = schemas()[file]
    for part in pointer.strip("/").split("/"):
        if part:
            target = target[part]
    return target, file


def descriptions(node: dict, base: str) -> list[str]:
    out = []
    while True:
        out.append(node.get("description", ""))
        if "$ref" not in node:
            return out
        node, base = resolve(node, base)


def status(descs: list[str]) -> bool | None:
    """True (source's words), False (written afresh) or None (the descriptions do not say)."""
    for d in descs:
        if AFRESH.search(d):
            return False
        if VERBATIM.search(d):
            return True
    return None


def strings(node: dict, base: str, value, path: str, inherited: bool | None):
    """Yield (path, text, in_source_words) for every string in value, guided by the schema."""
    own = status(descriptions(node, base))
    verbatim = own if own is not None else inherited
    target, file = resolve(node, base)
    while "$ref" in target:
        target, file = resolve(target, file)
    if ("oneOf" in target or "anyOf" in target) and "type" not in target:
        for branch in target.get("oneOf", target.get("anyOf")):
            branch_target, _ = resolve(branch, file)
            kind = branch_target.get("type")
            if (kind == "string" and isinstance(value, str)) or (
                kind == "object" and isinstance(value, dict)
            ):
                yield from strings(branch, file, value, path, verbatim)
                return
        return
    if isinstance(value, str):
        yield path, value, bool(verbatim)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(target.get("items", {}), file, item, f"{path}/{i}", verbatim)
    elif isinstance(value, dict):
        props = target.get("properties", {})
        for key, item in value.items():
            if key in NOT_SOURCE or key not in props:
                continue
            # A property inherits from its object only when it is the object's main text.
            child = verbatim if key in ("text", "items", "description") else None
            yield from strings(props[key], file, item, f"{path}/{key}", child)


KINDS = {
    "reviews": "review.schema.json",
    "smfs": "smf.schema.json",
    "scenarios": "scenario.schema.json",
    "templates": "template.schema.json",
}


def data_files() -> list[tuple[Path, str]]:
    out = [(ROOT / "data" / "roles.yaml", "roles.schema.json")]
    out.append((ROOT / "data" / "phases.yaml", "phases.schema.json"))
    for folder, schema in KINDS.items():
        out += [(p, schema) for p in sorted((ROOT / "data" / folder).glob("*.yaml"))]
    return out


def cited(value) -> set[str]:
    """Every source document the data file names anywhere."""
    if isinstance(value, dict):
        found = {value["document"]} if isinstance(value.get("document"), str) else set()
        return found.union(*(cited(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(cited(v) for v in value)) if value else set()
    return set()


def quotations(path: Path, schema: str):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    root = schemas()[schema]
    docs = sorted(cited(data) & SEED_OF.keys())
    for where, text, verbatim in strings(root, schema, data, "", None):
        if verbatim and (schema, re.sub(r"/\d+", "/*", where)) not in NORMALISED:
            yield where, text, docs


def not_quoted(path: Path, schema: str) -> list[str]:
    bad = []
    for where, text, docs in quotations(path, schema):
        if not any(quoted_in(text, seed_lines(doc)) for doc in docs):
            bad.append(f"{path.relative_to(ROOT)}:{where}: {norm(text)[:120]!r}")
    return bad


@needs_seeds
@pytest.mark.parametrize("path, schema", data_files(), ids=lambda v: getattr(v, "name", v))
def test_fields_in_the_sources_words_quote_one_passage(path: Path, schema: str):
    assert not_quoted(path, schema) == []


@needs_seeds
def test_the_walker_finds_the_fields_that_matter():
    """The schema-guided walk covers the fields the audit named (so the test above can fail)."""
    found = {
        re.sub(r"/\d+", "", where)
        for path, schema in data_files()
        for where, _, _ in quotations(path, schema)
    }
    for field in (
        "/decision_options/options/description",
        "/decision_options/intro",
        "/analysis",
        "/analysis/items",
        "/outcomes",
        "/follow_up/text",
        "/lead/text",
        "/attendees/brings",
        "/goals",
        "/processes/activities/inputs",
        "/processes/activities/outputs",
        "/processes/activities/key_questions",
        "/checklist/inputs/text",
        "/go_no_go/rows/go/text",
        "/roles/responsibilities",
        "/phases/statements/text",
        "/phases/statements/items",
        "/frequency",
        "/scheduling",
        "/resources/title",
        "/decision_options/criteria",
        "/decision_options/after",
        "/lists/intro",
        "/steps/table/levels/groups/activities/text",
        "/milestone/criteria",
    ):
        assert field in found, field


@needs_seeds
def test_release_readiness_no_go_is_the_source_passage():
    """The no-go option is one passage, with its 'either' and without a misplaced 'Otherwise'."""
    data = yaml.safe_load((ROOT / "data/reviews/release-readiness.yaml").read_text())
    options = {o["id"]: o for o in data["decision_options"]["options"]}
    lines = seed_lines("management-reviews")
    for option in options.values():
        text = norm(option.get("description", ""))
        assert any(text in line for line in lines), option["id"]
    assert "Otherwise" not in options["no-go"]["description"]


# --- Nested lists: every line a reader checks is its own entry -----------------------------------

FOLDED = re.compile(r"\b(including|such as|following \w+|as follows):\s+\S[^:]*\.\s+\S")


def entry_lists(value, path=""):
    """Yield (path, list) for every list of strings or {text, items} entries in value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from entry_lists(item, f"{path}/{key}")
    elif isinstance(value, list):
        if value and all(
            isinstance(e, str) or (isinstance(e, dict) and "text" in e) for e in value
        ):
            yield path, value
        for i, item in enumerate(value):
            yield from entry_lists(item, f"{path}/{i}")


def folded_or_flat(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    bad = []
    for where, entries in entry_lists(data):
        for i, entry in enumerate(entries):
            text = entry if isinstance(entry, str) else entry["text"]
            if FOLDED.search(text):
                bad.append(f"{where}/{i}: sub-list folded into the text: {text!r}")
            lead_in = isinstance(entry, str) and text.rstrip().endswith(":")
            if lead_in and i + 1 < len(entries) and text.strip() not in LEAD_INS_WITHOUT_LIST:
                bad.append(f"{where}/{i}: lead-in without its sub-entries: {text!r}")
    return bad


# Lead-ins the source prints with nothing beneath them (the next lines are siblings).
LEAD_INS_WITHOUT_LIST = {"Metrics:"}


@pytest.mark.parametrize(
    "path", [p for p, _ in data_files()], ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_nested_lists_are_entries_not_folded_text(path: Path):
    assert folded_or_flat(path) == []


# --- Resources: each review ends with its list of further guidance --------------------------

REVIEW_FILES = sorted((ROOT / "data" / "reviews").glob("*.yaml"))


@pytest.mark.parametrize("path", REVIEW_FILES, ids=lambda p: p.stem)
def test_every_review_records_its_resources(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    resources = data.get("resources") or []
    assert resources, "no resources"
    assert resources[0] == {
        "title": "Microsoft Operations Framework 4.0",
        "url": "http://www.microsoft.com/mof",
        "printed": "www.microsoft.com/mof",
    }
    for r in resources:
        assert re.fullmatch(r"https?://[^\s<>\"]+", r["url"]), r
    if SEEDS.is_dir():  # title and address as the source prints them, on one line
        lines = seed_lines("management-reviews")
        for r in resources:
            printed = norm(r.get("printed", r["url"]))
            assert any(norm(r["title"]) in line and printed in line for line in lines), r


def test_a_resource_url_must_be_a_web_address(project: Path):
    from conftest import line_of

    from macros.core.data.pipeline import Pipeline

    rel = "data/reviews/ship-it.yaml"
    path = project / rel
    path.write_text(
        path.read_text() + "resources:\n  - title: Evil\n    url: 'javascript:alert(1)'\n"
    )
    _, problems = Pipeline(project).check()
    line = line_of(project, rel, "url: 'javascript")
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{rel}:{line}: /resources/0/url: ")
    assert "javascript:alert(1)" in str(problems[0]) and "https?://" in str(problems[0])


def test_review_page_shows_resources_as_plain_links(built_site: Path):
    for path in REVIEW_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        html = (built_site / "reviews" / f"{path.stem}.html").read_text()
        assert '<h3 id="resources">Resources</h3>' in html, path.stem  # a closed section
        block = html.split('<ul class="mof-resources">', 1)[1].split("</ul>", 1)[0]
        for r in data["resources"]:
            assert f'<a href="{r["url"]}">' in block.replace("&amp;", "&"), r
        # Links only: nothing outside the site is loaded by the page.
        assert not re.search(r'<(img|script|iframe|link)\b[^>]*(src|href)="https?:', html)
