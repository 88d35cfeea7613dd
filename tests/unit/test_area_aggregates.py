"""Ward and custom-area figures from LSOA counts and Census 2021 populations, checked
against hand calculations."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.methods import area_aggregates as agg

Z = 1.959963984540054  # the 97.5th centile of the standard normal


def wilson_by_hand(k: float, n: float) -> tuple[float, float]:
    """Wilson (1927) score interval written out: (p + z²/2n ± z√(p(1-p)/n + z²/4n²)) /
    (1 + z²/n)."""
    p = k / n
    centre = p + Z * Z / (2 * n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return (centre - half) / (1 + Z * Z / n), (centre + half) / (1 + Z * Z / n)


def three_lsoas() -> pd.DataFrame:
    # Employment-deprived people, published rates and Census 2021 residents of three LSOAs.
    return pd.DataFrame({
        "area_code": ["E01005321", "E01005323", "E01005325"],
        "ward_code": ["W1", "W1", "W2"],
        "value": [0.240, 0.282, 0.352], "numerator": [355.0, 255.0, 320.0],
        "aged_16_64": [1412.0, 970.0, 914.0], "all_ages": [2332.0, 1570.0, 1496.0]})


def test_employment_rate_is_summed_counts_over_census_16_to_64_with_wilson_interval():
    rule = agg.rule_for("iod-employment-score", "proportion")
    assert rule == agg.Rule("rate", "aged_16_64")
    figure = agg.aggregate(three_lsoas(), rule)
    assert figure["count"] == 355 + 255 + 320 == 930
    assert figure["denominator"] == 1412 + 970 + 914 == 3296
    assert figure["value"] == pytest.approx(930 / 3296)  # 28.2%, not the mean 29.1%
    lower, upper = wilson_by_hand(930, 3296)
    assert (figure["lci"], figure["uci"]) == (pytest.approx(lower), pytest.approx(upper))
    assert figure["denominator_words"] == "Census 2021 usual residents aged 16 to 64"
    assert figure["note"] == ""


def test_income_rate_uses_all_residents():
    rows = three_lsoas().assign(numerator=[500.0, 300.0, 400.0])
    figure = agg.aggregate(rows, agg.rule_for("iod-income-score", "proportion"))
    assert figure["value"] == pytest.approx(1200 / (2332 + 1570 + 1496))
    assert "all ages" in figure["denominator_words"]


def test_ward_rates_are_per_ward():
    wards = agg.aggregate_groups(three_lsoas(), "ward_code",
                                 agg.rule_for("iod-employment-score", "proportion"))
    wards = wards.set_index("ward_code")
    assert wards.loc["W1", "value"] == pytest.approx(610 / 2382)
    assert wards.loc["W2", "value"] == pytest.approx(320 / 914)
    lower, upper = wilson_by_hand(320, 914)
    assert wards.loc["W2", "lci"] == pytest.approx(lower)
    assert wards.loc["W2", "uci"] == pytest.approx(upper)
    assert list(wards["lsoas"]) == [2, 1]


def test_a_suppressed_count_is_left_out_with_its_residents_and_said_so():
    rows = three_lsoas().assign(numerator=[355.0, math.nan, 320.0])
    figure = agg.aggregate(rows, agg.rule_for("iod-employment-score", "proportion"))
    assert figure["value"] == pytest.approx(675 / (1412 + 914))
    assert figure["lsoas_used"] == 2
    assert figure["note"].startswith("1 of 3 LSOAs have no published counts")


def test_scores_are_population_weighted_means_and_counts_are_summed():
    rows = three_lsoas().assign(value=[10.0, 20.0, 40.0])
    score = agg.aggregate(rows, agg.rule_for("iod-health-score", "score"))
    assert score["kind"] == "weighted_mean"
    assert score["value"] == pytest.approx((10 * 2332 + 20 * 1570 + 40 * 1496) / 5398)
    assert "population-weighted mean" in score["method"]
    assert math.isnan(score["lci"])
    counts = agg.aggregate(rows.assign(value=[5.0, math.nan, 15.0]),
                           agg.rule_for("iod-employment-domain-numerator", "count"))
    assert counts["value"] == 20 and "minimum" in counts["note"]
    # IDACI's numerator is stored as a score but is a count of children: summed
    assert agg.rule_for("iod-income-deprivation-affecting-children-index-idaci-numerator",
                        "score").kind == "sum"


def test_ranks_and_deciles_are_not_added_up():
    figure = agg.aggregate(three_lsoas(), agg.rule_for("iod-employment-decile", "decile"))
    assert figure["kind"] == "none" and math.isnan(figure["value"])
    assert "not added up" in figure["method"]


def test_rate_from_sums():
    rate, lower, upper = agg.rate_from_sums(930, 3296)
    assert rate == pytest.approx(930 / 3296)
    assert (lower, upper) == (pytest.approx(wilson_by_hand(930, 3296)[0]),
                              pytest.approx(wilson_by_hand(930, 3296)[1]))
    assert all(math.isnan(v) for v in agg.rate_from_sums(5, 0))


def test_figures_from_sums_match_figures_from_rows():
    rows = three_lsoas()
    rule = agg.rule_for("iod-employment-score", "proportion")
    sums = {"lsoas": 3, "count_sum": 930.0, "count_aged_16_64": 3296.0,
            "count_all_ages": 5398.0, "lsoas_with_count": 3}
    from_rows, from_sums = agg.aggregate(rows, rule), agg.from_sums(sums, rule)
    for key in ("value", "count", "denominator", "lci", "uci", "lsoas_used", "note"):
        assert from_sums[key] == pytest.approx(from_rows[key]) if isinstance(
            from_rows[key], float) else from_sums[key] == from_rows[key]
    score = agg.from_sums({"lsoas": 4, "weighted_sum": 30.0, "weight_sum": 3.0,
                           "lsoas_weighted": 3}, agg.rule_for("iod-health-score", "score"))
    assert score["value"] == pytest.approx(10.0)
    assert score["note"].startswith("1 of 4 LSOAs have no published values")


def test_a_groups_figures_in_words_and_compared_by_interval():
    from dashboard.views import area_groups

    rule = agg.rule_for("iod-employment-score", "proportion")
    area = agg.aggregate(three_lsoas(), rule)
    text = area_groups.figure_text(area, {"value_type": "proportion"})
    assert text == {"value": "28.2%", "interval": "26.7% to 29.8%", "counts": "930 of 3,296",
                    "note": ""}
    assert area_groups.comparison(area, {"value": 0.135}, "England") == \
        "Higher than England: its 95% interval is above England's rate"
    assert area_groups.comparison(area, {"value": 0.28}, "Oldham") == \
        "Similar to Oldham: the difference is not statistically clear"
    assert area_groups.comparison(area, {"value": 0.40}, "Oldham").startswith("Lower")
    rows = area_groups.group_figures(
        [{"indicator_id": "iod-employment-score", "value_type": "proportion",
          "title": "Employment"},
         {"indicator_id": "iod-employment-rank", "value_type": "rank", "title": "Rank"}],
        three_lsoas().assign(indicator_id="iod-employment-score", period_label="IoD 2025"),
        three_lsoas().assign(indicator_id="iod-employment-score"), [], "Oldham")
    assert [r["indicator_id"] for r in rows] == ["iod-employment-score"]  # ranks left out
    assert rows[0]["period"] == "IoD 2025"
    assert rows[0]["denominator"] == "Census 2021 usual residents aged 16 to 64"
    assert area_groups.split_codes("E01005321, e05014650\nE01005323") == [
        "E01005321", "E05014650", "E01005323"]
