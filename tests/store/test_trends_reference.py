"""The recent trend stored for every series equals Fingertips' own method.

The oracle below is a line-by-line transcription of Fingertips'
TrendMarkerCalculator.IsSignificant and NoOutliersCheck
(ukhsa-collaboration/fingertips-open, PholioVisualisationWS/Analysis/TrendMarkers), with
its own loops and sums, kept apart from dashboard.methods.stats so the two can disagree.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

CHI_SQUARE_CONFIDENCE = 9.54953570608324
POINTS_TO_USE = 5


def fingertips_is_significant(rows: list[dict]) -> tuple[bool, float, float]:
    """(significant, slope, chi-square) for five rows in time order."""
    calculated = {}
    for counter, row in enumerate(rows, start=1):
        limit = (row["uci"] - row["lci"]) / 3.92
        divisor = limit ** 2
        calculated[counter] = (1 / divisor, row["value"] * counter / divisor,
                               counter / divisor, row["value"] / divisor,
                               counter ** 2 / divisor)
    slope_sum = 0
    slope = chi2 = 0.0
    for check in range(POINTS_TO_USE + 1):
        sums = [0.0] * 5
        for key, values in calculated.items():
            if check == 0 or key != check:
                sums = [s + v for s, v in zip(sums, values, strict=True)]
        s1, s2, s3, s4, s5 = sums
        slope_value = (s1 * s2 - s3 * s4) / (s1 * s5 - s3 ** 2)
        slope_sum += -1 if slope_value < 0 else 1
        if check == 0:
            slope = slope_value
            beta = (s1 / (s1 * s5 - s3 ** 2)) ** 0.5
            chi2 = (slope / beta) ** 2
    no_outliers = abs(slope_sum) == POINTS_TO_USE + 1
    return no_outliers and chi2 > CHI_SQUARE_CONFIDENCE, slope, chi2


def fingertips_marker(series: pd.DataFrame) -> str | None:
    """Fingertips' marker for one area's series (rows of one indicator), or None when the
    method does not apply: the latest five rows must be consecutive years with a value and
    a 95% interval and no unreliability flag (TrendRequest.ValidData, year range 1)."""
    run: list[dict] = []
    for row in series.sort_values("period_start", ascending=False).to_dict("records"):
        usable = pd.notna(row["value"]) and pd.notna(row["lci"]) and pd.notna(row["uci"]) \
            and row["uci"] > row["lci"] and row["status"] not in ("u", "x", "c")
        consecutive = not run or (run[-1]["period_start"].year - row["period_start"].year == 1
                                  and row["period_duration"] in ("P1Y", ""))
        if not (usable and consecutive):
            break
        run.append(row)
        if len(run) == POINTS_TO_USE:
            break
    if len(run) < POINTS_TO_USE:
        return None
    significant, slope, _ = fingertips_is_significant(run[::-1])
    if not significant:
        return "no_significant_change"
    return "increasing" if slope > 0 else "decreasing"


@pytest.fixture(scope="module")
def series_and_trends(built_store_path):
    with duckdb.connect(str(built_store_path), read_only=True) as con:
        observations = con.execute("""
            SELECT o.indicator_id, o.area_code, o.period_start, o.period_duration, o.value,
                   o.lci, o.uci, o.status
            FROM observations o JOIN areas a USING (area_code)
            WHERE a.area_type NOT IN ('lsoa', 'ward')
              AND o.indicator_id IN (SELECT DISTINCT indicator_id FROM observations
                                     WHERE lci IS NOT NULL)""").df()
        trends = con.execute("SELECT * FROM trends").df()
    observations["period_start"] = pd.to_datetime(observations["period_start"])
    markers = {key: fingertips_marker(series)
               for key, series in observations.groupby(["indicator_id", "area_code"])}
    return observations, trends.set_index(["indicator_id", "area_code"]), markers


def test_every_stored_trend_equals_the_fingertips_method(series_and_trends):
    _, trends, markers = series_and_trends
    applies = agree = 0
    mismatches = []
    for (indicator, area), expected in markers.items():
        stored = trends.loc[(indicator, area)]
        if expected is None:
            continue
        applies += 1
        if stored["direction"] == expected:
            agree += 1
        else:
            mismatches.append((indicator, area, expected, stored["direction"]))
    assert applies > 1000  # employment, inactivity, unemployment, pay for ~300 areas
    assert mismatches == []
    assert agree == applies


def test_stored_trends_never_fire_where_the_method_does_not_apply(series_and_trends):
    _, trends, markers = series_and_trends
    for (indicator, area), expected in markers.items():
        if expected is None:
            assert trends.loc[(indicator, area), "direction"] == "cannot_be_calculated", \
                (indicator, area)
    rolling = trends.loc["male-healthy-life-expectancy"]
    assert (rolling["direction"] == "cannot_be_calculated").all()  # overlapping 3-year periods
    assert rolling["reason"].str.contains("overlap").all()
    no_intervals = trends.loc["claimant-count"]
    assert (no_intervals["direction"] == "cannot_be_calculated").all()


def test_oldham_median_weekly_pay_is_increasing(series_and_trends, store):
    observations, trends, _ = series_and_trends
    oldham = trends.loc[("gross-median-weekly-pay", "E08000004")]
    assert oldham["direction"] == "increasing"
    assert oldham["trend"] == "getting_better"
    assert (oldham["first_period"], oldham["last_period"]) == ("21 Apr 2021", "30 Apr 2025")
    assert oldham["reason"].startswith("Getting better: a statistically significant trend")
    values = observations[(observations["indicator_id"] == "gross-median-weekly-pay")
                          & (observations["area_code"] == "E08000004")]
    latest = values.sort_values("period_start")["value"].tail(5).round(1).tolist()
    assert latest == [450.8, 492.5, 507.5, 579.6, 590.5]
    profile = pd.DataFrame(store.area_profile("E08000004")).set_index("indicator_id")
    assert profile.loc["gross-median-weekly-pay", "trend"] == "getting_better"


def test_significant_trends_are_found_in_numbers(series_and_trends):
    _, trends, _ = series_and_trends
    tested = trends[trends["method"] == "fingertips_ci"]
    significant = tested["direction"].isin(["increasing", "decreasing"])
    assert len(tested) > 1000 and significant.sum() > 200  # the old test found 18
