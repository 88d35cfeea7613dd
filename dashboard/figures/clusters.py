"""Figures for where a measure clusters and how unequal a place is (pure: frames in,
plain-dict figures out): the funnel plot of neighbourhood rates and the slope index of
inequality across deprivation deciles."""

from __future__ import annotations

import pandas as pd

from dashboard import figures
from dashboard.figures import PALETTE, base_layout
from dashboard.methods.stats import funnel

# Outliers carry a shape and a word as well as a colour.
OUTLIER_STYLE = {
    "high": ("Above the limits", "triangle-up", PALETTE["dark_pink"]),
    "low": ("Below the limits", "triangle-down", PALETTE["dark_blue"]),
    "within": ("Within the limits", "circle-open", PALETTE["dark_grey"]),
}
GROUPS = {"high": (funnel.HIGH_95, funnel.HIGH_998), "low": (funnel.LOW_95, funnel.LOW_998),
          "within": (funnel.WITHIN,)}


def funnel_figure(points: pd.DataFrame, curve: pd.DataFrame, average: float, title: str,
                  x_title: str, place: str) -> dict:
    """Each neighbourhood's rate (%) against its population, with the place's rate and
    the 95% (dashed) and 99.8% (solid) control limits."""
    traces = []
    for level, dash in (("99.8", "solid"), ("95", "dash")):
        for side in ("upper", "lower"):
            traces.append({
                "type": "scatter", "mode": "lines", "x": curve["denominator"].tolist(),
                "y": (100 * curve[f"{side}_{level}"]).round(3).tolist(),
                "name": f"{level}% limits", "legendgroup": level,
                "showlegend": side == "upper", "hoverinfo": "skip",
                "line": {"color": PALETTE["dark_grey"], "dash": dash, "width": 1.5}})
    traces.append({"type": "scatter", "mode": "lines", "name": f"{place}'s rate",
                   "x": [curve["denominator"].min(), curve["denominator"].max()],
                   "y": [100 * average] * 2, "hoverinfo": "skip",
                   "line": {"color": PALETTE["turquoise"], "width": 2}})
    for group, (name, symbol, colour) in OUTLIER_STYLE.items():
        chosen = points[points["outlier"].isin(GROUPS[group])]
        traces.append({
            "type": "scatter", "mode": "markers", "name": name,
            "x": chosen["denominator"].tolist(),
            "y": (100 * chosen["proportion"]).round(2).tolist(),
            "marker": {"symbol": symbol, "color": colour, "size": 8,
                       "line": {"color": colour, "width": 1}},
            "customdata": chosen[["area_name", "area_code", "words"]].values.tolist(),
            "hovertemplate": ("%{customdata[0]} (%{customdata[1]})<br>Rate: %{y:.1f}%<br>"
                              "Population: %{x:,}<br>%{customdata[2]}<extra></extra>")})
    # The limits run to 100% at a population of 1; the axis stops a little above the
    # highest point or limit at the smallest neighbourhood, so the points fill the chart.
    smallest = points["denominator"].min()
    top = max(points["proportion"].max(),
              float(funnel.funnel_limit([smallest], average, 0.999, "high")[0]))
    layout = base_layout(title, legend={"orientation": "h", "y": -0.25})
    layout["xaxis"] = {**layout["xaxis"], "title": {"text": x_title}}
    layout["yaxis"] = {**layout["yaxis"], "title": {"text": "Rate (%)"},
                       "range": [0, min(100.0, round(115 * top, 1))]}
    return figures.figure(traces, {**layout, "height": 460})


def sii_figure(deciles: pd.DataFrame, intercept: float, slope: float, title: str) -> dict:
    """Each decile's rate (%) with its 95% interval at its relative rank, and the fitted
    line whose ends' difference is the SII."""
    labels = [f"Decile {int(d)}" for d in deciles["decile"]]
    value = 100 * deciles["value"]
    traces = [
        {"type": "scatter", "mode": "markers+text", "name": "Decile rate (95% interval)",
         "x": deciles["rank"].round(4).tolist(), "y": value.round(2).tolist(),
         "text": [str(int(d)) for d in deciles["decile"]], "textposition": "top right",
         "error_y": {"type": "data", "symmetric": False,
                     "array": (100 * deciles["upper"] - value).round(3).tolist(),
                     "arrayminus": (value - 100 * deciles["lower"]).round(3).tolist(),
                     "color": PALETTE["dark_grey"]},
         "marker": {"symbol": "square", "size": 9, "color": PALETTE["dark_blue"]},
         "customdata": labels,
         "hovertemplate": "%{customdata}: %{y:.1f}%<extra></extra>"},
        {"type": "scatter", "mode": "lines", "name": "Fitted line (its ends' gap is the SII)",
         "x": [0, 1], "y": [round(100 * intercept, 3), round(100 * (intercept + slope), 3)],
         "line": {"color": PALETTE["dark_pink"], "width": 2, "dash": "dash"},
         "hoverinfo": "skip"},
    ]
    layout = base_layout(title, legend={"orientation": "h", "y": -0.3})
    layout["xaxis"] = {**layout["xaxis"], "range": [-0.02, 1.02], "title": {
        "text": "Relative rank by national deprivation (0 = most deprived, 1 = least)"}}
    layout["yaxis"] = {**layout["yaxis"], "title": {"text": "Rate (%)"}, "rangemode": "tozero"}
    return figures.figure(traces, {**layout, "height": 420})
