"""The management review cycle: the reviews around a circle, drawn at build time as SVG.

Every text goes through `escape`; every shape that stands for an entity is a link to its page.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from markupsafe import Markup, escape

from ...data.model import Entity, Playbook
from .text import PHASE_CLASS, wrap

# The cycle is drawn while there are at most this many reviews (MOF has six): more would not
# fit around one circle, and the reviews overview lists them in its table.
CYCLE_LIMIT = 12

def _label(x: float, y: float, text: str, width: int = 14, cls: str = "") -> str:
    lines = wrap(text, width)[:4]
    top = y - (len(lines) - 1) * 7.5
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + i * 15:.1f}">{escape(t)}</tspan>'
        for i, t in enumerate(lines)
    )
    return f'<text class="{cls}" text-anchor="middle" dominant-baseline="middle">{spans}</text>'


def review_cycle(pb: Playbook, href: Callable[[Entity], str]) -> Markup | None:
    """The reviews in lifecycle order around a circle, arrows between them, coloured and
    labelled by phase (the phase is also written out: colour is never the only signal). None
    beyond CYCLE_LIMIT reviews."""
    reviews = pb.reviews
    if len(reviews) > CYCLE_LIMIT:
        return None
    n = max(len(reviews), 1)
    cx, cy, r, node = 300, 260, 190, 62
    # No role="img": an image may not hold links (axe: nested-interactive); an svg's own role
    # (graphics-document) keeps its links. Every piece is a plain str with data escaped in it:
    # a str added to a Markup would be escaped as a whole.
    parts = [
        '<svg class="mof-diagram" viewBox="0 0 600 520" '
        'aria-labelledby="cycle-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="cycle-title">The management review cycle: '
        f"{escape(', '.join(r.name for r in reviews))}</title>",
        '<defs><marker id="cycle-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" class="mof-arrowhead"/></marker></defs>',
    ]
    points = []
    for i in range(n):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    for i in range(n if n > 1 else 0):
        (x1, y1), (x2, y2) = points[i], points[(i + 1) % n]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1
        ux, uy = dx / dist, dy / dist
        parts.append(
            f'<line class="mof-arrow" x1="{x1 + ux * (node + 4):.1f}" '
            f'y1="{y1 + uy * (node + 4):.1f}" x2="{x2 - ux * (node + 6):.1f}" '
            f'y2="{y2 - uy * (node + 6):.1f}" marker-end="url(#cycle-arrow)"/>'
        )
    for review, (x, y) in zip(reviews, points, strict=False):
        phase = pb.find("phase", review.phase)
        phase_name = phase.name if phase else review.phase
        cls = PHASE_CLASS.get(review.phase, "mof-other")
        parts.append(
            f'<a href="{escape(href(review))}" class="mof-node {cls}">'
            f"<title>{escape(review.name)} ({escape(phase_name)})</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{node}"/>'
            + _label(x, y - 8, review.name, 13, "mof-node-label")
            + _label(x, y + 34, phase_name, 16, "mof-node-phase")
            + "</a>"
        )
    parts.append(_label(cx, cy, "Management review cycle", 14, "mof-centre"))
    parts.append("</svg>")
    return Markup("".join(parts))
