"""What protect() lets out: rates with a rounding base, counts known only by their unit,
one label for every withheld value, and values of other cells that travel with a row."""

from __future__ import annotations

from datetime import date
from itertools import product

import numpy as np
import pandas as pd
import pytest

from dashboard.methods.disclosure import (
    WITHHELD_LABEL,
    Rule,
    is_count_like,
    protect,
    rules_from_indicators,
)

START = pd.Timestamp("2024-04-01")


def rows(indicator_id: str, **columns) -> pd.DataFrame:
    size = len(next(iter(columns.values())))
    return pd.DataFrame({"indicator_id": indicator_id,
                         "area_code": [f"E0100{n:04d}" for n in range(size)],
                         "period_start": START, **columns})


# -- rates with a rounding base ----------------------------------------------------------------
def test_a_rate_is_recomputed_from_its_rounded_counts():
    # 12/41 published as 29.268293% beside 10 and 40 gave 12 and 41 back exactly.
    rules = {"rate": (Rule(rounding_base=5), "percentage")}
    frame = rows("rate", value=[29.268293, 50.0], lci=[16.0, 40.0], uci=[45.0, 60.0],
                 numerator=[12, 50], denominator=[41, 100])
    out = protect(frame, rules)
    assert out.loc[0, ["numerator", "denominator"]].tolist() == [10, 40]
    assert out.loc[0, "value"] == pytest.approx(25.0)
    assert out.loc[1, "value"] == pytest.approx(50.0)
    assert out[["lci", "uci"]].isna().all().all()  # intervals would give the counts back
    candidates = [(n, d) for n, d in product(range(8, 13), range(38, 43))
                  if abs(100 * n / d - out.loc[0, "value"]) < 5e-7]
    assert (12, 41) not in candidates


@pytest.mark.parametrize(("value", "numerator", "denominator", "expected"), [
    (29.3, 12, 41, 25.0),            # percentage to one decimal
    (292.68, 12, 4100, 243.9),       # per 100,000 to two decimals
    (0.292683, 12, 41, 0.25),        # a proportion
])
def test_the_rates_multiplier_and_decimals_are_kept(value, numerator, denominator, expected):
    rules = {"rate": (Rule(rounding_base=5), "rate")}
    out = protect(rows("rate", value=[value], numerator=[numerator],
                       denominator=[denominator]), rules)
    assert out.loc[0, "value"] == pytest.approx(expected)


def test_a_rate_that_cannot_be_recomputed_is_withheld():
    rules = {"rate": (Rule(rounding_base=5), "rate")}
    # an age-standardised rate is no multiple of numerator / denominator
    standardised = protect(rows("rate", value=[37.2], numerator=[12], denominator=[41]),
                           rules)
    assert np.isnan(standardised.loc[0, "value"])
    assert standardised.loc[0, "note"] == WITHHELD_LABEL
    # without its counts beside it (a map, say) the exact rate cannot be checked either
    alone = protect(rows("rate", value=[29.268293]), rules)
    assert np.isnan(alone.loc[0, "value"]) and alone.loc[0, "status"] == "c"


def test_rates_without_a_rounding_base_are_untouched():
    out = protect(rows("rate", value=[29.268293], numerator=[12], denominator=[41]),
                  {"rate": (Rule(), "percentage")})
    assert out.loc[0, ["value", "numerator", "denominator"]].tolist() == [29.268293, 12, 41]


# -- counts known by their unit --------------------------------------------------------------------
@pytest.mark.parametrize(("value_type", "unit", "measure", "expected"), [
    ("count", None, None, True), (None, "people", None, True), ("rate", "People", None, True),
    (None, None, "Number of households", True), (None, "%", "Percentage", False),
    ("percentage", "%", None, False), (None, None, None, False),
])
def test_is_count_like(value_type, unit, measure, expected):
    assert is_count_like(value_type, unit, measure) is expected


def test_an_indicator_whose_unit_is_people_is_protected_as_a_count():
    table = pd.DataFrame({"indicator_id": ["people", "share"], "value_type": [None, None],
                          "unit": ["people", "%"], "measure": [None, "Percentage"],
                          "min_count": [5, 5], "rounding_base": [None, None],
                          "suppression_words": [None, None]})
    rules = rules_from_indicators(table)
    assert rules["people"][1] == "count" and rules["share"][1] is None
    out = protect(pd.DataFrame({"indicator_id": ["people", "people", "share"],
                                "area_code": ["E08000004", "E08000010", "E08000004"],
                                "value": [3.0, 40.0, 3.0]}), rules)
    assert np.isnan(out.loc[0, "value"]) and out.loc[0, "note"] == WITHHELD_LABEL
    assert out.loc[1, "value"] == 40.0 and out.loc[2, "value"] == 3.0


# -- one label --------------------------------------------------------------------------------------
def test_words_that_would_say_a_value_is_small_are_not_used():
    table = pd.DataFrame({"indicator_id": ["a", "b", "c"], "value_type": "count",
                          "min_count": 5, "rounding_base": None,
                          "suppression_words": ["fewer than 5", "[c] confidential", "<5"]})
    rules = rules_from_indicators(table)
    assert rules["a"][0].text == WITHHELD_LABEL
    assert rules["b"][0].text == "[c] confidential"
    assert rules["c"][0].text == WITHHELD_LABEL


def test_primary_and_complementary_cells_read_alike():
    frame = rows("starts", value=[2.0, 40.0, 12.0])
    listed = frozenset({("starts", "E01000001", date(2024, 4, 1))})
    out = protect(frame, {"starts": (Rule(), "count")}, listed)
    assert out["note"].tolist()[:2] == [WITHHELD_LABEL, WITHHELD_LABEL]
    assert out["status"].tolist() == ["c", "c", None]


# -- values of other cells that travel with a row ------------------------------------------------------
def test_a_previous_value_that_is_withheld_does_not_travel_with_the_next_period():
    frame = rows("starts", value=[12.0, 40.0], previous_value=[3.0, 30.0])
    frame.loc[1, "area_code"] = "E01000009"
    out = protect(frame, {"starts": (Rule(), "count")},
                  frozenset({("starts", "E01000009", date(2023, 4, 1))}))
    assert out.loc[0, "value"] == 12.0 and np.isnan(out.loc[0, "previous_value"])  # small
    assert out.loc[1, "value"] == 40.0 and np.isnan(out.loc[1, "previous_value"])  # listed


def test_region_and_england_values_follow_their_own_cells():
    frame = rows("starts", value=[40.0], region_code=["E12000002"], region_value=[7.0],
                 england_value=[900.0], lowest=[3.0], highest=[80.0])
    out = protect(frame, {"starts": (Rule(), "count")},
                  frozenset({("starts", "E12000002", date(2024, 4, 1))}))
    assert out.loc[0, "value"] == 40.0 and out.loc[0, "england_value"] == 900.0
    assert np.isnan(out.loc[0, "region_value"])
    assert np.isnan(out.loc[0, "lowest"]) and np.isnan(out.loc[0, "highest"])
