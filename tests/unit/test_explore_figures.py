"""Figure builders for the explore pages: traces, axes, highlight and comparison colours."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import JUDGEMENT_COLOURS, PALETTE
from dashboard.figures import explore as figures
from dashboard.views import indicator

PCT = {"unit": "%", "suffix": "%", "decimals": 1, "measure": "Percentage",
       "value_type": "percentage", "polarity": "higher_is_better"}
NAMES = {"E08000010": "Wigan", "E12000002": "North West", "E92000001": "England",
         "E08000004": "Oldham"}


def _series(with_ci: bool = True) -> pd.DataFrame:
    rows = []
    for code, base in (("E08000010", 70.0), ("E12000002", 73.0), ("E92000001", 75.0),
                       ("E08000004", 72.0)):
        for i, label in enumerate(["2021/22", "2022/23", "2023/24"]):
            rows.append({"area_code": code,
                         "period_start": pd.Timestamp(f"{2021 + i}-04-01"),
                         "period_label": label, "value": base + i,
                         "lci": base + i - 2 if with_ci else np.nan,
                         "uci": base + i + 2 if with_ci else np.nan, "status": None,
                         "note": None})
    return pd.DataFrame(rows)


def test_trend_figure_traces_band_axes_and_labels():
    long = indicator.trend_series(_series(), "E08000010", "E12000002", ["E08000004"], NAMES)
    fig = go.Figure(figures.trend_figure(long, PCT))
    names = [t.name for t in fig.data]
    assert names == ["Wigan: 95% confidence interval", "Wigan", "North West", "England",
                     "Oldham"]
    band = fig.data[0]
    assert band.fill == "toself"
    assert list(band.x) == ["2021/22", "2022/23", "2023/24", "2023/24", "2022/23", "2021/22"]
    assert list(band.y) == [72.0, 73.0, 74.0, 70.0, 69.0, 68.0]
    wigan = fig.data[1]
    assert wigan.line.color == PALETTE["dark_blue"] and wigan.line.dash == "solid"
    assert fig.data[3].line.dash == "dash"  # England: dashed, not only a colour
    assert list(wigan.x) == ["2021/22", "2022/23", "2023/24"]  # labels as published
    assert fig.layout.xaxis.title.text == "Period"
    assert fig.layout.yaxis.title.text == "Percentage (%)"
    assert list(fig.layout.xaxis.categoryarray) == ["2021/22", "2022/23", "2023/24"]
    label = fig.layout.annotations[0]
    assert label.text == "<b>72.0%</b>"  # direct label on the latest value
    assert label.x == 2  # by category index: plotly reads "2023" as an index


def test_trend_figure_without_interval_has_no_band():
    long = indicator.trend_series(_series(with_ci=False), "E08000010", None, [], NAMES)
    fig = go.Figure(figures.trend_figure(long, PCT))
    assert [t.name for t in fig.data] == ["Wigan", "England"]


def _ranked() -> pd.DataFrame:
    frame = pd.DataFrame({
        "area_code": ["E1", "E2", "E3", "E4"], "area_name": ["Alpha", "Beta", "Gamma", "Delta"],
        "area_type": "lad", "valid_to": None, "value": [80.0, 76.0, 74.0, 60.0],
        "lci": [78.0, 73.0, 70.0, 57.0], "uci": [82.0, 79.0, 78.0, 63.0],
        "england_value": 75.0, "comparison": ["better", "similar", "similar", "worse"],
        "status": None, "note": None,
    })
    return indicator.ranking(frame, "E3", "lad")


def test_ranking_figure_colours_by_comparison_and_highlights_the_area():
    fig = go.Figure(figures.ranking_figure(_ranked(), PCT, 75.0, "Gamma"))
    by_comparison = {t.meta: t for t in fig.data}
    assert set(by_comparison) == {"better", "similar", "worse"}
    assert by_comparison["better"].marker.color == JUDGEMENT_COLOURS["better"]
    assert by_comparison["worse"].marker.color == JUDGEMENT_COLOURS["worse"]
    assert by_comparison["worse"].marker.pattern.shape == "/"  # not colour alone
    assert by_comparison["better"].name == "Better than England"
    similar = by_comparison["similar"]
    assert list(similar.x) == ["Beta", "Gamma"]
    assert list(similar.marker.line.width) == [0.5, 3]  # Gamma outlined
    assert list(similar.error_y.array) == [3.0, 4.0]
    assert list(fig.layout.xaxis.categoryarray) == ["Alpha", "Beta", "Gamma", "Delta"]
    assert fig.layout.yaxis.title.text == "Percentage (%)"
    assert fig.layout.shapes[0].y0 == 75.0  # England line
    texts = [a.text for a in fig.layout.annotations]
    assert "England 75.0%" in texts
    assert "<b>Gamma: 74.0%</b>" in texts
    assert [a.x for a in fig.layout.annotations if a.text.startswith("<b>")] == [2]


def test_ranking_figure_without_intervals_or_england():
    ranked = _ranked().assign(lci=np.nan, uci=np.nan)
    fig = go.Figure(figures.ranking_figure(ranked, PCT, None))
    assert all(t.error_y.array is None for t in fig.data)
    assert not fig.layout.shapes


def test_ranking_figure_says_when_there_is_nothing_to_rank():
    fig = go.Figure(figures.ranking_figure(_ranked().iloc[0:0], PCT, 75.0))
    assert not fig.data
    assert fig.layout.annotations[0].text == "No areas of this type have values for this period"


def test_trend_figure_says_when_there_is_nothing_to_chart():
    long = indicator.trend_series(_series().iloc[0:0], "E08000010", None, [], NAMES)
    fig = go.Figure(figures.trend_figure(long, PCT))
    assert not fig.data
    assert fig.layout.annotations[0].text == "No values to chart for this selection"


def test_axis_title_units():
    assert figures.axis_title({"unit": "%", "measure": "Percentage"}) == "Percentage (%)"
    assert figures.axis_title({"unit": "£", "measure": "Pounds"}) == "Pounds (£)"
    assert figures.axis_title({"unit": "Rate per 1,000,000 population", "measure":
                               "Homicide Offences (rate per million population)"}) == \
        "Rate per 1,000,000 population"
    assert figures.axis_title({"unit": "Tonnes of CO2 equivalent",
                               "measure": "Emissions (tCO2e) per capita"}) == \
        "Emissions (tCO2e) per capita"
    assert figures.axis_title({"unit": "yrs", "measure": "Years"}) == "Years"
    assert figures.axis_title({"unit": "ratio", "measure": "Ratio"}) == "Ratio"
    assert figures.axis_title({"measure": "Rank"}) == "Rank"
    assert figures.axis_title({}) == "Value"


def test_figures_are_plain_dicts_that_plotly_accepts_as_they_are():
    # sent to the browser without per-call validation: the dict must already be valid
    trend = figures.trend_figure(indicator.trend_series(_series(), "E08000010", "E12000002",
                                                        ["E08000004"], NAMES), PCT)
    ranking = figures.ranking_figure(_ranked(), PCT, 75.0, "Gamma")
    for fig in (trend, ranking, figures.message_figure("Nothing")):
        assert isinstance(fig, dict)
        assert go.Figure(fig).to_plotly_json()["data"] is not None  # validates, or raises
        assert fig["layout"]["template"] == go.Figure().layout.template.to_plotly_json()
