"""Digits written with a pen, for the tests of the handwriting reader: each digit a few strokes in
a unit box (x to the right, y down), the way Vietnamese hands write them (a 1 with a long flag,
a 7 crossed, a 4 open at the top), slanted, drawn with PIL."""

from __future__ import annotations

import numpy as np


def _arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 16) -> list[tuple[float, float]]:
    t = np.linspace(np.deg2rad(a0), np.deg2rad(a1), n)
    return list(zip(cx + rx * np.cos(t), cy + ry * np.sin(t), strict=True))


STROKES: dict[str, list[list[tuple[float, float]]]] = {
    "0": [_arc(0.5, 0.5, 0.38, 0.48, 0, 360)],
    "1": [[(0.2, 0.35), (0.62, 0.0), (0.55, 1.0)]],
    "2": [_arc(0.5, 0.3, 0.38, 0.28, 190, 360) + _arc(0.5, 0.3, 0.38, 0.28, 0, 60, 6) + [(0.1, 1.0), (0.95, 1.0)]],
    "3": [_arc(0.48, 0.26, 0.36, 0.25, 200, 450), _arc(0.48, 0.74, 0.42, 0.26, 270, 520)],
    "4": [[(0.3, 0.0), (0.1, 0.66), (0.95, 0.66)], [(0.72, 0.25), (0.72, 1.0)]],
    "5": [[(0.88, 0.02), (0.25, 0.02), (0.18, 0.45), *_arc(0.5, 0.68, 0.38, 0.32, 220, 500)[2:]]],
    "6": [[(0.75, 0.02), *_arc(0.5, 0.7, 0.36, 0.3, 200, 560)]],
    "7": [[(0.08, 0.04), (0.92, 0.04), (0.38, 1.0)], [(0.3, 0.52), (0.85, 0.52)]],
    "8": [_arc(0.5, 0.26, 0.3, 0.25, 0, 360), _arc(0.5, 0.74, 0.38, 0.26, 0, 360)],
    "9": [_arc(0.48, 0.3, 0.36, 0.28, 0, 360), [(0.84, 0.3), (0.7, 1.0)]],
}


def write(draw, digits: str, x: float, y: float, height: float, *, pen: int = 4, gap: float = 0.25,
          slant: float = 0.2, fill: int | tuple = 0) -> float:
    """Write ``digits`` with ``draw`` (a PIL ImageDraw) from the top left ``(x, y)``, each digit
    ``height`` pixels tall and spaced by ``gap`` of its width (negative: run into the next);
    returns the x where the next digit would start."""
    width = 0.6 * height
    for ch in digits:
        for stroke in STROKES[ch]:
            points = [(x + (px + slant * (1 - py)) * width, y + py * height) for px, py in stroke]
            draw.line(points, fill=fill, width=pen, joint="curve")
        x += width * (1 + gap)
    return x
