"""Simple charts for residents: one indicator over time against England, neighbourhoods
by deprivation tenth, and targets by progress. Pure: DataFrame -> plain-dict figure
(dashboard.figures.figure: no per-call validation).

Small screens first: short fixed heights, tight margins, a legend on top, no mode bar
(the page turns it off), and lines told apart by dash and marker shape as well as colour.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from dashboard import figures
from dashboard.common.formatting import unit_label
from dashboard.common.geography import ENGLAND
from dashboard.figures import PALETTE, base_layout

HEIGHT = 300


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))

MARGIN = {"l": 48, "r": 12, "t": 36, "b": 40}
STATUS_BAR_COLOURS = {"on track or achieved": "#12436D", "at risk": "#A8420A",
                      "off track or missed": "#801650", "no data yet": "#505A5F"}


def _layout(**extra: Any) -> dict:
    layout = base_layout(height=HEIGHT, margin=MARGIN,
                         legend={"orientation": "h", "x": 0, "y": 1.12, "xanchor": "left"})
    layout.update(extra)
    return layout


def empty(message: str) -> dict:
    """A blank figure that says why there is nothing to show."""
    return figures.figure([], _layout(
        xaxis={"visible": False}, yaxis={"visible": False}, showlegend=False,
        annotations=[{"text": message, "showarrow": False, "x": 0.5, "y": 0.5,
                      "xref": "paper", "yref": "paper", "font": {"size": 16}}]))


def _records(rows: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records") if not rows.empty else []
    return list(rows)


def _number(value: Any) -> Any:
    """NaN for a missing value, as a pandas column gives it (drawn as a gap)."""
    return float("nan") if value is None else value


def trend(series: pd.DataFrame | Iterable[Mapping[str, Any]], area_code: str, area_name: str,
          meta: Mapping[str, Any] | None = None) -> dict:
    """One indicator over time for an area (solid line, round markers) and England
    (dashed line, square markers). `series` as `Store.series` gives it (or records)."""
    meta = meta or {}
    series = _records(series)
    if not any(not _missing(r.get("value")) for r in series):
        return empty(f"No figures for {area_name}")
    traces = []
    lines = [(area_code, area_name, PALETTE["dark_blue"], "solid", "circle")]
    if area_code != ENGLAND:
        lines.append((ENGLAND, "England", PALETTE["dark_grey"], "dash", "square"))
    unit = unit_label(meta)
    decimals = meta.get("decimals")
    decimals = 1 if _missing(decimals) else int(decimals)
    suffix = "%" if unit == "%" else ""
    prefix = "£" if unit == "£" else ""
    for code, name, colour, dash, symbol in lines:
        rows = sorted((r for r in series if r["area_code"] == code),
                      key=lambda r: r["period_start"])
        if not rows:
            continue
        traces.append({
            "type": "scatter", "x": [str(r["period_label"]) for r in rows],
            "y": [_number(r["value"]) for r in rows], "name": name, "mode": "lines+markers",
            "line": {"color": colour, "width": 3 if code == area_code else 2, "dash": dash},
            "marker": {"symbol": symbol, "size": 7, "color": colour},
            "hovertemplate": f"{name}, %{{x}}: {prefix}%{{y:,.{decimals}f}}{suffix}"
                             "<extra></extra>"})
    return figures.figure(traces, _layout(
        xaxis={"showgrid": False, "linecolor": "#b1b4b6", "ticks": "outside",
               "type": "category", "nticks": 6, "tickangle": 0},
        yaxis={"gridcolor": "#e5e5e5", "zeroline": False, "rangemode": "tozero",
               "ticksuffix": suffix, "tickprefix": prefix},
        hovermode="x unified"))


def deciles(counts: pd.DataFrame | Iterable[Mapping[str, Any]], area_name: str) -> dict:
    """How many of an area's neighbourhoods are in each national tenth of deprivation
    (1 = the most deprived 10% in England)."""
    counts = _records(counts)
    if not counts:
        return empty(f"No neighbourhood figures for {area_name}")
    by_decile: dict[Any, list] = {}
    for row in counts:
        by_decile.setdefault(row["decile"], []).append(row["neighbourhoods"])
    # every tenth, 0 where none (counts as floats then, as a filled merge gives them)
    gaps = any(d not in by_decile for d in range(1, 11))
    numbers = [n for d in range(1, 11) for n in by_decile.get(d, [0])]
    numbers = [float(n) for n in numbers] if gaps else [int(n) for n in numbers]
    tenths = [d for d in range(1, 11) for _ in by_decile.get(d, [0])]
    labels = [f"{d}<br>most" if d == 1 else (f"{d}<br>least" if d == 10 else str(d))
              for d in tenths]
    bars = {"type": "bar", "x": labels, "y": numbers,
            "marker": {"color": PALETTE["dark_blue"]},
            "text": [f"{int(n)}" for n in numbers], "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "Tenth %{x}: %{y} neighbourhoods<extra></extra>"}
    return figures.figure([bars], _layout(
        showlegend=False,
        xaxis={"showgrid": False, "linecolor": "#b1b4b6", "type": "category"},
        yaxis={"gridcolor": "#e5e5e5", "zeroline": False, "rangemode": "tozero"},
        margin={**MARGIN, "b": 56}))


def status_bars(counts: Mapping[str, int]) -> dict:
    """Targets by progress: a labelled bar for each group (the word is on the axis and
    the count on the bar, so colour is never the only cue)."""
    groups = [(label, int(counts.get(label, 0))) for label in list(STATUS_BAR_COLOURS)[:3]]
    if counts.get("no_data"):
        groups.append(("no data yet", int(counts["no_data"])))
    if not groups or sum(n for _, n in groups) == 0:
        return empty("No targets")
    labels = [label.capitalize() for label, _ in groups]
    bars = {"type": "bar", "y": labels, "x": [n for _, n in groups], "orientation": "h",
            "marker": {"color": [STATUS_BAR_COLOURS[label] for label, _ in groups]},
            "text": [str(n) for _, n in groups], "textposition": "outside",
            "cliponaxis": False, "hovertemplate": "%{y}: %{x}<extra></extra>"}
    return figures.figure([bars], _layout(
        height=60 + 44 * len(groups), showlegend=False,
        margin={"l": 150, "r": 30, "t": 10, "b": 30},
        xaxis={"showgrid": False, "visible": False, "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "showgrid": False, "ticks": ""}))
