"""Pure figure builders: DataFrame -> figure, no store access.

Shared style lives here; feature modules (explore, maps, targets) build on it. The explore
pages' figures are plain dicts (`figure`): a go.Figure validates every property of every
trace when it is built (a 300-bar ranking: about a third of the indicator page's server
time); a dict goes to the browser as it is, with the same template, so it looks the same.

May import the layers below it (`dashboard.LAYERS`): `views` for the words a chart shares
with its page, `methods` for statuses and judgements.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

# UK Government Analysis Function categorical palette (colour-blind-safe order).
PALETTE = {
    "dark_blue": "#12436D", "turquoise": "#28A197", "dark_pink": "#801650",
    "orange": "#F46A25", "dark_grey": "#3D3D3D", "light_purple": "#A285D1",
}
CATEGORICAL = list(PALETTE.values())
# Judgement colours: always shown with a word and a marker shape as well.
JUDGEMENT_COLOURS = {
    "better": "#12436D", "similar": "#B1B4B6", "worse": "#801650",
    "higher": "#28A197", "lower": "#A285D1", "not_compared": "#FFFFFF",
}
JUDGEMENT_SYMBOLS = {
    "better": "triangle-up", "worse": "triangle-down", "similar": "circle",
    "higher": "triangle-up", "lower": "triangle-down", "not_compared": "circle-open",
}
JUDGEMENT_WORDS = {
    "better": "Better", "similar": "Similar", "worse": "Worse", "higher": "Higher",
    "lower": "Lower", "not_compared": "Not compared",
}
# Sequential single-hue blues (light -> dark), for maps.
BLUES = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def base_layout(title: str | None = None, **extra: object) -> dict:
    """Calm GOV.UK-like defaults: system font, no gridline clutter, left-aligned title."""
    layout: dict = {
        "font": {"family": FONT, "size": 14, "color": "#0b0c0c"},
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        "margin": {"l": 60, "r": 20, "t": 50 if title else 20, "b": 50},
        "xaxis": {"showgrid": False, "linecolor": "#b1b4b6", "ticks": "outside"},
        "yaxis": {"gridcolor": "#e5e5e5", "zeroline": False},
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {"orientation": "h", "y": -0.2},
    }
    if title:
        layout["title"] = {"text": title, "x": 0, "xanchor": "left"}
    layout.update(extra)
    return layout


@cache
def _template() -> dict:
    """The default plotly template as plain JSON, worked out once per process (a go.Figure
    adds it to every figure it serialises)."""
    return pio.templates[pio.templates.default].to_plotly_json()


def figure(data: list[dict], layout: dict[str, Any]) -> dict:
    """A plain-dict figure for dcc.Graph: traces and layout as given, with the default
    template a go.Figure would carry (shared, never mutated)."""
    return {"data": data, "layout": {**layout, "template": _template()}}


def empty(message: str) -> go.Figure:
    """A blank figure that says why there is nothing to show."""
    fig = go.Figure()
    layout = {**base_layout(), "xaxis": {"visible": False}, "yaxis": {"visible": False}}
    fig.update_layout(**layout, annotations=[{"text": message, "showarrow": False, "x": 0.5, "y": 0.5,
                                    "xref": "paper", "yref": "paper", "font": {"size": 16}}])
    return fig
