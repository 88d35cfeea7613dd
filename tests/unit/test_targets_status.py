"""The status rule on hand-made series: every status, both polarities, with and without
confidence intervals, missing periods, milestones and a target period already past."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard import stats
from dashboard import targets as model
from dashboard.periods import Period

PERCENT = {"title": "Test rate", "unit": "%", "suffix": "%", "decimals": 1,
           "value_type": "percentage"}


def year(y: int) -> Period:
    return Period(date(y, 1, 1), "P1Y", str(y))


def series(values: dict[int, float | None],
           ci: dict[int, tuple[float, float]] | None = None) -> pd.DataFrame:
    """One area's published values by calendar year (None = published as missing)."""
    ci = ci or {}
    return pd.DataFrame([{
        "period_start": pd.Timestamp(date(y, 1, 1)), "period_duration": "P1Y",
        "period_label": str(y), "value": np.nan if v is None else v,
        "lci": ci.get(y, (np.nan, np.nan))[0], "uci": ci.get(y, (np.nan, np.nan))[1],
        "numerator": np.nan, "denominator": np.nan, "load_id": 7, "status": None,
        "note": None} for y, v in values.items()])


def target(baseline: tuple[int, float], goal: tuple[int, float], direction: str,
           milestones: dict[int, float] | None = None) -> model.Target:
    return model.Target(
        partnership_id="test", indicator_id="test-rate", area_code="E08000004",
        baseline=year(baseline[0]), baseline_value=baseline[1], target=year(goal[0]),
        target_value=goal[1], direction=direction,
        milestones=tuple(model.Milestone(year(y), v) for y, v in (milestones or {}).items()))


DOWN = model.DECREASE   # lower is better
UP = model.INCREASE     # higher is better


# --- achieved and missed -------------------------------------------------------------------


@pytest.mark.parametrize(("direction", "values", "goal"), [
    (DOWN, {2020: 10.0, 2021: 9.5, 2022: 8.5, 2023: 7.9}, 8.0),
    (UP, {2020: 60.0, 2021: 62.0, 2022: 64.0, 2023: 66.0}, 65.0),
    (UP, {2020: 60.0, 2021: 62.0, 2022: 64.0, 2023: 65.0}, 65.0),   # exactly at the target
])
def test_achieved_when_latest_is_at_or_beyond_the_target(direction, values, goal):
    result = model.assess(target((2020, values[2020]), (2025, goal), direction),
                          series(values), PERCENT, "Oldham")
    assert result.status == model.ACHIEVED
    assert result.reason.startswith(f"Achieved: {values[2023]:.1f}% in 2023 meets the 2025 "
                                    f"target of {goal:.1f}%")


def test_achieved_ignores_the_confidence_interval():
    values = {2020: 60.0, 2021: 63.0, 2022: 66.0}
    result = model.assess(target((2020, 60.0), (2025, 65.0), UP),
                          series(values, {2022: (61.0, 71.0)}), PERCENT)
    assert result.status == model.ACHIEVED


@pytest.mark.parametrize("direction", [UP, DOWN])
def test_missed_when_the_target_period_has_passed(direction):
    sign = 1 if direction == UP else -1
    values = {2019: 50.0, 2020: 50 + sign * 1, 2021: 50 + sign * 2, 2022: 50 + sign * 2.5,
              2023: 50 + sign * 3, 2024: 50 + sign * 3.2}
    goal = (2022, 50 + sign * 5)                      # a target already in the past
    result = model.assess(target((2019, 50.0), goal, direction), series(values), PERCENT)
    assert result.status == model.MISSED
    assert result.reason.startswith(f"Missed: the 2022 target of {goal[1]:.1f}% was not met "
                                    f"({values[2024]:.1f}% in 2024)")


def test_missed_in_the_target_period_itself_and_achieved_takes_precedence():
    values = {2020: 10.0, 2021: 9.0, 2022: 8.4}
    missed = model.assess(target((2020, 10.0), (2022, 8.0), DOWN), series(values), PERCENT)
    assert missed.status == model.MISSED
    met = model.assess(target((2020, 10.0), (2022, 8.5), DOWN), series(values), PERCENT)
    assert met.status == model.ACHIEVED


# --- trajectory without a confidence interval ----------------------------------------------
# Baseline 10.0 (2020), target 5.0 (2025): the trajectory falls 1.0 a year, so 8.0 in 2022,
# and the tolerance is 10% of the planned change of 5.0 = 0.5 percentage points.


@pytest.mark.parametrize(("latest", "status"), [
    (7.5, model.ON_TRACK),    # better than the trajectory
    (8.0, model.ON_TRACK),    # on it
    (8.5, model.AT_RISK),     # behind by exactly the tolerance
    (8.4, model.AT_RISK),     # within it
    (8.6, model.OFF_TRACK),   # beyond it
])
def test_lower_is_better_without_ci(latest, status):
    values = {2019: 10.5, 2020: 10.0, 2021: 9.0, 2022: latest}
    result = model.assess(target((2020, 10.0), (2025, 5.0), DOWN), series(values), PERCENT)
    assert result.status == status, result.reason
    assert result.trajectory_value == pytest.approx(8.0)
    assert result.tolerance == pytest.approx(0.5)


def test_off_track_reason_names_value_trajectory_and_tolerance():
    values = {2019: 10.5, 2020: 10.0, 2021: 9.6, 2022: 9.2}
    result = model.assess(target((2020, 10.0), (2025, 5.0), DOWN), series(values), PERCENT)
    assert result.status == model.OFF_TRACK
    assert result.reason.startswith("Off track: 9.2% in 2022 is above the 8.0% trajectory, "
                                    "beyond the tolerance of 0.5 percentage points; ")
    # The recent trend falls about 0.43 a year: the fitted line meets 5.0% in late 2031,
    # so the first period at or beyond it is 2032.
    assert result.projection.reach_x == pytest.approx(2031.72, abs=0.01)
    assert result.reason.endswith("the 2025 target of 5.0% would not be reached until 2032.")


@pytest.mark.parametrize(("latest", "status"), [
    (64.0, model.ON_TRACK), (62.0, model.ON_TRACK), (61.6, model.AT_RISK),
    (61.0, model.OFF_TRACK),
])
def test_higher_is_better_without_ci(latest, status):
    # Baseline 60 (2020), target 65 (2025): trajectory 62.0 in 2022, tolerance 0.5.
    values = {2018: 59.0, 2019: 59.5, 2020: 60.0, 2021: 61.0, 2022: latest}
    result = model.assess(target((2020, 60.0), (2025, 65.0), UP), series(values), PERCENT)
    assert result.status == status, result.reason


# --- trajectory with a confidence interval -------------------------------------------------
# Baseline 60 (2020), target 66 (2026): trajectory 63.0 in 2023.


@pytest.mark.parametrize(("value", "ci", "status", "words"), [
    (65.0, (63.5, 66.5), model.ON_TRACK, "is entirely on the improving side"),
    (65.0, (62.0, 68.0), model.AT_RISK, "includes the trajectory"),
    (62.0, (60.0, 64.0), model.AT_RISK, "includes the trajectory"),
    (60.0, (58.0, 62.0), model.OFF_TRACK, "is entirely on the wrong side"),
])
def test_higher_is_better_with_ci(value, ci, status, words):
    values = {2019: 59.0, 2020: 60.0, 2021: 61.0, 2022: 62.0, 2023: value}
    result = model.assess(target((2020, 60.0), (2026, 66.0), UP),
                          series(values, {2023: ci}), PERCENT)
    assert result.status == status, result.reason
    assert words in result.reason
    assert result.tolerance is None
    assert (result.latest_lci, result.latest_uci) == ci


@pytest.mark.parametrize(("value", "ci", "status"), [
    (4.2, (3.9, 4.5), model.ON_TRACK),     # whole interval below the 4.6 trajectory
    (5.1, (4.1, 6.1), model.AT_RISK),      # the example in the issue: above, but straddles
    (5.1, (4.8, 5.4), model.OFF_TRACK),    # whole interval above
])
def test_lower_is_better_with_ci(value, ci, status):
    # Baseline 5.2 (2022), target 4.0 (2026): trajectory 4.6 in 2024.
    values = {2020: 5.6, 2021: 5.4, 2022: 5.2, 2023: 5.0, 2024: value}
    result = model.assess(target((2022, 5.2), (2026, 4.0), DOWN),
                          series(values, {2024: ci}), PERCENT)
    assert result.status == status, result.reason
    if status == model.AT_RISK:
        assert result.reason.startswith("At risk: 5.1% in 2024 is above the 4.6% trajectory, "
                                        "but its confidence interval (4.1% to 6.1%) includes "
                                        "the trajectory; at the current trend the 2026 target "
                                        "of 4.0% would")


def test_a_half_published_interval_is_treated_as_no_interval():
    values = {2020: 10.0, 2021: 9.0, 2022: 7.9}
    frame = series(values)
    frame.loc[frame["period_label"] == "2022", "lci"] = 7.0   # uci missing
    result = model.assess(target((2020, 10.0), (2025, 5.0), DOWN), frame, PERCENT)
    assert result.status == model.ON_TRACK
    assert result.latest_lci is None and result.tolerance == pytest.approx(0.5)


# --- milestones, gaps, no data -------------------------------------------------------------


def test_milestones_shape_the_trajectory():
    values = {2019: 10.2, 2020: 10.0, 2021: 9.95, 2022: 9.9}
    straight = model.assess(target((2020, 10.0), (2025, 5.0), DOWN), series(values), PERCENT)
    assert straight.status == model.OFF_TRACK and straight.trajectory_value == \
        pytest.approx(8.0)
    slow_start = target((2020, 10.0), (2025, 5.0), DOWN, milestones={2022: 9.8, 2024: 7.0})
    result = model.assess(slow_start, series(values), PERCENT)
    assert result.trajectory_value == pytest.approx(9.8)
    assert result.status == model.AT_RISK   # 0.1 behind the milestone, within 0.5
    assert model.trajectory_at(slow_start, model.period_x(date(2023, 1, 1))) == \
        pytest.approx(8.4)


def test_missing_periods_and_suppressed_values_are_skipped():
    # 2022 was never published and 2024 is published as missing (suppressed).
    values = {2019: 10.5, 2020: 10.0, 2021: 9.0, 2023: 7.0, 2024: None}
    result = model.assess(target((2020, 10.0), (2025, 5.0), DOWN), series(values), PERCENT)
    assert result.latest_period == "2023"
    assert result.trajectory_value == pytest.approx(7.0)
    assert result.status == model.ON_TRACK
    assert result.previous_value == 9.0
    assert result.projection is not None and result.projection.n_points == 4
    # Time is measured in years, so the gap is not squeezed out of the trend.
    assert result.projection.slope == pytest.approx(
        np.polyfit([2019, 2020, 2021, 2023], [10.5, 10.0, 9.0, 7.0], 1)[0], rel=1e-6)


def test_no_data_since_the_baseline():
    values = {2019: 10.5, 2020: 10.0, 2021: None}
    result = model.assess(target((2020, 10.0), (2025, 5.0), DOWN), series(values), PERCENT,
                          "Cumberland")
    assert result.status == model.NO_DATA
    assert result.reason == ("No data: no value has been published for Cumberland since the "
                             "2020 baseline, so progress cannot be judged yet.")
    empty = model.assess(target((2020, 10.0), (2025, 5.0), DOWN), series({}), PERCENT, "X")
    assert empty.status == model.NO_DATA and "no value of this indicator" in empty.reason


# --- projection ----------------------------------------------------------------------------


def test_projection_names_the_period_the_trend_meets_the_target():
    values = {2020: 10.0, 2021: 9.5, 2022: 9.0, 2023: 8.5, 2024: 8.0}   # -0.5 a year
    result = model.assess(target((2020, 10.0), (2026, 6.0), DOWN), series(values), PERCENT)
    projection = result.projection
    assert projection.slope == pytest.approx(-0.5)
    assert projection.at_target == pytest.approx(7.0)
    assert projection.reach_label == "2028"
    # A perfect line has no scatter: the prediction interval collapses onto it.
    assert projection.at_target_lower == pytest.approx(7.0)
    assert result.status == model.OFF_TRACK
    assert result.reason.endswith("at the current trend the 2026 target of 6.0% would not be "
                                  "reached until 2028.")


def test_projection_prediction_interval_matches_statsmodels():
    from statsmodels.regression.linear_model import OLS

    values = {2018: 50.0, 2019: 51.2, 2020: 51.9, 2021: 53.4, 2022: 53.8, 2023: 55.1}
    tgt = target((2019, 51.2), (2027, 60.0), UP)
    projection = model.project(series(values), tgt)
    xs = np.array([2019, 2020, 2021, 2022, 2023], dtype=float)
    ys = np.array([51.2, 51.9, 53.4, 53.8, 55.1])
    fit = OLS(ys, np.column_stack([np.ones(5), xs])).fit()
    frame = fit.get_prediction(np.array([[1.0, 2027.0]])).summary_frame(alpha=0.05)
    assert projection.n_points == 5
    assert projection.at_target == pytest.approx(frame["mean"].iloc[0])
    assert projection.at_target_lower == pytest.approx(frame["obs_ci_lower"].iloc[0])
    assert projection.at_target_upper == pytest.approx(frame["obs_ci_upper"].iloc[0])


def test_on_track_becomes_at_risk_when_the_whole_projection_falls_short():
    # An early jump puts the latest value ahead of the trajectory, but the last five
    # values are flat: at the current trend the 58.0 target is out of reach.
    values = {2019: 50.0, 2020: 56.0, 2021: 56.1, 2022: 56.0, 2023: 56.1, 2024: 56.05}
    result = model.assess(target((2019, 50.0), (2027, 58.0), UP), series(values), PERCENT)
    assert result.trajectory_value == pytest.approx(55.0)
    assert result.status == model.AT_RISK
    assert "the whole prediction interval of the recent trend falls short" in result.reason
    assert result.projection.at_target_upper < 58.0


def test_trend_moving_away_and_too_few_points():
    away = model.assess(target((2020, 10.0), (2026, 6.0), DOWN),
                        series({2020: 10.0, 2021: 10.5, 2022: 11.0}), PERCENT)
    assert away.status == model.OFF_TRACK
    assert "the recent trend is moving away from the 2026 target of 6.0%" in away.reason
    single = model.assess(target((2021, 10.0), (2026, 6.0), DOWN), series({2022: 9.0}),
                          PERCENT)
    assert single.projection is None
    assert "there are too few recent values to project a trend" in single.reason


def test_point_in_time_periods_read_naturally():
    pay = {"title": "Pay", "unit": "£", "prefix": "GBPSign", "decimals": 0}
    frame = pd.DataFrame([{
        "period_start": pd.Timestamp(d), "period_duration": "", "period_label": label,
        "value": v, "lci": lo, "uci": hi, "numerator": np.nan, "denominator": np.nan,
        "load_id": 3, "status": None, "note": None} for d, label, v, lo, hi in [
            ("2022-04-27", "27 Apr 2022", 492.5, 454.9, 530.1),
            ("2023-04-19", "19 Apr 2023", 507.5, 456.8, 558.2),
            ("2024-04-17", "17 Apr 2024", 579.6, 536.4, 622.8),
            ("2025-04-30", "30 Apr 2025", 590.5, 547.7, 633.3)]])
    tgt = model.Target("p", "pay", "E08000004",
                       Period(date(2022, 4, 27), "", "27 Apr 2022"), 492.5,
                       Period(date(2027, 4, 27), "", "2027"), 640.0, UP)
    result = model.assess(tgt, frame, pay)
    assert result.status == model.AT_RISK
    assert result.reason.startswith("At risk: £590 on 30 Apr 2025 is above the £581 "
                                    "trajectory")


# --- scorecard helpers ---------------------------------------------------------------------


def test_summary_line_and_labels():
    statuses = [model.ON_TRACK] * 12 + [model.AT_RISK] * 5 + [model.OFF_TRACK] * 3
    assert model.summary_line(statuses) == "12 on track, 5 at risk, 3 off track"
    assert model.summary_line([]) == "no targets"
    for status in model.STATUSES:
        label = model.status_label(status)
        assert label.startswith(model.STATUS_ICONS[status])
        assert label.endswith(model.STATUS_WORDS[status])


def test_direction_of_travel_follows_the_direction_of_improvement():
    assert model.direction_of_travel(6.9, 6.6, DOWN) == (stats.IMPROVED, "↓ Improved")
    assert model.direction_of_travel(6.6, 6.9, DOWN) == (stats.WORSENED, "↑ Worsened")
    assert model.direction_of_travel(70.0, 72.0, UP) == (stats.IMPROVED, "↑ Improved")
    assert model.direction_of_travel(None, 72.0, UP)[0] == stats.NOT_COMPARED


def test_comparison_with_england_with_and_without_ci():
    assert model.compare_with_england(76.4, 71.9, 80.9, 75.7, UP) == stats.SIMILAR
    assert model.compare_with_england(70.0, 64.5, 69.5, 75.7, UP) == stats.WORSE
    assert model.compare_with_england(3.0, 2.5, 3.5, 4.0, DOWN) == stats.BETTER
    peers = [3.0, 3.5, 4.0, 4.2, 4.5, 5.0, 6.0]
    assert model.compare_with_england(6.6, None, None, 4.2, DOWN, peers) == stats.WORSE
    assert model.compare_with_england(4.3, None, None, 4.2, DOWN, peers) == stats.SIMILAR
    assert model.compare_with_england(None, None, None, 4.2, DOWN) == stats.NOT_COMPARED


def test_filter_scorecard_and_query_values():
    frame = pd.DataFrame({"status": ["off_track", "on_track", "at_risk"],
                          "theme": ["skills", "health", "skills"]})
    assert len(model.filter_scorecard(frame, ["off_track"], None)) == 1
    assert len(model.filter_scorecard(frame, None, ["skills"])) == 2
    assert len(model.filter_scorecard(frame, [], [])) == 3
    assert model.as_list("off_track,at_risk") == ["off_track", "at_risk"]
    assert model.as_list(["off_track", "at_risk"]) == ["off_track", "at_risk"]
    assert model.as_list(None) == []


def test_sparkline_svg_draws_values_and_trajectory_from_the_baseline():
    svg = model.sparkline_svg([8.7, 6.5, 6.3, 6.9, 6.6], [None, 6.5, 6.2, 5.9, 5.4])
    assert svg.startswith("<svg") and svg.count("<polyline") == 2
    assert model.sparkline_svg([]).count("<polyline") == 0
    assert model.sparkline_text([1, 2, 3]) == "▁▅█"


def test_period_x_is_fractional_years():
    assert model.period_x(date(2024, 1, 1)) == 2024.0
    assert math.isclose(model.period_x(date(2023, 7, 2)), 2023 + 182 / 365)
