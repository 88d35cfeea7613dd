"""The indicator page's breakdown chart: one dot per category (deprivation decile, age,
sex) with its 95% confidence interval as a thick whisker and, where published, its 99.8%
interval as a thin one; categories against the headline value (everyone, as the
indicator's headline sex and age) as a labelled dashed line.

Pure: a group of dashboard.views.breakdowns in, a plain-dict figure out. Its title,
source line and text alternative sit around it in the page (layouts.components).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard import figures
from dashboard.figures import PALETTE, base_layout
from dashboard.figures.explore import axis_title

INTERVAL_998 = "#6F777B"  # mid grey: the wider interval, drawn thin under the 95% one


def _rangemode(meta: Mapping[str, Any]) -> str:
    """From zero for rates, percentages and counts, as the page's other charts."""
    return "tozero" if meta.get("value_type") in ("percentage", "rate", "count") else "normal"


def _minus(a: Any, b: Any) -> float | None:
    return None if a is None or b is None else float(a) - float(b)


def _whiskers(rows: list[Mapping[str, Any]], low: str, high: str) -> dict:
    return {"type": "data", "symmetric": False,
            "array": [_minus(r[high], r["value"]) for r in rows],
            "arrayminus": [_minus(r["value"], r[low]) for r in rows]}


def breakdown_figure(group: Mapping[str, Any], meta: Mapping[str, Any],
                     headline: Mapping[str, Any] | None = None) -> dict:
    """Dots and whiskers for one breakdown, its rows top to bottom in their order."""
    rows = [r for r in group["rows"] if r["value"] is not None and not r["withheld"]]
    labels = [str(r["label"]) for r in group["rows"]]
    traces: list[dict] = []
    if group.get("has_998"):
        traces.append({
            "type": "scatter", "mode": "markers", "x": [r["value"] for r in rows],
            "y": [str(r["label"]) for r in rows], "name": "99.8% confidence interval",
            "marker": {"size": 1, "color": INTERVAL_998, "opacity": 0},
            "error_x": {**_whiskers(rows, "lci_998", "uci_998"), "color": INTERVAL_998,
                        "thickness": 1.5, "width": 10},
            "hoverinfo": "skip", "showlegend": True, "meta": "ci998"})
    with_ci = any(r["lci"] is not None and r["uci"] is not None for r in rows)
    traces.append({
        "type": "scatter", "mode": "markers", "x": [r["value"] for r in rows],
        "y": [str(r["label"]) for r in rows], "showlegend": True,
        "name": ("Value with its 95% confidence interval" if with_ci
                 else "Value (no confidence interval published)"),
        "marker": {"size": 11, "color": PALETTE["dark_blue"], "symbol": "circle",
                   "line": {"color": "#ffffff", "width": 1}},
        "error_x": {**_whiskers(rows, "lci", "uci"), "color": PALETTE["dark_blue"],
                    "thickness": 3, "width": 0},
        "customdata": [[r["value_text"], r["ci95_text"]] for r in rows],
        "hovertemplate": "%{y}: %{customdata[0]} (95% interval: %{customdata[1]})"
                         "<extra></extra>", "meta": "values"})
    shapes, annotations = [], []
    # the headline is a row of an age or sex breakdown: a line only beside categories
    if group["kind"] == "category" and headline is not None \
            and headline.get("value") is not None:
        shapes.append({"type": "line", "yref": "paper", "y0": 0, "y1": 1, "xref": "x",
                       "x0": headline["value"], "x1": headline["value"],
                       "line": {"color": PALETTE["dark_grey"], "dash": "dash", "width": 2}})
        annotations.append({"xref": "x", "x": headline["value"], "yref": "paper", "y": 1,
                            "yanchor": "bottom", "showarrow": False,
                            "text": f"{headline['label']}: {headline['value_text']}",
                            "font": {"color": PALETTE["dark_grey"]}})
    for row in group["rows"]:  # say why a row has no dot, where the dot would be
        if row["value"] is None or row["withheld"]:
            annotations.append({"xref": "paper", "x": 0.01, "xanchor": "left", "yref": "y",
                                "y": str(row["label"]), "showarrow": False,
                                "text": f"<i>{row['value_text']}</i>",
                                "font": {"color": PALETTE["dark_grey"]}})
    return figures.figure(traces, base_layout(
        xaxis={"title": {"text": axis_title(meta)}, "gridcolor": "#e5e5e5", "zeroline": False,
               "rangemode": _rangemode(meta), "automargin": True},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": labels,
               "autorange": "reversed", "showgrid": False, "automargin": True},
        # the legend at the foot of the figure, under the axis title at any width
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom",
                "x": 0, "xanchor": "left"},
        margin={"l": 20, "r": 20, "t": 50, "b": 110}, height=200 + 34 * len(labels),
        shapes=shapes, annotations=annotations, hovermode="closest"))
