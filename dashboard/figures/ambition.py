"""The target page's ambition chart: each statistical neighbour's and each English area's
change a year over the most recent span (dots, one row per group, with a box for the
middle half), the change the target needs (a dashed line, labelled) and the area's own
change (a diamond). Shapes and words as well as colours; a text alternative."""

from __future__ import annotations

from typing import Any

from dashboard.figures import PALETTE, base_layout, figure
from dashboard.methods.targets.ambition import Ambition, Spread


def _group(spread: Spread, row: str, colour: str, symbol: str) -> list[dict]:
    q = spread.quartiles
    box = {"type": "box", "x": [c[2] for c in spread.changes], "y": [row] * spread.n,
           "orientation": "h", "name": f"{spread.label.capitalize()} (middle half)",
           "boxpoints": False, "q1": [q[1]], "median": [q[2]], "q3": [q[3]],
           "lowerfence": [q[0]], "upperfence": [q[4]], "marker": {"color": colour},
           "line": {"color": colour}, "fillcolor": "rgba(0,0,0,0)", "hoverinfo": "skip",
           "showlegend": False}
    box.pop("x")
    box["y"] = [row]
    dots = {"type": "scatter", "mode": "markers", "x": [c[2] for c in spread.changes],
            "y": [row] * spread.n, "name": spread.label.capitalize(),
            "marker": {"color": colour, "symbol": symbol, "size": 9, "opacity": 0.7,
                       "line": {"width": 1, "color": "#ffffff"}},
            "customdata": [[c[1]] for c in spread.changes],
            "hovertemplate": "%{customdata[0]}: %{x:.3f} a year<extra></extra>"}
    return [box, dots]


def ambition_figure(ambition: Ambition, area_name: str, unit: str) -> dict:
    """Dots for each comparator's change a year, the needed change as a dashed line."""
    traces: list[dict] = []
    rows = []
    if ambition.england is not None:
        rows.append(ambition.england.label.capitalize())
        traces += _group(ambition.england, rows[-1], PALETTE["dark_grey"], "circle-open")
    if ambition.neighbours is not None:
        rows.append("Statistical neighbours")
        traces += _group(ambition.neighbours, rows[-1], PALETTE["dark_blue"], "circle")
    if ambition.own_change is not None and rows:
        traces.append({"type": "scatter", "mode": "markers", "x": [ambition.own_change],
                       "y": [rows[-1]], "name": f"{area_name} over the same span",
                       "marker": {"color": PALETTE["orange"], "symbol": "diamond",
                                  "size": 14, "line": {"width": 1, "color": "#0b0c0c"}},
                       "hovertemplate": f"{area_name}: %{{x:.3f}} a year<extra></extra>"})
    layout = base_layout(
        None, height=140 + 70 * len(rows),
        xaxis={"title": {"text": f"Change a year ({unit}), {ambition.span[0]} to "
                         f"{ambition.span[1]}"}, "showgrid": False, "zeroline": True,
               "zerolinecolor": "#b1b4b6", "linecolor": "#b1b4b6", "ticks": "outside"},
        yaxis={"categoryorder": "array", "categoryarray": rows, "automargin": True},
        legend={"orientation": "h", "y": -0.45}, margin={"l": 20, "r": 20, "t": 40, "b": 90},
        shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": ambition.needed,
                 "x1": ambition.needed, "y0": 0, "y1": 1,
                 "line": {"color": PALETTE["dark_pink"], "width": 2, "dash": "dash"}}],
        annotations=[{"x": ambition.needed, "y": 1, "xref": "x", "yref": "paper",
                      "yanchor": "bottom", "showarrow": False,
                      "text": f"Needed: {ambition.needed:+.2f} a year",
                      "font": {"color": PALETTE["dark_pink"]}}])
    return figure(traces, layout)


def ambition_text(ambition: Ambition, area_name: str, unit: str) -> str:
    """The chart in words, for screen readers."""
    parts = [f"Chart of the change a year ({unit}) from {ambition.span[0]} to "
             f"{ambition.span[1]}, with the change the target needs, "
             f"{ambition.needed:+.2f} a year, marked by a dashed line."]
    for spread in (ambition.neighbours, ambition.england):
        if spread is not None:
            parts.append(_spread_text(spread))
    if ambition.own_change is not None:
        parts.append(f"{area_name} changed by {ambition.own_change:+.2f} a year.")
    return " ".join(parts)


def _spread_text(spread: Spread) -> str:
    q: Any = spread.quartiles
    return (f"{spread.label.capitalize()} ({spread.n}): lowest {q[0]:+.2f}, lower quartile "
            f"{q[1]:+.2f}, median {q[2]:+.2f}, upper quartile {q[3]:+.2f}, highest "
            f"{q[4]:+.2f}; {spread.as_well} did as well as the target needs.")
