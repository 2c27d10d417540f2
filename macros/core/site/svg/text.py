"""What the diagrams share: phase colour classes and word wrapping for SVG labels."""

from __future__ import annotations

PHASE_CLASS = {
    "plan": "mof-plan",
    "deliver": "mof-deliver",
    "operate": "mof-operate",
    "manage": "mof-manage",
}


def wrap(text: str, width: int) -> list[str]:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines
