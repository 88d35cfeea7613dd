"""The status rule on hand-made series: every status, both polarities, with and without
confidence intervals, missing periods, milestones, a target period already past, the
projection and the wording of the reason (docs/targets.md, "How a status is decided")."""

from __future__ import annotations

import math
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.common.periods import Period
from dashboard.methods import stats
from dashboard.methods import targets as model

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

TODAY = date(2026, 12, 1)
RATE = {"title": "Emissions", "unit": "t", "decimals": 1, "value_type": "rate"}
PAY = {"title": "Pay", "unit": "£", "prefix": "GBPSign", "decimals": 0,
       "value_type": "currency"}
EMPLOYMENT = {2019: 70.5, 2020: 70.7, 2021: 64.7, 2022: 73.7, 2023: 76.4}
EMPLOYMENT_CI = {2019: (67.5, 73.5), 2020: (66.9, 74.5), 2021: (60.5, 68.9),
                 2022: (69.4, 78.0), 2023: (71.9, 80.9)}
# Words a reason uses when the projection says the target would be met in time, and when
# it says it would not.
MEETS_WORDS = ("would be reached in", "would be met by")
SHORT_WORDS = ("would not be reached", "moving away", "is flat", "falls short")


def pay_series() -> pd.DataFrame:
    """Oldham's published median weekly pay (ASHE, surveyed in April)."""
    return pd.DataFrame([{
        "period_start": pd.Timestamp(d), "period_duration": "", "period_label": label,
        "value": v, "lci": lo, "uci": hi, "numerator": np.nan, "denominator": np.nan,
        "load_id": 3, "status": None, "note": None} for d, label, v, lo, hi in [
            ("2021-04-21", "21 Apr 2021", 450.8, 403.1, 498.5),
            ("2022-04-27", "27 Apr 2022", 492.5, 454.9, 530.1),
            ("2023-04-19", "19 Apr 2023", 507.5, 456.8, 558.2),
            ("2024-04-17", "17 Apr 2024", 579.6, 536.4, 622.8),
            ("2025-04-30", "30 Apr 2025", 590.5, 547.7, 633.3)]])


def pay_target(goal: float = 640.0) -> model.Target:
    return model.Target("p", "pay", "E08000004",
                        Period(date(2022, 4, 27), "", "27 Apr 2022"), 492.5,
                        Period(date(2027, 4, 30), "", "2027"), goal, UP)


# --- achieved and missed -------------------------------------------------------------------


@pytest.mark.parametrize(("direction", "values", "goal"), [
    (DOWN, {2020: 10.0, 2021: 9.5, 2022: 8.5, 2023: 7.9}, 8.0),
    (UP, {2020: 60.0, 2021: 62.0, 2022: 64.0, 2023: 66.0}, 65.0),
    (UP, {2020: 60.0, 2021: 62.0, 2022: 64.0, 2023: 65.0}, 65.0),   # exactly at the target
    (UP, {2020: 60.0, 2021: 62.0, 2022: 64.0, 2023: 64.96}, 65.0),  # at it, as published
])
def test_achieved_when_latest_is_at_or_beyond_the_target(direction, values, goal):
    result = model.assess(target((2020, values[2020]), (2025, goal), direction),
                          series(values), PERCENT, "Oldham")
    assert result.status == model.ACHIEVED
    assert result.reason == (f"Achieved: {values[2023]:.1f}% in 2023 meets the 2025 "
                             f"target of {goal:.1f}%.")


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
    # Judged against the target itself, so a missed value is never at or ahead of it.
    assert result.trajectory_value == goal[1]
    assert result.position != model.AHEAD_OR_LEVEL


def test_missed_in_the_target_period_itself_and_achieved_takes_precedence():
    values = {2020: 10.0, 2021: 9.0, 2022: 8.4}
    missed = model.assess(target((2020, 10.0), (2022, 8.0), DOWN), series(values), PERCENT)
    assert missed.status == model.MISSED
    met = model.assess(target((2020, 10.0), (2022, 8.5), DOWN), series(values), PERCENT)
    assert met.status == model.ACHIEVED


# --- position against the trajectory without a confidence interval -------------------------
# Baseline 10.0 (2020), target 5.0 (2025): the trajectory falls 1.0 a year, so 8.0 in 2022,
# and the tolerance is 10% of the planned change of 5.0 = 0.5 percentage points.


@pytest.mark.parametrize(("latest", "position"), [
    (7.5, model.AHEAD_OR_LEVEL),    # better than the trajectory
    (8.0, model.AHEAD_OR_LEVEL),    # on it
    (8.04, model.AHEAD_OR_LEVEL),   # on it as published (8.0%)
    (8.5, model.BEHIND),            # behind by exactly the tolerance
    (8.4, model.BEHIND),            # within it
    (8.6, model.CLEARLY_BEHIND),    # beyond it
])
def test_lower_is_better_without_ci(latest, position):
    values = {2019: 10.5, 2020: 10.0, 2021: 9.0, 2022: latest}
    result = model.assess(target((2020, 10.0), (2025, 5.0), DOWN), series(values), PERCENT)
    assert result.position == position, result.reason
    assert result.status == model.STATUS_TABLE[(position, result.projection_verdict)]
    assert result.trajectory_value == pytest.approx(8.0)
    assert result.tolerance == pytest.approx(0.5)


def test_off_track_reason_names_value_trajectory_and_tolerance():
    values = {2019: 10.5, 2020: 10.0, 2021: 9.6, 2022: 9.2}
    result = model.assess(target((2020, 10.0), (2025, 5.0), DOWN), series(values), PERCENT,
                          today=date(2023, 1, 1))
    assert result.status == model.OFF_TRACK
    assert result.reason.startswith("Off track: 9.2% in 2022 is above the 8.0% trajectory, "
                                    "beyond the tolerance of 0.5 percentage points; ")
    # Since the 2020 baseline the rate falls about 4.5% a year (on the logit scale): the
    # fitted line is at 5.0% (to one decimal place) first in 2036.
    assert result.projection.transform == model.LOGIT
    assert result.projection.reach_label == "2036"
    assert result.reason.endswith("the 2025 target of 5.0% would not be reached until 2036.")


@pytest.mark.parametrize(("latest", "position"), [
    (64.0, model.AHEAD_OR_LEVEL), (62.0, model.AHEAD_OR_LEVEL), (61.6, model.BEHIND),
    (61.0, model.CLEARLY_BEHIND),
])
def test_higher_is_better_without_ci(latest, position):
    # Baseline 60 (2020), target 65 (2025): trajectory 62.0 in 2022, tolerance 0.5.
    values = {2018: 59.0, 2019: 59.5, 2020: 60.0, 2021: 61.0, 2022: latest}
    result = model.assess(target((2020, 60.0), (2025, 65.0), UP), series(values), PERCENT)
    assert result.position == position, result.reason
    assert result.status == model.STATUS_TABLE[(position, result.projection_verdict)]


# --- position against the trajectory with a confidence interval ----------------------------
# Baseline 60 (2020), target 66 (2026): trajectory 63.0 in 2023. The value decides the
# side; the interval only decides how clearly a value behind the trajectory is behind.


@pytest.mark.parametrize(("value", "ci", "position", "words"), [
    (65.0, (63.5, 66.5), model.AHEAD_OR_LEVEL, "65.0% in 2023 is above the 63.0% trajectory;"),
    (65.0, (62.0, 68.0), model.AHEAD_OR_LEVEL, "65.0% in 2023 is above the 63.0% trajectory;"),
    (62.0, (60.0, 64.0), model.BEHIND, "includes the trajectory"),
    (60.0, (58.0, 62.0), model.CLEARLY_BEHIND, "is entirely on the wrong side"),
])
def test_higher_is_better_with_ci(value, ci, position, words):
    values = {2019: 59.0, 2020: 60.0, 2021: 61.0, 2022: 62.0, 2023: value}
    result = model.assess(target((2020, 60.0), (2026, 66.0), UP),
                          series(values, {2023: ci}), PERCENT)
    assert result.position == position, result.reason
    assert result.status == model.STATUS_TABLE[(position, result.projection_verdict)]
    assert words in result.reason
    assert result.tolerance is None
    assert (result.latest_lci, result.latest_uci) == ci


@pytest.mark.parametrize(("value", "ci", "position"), [
    (4.2, (3.9, 4.5), model.AHEAD_OR_LEVEL),    # below the 4.6 trajectory
    (5.1, (4.1, 6.1), model.BEHIND),            # the example in the docs: above, straddles
    (5.1, (4.8, 5.4), model.CLEARLY_BEHIND),    # whole interval above
])
def test_lower_is_better_with_ci(value, ci, position):
    # Baseline 5.2 (2022), target 4.0 (2026): trajectory 4.6 in 2024.
    values = {2020: 5.6, 2021: 5.4, 2022: 5.2, 2023: 5.0, 2024: value}
    result = model.assess(target((2022, 5.2), (2026, 4.0), DOWN),
                          series(values, {2024: ci}), PERCENT)
    assert result.position == position, result.reason
    if position == model.BEHIND:
        assert result.status == model.AT_RISK
        assert result.reason.startswith("At risk: 5.1% in 2024 is above the 4.6% trajectory, "
                                        "but its 95% confidence interval (4.1% to 6.1%) "
                                        "includes the trajectory; at the recent trend the "
                                        "2026 target of 4.0% would")


def test_a_half_published_interval_is_treated_as_no_interval():
    values = {2020: 10.0, 2021: 9.0, 2022: 7.9}
    frame = series(values)
    frame.loc[frame["period_label"] == "2022", "lci"] = 7.0   # uci missing
    result = model.assess(target((2020, 10.0), (2025, 5.0), DOWN), frame, PERCENT)
    assert result.position == model.AHEAD_OR_LEVEL
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
    assert result.position == model.BEHIND   # 0.1 behind the milestone, within 0.5
    assert result.status == model.AT_RISK
    assert model.trajectory_at(slow_start, model.period_x(date(2023, 1, 1))) == \
        pytest.approx(8.4)


def test_missing_periods_and_suppressed_values_are_skipped():
    # 2022 was never published and 2024 is published as missing (suppressed).
    values = {2019: 10.5, 2020: 10.0, 2021: 9.0, 2023: 7.0, 2024: None}
    result = model.assess(target((2020, 10.0), (2025, 5.0), DOWN), series(values), PERCENT)
    assert result.latest_period == "2023"
    assert result.trajectory_value == pytest.approx(7.0)
    assert result.position == model.AHEAD_OR_LEVEL
    assert result.previous_value == 9.0
    # From the baseline on: 2020, 2021 and 2023.
    assert result.projection is not None and result.projection.n_points == 3
    # Time is measured in years, so the gap is not squeezed out of the trend.
    logits = [math.log(v / (100 - v)) for v in (10.0, 9.0, 7.0)]
    assert result.projection.slope == pytest.approx(
        np.polyfit([2020, 2021, 2023], logits, 1)[0], rel=1e-6)


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
# A rate that halves every year is a straight line on the log scale it is fitted on.
HALVING = {2020: 16.0, 2021: 8.0, 2022: 4.0, 2023: 2.0}


def test_projection_names_the_period_the_trend_meets_the_target():
    early = model.assess(target((2020, 16.0), (2027, 0.3), DOWN), series(HALVING), RATE,
                         today=date(2024, 1, 1))
    projection = early.projection
    assert projection.transform == model.LOG
    assert projection.slope == pytest.approx(math.log(0.5))
    assert projection.at_target == pytest.approx(2.0 / 16)
    # A perfect line has no scatter: the prediction interval collapses onto it.
    assert projection.at_target_lower == pytest.approx(projection.at_target)
    # 0.25 in 2026 reads 0.2 at one decimal place, within the 0.3 target; 0.5 in 2025 not.
    assert projection.reach_label == "2026" and projection.meets
    assert early.status == model.ON_TRACK
    assert early.reason.endswith("at the recent trend the 2027 target of 0.3 would be "
                                 "reached in 2026.")
    late = model.assess(target((2020, 16.0), (2025, 0.3), DOWN), series(HALVING), RATE,
                        today=date(2024, 1, 1))
    assert late.projection_verdict == model.SHORT and late.status == model.AT_RISK
    assert late.reason == ("At risk: 2.0 in 2023 is below the 6.6 trajectory, but the "
                           "projected 0.5 in 2025 falls short of the target; at the recent "
                           "trend the 2025 target of 0.3 would not be reached until 2026.")


def test_projection_prediction_interval_matches_statsmodels():
    from statsmodels.regression.linear_model import OLS

    values = {2018: 50.0, 2019: 51.2, 2020: 51.9, 2021: 53.4, 2022: 53.8, 2023: 55.1}
    tgt = target((2019, 51.2), (2027, 60.0), UP)
    projection = model.project(series(values), tgt, PERCENT)
    xs = np.array([2019, 2020, 2021, 2022, 2023], dtype=float)
    ys = np.array([51.2, 51.9, 53.4, 53.8, 55.1]) / 100
    fit = OLS(np.log(ys / (1 - ys)), np.column_stack([np.ones(5), xs])).fit()
    frame = fit.get_prediction(np.array([[1.0, 2027.0]])).summary_frame(alpha=0.05)

    def back(z):
        return 100 / (1 + math.exp(-z))

    assert projection.n_points == 5
    assert projection.at_target == pytest.approx(back(frame["mean"].iloc[0]))
    assert projection.at_target_lower == pytest.approx(back(frame["obs_ci_lower"].iloc[0]))
    assert projection.at_target_upper == pytest.approx(back(frame["obs_ci_upper"].iloc[0]))
    # A score that can be negative is fitted as it is.
    scores = {2019: -0.4, 2020: -0.1, 2021: 0.3, 2022: 0.4, 2023: 0.9}
    score = model.project(series(scores), target((2019, -0.4), (2027, 2.0), UP),
                          {"value_type": "score", "decimals": 2})
    fit = OLS(np.array(list(scores.values())), np.column_stack([np.ones(5), xs])).fit()
    frame = fit.get_prediction(np.array([[1.0, 2027.0]])).summary_frame(alpha=0.05)
    assert score.transform == model.IDENTITY
    assert score.at_target_upper == pytest.approx(frame["obs_ci_upper"].iloc[0])


def test_ahead_but_the_projection_falls_short_is_at_risk():
    # An early jump puts the latest value ahead of the trajectory, but the values since
    # are flat: at the recent trend the 70.0 target is out of reach by 2030.
    values = {2020: 60.0, 2021: 64.0, 2022: 64.0, 2023: 64.0, 2024: 64.0, 2025: 64.0}
    result = model.assess(target((2020, 60.0), (2030, 70.0), UP), series(values), PERCENT,
                          today=date(2026, 1, 1))
    assert result.trajectory_value == pytest.approx(65.0, abs=0.01)
    values[2025] = 65.5
    result = model.assess(target((2020, 60.0), (2030, 70.0), UP), series(values), PERCENT,
                          today=date(2026, 1, 1))
    assert result.position == model.AHEAD_OR_LEVEL
    assert result.projection_verdict == model.SHORT
    assert result.status == model.AT_RISK
    shown = model.at_precision(result.projection.at_target, 1)
    assert result.reason.startswith(f"At risk: 65.5% in 2025 is above the 65.0% trajectory, "
                                    f"but the projected {shown:.1f}% in 2030 falls short of "
                                    "the target; at the recent trend the 2030 target of 70.0% "
                                    "would not be reached until")


def test_trend_moving_away_and_too_few_points():
    away = model.assess(target((2020, 10.0), (2026, 6.0), DOWN),
                        series({2020: 10.0, 2021: 10.5, 2022: 11.0}), PERCENT)
    assert away.status == model.OFF_TRACK
    assert "the recent trend is moving away from the 2026 target of 6.0%" in away.reason
    single = model.assess(target((2021, 10.0), (2026, 6.0), DOWN), series({2022: 9.0}),
                          PERCENT)
    assert single.projection is None
    assert "there are too few values since the baseline to project a trend" in single.reason


def test_point_in_time_periods_read_naturally():
    result = model.assess(pay_target(), pay_series(), PAY, today=date(2025, 6, 1))
    assert result.status == model.ON_TRACK
    assert result.projection.transform == model.LOG
    assert result.reason.startswith("On track: £590 on 30 Apr 2025 is above the £581 "
                                    "trajectory; at the recent trend the 2027 target of £640 "
                                    "would be reached in 2026")


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


def test_vs_england_reads_the_stored_judgement_in_the_targets_direction():
    # The comparison itself is the one stored rule (dashboard/methods/judgements.py); the
    # scorecard only turns higher/lower into better/worse for no-judgement indicators.
    assert model.vs_england({"result": "similar"}, UP) == stats.SIMILAR
    assert model.vs_england({"result": "worse"}, UP) == stats.WORSE
    assert model.vs_england({"result": "higher"}, DOWN) == stats.WORSE
    assert model.vs_england({"result": "lower"}, DOWN) == stats.BETTER
    assert model.vs_england({"result": "higher"}, UP) == stats.BETTER
    assert model.vs_england(None, DOWN) == stats.NOT_COMPARED
    assert model.vs_england({"result": "not_compared"}, UP) == stats.NOT_COMPARED


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


# --- defects reproduced on the shipped examples (one test each) -----------------------------
# Each reproduces a contradiction a methodologist found with the old rule; the rule now in
# docs/targets.md ("How a status is decided") is what the tests hold it to.


def test_ahead_of_the_trajectory_with_an_interval_is_not_at_risk():
    # Oldham's employment rate, 76.4% (71.9% to 80.9%) against a 73.8% trajectory.
    result = model.assess(target((2020, 70.7), (2027, 78.0), UP),
                          series(EMPLOYMENT, EMPLOYMENT_CI), PERCENT, today=TODAY)
    assert result.position == model.AHEAD_OR_LEVEL
    assert result.status == model.ON_TRACK, result.reason
    assert result.reason.startswith("On track: 76.4% in 2023 is above the 73.8% trajectory")
    # Oldham's pay, £590 (£548 to £633) against a £581 trajectory.
    pay = model.assess(pay_target(), pay_series(), PAY, today=TODAY)
    assert pay.status == model.ON_TRACK, pay.reason
    assert pay.reason.startswith("On track: £590 on 30 Apr 2025 is above the £581 trajectory")


@pytest.mark.parametrize(("values", "ci"), [
    (EMPLOYMENT, EMPLOYMENT_CI),                                   # ahead
    ({**EMPLOYMENT, 2023: 73.0}, {**EMPLOYMENT_CI, 2023: (68.5, 77.5)}),   # a little behind
    ({**EMPLOYMENT, 2023: 70.0}, {**EMPLOYMENT_CI, 2023: (69.0, 71.0)}),   # well behind
])
def test_the_same_value_is_judged_on_the_same_side_with_and_without_an_interval(values, ci):
    goal = target((2020, 70.7), (2027, 78.0), UP)
    with_ci = model.assess(goal, series(values, ci), PERCENT, today=TODAY)
    without = model.assess(goal, series(values), PERCENT, today=TODAY)
    ahead = {r.position == model.AHEAD_OR_LEVEL for r in (with_ci, without)}
    assert len(ahead) == 1, (with_ci.reason, without.reason)
    if with_ci.position == model.AHEAD_OR_LEVEL:
        assert with_ci.status == without.status


def test_achieved_early_needs_the_whole_interval_beyond_the_target():
    values = {2020: 60.0, 2021: 63.0, 2022: 66.0}
    goal = target((2020, 60.0), (2025, 65.0), UP)
    straddles = model.assess(goal, series(values, {2022: (61.0, 71.0)}), PERCENT, today=TODAY)
    assert straddles.status == model.ON_TRACK, straddles.reason
    assert ("66.0% in 2022 meets the 2025 target of 65.0%, but its 95% confidence interval "
            "(61.0% to 71.0%) still includes the target") in straddles.reason
    beyond = model.assess(goal, series(values, {2022: (65.0, 67.0)}), PERCENT, today=TODAY)
    assert beyond.status == model.ACHIEVED, beyond.reason
    # In the target period both verdicts are point judgements, worded the same way.
    at_target = target((2020, 60.0), (2022, 65.0), UP)
    met = model.assess(at_target, series(values, {2022: (61.0, 71.0)}), PERCENT, today=TODAY)
    assert met.status == model.ACHIEVED
    assert met.reason == ("Achieved: 66.0% in 2022 meets the 2022 target of 65.0%; its 95% "
                          "confidence interval, 61.0% to 71.0%, includes the target.")
    short = model.assess(target((2020, 60.0), (2022, 67.0), UP),
                         series(values, {2022: (61.0, 71.0)}), PERCENT, today=TODAY)
    assert short.status == model.MISSED
    assert "its 95% confidence interval, 61.0% to 71.0%, includes the target" in short.reason


@pytest.mark.parametrize(("goal", "values", "meta"), [
    # Oldham's net additions: on track, but "would not be reached until 2054/55".
    (model.Target("p", "n", "E08000004", Period(date(2022, 4, 1), "P1Y", "2022/23"), 4.0,
                  Period(date(2027, 4, 1), "P1Y", "2027/28"), 8.0, UP),
     {2021: 5.0, 2022: 4.0, 2023: 4.0, 2024: 6.0},
     {"title": "Net additions", "decimals": 0, "value_type": "rate"}),
    # Kent's claimant rate: off track, but "would be reached in 2026".
    (target((2022, 3.4), (2027, 2.9), DOWN), {2020: 5.2, 2021: 5.0, 2022: 3.4, 2023: 3.2,
                                              2024: 3.4, 2025: 3.3}, PERCENT),
    # A clearly-behind value whose recent trend would still reach the target in time.
    (target((2022, 10.0), (2028, 7.0), DOWN), {2022: 10.0, 2023: 9.9, 2024: 9.2,
                                               2025: 9.3}, PERCENT),
    # Ahead of the trajectory, but the recent trend falls short.
    (target((2020, 50.0), (2027, 58.0), UP), {2020: 50.0, 2021: 56.0, 2022: 56.1,
                                              2023: 56.0, 2024: 56.05}, PERCENT),
])
def test_the_status_never_contradicts_its_projection(goal, values, meta):
    if goal.baseline.duration == "P1Y" and goal.baseline.start.month == 4:
        frame = series(values)
        frame["period_start"] = [pd.Timestamp(date(y, 4, 1)) for y in values]
        frame["period_label"] = [f"{y}/{(y + 1) % 100:02d}" for y in values]
    else:
        frame = series(values)
    result = model.assess(goal, frame, meta, today=TODAY)
    verdict = result.projection_verdict
    if result.status == model.ON_TRACK:
        assert verdict != model.SHORT and not any(w in result.reason for w in SHORT_WORDS)
    if result.status == model.OFF_TRACK:
        assert verdict != model.MEETS and not any(w in result.reason for w in MEETS_WORDS)
    if verdict == model.MEETS:
        assert any(w in result.reason for w in MEETS_WORDS), result.reason
    if verdict == model.SHORT:
        assert any(w in result.reason for w in SHORT_WORDS), result.reason
    if result.position == model.CLEARLY_BEHIND and verdict == model.MEETS:
        assert result.status == model.AT_RISK
        assert "beyond the tolerance" in result.reason and ", but at the recent trend" in \
            result.reason


def test_no_period_already_over_is_named_as_when_the_target_would_be_reached():
    values = {2020: 60.0, 2021: 62.0, 2022: 64.0, 2023: 66.0}
    goal = target((2020, 60.0), (2027, 67.5), UP)
    result = model.assess(goal, series(values), PERCENT, today=TODAY)
    assert result.status == model.ON_TRACK
    assert "2024" not in result.reason and "2025" not in result.reason
    assert result.reason.endswith("at the recent trend the 2027 target of 67.5% would be met "
                                  "by the next published value.")
    then = model.assess(goal, series(values), PERCENT, today=date(2024, 6, 1))
    assert then.reason.endswith("the 2027 target of 67.5% would be reached in 2024.")
    # A target period already over but not yet published, missed at the recent trend.
    late = model.assess(target((2020, 60.0), (2024, 70.0), UP),
                        series({2020: 60.0, 2021: 61.0, 2022: 62.0}), PERCENT, today=TODAY)
    assert not re.search(r"reached (in|until) 20(2[0-6])", late.reason), late.reason
    # Missed: the next published value, not a year already over.
    missed = model.assess(target((2019, 50.0), (2022, 56.0), UP),
                          series({2019: 50.0, 2020: 52.0, 2021: 53.5, 2022: 55.0}), PERCENT,
                          today=TODAY)
    assert missed.status == model.MISSED
    assert missed.reason.endswith("at the recent trend the target would be met by the next "
                                  "published value.")


def test_a_projection_needs_three_values_since_the_baseline():
    values = {2016: 12.0, 2017: 11.5, 2018: 11.0, 2019: 10.6, 2020: 10.2, 2021: 9.9,
              2022: 9.5}
    two = model.assess(target((2021, 9.9), (2027, 7.0), DOWN), series(values), PERCENT,
                       today=TODAY)
    assert two.projection is None and two.projection_verdict == model.NO_PROJECTION
    assert "there are too few values since the baseline to project a trend" in two.reason
    three = model.assess(target((2020, 10.2), (2027, 7.0), DOWN), series(values), PERCENT,
                         today=TODAY)
    assert three.projection is not None and three.projection.n_points == 3


@pytest.mark.parametrize(("values", "goal", "meta", "low", "high"), [
    # A high, noisy percentage: a straight line's interval would pass 100%.
    ({2019: 80.0, 2020: 92.0, 2021: 85.0, 2022: 97.0, 2023: 90.0}, (2019, 98.0, 2035, UP),
     PERCENT, 0.0, 100.0),
    # A low, noisy claimant rate: a straight line's interval would fall below zero.
    ({2020: 3.0, 2021: 1.0, 2022: 2.5, 2023: 0.5, 2024: 1.5}, (2020, 0.3, 2032, DOWN),
     PERCENT, 0.0, 100.0),
    # A strictly positive rate: projected on the log scale, so it stays above zero.
    ({2020: 3.0, 2021: 1.0, 2022: 2.5, 2023: 0.5, 2024: 1.5}, (2020, 0.3, 2032, DOWN),
     RATE, 0.0, math.inf),
])
def test_prediction_intervals_stay_inside_the_possible_range(values, goal, meta, low, high):
    first = min(values)
    tgt = target((first, values[first]), (goal[2], goal[1]), goal[3])
    projection = model.project(series(values), tgt, meta, today=TODAY)
    assert projection is not None
    assert low < min(projection.lower) and max(projection.upper) < high
    assert low < projection.at_target_lower <= projection.at_target <= \
        projection.at_target_upper < high


def test_a_covid_value_before_the_baseline_does_not_turn_the_trend():
    # A falling claimant rate since the 2021 baseline, after an unusual 2020.
    values = {2020: 3.0, 2021: 6.0, 2022: 5.8, 2023: 5.6, 2024: 5.4}
    result = model.assess(target((2021, 6.0), (2028, 4.6), DOWN), series(values), PERCENT,
                          today=TODAY)
    assert result.projection.n_points == 4 and result.projection.slope < 0
    assert "moving away" not in result.reason


def test_the_numbers_shown_agree_with_the_verdict():
    # Wigan's claimant rate: 3.5% against a 3.36% trajectory is 0.1 behind at the published
    # precision, which is within (not beyond) a tolerance of 0.1.
    values = {2021: 5.6, 2022: 3.9, 2023: 3.7, 2024: 3.7, 2025: 3.5}
    result = model.assess(target((2022, 3.9), (2027, 3.0), DOWN), series(values), PERCENT,
                          today=TODAY)
    assert result.status == model.AT_RISK
    assert result.reason.startswith("At risk: 3.5% in 2025 is above the 3.4% trajectory, "
                                    "within the tolerance of 0.1 percentage points")
    # 1.90% against a 1.92% trajectory is level with it at one decimal place.
    level = model.assess(target((2022, 2.1), (2027, 1.8), DOWN),
                         series({2022: 2.1, 2023: 2.0, 2024: 2.0, 2025: 1.9}), PERCENT,
                         today=TODAY)
    assert level.position == model.AHEAD_OR_LEVEL
    assert "1.9% in 2025 is level with the 1.9% trajectory" in level.reason


@pytest.mark.parametrize(("meta", "baseline", "goal", "tolerance"), [
    (PERCENT, 3.4, 2.9, 0.1),                        # 10% of 0.5 is finer than 0.1
    (PERCENT, 6.5, 5.0, 0.2),                        # 10% of 1.5, at one decimal place
    ({**PERCENT, "decimals": 2}, 3.40, 3.38, 0.01),  # never finer than 0.01
    (PAY, 492.5, 640.0, 15.0),                       # whole pounds
])
def test_the_tolerance_is_never_finer_than_the_published_precision(meta, baseline, goal,
                                                                   tolerance):
    direction = UP if goal > baseline else DOWN
    assert model.tolerance_for(target((2020, baseline), (2026, goal), direction),
                               model.decimals_of(meta)) == tolerance
