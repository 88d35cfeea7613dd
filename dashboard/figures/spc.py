"""The indicator page's control chart (XmR): the values joined by a line, the mean, the
process limits (dashed), and special-cause points marked by shape and word as well as
colour (improvement: up-pointing, concern: down-pointing, neither: a diamond), as NHS
England's "Making Data Count" charts do; and its text alternative."""

from __future__ import annotations

from dashboard.figures import PALETTE, base_layout, figure
from dashboard.methods.stats.spc import KIND_WORDS, Spc

KINDS = {"improvement": ("Special cause: improvement", PALETTE["dark_blue"], "triangle-up"),
         "concern": ("Special cause: concern", PALETTE["dark_pink"], "triangle-down"),
         "neutral_high": ("Special cause: higher", PALETTE["dark_grey"], "diamond"),
         "neutral_low": ("Special cause: lower", PALETTE["dark_grey"], "diamond-open")}


def _line(labels: list[str], value: float, name: str, dash: str) -> dict:
    return {"type": "scatter", "mode": "lines", "x": [labels[0], labels[-1]],
            "y": [value, value], "name": name, "hoverinfo": "skip",
            "line": {"color": PALETTE["dark_grey"], "width": 1.5, "dash": dash}}


def spc_figure(chart: Spc, unit: str) -> dict:
    labels = [p.label for p in chart.points]
    traces = [
        {"type": "scatter", "mode": "lines+markers", "x": labels,
         "y": [p.value for p in chart.points], "name": "Value (common cause)",
         "line": {"color": "#6f777b", "width": 1.5},
         "marker": {"color": "#6f777b", "size": 6},
         "hovertemplate": "%{x}: %{y}<extra></extra>"},
        _line(labels, chart.mean, "Mean", "solid"),
        _line(labels, chart.upper, "Process limits", "dash"),
        {**_line(labels, chart.lower, "Lower process limit", "dash"), "showlegend": False},
    ]
    for kind, (name, colour, symbol) in KINDS.items():
        chosen = [p for p in chart.points if p.kind == kind]
        if chosen:
            traces.append({"type": "scatter", "mode": "markers", "name": name,
                           "x": [p.label for p in chosen], "y": [p.value for p in chosen],
                           "marker": {"color": colour, "symbol": symbol, "size": 12,
                                      "line": {"width": 1, "color": "#ffffff"}},
                           "hovertemplate": f"%{{x}}: %{{y}} ({name.lower()})<extra></extra>"})
    layout = base_layout(None, height=340, xaxis={"type": "category", "showgrid": False},
                         yaxis={"title": {"text": unit}, "zeroline": False},
                         legend={"orientation": "h", "y": -0.25},
                         margin={"l": 50, "r": 20, "t": 20, "b": 80})
    return figure(traces, layout)


def spc_text(chart: Spc, area_name: str) -> str:
    """The chart in words, for screen readers."""
    special = chart.special
    parts = [f"Control chart of {area_name}'s values, {chart.points[0].label} to "
             f"{chart.points[-1].label}, with the mean ({chart.mean:.3g}) and process "
             f"limits ({chart.lower:.3g} to {chart.upper:.3g})."]
    if special:
        parts.append("Special cause points: " + "; ".join(
            f"{p.label} ({KIND_WORDS[p.kind]})" for p in special) + ".")
    else:
        parts.append("No special cause points.")
    return " ".join(parts)
