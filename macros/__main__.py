"""Command line: python -m macros validate [--format text|github|json] | build [--site-dir DIR] |
generate DIR | dist | import-people directory.csv | new KIND ID | editor-schemas

The organisation's overlay folder comes from MOF_OVERLAY, else mkdocs.yml's `extra.overlay`.

`validate` and `build` use the same checks (the data is read and checked once per command);
`build` never leaves a half-written site. Placeholder text left by `new` is listed as warnings,
which do not fail.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check every data file; list every problem")
    v.add_argument("--root", type=Path, default=ROOT, help="project folder holding data/")
    v.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text (default); github: GitHub Actions annotations (::error file=,line=::) on "
        "stdout; json: a JSON report on stdout",
    )
    b = sub.add_parser("build", help="validate, then build the site and swap it into place")
    b.add_argument("--root", type=Path, default=ROOT)
    b.add_argument("--site-dir", type=Path, default=None, help="default: <root>/site")
    b.add_argument("--config", type=Path, default=None, help="default: <root>/mkdocs.yml")
    g = sub.add_parser("generate", help="write the generated Markdown pages into a folder")
    g.add_argument("out", type=Path)
    g.add_argument("--root", type=Path, default=ROOT)
    d = sub.add_parser("dist", help="build, then write dist/mof-playbook-<version>.zip and .sha256")
    d.add_argument("--root", type=Path, default=ROOT)
    d.add_argument("--site-dir", type=Path, default=None, help="default: <root>/site")
    d.add_argument("--out-dir", type=Path, default=None, help="default: <root>/dist")
    d.add_argument("--config", type=Path, default=None, help="default: <root>/mkdocs.yml")
    i = sub.add_parser(
        "import-people", help="turn a directory export (CSV) into overlay people.yaml/teams.yaml"
    )
    i.add_argument("csv", type=Path, help="columns: name, email, team, role ids")
    i.add_argument("--out", type=Path, default=Path("people.yaml"), help="default: ./people.yaml")
    i.add_argument("--root", type=Path, default=ROOT)
    n = sub.add_parser(
        "new",
        help="start a new entity: write a commented skeleton with placeholders that validate",
    )
    n.add_argument("kind", help="review, smf, role, term, scenario or template")
    n.add_argument("id", help="the new id: lower-case words joined by hyphens")
    n.add_argument("--phase", default=None, help="an SMF's phase (default: the first phase)")
    n.add_argument("--root", type=Path, default=ROOT)
    e = sub.add_parser(
        "editor-schemas", help="write data/schema/editor/: the schemas with every id as an enum"
    )
    e.add_argument("--root", type=Path, default=ROOT)
    e.add_argument("--check", action="store_true", help="fail if the files are not current")
    args = parser.parse_args(argv)

    root = args.root.resolve()
    if args.command == "import-people":
        from .importer import import_people

        return import_people(args.csv, args.out, root)
    if args.command == "new":
        return _new(root, args.kind, args.id, args.phase)
    if args.command == "editor-schemas":
        return _editor_schemas(root, args.check)
    if args.command == "validate" and args.format != "text":
        return _validate_report(root, args.format)
    if args.command in ("validate", "generate"):
        from .core.problems import failures, format_problems
        from .session import overlay_setting, project

        proj = project(root, overlay_setting(root) or None)
        docs, problems = proj.pipeline.check()
        warnings = proj.pipeline.warnings()
        if problems:
            print(format_problems(problems + warnings), file=sys.stderr)
            return 1
        if warnings and not failures(warnings):
            print(format_problems(warnings), file=sys.stderr)
        if args.command == "validate":
            local = proj.pipeline.overlay_documents
            extra = f" and {len(local)} overlay files" if proj.pipeline.overlay else ""
            print(f"OK: {len(docs)} data files{extra} valid.")
            return 0
        from .core.site.generate import generate
        from .core.site.output import write

        site = generate(proj.pipeline.playbook(), proj.pipeline.schemas(), proj.renderer)
        write(site, args.out)
        print(f"Wrote {len(site.pages)} pages to {args.out}")
        return 0
    from .build import safe_build
    from .dist import dist, pin_build_date

    if args.command == "dist":
        return dist(
            root,
            (args.site_dir or root / "site").resolve(),
            (args.out_dir or root / "dist").resolve(),
            args.config,
        )
    pin_build_date(root)  # SOURCE_DATE_EPOCH, else the last commit's time: reproducible builds
    return safe_build(args.config or root / "mkdocs.yml", args.site_dir or root / "site")


def _validate_report(root: Path, fmt: str) -> int:
    """`validate --format github|json`: every problem and warning on stdout, for CI; exit 1 when
    a problem fails validation."""
    from .core.problems import failures, format_github, format_json
    from .session import overlay_setting, project

    proj = project(root, overlay_setting(root) or None)
    docs, problems = proj.pipeline.check()
    found = problems + proj.pipeline.warnings()
    checked = len(docs) + len(proj.pipeline.overlay_documents if proj.pipeline.overlay else ())
    print(format_github(found) if fmt == "github" else format_json(found, checked))
    return 1 if failures(problems) else 0


def _new(root: Path, kind: str, new_id: str, phase: str | None) -> int:
    from .core.data.pipeline import Pipeline
    from .core.data.scaffold import ScaffoldError, new

    pipeline = Pipeline(root)
    docs, _ = pipeline.check()  # the ids to refer to; problems elsewhere do not stop a start
    try:
        written = new(root, pipeline.schemas(), docs, kind, new_id, phase)
    except ScaffoldError as exc:
        print(f"cannot start {kind} '{new_id}': {exc}", file=sys.stderr)
        return 1
    print(
        f"Wrote {written.file}:{written.line}. Replace its placeholders, then run `make validate`"
        " (or `make serve` to watch the page)."
    )
    return 0


def _editor_schemas(root: Path, check: bool) -> int:
    from .core.data.editor_schemas import write_editor_schemas
    from .core.data.pipeline import Pipeline

    pipeline = Pipeline(root)
    docs, _ = pipeline.check()
    changed = write_editor_schemas(root / "data", pipeline.schemas(), docs, dry_run=check)
    if check and changed:
        print(
            "data/schema/editor is out of date: " + ", ".join(changed) + "; "
            "run `python -m macros editor-schemas`",
            file=sys.stderr,
        )
        return 1
    print(f"data/schema/editor: {len(changed)} file(s) {'stale' if check else 'written'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
