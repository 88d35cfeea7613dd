"""The one rule set for judgements (dashboard/methods/judgements.py), on small hand-made frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.methods import judgements as rules
from dashboard.methods import recent_trends, statistical_neighbours, stats

PCT = {"decimals": 1, "prefix": None, "suffix": "%", "unit": "%"}


def _row(**values):
    row = {"indicator_id": "employment-rate", "area_code": "E08000004", "area_name": "Oldham",
           "area_type": "lad", "peer_group": "lad", "period_label": "2023", "value": 76.4,
           "lci": 71.9, "uci": 80.9, "status": None, "note": None,
           "polarity": "higher_is_better", "value_type": "percentage", "has_intervals": True,
           "england_value": 76.0, "region_code": "E12000002", "region_name": "North West",
           "region_value": 73.8, "neighbours_k": 15, "neighbours_value": 74.0,
           "spread": 3.0, **PCT}
    row.update(values)
    return row


def _frame(*rows):
    frame = pd.DataFrame(list(rows))
    frame["lci_998"], frame["uci_998"] = stats.rescale_interval(frame["value"], frame["lci"],
                                                                frame["uci"])
    return frame


def test_interval_comparison_with_each_benchmark_and_reason():
    frame = _frame(_row(), _row(value=82.0, lci=80.0, uci=84.0))
    england = rules.compare(frame, "england", 0.95)
    assert england["result"].tolist() == ["similar", "better"]
    assert england["method"].tolist() == ["ci", "ci"]
    assert england["reason"][0] == ("Similar to England (76.0%): England's value is inside "
                                    "Oldham's 95% confidence interval (71.9% to 80.9%).")
    region = rules.compare(frame, "region", 0.95)
    assert region["benchmark_name"].tolist() == ["North West", "North West"]
    assert region["result"].tolist() == ["similar", "better"]
    neighbours = rules.compare(frame, "neighbours", 0.95)
    assert neighbours["reason"][1].startswith("Better than the average of Oldham's 15 "
                                              "statistical neighbours (74.0%)")


def test_998_uses_wider_limits_and_says_they_are_derived():
    frame = _frame(_row(value=79.0, lci=76.2, uci=81.8))  # England 76.0 just outside at 95%
    at_95 = rules.compare(frame, "england", 0.95)
    at_998 = rules.compare(frame, "england", 0.998, at_95)
    assert at_95["result"][0] == "better" and at_998["result"][0] == "similar"
    assert "99.8% confidence interval" in at_998["reason"][0]
    assert "derived from the published 95% interval" in at_998["reason"][0]


def test_unreliable_and_missing_interval_are_not_compared():
    frame = _frame(_row(status="u"),
                   _row(note="Estimate and confidence interval unreliable since the group "
                             "sample size is small (3-9)", lci=np.nan, uci=np.nan),
                   _row(lci=np.nan, uci=np.nan),
                   _row(value=np.nan, lci=np.nan, uci=np.nan))
    out = rules.compare(frame, "england", 0.95)
    assert out["result"].tolist() == ["not_compared"] * 4
    assert out["method"].tolist() == ["none"] * 4
    assert "flags Oldham's estimate for 2023 as unreliable" in out["reason"][0]
    assert "(Estimate and confidence interval unreliable" in out["reason"][1]
    assert "no confidence interval is published" in out["reason"][2]
    assert out["reason"][3] == "Not compared: no value is published for Oldham for 2023."


def test_spread_rule_only_for_indicators_without_intervals_and_labelled():
    claimant = {"indicator_id": "claimant-count", "polarity": "lower_is_better",
                "lci": np.nan, "uci": np.nan, "has_intervals": False, "england_value": 4.0,
                "spread": 1.2}
    frame = _frame(_row(value=6.6, **claimant), _row(value=4.5, **claimant),
                   _row(value=6.6, **{**claimant, "polarity": "no_judgement"}))
    out = rules.compare(frame, "england", 0.95)
    assert out["result"].tolist() == ["worse", "similar", "higher"]
    assert (out["method"] == "spread").all()
    assert out["statistic"].tolist() == [1.2, 1.2, 1.2]
    assert out["reason"][0] == (
        "Worse than England (4.0%): 6.6% is 2.6 percentage points higher, more than the "
        "usual spread between English local authorities (1.2 percentage points, 1.4826 × "
        "the median absolute deviation); no confidence intervals are published for this "
        "indicator, so this is the spread rule, not a significance test.")
    same = rules.compare(frame, "england", 0.998, out)
    assert same["result"].tolist() == out["result"].tolist()


def test_spread_reason_numbers_agree_with_the_verdict():
    # 3.0 vs England 4.8 with a spread of 1.78: both differences print as 1.8 at the
    # published precision, so more decimals are shown.
    claimant = {"polarity": "lower_is_better", "lci": np.nan, "uci": np.nan,
                "has_intervals": False, "unit": None, "suffix": None, "decimals": 1}
    frame = _frame(_row(value=2.96, england_value=4.8, spread=1.78, **claimant))
    reason = rules.compare(frame, "england", 0.95)["reason"][0]
    assert "is 1.84 lower, more than the usual spread" in reason and "(1.78," in reason


def test_counts_ranks_and_missing_benchmarks_are_not_compared():
    frame = _frame(_row(value_type="count", has_intervals=False, lci=np.nan, uci=np.nan),
                   _row(area_code="E92000001", area_name="England"),
                   _row(region_code=None, region_value=np.nan),
                   _row(neighbours_k=np.nan, neighbours_value=np.nan),
                   _row(neighbours_value=np.nan))
    england = rules.compare(frame, "england", 0.95)
    assert england["reason"][0] == "Not compared: Counts are not compared with a benchmark."
    assert england["reason"][1] == "Not compared: England is the benchmark."
    region = rules.compare(frame, "region", 0.95)
    assert region["reason"][2] == "Not compared: Oldham is not within an English region."
    neighbours = rules.compare(frame, "neighbours", 0.95)
    assert "found for local authorities only" in neighbours["reason"][3]
    assert "fewer than half of Oldham's statistical neighbours" in neighbours["reason"][4]
    assert (neighbours["result"][3:] == "not_compared").all()


def test_quintiles_match_stats_quantile_bands_within_each_pool():
    values = np.array([5.0, 1.0, 3.0, 3.0, 9.0, 7.0, np.nan, 2.0, 8.0, 4.0])
    frame = pd.DataFrame({"indicator_id": "x", "period_start": pd.Timestamp("2023-01-01"),
                          "period_duration": "P1Y", "area_type": "lad", "in_use": True,
                          "value": values, "polarity": "lower_is_better"})
    frame.loc[9, "in_use"] = False  # a code no longer in use is outside the pool
    bands = rules.quintiles(frame)
    expected = stats.quantile_bands(values[:9], polarity="lower_is_better")
    assert [None if pd.isna(b) else int(b) for b in bands[:9]] == list(expected)
    assert pd.isna(bands[9])
    few = rules.quintiles(frame.head(4))
    assert few.isna().all()  # fewer areas than bands


def test_distributions_and_spread_threshold():
    values = [1.0, 2.0, 3.0, 4.0, 10.0]
    frame = pd.DataFrame({"indicator_id": "x", "period_start": pd.Timestamp("2023-01-01"),
                          "period_duration": "P1Y", "area_type": "lad", "in_use": True,
                          "is_upper_tier": [True, False, False, True, False],
                          "value": values})
    out = rules.distributions(frame).set_index("peer_group")
    lad = out.loc["lad"]
    assert (lad["n"], lad["lowest"], lad["median"], lad["highest"]) == (5, 1.0, 3.0, 10.0)
    assert lad["q25"] == 2.0 and lad["q75"] == 4.0
    assert lad["spread"] == pytest.approx(stats.mad_threshold(values))
    upper = out.loc["upper_tier"]
    assert upper["n"] == 2 and np.isnan(upper["spread"])  # too few for a spread


def test_neighbour_features_combine_healthy_life_expectancy_and_drop_outcomes():
    latest = pd.DataFrame({
        "indicator_id": ["male-healthy-life-expectancy", "female-healthy-life-expectancy",
                         "economically-inactive", "gross-median-weekly-pay"],
        "area_code": "A", "value": [60.0, 62.0, 20.0, 600.0]})
    wide = statistical_neighbours.neighbour_features(latest)
    assert wide.loc["A", "healthy-life-expectancy"] == 61.0
    assert "economically-inactive" not in wide.columns
    assert "male-healthy-life-expectancy" not in wide.columns


def test_neighbour_table_ranks_within_groups():
    features = pd.DataFrame({"pay": [1.0, 2.0, 3.0, 10.0, 1.5],
                             "skills": [1.0, 2.0, 3.0, 10.0, np.nan]},
                            index=["A", "B", "C", "D", "E"])
    table = statistical_neighbours.neighbour_table(
        features, {"lad": ["A", "B", "C", "D"], "county": ["E"]}, k=2)
    a = table[table["area_code"] == "A"]
    assert a["neighbour_code"].tolist() == ["B", "C"] and a["rank"].tolist() == [1, 2]
    assert (a["similarity"].diff().dropna() <= 0).all()
    assert "E" not in set(table["neighbour_code"])  # other group, alone in its own


def test_trend_polarity_table_matches_stats():
    for direction in ("increasing", "decreasing", "no_significant_change",
                      "cannot_be_calculated"):
        for polarity in stats.POLARITIES:
            assert recent_trends._WITH_POLARITY.get((direction, polarity), direction) == \
                stats.trend_with_polarity(direction, polarity)
