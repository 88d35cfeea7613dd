"""Target charts: actual values with their confidence interval, the trajectory to the target,
milestones, the target, the projection of the recent trend, and England and the region."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from dashboard.common.formatting import format_value, unit_label
from dashboard.figures import PALETTE, base_layout, figure
from dashboard.methods import targets as model

ACTUAL = PALETTE["dark_blue"]
TRAJECTORY = PALETTE["orange"]
PROJECTION = PALETTE["dark_grey"]
ENGLAND = PALETTE["dark_pink"]
REGION = PALETTE["light_purple"]
BAND = "rgba(18, 67, 109, 0.15)"
PREDICTION_BAND = "rgba(61, 61, 61, 0.12)"
HISTORY_YEARS = 8


def x_to_date(x: float) -> pd.Timestamp:
    """Fractional years (the trajectory's time axis) back to a date."""
    year = int(np.floor(x))
    start = pd.Timestamp(year=year, month=1, day=1)
    length = 366 if start.is_leap_year else 365
    return start + pd.Timedelta(days=round((x - year) * length))


def chart_title(meta: dict, area_name: str) -> str:
    return f"{meta.get('title') or 'Indicator'} in {area_name}: progress towards the target"


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def period_key(value: Any) -> date:
    """A period start (a date, datetime or Timestamp) as a date, to match periods on."""
    return value.date() if isinstance(value, datetime) else value


def _iso(value: Any) -> str:
    """A period start or chart date as the ISO text plotly reads as a date."""
    if isinstance(value, datetime):
        return value.isoformat()
    return f"{value.isoformat()}T00:00:00"


def published(series: list[dict], area_code: str | None) -> list[dict]:
    """One area's published values (missing ones left out), oldest first."""
    rows = [r for r in series if r["area_code"] == area_code and not _missing(r["value"])]
    return sorted(rows, key=lambda r: period_key(r["period_start"]))


def target_figure(detail: dict[str, Any]) -> dict:
    """The target page's chart (a plain-dict figure), from
    dashboard.methods.targets.target_view(...): its series are records."""
    target: model.Target = detail["target"]
    meta = model.display_meta(detail["meta"])
    assessment: model.Assessment = detail["assessment"]
    series: list[dict] = detail["series"]
    area_name = detail["info"].get("area_name") or target.area_code
    own = published(series, target.area_code)

    def fmt(v: float) -> str:
        return format_value(v, meta)

    traces = [*_confidence_band(own), *_comparator_lines(detail, fmt),
              *_own_line(own, area_name, fmt), *_target_path(target, fmt),
              *_projection(assessment.projection)]
    layout = base_layout(
        None, height=460, yaxis={"title": {"text": unit_label(meta)}, "gridcolor": "#e5e5e5",
                                 "zeroline": False},
        xaxis={"title": {"text": "Period (start)"}, "showgrid": False,
               "range": _x_range(target, own), "linecolor": "#b1b4b6", "ticks": "outside"},
        legend={"orientation": "h", "y": -0.22}, margin={"l": 60, "r": 20, "t": 20,
                                                         "b": 90})
    annotations = _status_note(assessment)
    if annotations:
        layout["annotations"] = annotations
    return figure(traces, layout)


def _confidence_band(own: list[dict]) -> list[dict]:
    """The area's published 95% confidence interval as a shaded band (none without one)."""
    with_ci = [r for r in own if not _missing(r["lci"]) and not _missing(r["uci"])]
    if not with_ci:
        return []
    starts = [_iso(r["period_start"]) for r in with_ci]
    return [{
        "type": "scatter", "x": starts + starts[::-1],
        "y": [r["uci"] for r in with_ci] + [r["lci"] for r in with_ci][::-1],
        "fill": "toself", "fillcolor": BAND, "line": {"width": 0}, "hoverinfo": "skip",
        "name": "95% confidence interval"}]


def _comparator_lines(detail: dict[str, Any], fmt: Callable[[float], str]) -> list[dict]:
    """England's and the region's published values, for context (thin, dashed lines)."""
    series: list[dict] = detail["series"]
    region = detail.get("region") or {}
    traces = []
    for code, name, colour, dash in ((model.ENGLAND, "England", ENGLAND, "dash"),
                                     (region.get("code"), region.get("name"), REGION, "dot")):
        if not code or not series:
            continue
        other = published(series, code)
        if not other:
            continue
        traces.append({
            "type": "scatter", "x": [_iso(r["period_start"]) for r in other],
            "y": [r["value"] for r in other], "mode": "lines", "name": name,
            "line": {"color": colour, "width": 1.5, "dash": dash},
            "customdata": [[r["period_label"], fmt(r["value"])] for r in other],
            "hovertemplate": f"{name}<br>%{{customdata[0]}}: %{{customdata[1]}}"
                             "<extra></extra>"})
    return traces


def _own_line(own: list[dict], area_name: str, fmt: Callable[[float], str]) -> list[dict]:
    """The area's published values (a thick line with markers; none without values)."""
    if not own:
        return []
    return [{
        "type": "scatter", "x": [_iso(r["period_start"]) for r in own],
        "y": [r["value"] for r in own], "mode": "lines+markers",
        "name": f"{area_name} (published)", "line": {"color": ACTUAL, "width": 3},
        "marker": {"size": 7, "symbol": "circle"},
        "customdata": [[r["period_label"], fmt(r["value"])] for r in own],
        "hovertemplate": f"{area_name}<br>%{{customdata[0]}}: %{{customdata[1]}}"
                         "<extra></extra>"}]


def _target_path(target: model.Target, fmt: Callable[[float], str]) -> list[dict]:
    """The trajectory from the baseline, any milestones and the target itself."""
    xs, ys = model.trajectory_points(target)
    traces = [{
        "type": "scatter", "x": [_iso(x_to_date(x)) for x in xs],
        "y": [float(y) for y in ys], "mode": "lines", "name": "Trajectory to target",
        "line": {"color": TRAJECTORY, "width": 2, "dash": "dash"},
        "hovertemplate": "Trajectory: %{y}<extra></extra>"}]
    if target.milestones:
        traces.append({
            "type": "scatter", "x": [_iso(m.period.start) for m in target.milestones],
            "y": [m.value for m in target.milestones], "mode": "markers",
            "name": "Milestones",
            "marker": {"symbol": "diamond", "size": 11, "color": TRAJECTORY,
                       "line": {"color": "#0b0c0c", "width": 1}},
            "customdata": [[m.period.label, fmt(m.value)] for m in target.milestones],
            "hovertemplate": "Milestone %{customdata[0]}: %{customdata[1]}<extra></extra>"})
    traces.append({
        "type": "scatter", "x": [_iso(target.target.start)], "y": [target.target_value],
        "mode": "markers",
        "name": f"Target: {fmt(target.target_value)} by {target.target.label}",
        "marker": {"symbol": "star", "size": 18, "color": TRAJECTORY,
                   "line": {"color": "#0b0c0c", "width": 1}},
        "hovertemplate": f"Target {target.target.label}: {fmt(target.target_value)}"
                         "<extra></extra>"})
    return traces


def _projection(projection: Any) -> list[dict]:
    """The recent trend projected to the target period, with its 95% prediction interval
    where that is finite (none without a projection)."""
    if projection is None:
        return []
    traces = []
    dates = [_iso(x_to_date(x)) for x in projection.x]
    if all(math.isfinite(v) for v in projection.lower):
        traces.append({
            "type": "scatter", "x": dates + dates[::-1],
            "y": list(projection.upper) + list(projection.lower)[::-1],
            "fill": "toself", "fillcolor": PREDICTION_BAND, "line": {"width": 0},
            "hoverinfo": "skip", "name": "95% prediction interval of the projection"})
    traces.append({
        "type": "scatter", "x": dates, "y": list(projection.mean), "mode": "lines",
        "name": f"Projection of the {projection.n_points} values since the baseline",
        "line": {"color": PROJECTION, "width": 2, "dash": "dot"},
        "hovertemplate": "Projection: %{y}<extra></extra>"})
    return traces


def _status_note(assessment: model.Assessment) -> list[dict]:
    """The status, written at the latest value (none without a latest value)."""
    if assessment.latest_value is None or assessment.latest_period_start is None:
        return []
    colour = model.STATUS_COLOURS[assessment.status]
    return [{
        "x": _iso(assessment.latest_period_start), "y": assessment.latest_value,
        "text": f"{model.status_label(assessment.status)}", "showarrow": True,
        "arrowhead": 0, "ax": 0, "ay": -36, "font": {"color": colour},
        "bgcolor": "#ffffff", "bordercolor": colour}]


def _x_range(target: model.Target, own: list[dict]) -> list[str]:
    """Open on the years that matter to the target; the full history is a zoom-out away."""
    baseline = pd.Timestamp(target.baseline.start)
    first = pd.Timestamp(own[0]["period_start"]) if own else baseline
    start = max(first, baseline - pd.DateOffset(years=HISTORY_YEARS))
    end = max(pd.Timestamp(target.target.start),
              pd.Timestamp(own[-1]["period_start"]) if own else start)
    return [_iso(start - pd.DateOffset(months=4)), _iso(end + pd.DateOffset(months=6))]


def text_alternative(detail: dict[str, Any]) -> str:
    """A sentence-by-sentence description of the chart for screen readers."""
    target: model.Target = detail["target"]
    meta = model.display_meta(detail["meta"])
    assessment: model.Assessment = detail["assessment"]
    area = detail["info"].get("area_name") or target.area_code
    own = published(detail["series"], target.area_code)
    parts = [f"Chart of {meta.get('title')} in {area}."]
    if own:
        parts.append(f"Published values from {own[0]['period_label']} to "
                     f"{own[-1]['period_label']}: " + "; ".join(
                         f"{r['period_label']} {format_value(r['value'], meta)}"
                         for r in own[-8:]) + ".")
    parts.append(f"The trajectory runs from {format_value(target.baseline_value, meta)} in "
                 f"{target.baseline.label} to the target of "
                 f"{format_value(target.target_value, meta)} in {target.target.label}"
                 + (", through milestones " + ", ".join(
                     f"{m.period.label} {format_value(m.value, meta)}"
                     for m in target.milestones) if target.milestones else "") + ".")
    projection = assessment.projection
    if projection is not None:
        interval = ""
        if math.isfinite(projection.at_target_lower):
            low = format_value(projection.at_target_lower, meta)
            high = format_value(projection.at_target_upper, meta)
            interval = f" (95% prediction interval {low} to {high})"
        parts.append(f"Projecting the {projection.n_points} values since the baseline gives "
                     f"{format_value(projection.at_target, meta)} in {target.target.label}"
                     f"{interval}.")
    parts.append(assessment.reason)
    return " ".join(parts)
