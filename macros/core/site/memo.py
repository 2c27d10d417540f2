"""Pages rendered again only when what they read changed: the memo `make serve` keeps between
builds, so a save re-renders the pages that depend on it and no others.

A generated page's body is a function of three things: its template (with the templates it
includes), the values its section builder passed to it, and what the template read from the
playbook while rendering. The memo keeps, per page, those three with the body. On the next build
a page keeps its body without rendering when its template digest is the same, the values passed
are the same (compared by value: model records field by field, the entity's origin included),
and every playbook read the template made gives the same value again. Anything the comparison
does not know (an object compared by identity, a call that fails) counts as changed: the page is
rendered again, so the memo can cost a render but never serve a stale page.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from markupsafe import Markup

from ..data.model import Playbook, Record

_PLAIN = (str, int, float, bool, bytes, type(None), Markup)


def same(a: Any, b: Any, seen: dict | None = None) -> bool:
    """True when `a` and `b` hold the same values: plain values by ==, tuples, lists and dicts
    (in order) item by item, records and dataclasses field by field. Anything else only when it
    is the same object. `seen` keeps the answers for records and dataclasses (the same entities
    come back on many pages), with both objects, so that their ids stay theirs."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is float:  # 0.0 == -0.0, yet each prints its own
        return repr(a) == repr(b)
    if kind in _PLAIN:
        return a == b
    if kind is tuple or kind is list:
        return len(a) == len(b) and all(same(x, y, seen) for x, y in zip(a, b, strict=True))
    if kind is dict or kind is MappingProxyType:
        return same(list(a), list(b), seen) and all(same(a[k], b[k], seen) for k in a)
    if isinstance(a, Record) or dataclasses.is_dataclass(a):
        key = (id(a), id(b))
        if seen is not None and key in seen:
            return seen[key][0]
        answer = all(
            same(getattr(a, f.name), getattr(b, f.name), seen) for f in dataclasses.fields(a)
        )
        if seen is not None:
            seen[key] = (answer, a, b)
        return answer
    return False


class Reading:
    """The playbook as a template sees it, noting each read: an attribute's value, or a method's
    arguments and result (`_replays` asks them again of another playbook)."""

    __slots__ = ("_pb", "reads")

    def __init__(self, pb: Playbook):
        self._pb = pb
        self.reads: list[tuple[str, tuple | None, dict | None, Any]] = []

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._pb, name)
        if inspect.ismethod(value):
            reads = self.reads

            def call(*args, **kwargs):
                result = value(*args, **kwargs)
                reads.append((name, args, kwargs, result))
                return result

            return call
        self.reads.append((name, None, None, value))
        return value


def _replays(reads: list, pb: Playbook, seen: dict) -> bool:
    """True when every read gives the same value from `pb`."""
    for name, args, kwargs, result in reads:
        try:
            value = getattr(pb, name)
            if args is not None:
                value = value(*args, **kwargs)
        except Exception:  # noqa: BLE001 - a read that fails now: render again to find out
            return False
        if not same(value, result, seen):
            return False
    return True


@dataclass
class _Entry:
    template: str
    templates: bytes
    context: dict
    reads: list
    body: str


class PageMemo:
    """Each generated page's last body with what it was made from ({docs path: entry}). Kept
    for a process (macros.session.Project); a build without one renders every page."""

    def __init__(self):
        self._entries: dict[str, _Entry] = {}
        self.rendered = 0  # pages rendered by the last build (the rest came from the memo)
        self.kept = 0
        self._seen: dict = {}  # same()'s answers during one build

    @property
    def empty(self) -> bool:
        """True before the first page is kept."""
        return not self._entries

    def begin(self) -> None:
        """A new build: count afresh."""
        self.rendered = self.kept = 0
        self._seen = {}

    def body(
        self,
        path: str,
        template: str,
        templates: bytes,
        pb: Playbook,
        context: dict,
        render: Callable[[Reading], str],
    ) -> str:
        """The page's body: the last one when nothing it was made from changed, else
        `render(reading)` (a Reading of `pb` to pass to the template as the playbook)."""
        entry = self._entries.get(path)
        if (
            entry is not None
            and entry.template == template
            and entry.templates == templates
            and same(entry.context, context, self._seen)
            and _replays(entry.reads, pb, self._seen)
        ):
            self.kept += 1
            return entry.body
        reading = Reading(pb)
        body = render(reading)
        self._entries[path] = _Entry(template, templates, dict(context), reading.reads, body)
        self.rendered += 1
        return body
