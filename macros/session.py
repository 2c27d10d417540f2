"""What outlives one build in a MkDocs process: one `Project` per project folder.

mkdocs-macros loads main.py afresh for every build, so `mkdocs serve` would otherwise start from
nothing on each save. This module is imported once per process; its `Project` holds the data
pipeline (parsed files, schemas, model) and the Jinja renderer (compiled templates), and hands the
same ones to every rebuild. Editing Python code under macros/ needs a restart of `make serve`;
data, templates, theme and content reload live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .core.cache import DiskCache
from .core.data.pipeline import Pipeline
from .core.site.render import Renderer


@dataclass
class Project:
    root: Path
    pipeline: Pipeline
    renderer: Renderer = field(default_factory=Renderer)
    # `make serve`: the last good (model, site), shown with a banner while the data has problems
    last_good: tuple | None = None
    showing_problems: bool = False


_projects: dict[Path, Project] = {}
CACHE = ".cache/macros"  # under the project folder, git-ignored; `make clean` removes it


def project(root: Path) -> Project:
    """The project of a folder, made on first use and kept for the process."""
    root = Path(root).resolve()
    if root not in _projects:
        _projects[root] = Project(root, Pipeline(root, disk=DiskCache(root / CACHE)))
    return _projects[root]
