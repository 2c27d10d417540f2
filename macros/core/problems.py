"""A problem found in the data: where it is and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path relative to the project root, e.g. data/reviews/portfolio.yaml
    line: int  # 1-based; 0 when the problem concerns the whole file
    path: str  # JSON pointer inside the document, e.g. /checklist/people/2/text
    message: str  # what is wrong and what was expected
    # A note says what could not be checked because of another problem; it is not counted.
    note: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        at = f" {self.path}:" if self.path else ""
        return f"{where}:{at} {self.message}"


class DataError(Exception):
    """Raised when the data has problems; carries all of them, in the order they are shown."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    """One line per problem (and note), then how many problems there are."""
    lines = [str(p) for p in problems]
    n = sum(1 for p in problems if not p.note)
    lines.append(f"{n} problem{'s' if n != 1 else ''} found in the playbook data.")
    return "\n".join(lines)


def pointer(path: tuple) -> str:
    """JSON pointer for a path tuple: ('checklist', 'people', 2) -> /checklist/people/2."""
    return "".join(f"/{p}" for p in path)
