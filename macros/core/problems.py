"""A problem found in the data: where it is and what was expected."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path relative to the project root, e.g. data/reviews/portfolio.yaml
    line: int  # 1-based; 0 when the problem concerns the whole file
    path: str  # JSON pointer inside the document, e.g. /checklist/people/2/text
    message: str  # what is wrong and what was expected
    # A note says what could not be checked because of another problem; it is not counted.
    note: bool = False
    # A warning is shown but does not fail validation or the build (placeholder text left by
    # `python -m macros new`); it is counted apart from the problems.
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        at = f" {self.path}:" if self.path else ""
        return f"{where}:{at}{' warning:' if self.warning else ''} {self.message}"


class DataError(Exception):
    """Raised when the data has problems; carries all of them, in the order they are shown."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    """One line per problem (and note, and warning), then how many problems there are, and how
    many warnings when there are any."""
    lines = [str(p) for p in problems]
    n = sum(1 for p in problems if not p.note and not p.warning)
    w = sum(1 for p in problems if p.warning)
    lines.append(f"{n} problem{'s' if n != 1 else ''} found in the playbook data.")
    if w:
        lines[-1] = lines[-1][:-1] + f"; {w} warning{'s' if w != 1 else ''} (not an error)."
    return "\n".join(lines)


FORMATS = ("text", "github", "json")


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: list[Problem]) -> str:
    """One GitHub Actions workflow command per problem, which GitHub shows on the file and line
    of the change: `::error file=F,line=N,title=POINTER::MESSAGE` (warnings `::warning`, notes
    `::notice`), then the count line as format_problems ends."""
    lines = []
    for p in problems:
        level = "warning" if p.warning else "notice" if p.note else "error"
        props = [f"file={_gh_property(p.file)}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.path:
            props.append(f"title={_gh_property(p.path)}")
        lines.append(f"::{level} {','.join(props)}::{_gh_data(p.message)}")
    lines.append(format_problems(problems).splitlines()[-1])
    return "\n".join(lines)


def format_json(problems: list[Problem], checked: int = 0) -> str:
    """A JSON report: {"ok", "problems", "warnings", "files_checked", "items": [{"file",
    "line", "path", "message", "severity": "error"|"warning"|"note"}]}."""
    items = [
        {
            "file": p.file,
            "line": p.line,
            "path": p.path,
            "message": p.message,
            "severity": "warning" if p.warning else "note" if p.note else "error",
        }
        for p in problems
    ]
    errors = sum(1 for i in items if i["severity"] == "error")
    report = {
        "ok": errors == 0,
        "problems": errors,
        "warnings": sum(1 for i in items if i["severity"] == "warning"),
        "files_checked": checked,
        "items": items,
    }
    return json.dumps(report, indent=2, ensure_ascii=False)


def failures(problems: list[Problem]) -> list[Problem]:
    """The problems that fail validation and the build: not notes alone, never warnings."""
    return [p for p in problems if not p.warning]


def pointer(path: tuple) -> str:
    """JSON pointer for a path tuple: ('checklist', 'people', 2) -> /checklist/people/2."""
    return "".join(f"/{p}" for p in path)


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the closest candidate to a misspelt value, or "" when none is
    close (difflib ratio 0.6)."""
    guess = difflib.get_close_matches(value, sorted(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{guess[0]}'?)" if guess else ""
