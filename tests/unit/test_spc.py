"""XmR charts and the Making Data Count special-cause rules (as NHSRplotthedots applies
them), against hand calculations."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.methods.stats.spc import consecutive_run, spc_words, xmr

LABELS = [str(2000 + i) for i in range(12)]
META = {"unit": "%", "suffix": "%", "decimals": 1}


def test_limits_by_hand_and_common_cause_only() -> None:
    values = [10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 11]
    chart = xmr(LABELS, values, "higher_is_better")
    # mean 138 / 12; moving ranges 2,1,2,1,1,1,2,1,2,1,1: 15 / 11; limits +/- 2.66 x that
    assert chart.mean == pytest.approx(11.5)
    assert chart.upper == pytest.approx(11.5 + 2.66 * 15 / 11)
    assert chart.lower == pytest.approx(11.5 - 2.66 * 15 / 11)
    assert chart.near_upper == pytest.approx(11.5 + 2 / 3 * 2.66 * 15 / 11)
    assert chart.screened == 0 and chart.special == []
    words = spc_words(chart, META, "Oldham")
    assert words[0] == ("Over 2000 to 2011 (12 periods) Oldham's average was 11.5%; values "
                        "between 7.9% and 15.1% (the process limits) are within its usual "
                        "variation.")
    assert words[1].startswith("Common cause variation only")


def test_a_spike_is_screened_outside_the_limits_and_shifts_the_mean() -> None:
    values = [10, 11] * 5 + [10, 30]
    chart = xmr(LABELS, values, "lower_is_better")
    # moving ranges: ten of 1 and one of 19 (mean 29 / 11 = 2.64; 19 >= 3.267 x 2.64 is
    # screened out), so the mean moving range is 1.0; the mean is 145 / 12
    assert chart.screened == 1
    assert chart.mean == pytest.approx(145 / 12)
    assert chart.upper == pytest.approx(145 / 12 + 2.66)
    last = chart.points[-1]
    assert last.rules == ("outside",) and last.kind == "concern"  # higher is worse
    # the first 11 are all below the mean: a shift (improvement, lower is better); the
    # 10s are also near the lower limit (below 12.08 - 1.77), two of every three in a row
    assert all("shift" in p.rules and p.kind == "improvement" for p in chart.points[:11])
    assert [("two_in_three" in p.rules) for p in chart.points[:11]] == \
        [v == 10 for v in values[:11]]
    words = spc_words(chart, META, "Oldham")
    assert words[1] == ("Special cause variation, concern: 2011 (outside the process "
                        "limits).")
    assert words[2] == ("Special cause variation, improvement: 2000 to 2010 (a shift; two "
                        "of three near a limit).")


def test_seven_rising_in_a_row_is_a_trend_and_six_is_not() -> None:
    values = [1, 2, 3, 4, 5, 6, 7, 5, 4, 6, 5, 4]
    chart = xmr(LABELS, values, None)
    assert [("trend" in p.rules) for p in chart.points] == [True] * 7 + [False] * 5
    six = xmr(LABELS, [1, 2, 3, 4, 5, 6, 4, 5, 4, 6, 5, 4], None)
    assert not any("trend" in p.rules for p in six.points)
    assert {p.kind for p in chart.points if p.rules} <= {"neutral_high", "neutral_low"}


def rows(starts: list[date], duration: str = "P1Y") -> list[dict]:
    return [{"period_start": s, "period_duration": duration, "period_label": str(s.year),
             "value": float(i)} for i, s in enumerate(starts)]


def test_the_latest_run_of_consecutive_periods_is_charted() -> None:
    years = [date(1990, 1, 1)] + [date(2000 + i, 1, 1) for i in range(12)]
    labels, values = consecutive_run(rows(years))
    assert labels == [str(2000 + i) for i in range(12)] and values[0] == 1.0
    short = consecutive_run(rows([date(2000 + i, 1, 1) for i in range(11)]))
    assert short == ("A control chart needs at least 12 consecutive periods; the latest "
                     "run of this series has 11.")
    gap = [date(2000 + i, 1, 1) for i in range(14) if i != 5]
    assert "has 8" in consecutive_run(rows(gap))


def test_overlapping_rolling_periods_are_not_charted() -> None:
    reason = consecutive_run(rows([date(2000 + i, 1, 1) for i in range(12)], "P3Y"))
    assert reason.startswith("These are rolling periods that overlap (each covers 3 years, "
                             "a new one every 1 year)")
