"""Target charts: actual values with their confidence interval, the trajectory to the target,
milestones, the target, the projection of the recent trend, and England and the region."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import targets as model
from dashboard.figures import PALETTE, base_layout
from dashboard.formatting import format_value, unit_label

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


def _values(series: pd.DataFrame) -> pd.DataFrame:
    if series is None or series.empty:
        return pd.DataFrame(columns=["period_start", "period_label", "value", "lci", "uci"])
    out = series.dropna(subset=["value"]).sort_values("period_start")
    return out.assign(period_start=pd.to_datetime(out["period_start"]))


def target_figure(detail: dict[str, Any]) -> go.Figure:
    """The target page's chart, from dashboard.targets.target_detail(...)."""
    target: model.Target = detail["target"]
    meta = model.display_meta(detail["meta"])
    info = detail["info"]
    assessment: model.Assessment = detail["assessment"]
    series: pd.DataFrame = detail["series"]
    area_name = info.get("area_name") or target.area_code
    own = _values(series[series["area_code"] == target.area_code]) if not series.empty \
        else _values(series)
    fig = go.Figure()

    def fmt(v: float) -> str:
        return format_value(v, meta)

    with_ci = own.dropna(subset=["lci", "uci"]) if not own.empty else own
    if not with_ci.empty:
        fig.add_trace(go.Scatter(
            x=list(with_ci["period_start"]) + list(with_ci["period_start"])[::-1],
            y=list(with_ci["uci"]) + list(with_ci["lci"])[::-1], fill="toself",
            fillcolor=BAND, line={"width": 0}, hoverinfo="skip",
            name="95% confidence interval"))
    for code, name, colour, dash in (
            (model.ENGLAND, "England", ENGLAND, "dash"),
            ((detail.get("region") or {}).get("code"),
             (detail.get("region") or {}).get("name"), REGION, "dot")):
        if not code or series.empty:
            continue
        other = _values(series[series["area_code"] == code])
        if other.empty:
            continue
        fig.add_trace(go.Scatter(
            x=other["period_start"], y=other["value"], mode="lines", name=name,
            line={"color": colour, "width": 1.5, "dash": dash},
            customdata=np.stack([other["period_label"], [fmt(v) for v in other["value"]]],
                                axis=-1),
            hovertemplate=f"{name}<br>%{{customdata[0]}}: %{{customdata[1]}}<extra></extra>"))
    if not own.empty:
        fig.add_trace(go.Scatter(
            x=own["period_start"], y=own["value"], mode="lines+markers",
            name=f"{area_name} (published)", line={"color": ACTUAL, "width": 3},
            marker={"size": 7, "symbol": "circle"},
            customdata=np.stack([own["period_label"], [fmt(v) for v in own["value"]]],
                                axis=-1),
            hovertemplate=f"{area_name}<br>%{{customdata[0]}}: %{{customdata[1]}}"
                          "<extra></extra>"))
    xs, ys = model.trajectory_points(target)
    fig.add_trace(go.Scatter(
        x=[x_to_date(x) for x in xs], y=list(ys), mode="lines", name="Trajectory to target",
        line={"color": TRAJECTORY, "width": 2, "dash": "dash"},
        hovertemplate="Trajectory: %{y}<extra></extra>"))
    if target.milestones:
        fig.add_trace(go.Scatter(
            x=[pd.Timestamp(m.period.start) for m in target.milestones],
            y=[m.value for m in target.milestones], mode="markers", name="Milestones",
            marker={"symbol": "diamond", "size": 11, "color": TRAJECTORY,
                    "line": {"color": "#0b0c0c", "width": 1}},
            customdata=[[m.period.label, fmt(m.value)] for m in target.milestones],
            hovertemplate="Milestone %{customdata[0]}: %{customdata[1]}<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=[pd.Timestamp(target.target.start)], y=[target.target_value], mode="markers",
        name=f"Target: {fmt(target.target_value)} by {target.target.label}",
        marker={"symbol": "star", "size": 18, "color": TRAJECTORY,
                "line": {"color": "#0b0c0c", "width": 1}},
        hovertemplate=f"Target {target.target.label}: {fmt(target.target_value)}"
                      "<extra></extra>"))
    projection = assessment.projection
    if projection is not None:
        dates = [x_to_date(x) for x in projection.x]
        if np.isfinite(projection.lower).all():
            fig.add_trace(go.Scatter(
                x=dates + dates[::-1], y=list(projection.upper) + list(projection.lower)[::-1],
                fill="toself", fillcolor=PREDICTION_BAND, line={"width": 0},
                hoverinfo="skip", name="95% prediction interval of the projection"))
        fig.add_trace(go.Scatter(
            x=dates, y=list(projection.mean), mode="lines",
            name=f"Projection of the {projection.n_points} values since the baseline",
            line={"color": PROJECTION, "width": 2, "dash": "dot"},
            hovertemplate="Projection: %{y}<extra></extra>"))
    if assessment.latest_value is not None and assessment.latest_period_start is not None:
        fig.add_annotation(
            x=pd.Timestamp(assessment.latest_period_start), y=assessment.latest_value,
            text=f"{model.status_label(assessment.status)}", showarrow=True, arrowhead=0,
            ax=0, ay=-36, font={"color": model.STATUS_COLOURS[assessment.status]},
            bgcolor="#ffffff", bordercolor=model.STATUS_COLOURS[assessment.status])
    # Open on the years that matter to the target; the full history is a zoom-out away.
    first = own["period_start"].min() if not own.empty else pd.Timestamp(target.baseline.start)
    start = max(first, pd.Timestamp(target.baseline.start) - pd.DateOffset(years=HISTORY_YEARS))
    end = max(pd.Timestamp(target.target.start),
              pd.Timestamp(own["period_start"].max()) if not own.empty else start)
    x_range = [start - pd.DateOffset(months=4), end + pd.DateOffset(months=6)]
    unit = unit_label(meta)
    fig.update_layout(**base_layout(
        None, height=460, yaxis={"title": {"text": unit}, "gridcolor": "#e5e5e5",
                                 "zeroline": False},
        xaxis={"title": {"text": "Period (start)"}, "showgrid": False, "range": x_range,
               "linecolor": "#b1b4b6", "ticks": "outside"},
        legend={"orientation": "h", "y": -0.22}, margin={"l": 60, "r": 20, "t": 20,
                                                         "b": 90}))
    return fig


def text_alternative(detail: dict[str, Any]) -> str:
    """A sentence-by-sentence description of the chart for screen readers."""
    target: model.Target = detail["target"]
    meta = model.display_meta(detail["meta"])
    assessment: model.Assessment = detail["assessment"]
    area = detail["info"].get("area_name") or target.area_code
    own = _values(detail["own"])
    parts = [f"Chart of {meta.get('title')} in {area}."]
    if not own.empty:
        parts.append(f"Published values from {own['period_label'].iloc[0]} to "
                     f"{own['period_label'].iloc[-1]}: " + "; ".join(
                         f"{r.period_label} {format_value(r.value, meta)}"
                         for r in own.tail(8).itertuples()) + ".")
    parts.append(f"The trajectory runs from {format_value(target.baseline_value, meta)} in "
                 f"{target.baseline.label} to the target of "
                 f"{format_value(target.target_value, meta)} in {target.target.label}"
                 + (", through milestones " + ", ".join(
                     f"{m.period.label} {format_value(m.value, meta)}"
                     for m in target.milestones) if target.milestones else "") + ".")
    projection = assessment.projection
    if projection is not None:
        interval = ""
        if np.isfinite(projection.at_target_lower):
            low = format_value(projection.at_target_lower, meta)
            high = format_value(projection.at_target_upper, meta)
            interval = f" (95% prediction interval {low} to {high})"
        parts.append(f"Projecting the {projection.n_points} values since the baseline gives "
                     f"{format_value(projection.at_target, meta)} in {target.target.label}"
                     f"{interval}.")
    parts.append(assessment.reason)
    return " ".join(parts)
