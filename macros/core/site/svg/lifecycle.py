"""The lifecycle map: phases as columns, the Manage Layer as a band under them, each phase's
SMFs and management reviews as boxes inside it. Drawn at build time as inline SVG.

Every box is a link to its page, every text is escaped, and each box says in words what it is
(phase, SMF, management review): colour and shape are never the only signal.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from ...data.model import Entity, Playbook
from .text import PHASE_CLASS, wrap

WIDTH = 720
TALL_WIDTH = 360  # the drawing for screens under 600 px, shown about 1:1 on a phone
MARGIN, GAP, PAD = 10, 16, 10
LINE, TAG_LINE, HEADER = 16, 14, 40
CHAR_PX = 7.2  # average width of a 13px character, to wrap names inside a box
# A phase shows at most this many SMFs and this many reviews (the MOF data: at most 5 and 3);
# beyond, one box links to the phase's page for the rest, so the map does not grow with the data.
MAP_EACH = 10


def _box(
    entity: Entity,
    kind_label: str,
    x: float,
    y: float,
    w: float,
    href: str,
    classes: str,
    title: str,
) -> tuple[str, float]:
    """One linked box with a small kind label above the wrapped name (`entity` a _More: the
    phase's other members); returns (svg, height)."""
    lines = wrap(entity.name, max(8, int((w - 2 * PAD) / CHAR_PX)))
    h = PAD + TAG_LINE + LINE * len(lines) + PAD - 4
    cx = x + w / 2
    spans = "".join(
        f'<tspan x="{cx:.1f}" y="{y + PAD + TAG_LINE + LINE * (i + 0.75):.1f}">{escape(t)}</tspan>'
        for i, t in enumerate(lines)
    )
    radius = h / 2 if "mof-review" in classes else 4
    svg = (
        f'<a href="{escape(href)}" class="mof-node {classes}">'
        f"<title>{escape(title)}</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
        f'rx="{min(radius, 18):.1f}"/>'
        f'<text class="mof-node-tag" x="{cx:.1f}" y="{y + PAD + 8:.1f}" '
        f'text-anchor="middle">{escape(kind_label)}</text>'
        f'<text class="mof-node-label" text-anchor="middle">{spans}</text></a>'
    )
    return svg, h


class _More:
    """The box for the SMFs and reviews of a phase that the map leaves out: it links to the
    phase's page, which lists them."""

    def __init__(self, phase: Entity, count: int):
        self.phase = phase
        self.count = count
        self.name = f"{count} more SMFs and reviews"


def _members(pb: Playbook, phase: Entity) -> list[tuple[Entity | _More, str, str]]:
    """(entity, kind label, css class) for the SMFs then the reviews of a phase: at most MAP_EACH
    of each, then a _More box for the rest."""
    smfs = pb.in_phase("smf", phase.id)
    reviews = pb.in_phase("review", phase.id)
    out: list = [(s, "SMF", "mof-smf") for s in smfs[:MAP_EACH]] + [
        (r, "Management review", "mof-review") for r in reviews[:MAP_EACH]
    ]
    left = max(len(smfs) - MAP_EACH, 0) + max(len(reviews) - MAP_EACH, 0)
    if left:
        out.append((_More(phase, left), "See the phase", "mof-smf mof-more"))
    return out


def _href(entity, href: Callable) -> str:
    return href(entity.phase if isinstance(entity, _More) else entity)


def _title(entity: Entity, kind: str, phase: Entity) -> str:
    if isinstance(entity, _More):
        return f"{entity.name} of the {phase.name}: open its page"
    return f"{entity.name} {kind} ({phase.name})"


def _band(
    pb: Playbook, phase: Entity, y0: float, width: float, per_row: int, href: Callable
) -> tuple[str, float]:
    """A phase (or layer) as a full-width band, its boxes `per_row` to a row; (svg, height)."""
    cls = PHASE_CLASS.get(phase.id, "mof-other")
    members = _members(pb, phase)
    per_row = max(min(len(members), per_row), 1)
    box_w = (width - 2 * MARGIN - 2 * PAD - GAP * (per_row - 1)) / per_row
    inner, y, row_h = [], y0 + HEADER + GAP / 2, 0.0
    for j, (entity, label, kind_cls) in enumerate(members):
        if j and j % per_row == 0:
            y += row_h + GAP / 2
            row_h = 0.0
        x = MARGIN + PAD + (j % per_row) * (box_w + GAP)
        svg, h = _box(
            entity,
            label,
            x,
            y,
            box_w,
            _href(entity, href),
            f"{kind_cls} {cls}",
            _title(entity, label, phase),
        )
        inner.append(svg)
        row_h = max(row_h, h)
    height = y + row_h - y0 + PAD
    layer = " mof-layer" if phase.kind == "layer" else ""
    svg = (
        f'<g class="mof-phase{layer} {cls}">'
        f'<rect class="mof-phase-area" x="{MARGIN}" y="{y0:.1f}" '
        f'width="{width - 2 * MARGIN}" height="{height:.1f}" rx="6"/>'
        + _header(phase, MARGIN, y0, width - 2 * MARGIN, href(phase))
        + "".join(inner)
        + "</g>"
    )
    return svg, height


def _svg(pb: Playbook, parts: list[str], width: float, total: float, id_: str, cls: str) -> str:
    names = "; ".join(
        f"{p.name}: " + ", ".join(e.name for e, _, _ in _members(pb, p)) for p in pb.phases
    )
    return (
        f'<svg class="{cls}" viewBox="0 0 {width:.0f} {total:.0f}" '
        f'aria-labelledby="{id_}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{id_}">The MOF lifecycle map. {escape(names)}</title>'
        + "".join(parts)
        + "</svg>"
    )


def lifecycle_map(pb: Playbook, href: Callable[[Entity], str]) -> Markup:
    """Two drawings of the map; the stylesheet shows one. The wide one (class mof-lifecycle):
    phases (kind phase) side by side, layers (kind layer) as full-width bands below. The tall
    one (mof-lifecycle-tall), for screens under 600 px: every phase a band, two boxes a row, so
    its labels keep their size instead of shrinking with a wide drawing.
    The svg keeps its own role (no role="img"), so screen readers still reach the links inside."""
    return Markup(_wide(pb, href) + _tall(pb, href))


def _tall(pb: Playbook, href: Callable[[Entity], str]) -> str:
    parts, bottom = [], MARGIN - GAP
    for phase in pb.phases:
        svg, height = _band(pb, phase, bottom + GAP, TALL_WIDTH, 2, href)
        parts.append(svg)
        bottom += GAP + height
    return _svg(
        pb,
        parts,
        TALL_WIDTH,
        bottom + MARGIN,
        "lifecycle-title-tall",
        "mof-diagram mof-lifecycle mof-lifecycle-tall",
    )


def _wide(pb: Playbook, href: Callable[[Entity], str]) -> str:
    # The phase's own `kind` field says phase or layer.
    columns = [p for p in pb.phases if p.kind != "layer"]
    bands = [p for p in pb.phases if p.kind == "layer"]
    parts: list[str] = []
    n = max(len(columns), 1)
    col_w = (WIDTH - 2 * MARGIN - GAP * (n - 1)) / n
    bottom = MARGIN
    for i, phase in enumerate(columns):
        x = MARGIN + i * (col_w + GAP)
        cls = PHASE_CLASS.get(phase.id, "mof-other")
        inner, y = [], MARGIN + HEADER + GAP / 2
        for entity, label, kind_cls in _members(pb, phase):
            svg, h = _box(
                entity,
                label,
                x + PAD,
                y,
                col_w - 2 * PAD,
                _href(entity, href),
                f"{kind_cls} {cls}",
                _title(entity, label, phase),
            )
            inner.append(svg)
            y += h + GAP / 2
        height = y - MARGIN + PAD / 2
        parts.append(
            f'<g class="mof-phase {cls}">'
            f'<rect class="mof-phase-area" x="{x:.1f}" y="{MARGIN}" width="{col_w:.1f}" '
            f'height="{height:.1f}" rx="6"/>'
            + _header(phase, x, MARGIN, col_w, href(phase))
            + "".join(inner)
            + "</g>"
        )
        bottom = max(bottom, MARGIN + height)
    for phase in bands:
        svg, height = _band(pb, phase, bottom + GAP, WIDTH, 4, href)
        parts.append(svg)
        bottom = bottom + GAP + height
    return _svg(pb, parts, WIDTH, bottom + MARGIN, "lifecycle-title", "mof-diagram mof-lifecycle")


def _header(phase: Entity, x: float, y: float, w: float, href: str) -> str:
    """The phase's name as a link across the top of its area."""
    kind = "Layer" if phase.kind == "layer" else "Phase"
    return (
        f'<a href="{escape(href)}" class="mof-node mof-phase-header">'
        f"<title>{escape(phase.name)} ({kind.lower()})</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{HEADER}" rx="6"/>'
        f'<text class="mof-phase-label" x="{x + w / 2:.1f}" y="{y + HEADER / 2 + 5:.1f}" '
        f'text-anchor="middle">{escape(phase.name)}</text></a>'
    )
