"""Properties of the status rule over generated series and targets (hypothesis): whatever
the data, a status never contradicts the trajectory, the projection or the numbers its
reason shows (docs/targets.md, "How a status is decided")."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.common.periods import Period
from dashboard.methods import targets as model

PERCENT = {"title": "Test rate", "unit": "%", "suffix": "%", "decimals": 1,
           "value_type": "percentage"}
FIRST_YEAR = 2016
REACHED = re.compile(r"would (?:not )?be reached (?:in|until) (\d{4})")
SHOWN = re.compile(r"(\d+\.\d)% in \d{4} is (above|below|level with) the (\d+\.\d)% "
                   r"trajectory(?:, (within|beyond) the tolerance of (\d+\.\d) percentage)?")


def _year(y: int) -> Period:
    return Period(date(y, 1, 1), "P1Y", str(y))


@st.composite
def cases(draw: st.DrawFn) -> tuple[model.Target, pd.DataFrame, pd.DataFrame, date]:
    """A target on an annual percentage series, the series with an interval on the latest
    value and without one, and the day it is judged on."""
    n = draw(st.integers(min_value=2, max_value=9))
    # A random walk with a drift, so every status turns up, near the ends of the range too.
    level = draw(st.integers(min_value=5, max_value=995)) / 10
    drift = draw(st.integers(min_value=-30, max_value=30)) / 20
    values = []
    for _ in range(n):
        values.append(round(float(np.clip(level, 0.1, 99.9)), 1))
        level += drift + draw(st.integers(min_value=-20, max_value=20)) / 10
    base = draw(st.integers(min_value=0, max_value=n - 2))
    # A jump just after the baseline puts a flat series ahead of (or behind) a trajectory
    # it will not keep up with.
    jump = draw(st.integers(min_value=-150, max_value=150)) / 10
    values = [v if i <= base else round(float(np.clip(v + jump, 0.1, 99.9)), 1)
              for i, v in enumerate(values)]
    direction = draw(st.sampled_from([model.INCREASE, model.DECREASE]))
    sign = 1 if direction == model.INCREASE else -1
    change = draw(st.integers(min_value=0, max_value=150)) / 10
    goal = float(np.clip(values[base] + sign * change, 0.0, 100.0))
    goal_year = max(FIRST_YEAR + base + 1,
                    FIRST_YEAR + n - 1 + draw(st.integers(min_value=-2, max_value=8)))
    milestone = draw(st.none() | st.integers(min_value=0, max_value=300))
    milestones = ()
    if milestone is not None and goal_year - (FIRST_YEAR + base) >= 2:
        part = values[base] + sign * min(milestone / 10, change)
        milestones = (model.Milestone(_year(FIRST_YEAR + base + 1), part),)
    target = model.Target("p", "i", "E08000004", _year(FIRST_YEAR + base), values[base],
                          _year(goal_year), goal, direction, milestones)
    rows = [{"period_start": pd.Timestamp(date(FIRST_YEAR + i, 1, 1)), "period_duration": "P1Y",
             "period_label": str(FIRST_YEAR + i), "value": v, "lci": np.nan, "uci": np.nan,
             "numerator": np.nan, "denominator": np.nan, "load_id": 1, "status": None,
             "note": None} for i, v in enumerate(values)]
    plain = pd.DataFrame(rows)
    with_ci = plain.copy()
    half = draw(st.integers(min_value=1, max_value=150)) / 10
    with_ci.loc[n - 1, "lci"] = max(values[-1] - half, 0.0)
    with_ci.loc[n - 1, "uci"] = min(values[-1] + half, 100.0)
    today = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)))
    return target, plain, with_ci, today


def _check(result: model.Assessment, target: model.Target, today: date) -> None:
    assert result.reason.startswith(model.STATUS_WORDS[result.status] + ": ")
    assert result.reason.endswith(".") and ". " not in result.reason
    if result.status == model.NO_DATA:
        return
    verdict = result.projection_verdict
    if result.position == model.AHEAD_OR_LEVEL:
        assert result.status not in (model.OFF_TRACK, model.MISSED), result.reason
        if result.status == model.AT_RISK:
            assert "falls short of the target" in result.reason, result.reason
    if result.status == model.ON_TRACK:
        assert verdict != model.SHORT, result.reason
    if result.status == model.OFF_TRACK:
        assert verdict != model.MEETS, result.reason
    projection = result.projection
    if projection is not None:
        assert 0.0 <= min(projection.lower) and max(projection.upper) <= 100.0
        assert 0.0 <= projection.at_target_lower <= projection.at_target_upper <= 100.0
    for year in REACHED.findall(result.reason):
        assert date(int(year) + 1, 1, 1) > today, (result.reason, today)
    _check_shown_numbers(result, target)


def _check_shown_numbers(result: model.Assessment, target: model.Target) -> None:
    """The value, trajectory and tolerance a reason shows agree with its verdict."""
    match = SHOWN.search(result.reason)
    if match is None:
        return
    value, side, trajectory = float(match[1]), match[2], float(match[3])
    assert side == ("above" if value > trajectory else
                    "below" if value < trajectory else "level with"), result.reason
    sign = 1 if target.direction == model.INCREASE else -1
    behind = round(sign * (trajectory - value), 1)
    assert (behind <= 0) == (result.position == model.AHEAD_OR_LEVEL), result.reason
    if match[4]:
        tolerance = float(match[5])
        assert tolerance >= 0.1
        assert (match[4] == "within") == (behind <= tolerance), result.reason


@settings(max_examples=250, deadline=None)
@given(cases())
def test_a_status_never_contradicts_its_trajectory_projection_or_numbers(case):
    target, plain, with_ci, today = case
    without = model.assess(target, plain, PERCENT, today=today)
    interval = model.assess(target, with_ci, PERCENT, today=today)
    for result in (without, interval):
        _check(result, target, today)
    # The value decides the side of the trajectory, with or without an interval.
    if without.status != model.NO_DATA:
        assert (without.position == model.AHEAD_OR_LEVEL) == \
            (interval.position == model.AHEAD_OR_LEVEL)
