"""Figures for the maps feature (pure: records -> plain-dict figure; the baseline below
is a go.Figure).

The maps themselves are drawn by assets/maps.js on a canvas; Plotly draws the worklessness
scatter. ``naive_choropleth`` is the baseline bench/bench_maps.py compares against: a Plotly
choropleth carrying the full GeoJSON, rebuilt for every change."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import figures
from dashboard.figures import CATEGORICAL, base_layout

# ONS Rural Urban Classification 2021, urban first, in the published order.
RUC_ORDER = [
    "Urban: Nearer to a major town or city", "Urban: Further from a major town or city",
    "Larger rural: Nearer to a major town or city",
    "Larger rural: Further from a major town or city",
    "Smaller rural: Nearer to a major town or city",
    "Smaller rural: Further from a major town or city",
]
RUC_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "x"]
WEBGL_FROM = 3000


def ruc_groups(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    """Records grouped by rural-urban class, in published order (unknown last)."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["ruc_name"] or "Not classified", []).append(row)
    order = [n for n in RUC_ORDER if n in groups] + sorted(set(groups) - set(RUC_ORDER))
    return [(name, groups[name]) for name in order]


def scatter_selection(rows: list[dict], codes: list[str] | None) -> list[list[int] | None]:
    """Per-trace ``selectedpoints`` for the selected LSOA codes (None: no selection)."""
    groups = ruc_groups(rows)
    if not codes:
        return [None for _ in groups]
    chosen = set(codes)
    return [[i for i, row in enumerate(group) if row["area_code"] in chosen]
            for _, group in groups]


def worklessness_scatter(rows: list[dict], x_title: str, y_title: str, title: str | None,
                         selected: list[str] | None = None) -> dict:
    """Employment deprivation rate (x, %) against another measure (y), one trace per
    rural-urban class (colour and marker shape), LSOA codes in customdata. A plain-dict
    figure (a place's few hundred points, or England's 33,755 drawn with WebGL)."""
    trace_type = "scattergl" if len(rows) >= WEBGL_FROM else "scatter"
    traces = []
    selections = scatter_selection(rows, selected)
    for k, ((name, group), chosen) in enumerate(zip(ruc_groups(rows), selections,
                                                    strict=False)):
        trace = {
            "type": trace_type, "mode": "markers", "name": name,
            "x": [row["x"] for row in group], "y": [row["y"] for row in group],
            "marker": {"color": CATEGORICAL[k % len(CATEGORICAL)], "size": 7, "opacity": 0.8,
                       "symbol": RUC_SYMBOLS[k % len(RUC_SYMBOLS)]},
            "customdata": [[row["area_code"], row["area_name"]] for row in group],
            "hovertemplate": ("%{customdata[1]} (%{customdata[0]})<br>" + x_title +
                              ": %{x:.1f}%<br>" + y_title +
                              ": %{y}<extra>%{fullData.name}</extra>"),
            "selected": {"marker": {"opacity": 1, "size": 10}},
            "unselected": {"marker": {"opacity": 0.25}},
        }
        if chosen is not None:
            trace["selectedpoints"] = chosen
        traces.append(trace)
    layout = base_layout(title, legend={"orientation": "h", "y": -0.3,
                                        "title": {"text": "Rural-urban class"}})
    layout["xaxis"] = {**layout["xaxis"], "title": {"text": x_title + " (%)"}}
    layout["yaxis"] = {**layout["yaxis"], "title": {"text": y_title}}
    return figures.figure(traces, {**layout, "dragmode": "lasso",
                                   "clickmode": "event+select", "height": 460,
                                   "uirevision": "keep"})


def naive_choropleth(geojson: dict, frame: pd.DataFrame, title: str) -> go.Figure:
    """The baseline: the whole GeoJSON inside a Plotly map figure (no tiles needed)."""
    fig = go.Figure(go.Choroplethmap(
        geojson=geojson, locations=frame["area_code"], z=frame["value"],
        featureidkey="properties.code", colorscale="Blues", marker_line_width=0,
        text=frame["area_name"], hovertemplate="%{text}: %{z}<extra></extra>"))
    bounds = frame.attrs.get("center", {"lat": 52.8, "lon": -1.6})
    fig.update_layout(**base_layout(title), map={"style": "white-bg", "center": bounds,
                                                 "zoom": 5.2}, height=560)
    return fig
