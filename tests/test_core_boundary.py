"""The road from data to pages runs one way: no import cycles, layers in order, no MkDocs in the
core, and one registry of kinds."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, generate_project

PACKAGE = ROOT / "macros"
# Layers of the core, in the order the road runs: each may import only from layers before it.
LAYERS = (
    "macros.core.kinds",
    "macros.core.problems",
    "macros.core.cache",
    "macros.core.data",
    "macros.core.views",
    "macros.core.site",
)


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """The macros.* modules a file imports (relative imports resolved), at any depth."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("macros")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("macros"):
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if module_file(candidate) else target)
    return found


def module_file(name: str) -> Path | None:
    path = ROOT.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in root.rglob("*.py")}
    return {name: {i for i in imports_of(path) if i in modules} for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, found by depth-first search (each reported once, by its members)."""
    found, seen = [], set()

    def visit(node, stack):
        for nxt in sorted(edges.get(node, ())):
            if nxt in stack:
                cycle = stack[stack.index(nxt) :]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    found.append([*cycle, nxt])
            elif len(stack) < 50:
                visit(nxt, [*stack, nxt])

    for start in sorted(edges):
        visit(start, [start])
    return found


def layer(name: str) -> int | None:
    for i, prefix in enumerate(LAYERS):
        if name == prefix or name.startswith(prefix + "."):
            return i
    return None


def test_no_import_cycle_inside_macros():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle(tmp_path):
    """The check above can fail: a two-module cycle is found."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b", "a"]]


def test_layers_import_only_earlier_layers():
    bad = []
    for name, targets in graph().items():
        mine = layer(name)
        if mine is None:
            continue
        for target in targets:
            theirs = layer(target)
            if theirs is not None and theirs > mine:
                bad.append(f"{name} imports {target}")
            if theirs is None and target.startswith("macros."):
                bad.append(f"{name} imports {target}, outside the core")
    assert bad == []


def test_relative_imports_are_resolved():
    found = imports_of(PACKAGE / "core" / "site" / "sections" / "reviews.py")
    assert "macros.core.views.checklists" in found
    assert "macros.core.site.paths" in found


def test_core_does_not_import_mkdocs():
    modules = sorted(module_name(p) for p in (PACKAGE / "core").rglob("*.py"))
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith(('mkdocs.', "
        "'material', 'mkdocs_macros')))\nprint(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_core_generates_pages_without_mkdocs(project):
    """The whole data -> Markdown path runs on the core alone, e.g. for another theme engine."""
    site = generate_project(project)
    assert "Ship It" in site.files["reviews/ship-it.md"]
    assert "reviews/ship-it.md" in str(site.nav)


# --- one registry of kinds -------------------------------------------------------------------


def test_every_kind_in_the_registry_has_its_schema():
    from macros.core.kinds import FILE_KINDS

    schemas = {p.name for p in (ROOT / "data" / "schema").glob("*.schema.json")}
    assert {k.schema for k in FILE_KINDS.values()} <= schemas
    assert schemas - {k.schema for k in FILE_KINDS.values()} == {"common.schema.json"}


def test_the_id_pattern_is_stated_once_in_python():
    """The id pattern lives in common.schema.json; no Python module restates it."""
    pattern = json.loads((ROOT / "data/schema/common.schema.json").read_text())["$defs"]["id"][
        "pattern"
    ]
    restated = [
        p.relative_to(ROOT).as_posix()
        for p in PACKAGE.rglob("*.py")
        if pattern in p.read_text(encoding="utf-8")
    ]
    assert restated == []


@pytest.mark.parametrize(
    "fact", ['"reviews/{id}.md"', '"reviews/<id>.yaml"', '"accountabilities/*/smfs/*/smf"']
)
def test_kind_facts_are_stated_only_in_the_registry(fact):
    stating = [
        p.relative_to(ROOT).as_posix()
        for p in PACKAGE.rglob("*.py")
        if fact in p.read_text(encoding="utf-8")
    ]
    assert stating == ["macros/core/kinds.py"]


# --- a typed model ---------------------------------------------------------------------------


def test_the_model_refuses_a_field_it_does_not_have(pb):
    review = pb.get("review", "release-readiness")
    assert review.owners  # a real field
    with pytest.raises(AttributeError):
        review.ownrs  # noqa: B018 - the misspelling is the point
    assert review.lead.role == "solution-manager"
    with pytest.raises(AttributeError):
        review.lead.rol  # noqa: B018
    with pytest.raises(Exception, match="frozen|cannot assign"):
        review.name = "x"


def test_a_misspelt_field_in_a_template_fails_with_its_name_and_line(pb, tmp_path):
    from macros.core.site.render import Renderer, TemplateError

    (tmp_path / "t.md.j2").write_text("# {{ review.name }}\n\nOwners: {{ review.ownrs }}\n")
    renderer = Renderer(tmp_path)
    with pytest.raises(TemplateError) as caught:
        renderer.render("t.md.j2", page="x.md", pb=pb, review=pb.get("review", "portfolio"))
    assert caught.value.where.endswith("t.md.j2:3")
    assert "ownrs" in str(caught.value)


def test_a_misspelt_field_in_a_real_template_fails_the_build(project):
    """The same through the command line: the message names the template file and line."""
    from conftest import build_project

    # A copy of the code, so that tests running beside this one never see the broken template.
    (project / "macros").unlink()
    shutil.copytree(
        ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__")
    )
    template = project / "macros/core/site/templates/review.md.j2"
    original = template.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(original.splitlines(), 1) if "review.frequency" in t)
    template.write_text(original.replace("review.frequency", "review.frequncy", 1))
    result = build_project(project, project / "site")
    assert result.returncode == 1
    assert f"macros/core/site/templates/review.md.j2:{line}" in result.stderr
    assert "frequncy" in result.stderr
    assert "Traceback" not in result.stderr
