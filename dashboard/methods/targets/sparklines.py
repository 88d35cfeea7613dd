"""Sparklines of a target's latest values: unicode bars for plain text, a tiny SVG line
(with the trajectory dashed) for the scorecard and the board pack.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def sparkline_text(values: Iterable[float]) -> str:
    """A unicode sparkline ('▂▃▅▇') for plain-text outputs."""
    data = [v for v in values if v is not None and math.isfinite(v)]
    if not data:
        return ""
    bars = "▁▂▃▄▅▆▇█"
    low, high = min(data), max(data)
    if high == low:
        return bars[3] * len(data)
    return "".join(bars[round((v - low) / (high - low) * (len(bars) - 1))] for v in data)


def sparkline_svg(values: list[float], trajectory: list[float] | None = None,
                  width: int = 120, height: int = 28, colour: str = "#12436D") -> str:
    """A tiny SVG line of the latest values (and the trajectory, dashed, where given)."""
    data = [v for v in values if v is not None and math.isfinite(v)]
    series = [data] + ([[v for v in trajectory if v is not None]] if trajectory else [])
    pool = [v for s in series for v in s if v is not None and math.isfinite(v)]
    svg = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img">')]
    if len(data) >= 1 and pool:
        low, high = min(pool), max(pool)
        span = (high - low) or 1.0

        def y(v: float) -> float:
            return round(height - 3 - (v - low) / span * (height - 6), 2)

        def path(points: list[float], n_slots: int) -> str:
            gap = (width - 6) / max(1, n_slots - 1)
            return " ".join(f"{round(3 + i * gap, 2)},{y(v)}" for i, v in enumerate(points))

        slots = max(len(data), 2)
        if trajectory and len(trajectory) == len(data):
            gap = (width - 6) / max(1, slots - 1)
            points = [f"{round(3 + i * gap, 2)},{y(v)}" for i, v in enumerate(trajectory)
                      if v is not None and math.isfinite(v)]
            if len(points) >= 2:
                svg.append(f'<polyline points="{" ".join(points)}" fill="none" '
                           'stroke="#3D3D3D" stroke-width="1" stroke-dasharray="3,2"/>')
        svg.append(f'<polyline points="{path(data, slots)}" fill="none" stroke="{colour}" '
                   'stroke-width="2"/>')
        last_x = round(3 + (len(data) - 1) * (width - 6) / max(1, slots - 1), 2)
        svg.append(f'<circle cx="{last_x}" cy="{y(data[-1])}" r="2.5" fill="{colour}"/>')
    svg.append("</svg>")
    return "".join(svg)
