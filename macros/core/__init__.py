"""The portable core: load -> validate -> model -> render. Never imports MkDocs."""

from pathlib import Path as _Path


def source_stamp() -> tuple:
    """When each core module was last edited: the glue reloads the core only when it changes."""
    files = _Path(__file__).parent.glob("*.py")
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in files))


SOURCE_STAMP = source_stamp()  # as imported
