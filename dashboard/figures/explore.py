"""Figures for the explore pages: an indicator's trend and its ranking across areas.

Pure: DataFrames and plain values in, plain-dict figures out (dashboard.figures.figure:
no per-call validation). Titles, source lines and text alternatives sit around the figure
in the page (layouts.components.chart_figure), so the figures carry axis titles with
units, legends and direct labels only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from dashboard import figures
from dashboard.common.formatting import format_value
from dashboard.figures import JUDGEMENT_COLOURS, JUDGEMENT_WORDS, PALETTE, base_layout
from dashboard.views import explore, indicator

# Each line has a colour and a dash style, so lines can be told apart without colour.
ROLE_STYLES = {
    "area": {"color": PALETTE["dark_blue"], "dash": "solid", "width": 3},
    "region": {"color": PALETTE["turquoise"], "dash": "dot", "width": 2},
    "england": {"color": PALETTE["dark_grey"], "dash": "dash", "width": 2},
    "neighbours": {"color": PALETTE["orange"], "dash": "dashdot", "width": 2},
}
COMPARATOR_STYLES = [
    {"color": PALETTE["dark_pink"], "dash": "longdash", "width": 2},
    {"color": PALETTE["light_purple"], "dash": "longdashdot", "width": 2},
    {"color": PALETTE["dark_pink"], "dash": "dot", "width": 2},
    {"color": PALETTE["light_purple"], "dash": "dash", "width": 2},
]
CI_FILL = "rgba(18, 67, 109, 0.15)"  # dark blue, translucent
HIGHLIGHT_LINE = "#0b0c0c"
# Patterns on bars, so a comparison is never shown by colour alone.
JUDGEMENT_PATTERNS = {
    "better": "", "similar": "", "worse": "/", "higher": ".", "lower": "x",
    "not_compared": "",
}
JUDGEMENT_ORDER = ("better", "higher", "similar", "lower", "worse", "not_compared")


def axis_title(meta: Mapping[str, Any]) -> str:
    """Value axis title with units, kept short enough for a phone: 'Percentage (%)',
    'Pounds (£)', 'Rate per 100,000 population', 'Emissions (tCO2e) per capita'."""
    unit = str(meta.get("unit") or "").strip()
    measure = str(meta.get("measure") or "").strip()
    if unit == "%":
        return f"{measure or 'Percentage'} (%)"
    if unit == "£":
        return "Pounds (£)"
    if not unit or len(unit) <= 5 or (" per " in f" {measure} " and " per " not in f" {unit} "):
        label = measure or unit or "Value"  # 'yrs' -> 'Years'; a rate's 'per' kept
    else:
        label = unit
    return label[:1].upper() + label[1:]


def message_figure(message: str) -> dict:
    """A blank figure that says why there is nothing to show."""
    return figures.figure([], base_layout(
        xaxis={"visible": False}, yaxis={"visible": False}, height=200,
        annotations=[{"text": message, "showarrow": False, "x": 0.5, "y": 0.5,
                      "xref": "paper", "yref": "paper", "font": {"size": 16}}]))


def _style(role: str, comparator_index: int) -> dict:
    if role == "comparator":
        return COMPARATOR_STYLES[comparator_index % len(COMPARATOR_STYLES)]
    return ROLE_STYLES.get(role, ROLE_STYLES["england"])


def trend_figure(long: Any, meta: Mapping[str, Any],
                 periods: Sequence[str] | None = None) -> dict:
    """Lines over time for the chosen area (with its confidence interval as a band), its
    region, England and any comparators. `long` comes from indicator.trend_lines (records)
    or indicator.trend_series (a frame)."""
    long = explore.rows_of(long)
    if all(_blank(row["value"]) for row in long):
        return message_figure("No values to chart for this selection")
    traces: list = []
    if periods is None:
        periods = indicator.period_order(long)
    lines: dict[tuple, list[Mapping[str, Any]]] = {}
    for row in long:
        lines.setdefault((row["role"], row["name"]), []).append(row)
    comparator_index = 0
    for (role, name), rows in lines.items():
        rows = sorted(rows, key=lambda r: r["period_start"])
        x = [str(r["period_label"]) for r in rows]
        style = _style(str(role), comparator_index)
        if role == "comparator":
            comparator_index += 1
        text = [format_value(r["value"], meta, r["status"], r["note"]) for r in rows]
        if role == "area" and any(not _blank(r["lci"]) for r in rows):
            traces.append({
                "type": "scatter", "x": x + x[::-1],
                "y": [r["uci"] for r in rows] + [r["lci"] for r in rows][::-1],
                "fill": "toself", "fillcolor": CI_FILL, "line": {"width": 0},
                "hoverinfo": "skip", "name": f"{name}: 95% confidence interval",
                "legendgroup": str(name), "meta": "ci"})
        traces.append({
            "type": "scatter", "x": x, "y": [r["value"] for r in rows],
            "mode": "lines+markers", "name": str(name),
            "line": {"color": style["color"], "dash": style["dash"], "width": style["width"]},
            "marker": {"size": 7 if role == "area" else 5, "color": style["color"]},
            "text": text, "hovertemplate": f"{name}<br>%{{x}}: %{{text}}<extra></extra>",
            "legendgroup": str(name), "meta": str(role)})
    area = sorted((r for r in long if r["role"] == "area" and not _blank(r["value"])),
                  key=lambda r: r["period_start"])
    annotations = []
    if area:
        last = area[-1]
        label = str(last["period_label"])
        # Position by category index: plotly reads a numeric-looking label ("2023") as one.
        annotations.append({
            "x": list(periods).index(label) if label in periods else label,
            "y": float(last["value"]), "xref": "x",
            "yref": "y", "text": f"<b>{format_value(last['value'], meta)}</b>",
            "showarrow": False, "yshift": 14, "font": {"color": PALETTE["dark_blue"]}})
    # One constructor call: update_layout's key-path handling is ~5x slower.
    return figures.figure(traces, base_layout(
        xaxis={"title": {"text": "Period"}, "type": "category", "categoryorder": "array",
               "categoryarray": list(periods), "showgrid": False, "linecolor": "#b1b4b6",
               "ticks": "outside", "automargin": True},
        yaxis={"title": {"text": axis_title(meta)}, "gridcolor": "#e5e5e5",
               "zeroline": False, "automargin": True, "rangemode": _rangemode(meta)},
        legend={"orientation": "h", "y": -0.25, "x": 0, "xanchor": "left"},
        margin={"l": 60, "r": 20, "t": 20, "b": 40}, height=420,
        annotations=annotations, hovermode="closest"))


def _rangemode(meta: Mapping[str, Any]) -> str:
    return "tozero" if meta.get("value_type") in ("percentage", "rate", "count") else "normal"


def ranking_figure(ranked: Any, meta: Mapping[str, Any],
                   england_value: float | None = None, area_name: str | None = None,
                   ) -> dict:
    """Bars for every area of one type, highest first, coloured (and patterned) by
    comparison with England, with 95% confidence intervals as error bars, England as a
    labelled line and the chosen area outlined and labelled directly. `ranked` comes
    from indicator.ranked_areas (records) or indicator.ranking (a frame)."""
    ranked = explore.rows_of(ranked)
    if not ranked:
        return message_figure("No areas of this type have values for this period")
    names = [str(row["area_name"]) for row in ranked]
    has_ci = any(not _blank(row.get("lci")) for row in ranked)
    by_comparison = _by_comparison(ranked)
    traces = [_comparison_bars(comparison, by_comparison[comparison], meta, has_ci)
              for comparison in JUDGEMENT_ORDER if by_comparison.get(comparison)]
    shapes, annotations = _england_line(england_value, meta)
    annotations += _chosen_area_label(ranked, names, meta, area_name)
    return figures.figure(traces, base_layout(
        xaxis={"title": {"text": "Areas, highest value first"},
               "type": "category", "categoryorder": "array", "categoryarray": names,
               "showticklabels": len(names) <= 40, "showgrid": False, "ticks": "",
               "linecolor": "#b1b4b6", "automargin": True},
        yaxis={"title": {"text": axis_title(meta)}, "gridcolor": "#e5e5e5",
               "zeroline": False, "automargin": True, "rangemode": _rangemode(meta)},
        barmode="overlay", bargap=0.15, shapes=shapes, annotations=annotations,
        # legend above the plot: below it would collide with rotated area names
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0,
                "xanchor": "left"},
        margin={"l": 60, "r": 20, "t": 60, "b": 40}, height=460, hovermode="closest"))


def _by_comparison(ranked: list[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """The ranked rows grouped by their comparison with England (missing: not compared),
    each group keeping the ranking's order."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in ranked:
        comparison = row.get("comparison")
        groups.setdefault("not_compared" if _blank(comparison) else comparison,
                          []).append(row)
    return groups


def _comparison_bars(comparison: str, rows: list[Mapping[str, Any]],
                     meta: Mapping[str, Any], has_ci: bool) -> dict:
    """One bar trace for the areas with one comparison: its colour, pattern and legend
    entry, the chosen area outlined, and error bars when any area has an interval."""
    text = [format_value(r["value"], meta, r.get("status"), r.get("note")) for r in rows]
    name = JUDGEMENT_WORDS[comparison] + (
        " than England" if comparison not in ("similar", "not_compared")
        else " to England" if comparison == "similar" else "")
    bars = {
        "type": "bar", "x": [str(r["area_name"]) for r in rows],
        "y": [r["value"] for r in rows], "name": name,
        "marker": {"color": JUDGEMENT_COLOURS[comparison],
                   "line": {"color": [HIGHLIGHT_LINE if r["highlight"] else "#505a5f"
                                      for r in rows],
                            "width": [3 if r["highlight"] else 0.5 for r in rows]},
                   "pattern": {"shape": JUDGEMENT_PATTERNS[comparison],
                               "fgcolor": "#ffffff", "size": 6}},
        "text": text, "textposition": "none",
        "customdata": [JUDGEMENT_WORDS[comparison]] * len(rows),
        "hovertemplate": "%{x}: %{text} (%{customdata})<extra></extra>",
        "meta": comparison}
    if has_ci:
        bars["error_y"] = {"type": "data", "symmetric": False,
                           "array": [_minus(r["uci"], r["value"]) for r in rows],
                           "arrayminus": [_minus(r["value"], r["lci"]) for r in rows],
                           "color": "#505a5f", "thickness": 1, "width": 0}
    return bars


def _england_line(england_value: float | None,
                  meta: Mapping[str, Any]) -> tuple[list[dict], list[dict]]:
    """England's value as a dashed line across the bars and its label (shapes,
    annotations); none when England has no value."""
    if _blank(england_value):
        return [], []
    shapes = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
               "y0": float(england_value), "y1": float(england_value),
               "line": {"color": PALETTE["dark_grey"], "dash": "dash", "width": 2}}]
    annotations = [{"xref": "paper", "x": 1, "xanchor": "right", "yref": "y",
                    "y": float(england_value), "yshift": 10, "showarrow": False,
                    "text": f"England {format_value(england_value, meta)}",
                    "bgcolor": "rgba(255,255,255,0.8)",
                    "font": {"color": PALETTE["dark_grey"]}}]
    return shapes, annotations


def _chosen_area_label(ranked: list[Mapping[str, Any]], names: list[str],
                       meta: Mapping[str, Any], area_name: str | None) -> list[dict]:
    """An arrow naming the chosen (highlighted) area and its value, if it is ranked."""
    mine = next((row for row in ranked if row["highlight"]), None)
    if mine is None:
        return []
    return [{
        "x": names.index(str(mine["area_name"])), "y": float(mine["value"]), "xref": "x",
        "yref": "y",
        "text": f"<b>{area_name or mine['area_name']}: {format_value(mine['value'], meta)}"
                f"</b>", "showarrow": True, "arrowhead": 2, "ax": 0, "ay": -40,
        "bgcolor": "#ffffff", "bordercolor": HIGHLIGHT_LINE, "borderwidth": 1}]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _minus(a: Any, b: Any) -> float | None:
    """a - b, or None (no error bar) when either is missing (NaN minus anything is NaN,
    which the figure's JSON also writes as null)."""
    return None if a is None or b is None else a - b
