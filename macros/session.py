"""What outlives one build in a MkDocs process: one `Project` per project folder.

mkdocs-macros loads main.py afresh for every build, so `mkdocs serve` would otherwise start from
nothing on each save. This module is imported once per process; its `Project` holds the data
pipeline (parsed files, schemas, model) and the Jinja renderer (compiled templates), and hands the
same ones to every rebuild. Editing Python code under macros/ needs a restart of `make serve`;
data, templates, theme and content reload live.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .core import cache
from .core.cache import DiskCache
from .core.data.model import Playbook
from .core.data.pipeline import Pipeline
from .core.problems import Problem
from .core.site.memo import PageMemo
from .core.site.page import Site
from .core.site.render import Renderer


@dataclass
class Built:
    """What a build makes from the data: the generated site, the editors' schemas (file name ->
    JSON text), the placeholder warnings, and the model on demand (`model()`: when the rest
    came from the disk cache, built on first call from the same reading of the data files).
    `key` is the content key all of it was made from."""

    key: str
    site: Site
    editor_schemas: dict[str, str]
    warnings: list[Problem]
    model: Callable[[], Playbook]


@dataclass
class Project:
    root: Path
    pipeline: Pipeline
    renderer: Renderer
    # each page's last body and what it read: a save renders only the pages it changes
    memo: PageMemo = field(default_factory=PageMemo)
    # `make serve`: the last good Built, shown with a banner while the data has problems
    last_good: Built | None = None
    showing_problems: bool = False

    def written(self, docs_dir: Path) -> Path:
        """The manifest of what the last build wrote into `docs_dir` (site/output.py), kept
        with the caches: MkDocs watches the docs folder."""
        name = cache.key(str(Path(docs_dir).resolve()))[:20]
        return self.root / WRITTEN / f"{name}.json"

    def build(self, serving: bool = False) -> Built:
        """Everything a build makes from the data, read back from the disk cache when the data,
        schemas, code and templates are all unchanged (then nothing is parsed, checked, modelled
        or rendered). `serving` (`make serve`): the model is built at once (the preview keeps
        it to show while the data has problems), and the process's first build renders every
        page through the memo, so that the first save renders only the pages it changes.
        Raises DataError listing every problem of the data."""
        disk = self.pipeline.disk
        scan = self.pipeline.scan()  # every answer below is for these bytes
        key = cache.key(
            "build",
            _SOURCE,
            cache.code_digest(),
            cache.code_digest(self.renderer.templates),
            self.pipeline.fingerprint(scan),
        )
        found = disk.get(key) if disk and not (serving and self.memo.empty) else None
        if found is None:
            from .core.data.editor_schemas import render as editor_schemas
            from .core.site.generate import generate

            pb = self.pipeline.playbook(scan)
            schemas = self.pipeline.schemas()
            docs, _ = self.pipeline.check(scan)  # the same check playbook() made: kept
            found = (
                generate(pb, schemas, self.renderer, self.memo),
                editor_schemas(schemas, docs),
                self.pipeline.warnings(scan),
            )
            if disk:
                disk.put(key, found)
        elif serving:
            pb = self.pipeline.playbook(scan)
        else:
            pb = None

        def model() -> Playbook:
            nonlocal pb
            if pb is None:
                pb = self.pipeline.playbook(scan)
            return pb

        return Built(key, *found, model)


# This file's source: part of the kept build's key (Project.build decides what is kept).
_SOURCE = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16).hexdigest()
_projects: dict[tuple[Path, Path | None], Project] = {}
CACHE = ".cache/macros"  # under the project folder, git-ignored; `make clean` removes it
JINJA_CACHE = ".cache/jinja"  # compiled templates, ours and (macros/hooks.py) the theme's
WRITTEN = ".cache/written"  # what each build wrote into its docs folder (Project.written)


def project(root: Path, overlay: Path | str | None = None) -> Project:
    """The project of a folder (with the organisation's overlay folder, relative to it, or
    None for MOF alone), made on first use and kept for the process."""
    root = Path(root).resolve()
    found = (root / overlay).resolve() if overlay else None
    if (root, found) not in _projects:
        _projects[(root, found)] = Project(
            root,
            Pipeline(root, disk=DiskCache(root / CACHE), overlay=found),
            Renderer(bytecode=root / JINJA_CACHE),
        )
    return _projects[(root, found)]


def overlay_setting(root: Path) -> str:
    """The overlay folder as set for a project: MOF_OVERLAY, else mkdocs.yml's `extra.overlay`
    ('' when neither is set)."""
    if os.environ.get("MOF_OVERLAY", "").strip():
        return os.environ["MOF_OVERLAY"].strip()
    config = Path(root) / "mkdocs.yml"
    if not config.is_file():
        return ""

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml's tags: !ENV [NAME, default] reads the environment; others are not needed here.
    _Loader.add_constructor(
        "!ENV", lambda loader, node: (loader.construct_sequence(node) + [""])[1]
    )
    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}
    value = (settings.get("extra") or {}).get("overlay") or ""
    return str(value).strip()
