"""Figures for the maps feature (pure: DataFrame -> go.Figure).

The maps themselves are drawn by assets/maps.js on a canvas; Plotly draws the worklessness
scatter. ``naive_choropleth`` is the baseline bench/bench_maps.py compares against: a Plotly
choropleth carrying the full GeoJSON, rebuilt for every change."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

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


def ruc_groups(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Rows grouped by rural-urban class, in published order (unknown last)."""
    names = frame["ruc_name"].fillna("Not classified")
    order = [n for n in RUC_ORDER if (names == n).any()] + sorted(
        set(names) - set(RUC_ORDER))
    return [(name, frame[names == name]) for name in order]


def scatter_selection(frame: pd.DataFrame, codes: list[str] | None) -> list[list[int] | None]:
    """Per-trace ``selectedpoints`` for the selected LSOA codes (None: no selection)."""
    groups = ruc_groups(frame)
    if not codes:
        return [None for _ in groups]
    chosen = set(codes)
    return [[int(i) for i in np.flatnonzero(group["area_code"].isin(chosen).to_numpy())]
            for _, group in groups]


def worklessness_scatter(frame: pd.DataFrame, x_title: str, y_title: str, title: str | None,
                         selected: list[str] | None = None) -> go.Figure:
    """Employment deprivation rate (x, %) against another measure (y), one trace per
    rural-urban class (colour and marker shape), LSOA codes in customdata."""
    trace_type = go.Scattergl if len(frame) >= WEBGL_FROM else go.Scatter
    fig = go.Figure()
    selections = scatter_selection(frame, selected)
    for k, ((name, group), chosen) in enumerate(zip(ruc_groups(frame), selections,
                                                    strict=False)):
        fig.add_trace(trace_type(
            x=group["x"], y=group["y"], mode="markers", name=name,
            marker={"color": CATEGORICAL[k % len(CATEGORICAL)], "size": 7, "opacity": 0.8,
                    "symbol": RUC_SYMBOLS[k % len(RUC_SYMBOLS)]},
            customdata=np.column_stack([group["area_code"], group["area_name"]]),
            hovertemplate="%{customdata[1]} (%{customdata[0]})<br>" + x_title +
                          ": %{x:.1f}%<br>" + y_title + ": %{y}<extra>%{fullData.name}</extra>",
            selectedpoints=chosen,
            selected={"marker": {"opacity": 1, "size": 10}},
            unselected={"marker": {"opacity": 0.25}},
        ))
    layout = base_layout(title, legend={"orientation": "h", "y": -0.3,
                                        "title": {"text": "Rural-urban class"}})
    layout["xaxis"] = {**layout["xaxis"], "title": {"text": x_title + " (%)"}}
    layout["yaxis"] = {**layout["yaxis"], "title": {"text": y_title}}
    fig.update_layout(**layout, dragmode="lasso", clickmode="event+select", height=460,
                      uirevision="keep")
    return fig


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
