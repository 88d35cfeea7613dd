"""Pure helpers of the "worse and getting worse" finder (dashboard/views/finder.py), without Dash
or a store: the query string, the rows, the counts and the sentences a reader sees."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views import finder
from dashboard.views.finder import AREA, INDICATOR, FinderCounts

PCT = {"unit": "%", "suffix": "%", "decimals": 1, "polarity": "higher_is_better",
       "prefix": None, "value_type": "percentage", "dataset_id": "employment-rate"}


def store_row(indicator_id: str = "employment-rate", area_code: str = "E08000004",
              comparison: str | None = "worse", trend: str | None = "getting_worse",
              **extra: object) -> dict:
    """A row shaped like store.judged_indicators / judged_areas."""
    return {"indicator_id": indicator_id, "area_code": area_code, "area_name": "Oldham",
            "area_type": "lad", "period_start": pd.Timestamp("2023-01-01"),
            "period_label": "2023", "value": 68.24, "lci": 65.0, "uci": 71.0,
            "status": None, "note": None, "benchmark": "england", "level": 0.95,
            "benchmark_name": "England", "benchmark_value": 75.66,
            "comparison": comparison,
            "comparison_reason": f"{comparison.capitalize()}: a reason." if comparison else None,
            "trend": trend, "trend_reason": f"{trend}: a trend reason." if trend else None,
            "title": "Employment rate", **PCT, **extra}


# -- the query string ----------------------------------------------------------------------

def test_defaults_and_a_well_formed_query():
    query = finder.parse_query(area=" e08000004 ")
    assert query == finder.FinderQuery(area="E08000004")
    assert (query.view, query.benchmark, query.level, query.level_value) == \
        (AREA, "england", "95", 0.95)
    query = finder.parse_query(indicator="employment-rate", benchmark="Region",
                               level="99.8%", area_type="county")
    assert (query.view, query.indicator, query.benchmark, query.level, query.area_type,
            query.problems) == (INDICATOR, "employment-rate", "region", "99.8", "county", ())
    assert finder.parse_query().view == finder.START
    assert finder.parse_query(area=["E08000010", "E08000004"]).area == "E08000010"


@pytest.mark.parametrize("kwargs, words", [
    ({"area": "E08000004", "benchmark": "wales"}, "“wales” is not a benchmark"),
    ({"area": "E08000004", "level": "90"}, "“90” is not a confidence level"),
    ({"indicator": "employment-rate", "area_type": "ward"}, "“ward” is not a type of area"),
    ({"area": "E08000004", "indicator": "employment-rate"}, "not both"),
])
def test_a_bad_parameter_is_named_not_guessed(kwargs, words):
    query = finder.parse_query(**kwargs)
    assert len(query.problems) == 1 and words in query.problems[0]


def test_several_bad_parameters_are_all_named():
    query = finder.parse_query(area="E08000004", benchmark="x", level="y", area_type="z")
    assert len(query.problems) == 3


def test_hrefs_leave_defaults_out():
    assert finder.href(area="E08000004") == "/worsening?area=E08000004"
    assert finder.href(area="E08000004", benchmark="region", level="99.8") == \
        "/worsening?area=E08000004&benchmark=region&level=99.8"
    assert finder.href(indicator="employment-rate", area_type="county") == \
        "/worsening?indicator=employment-rate&type=county"
    assert finder.href(indicator="employment-rate", area_type="lad") == \
        "/worsening?indicator=employment-rate"
    assert finder.href() == "/worsening"


def test_benchmark_choices_by_area_type():
    assert list(finder.benchmark_choices("lad")) == ["england", "region", "neighbours"]
    assert list(finder.benchmark_choices("combined_authority")) == ["england", "region"]
    assert list(finder.benchmark_choices("region")) == ["england"]


# -- rows ----------------------------------------------------------------------------------

def test_rows_carry_words_glyphs_reasons_and_links():
    frame = pd.DataFrame([store_row()])
    (row,) = finder.finder_rows(frame, AREA)
    assert row["label"] == "Employment rate"
    assert row["href"] == "/indicator/employment-rate?area=E08000004"
    assert (row["value_text"], row["benchmark_text"], row["period"]) == \
        ("68.2%", "75.7%", "2023")
    assert (row["comparison_word"], row["comparison_glyph"]) == ("Worse", "▼")
    assert (row["trend_word"], row["trend_glyph"], row["trend_class"]) == \
        ("Getting worse", "↘", "worse")
    assert row["comparison_reason"] == "Worse: a reason."
    assert row["is_worse"] and row["is_getting_worse"] and row["is_both"]
    (by_area,) = finder.finder_rows(frame, INDICATOR)
    assert (by_area["label"], by_area["href"], by_area["key"]) == \
        ("Oldham", "/area/E08000004", "E08000004")


def test_only_rows_both_worse_and_getting_worse_are_found():
    frame = pd.DataFrame([
        store_row("a"), store_row("b", trend="no_significant_change"),
        store_row("c", comparison="similar"), store_row("d", comparison="better",
                                                        trend="getting_better")])
    rows = finder.finder_rows(frame, AREA)
    assert [r["key"] for r in finder.worse_and_worsening(rows)] == ["a"]


def test_missing_judgement_and_trend_read_as_not_compared_and_not_calculated():
    (row,) = finder.finder_rows(pd.DataFrame([store_row(comparison=None, trend=None,
                                                        value=float("nan"), status="c",
                                                        note="fewer than 5")]), AREA)
    assert (row["comparison"], row["trend"]) == ("not_compared", "cannot_be_calculated")
    assert row["value_text"] == "fewer than 5"
    assert row["comparison_reason"].startswith("Not compared")
    assert row["trend_reason"].startswith("Trend not calculated")
    assert not row["is_both"]


def test_deprivation_summaries_are_left_out_of_the_area_view_only():
    frame = pd.DataFrame([store_row("iod-lad-imd-average-score", dataset_id="iod-2025"),
                          store_row("iod-employment-rate", dataset_id="iod-2025"),
                          store_row("claimant-count")])
    assert [r["key"] for r in finder.finder_rows(frame, AREA)] == ["claimant-count"]
    assert len(finder.finder_rows(frame, INDICATOR)) == 3
    assert finder.finder_rows(pd.DataFrame(), AREA) == []


def test_counts():
    frame = pd.DataFrame([
        store_row("a"), store_row("b", trend="cannot_be_calculated"),
        store_row("c", comparison="similar"), store_row("d", comparison="higher"),
        store_row("e", comparison="not_compared", trend="cannot_be_calculated")])
    counts = finder.count_rows(finder.finder_rows(frame, AREA))
    assert counts == FinderCounts(total=5, judged=3, worse=2, getting_worse=3, both=1,
                                  trend_calculated=3)
    assert counts.trend_not_calculated == 2


# -- sentences -----------------------------------------------------------------------------

@pytest.mark.parametrize("counts, expected", [
    (FinderCounts(30, 25, 5, 2, 0), "Oldham is significantly worse than England on 5 "
                                    "indicators and getting worse on 2; none are both."),
    (FinderCounts(30, 25, 1, 1, 1), "Oldham is significantly worse than England on 1 "
                                    "indicator and getting worse on 1; 1 is both."),
    (FinderCounts(30, 25, 4, 3, 2), "Oldham is significantly worse than England on 4 "
                                    "indicators and getting worse on 3; 2 are both."),
    (FinderCounts(30, 25, 5, 0, 0), "Oldham is significantly worse than England on 5 "
                                    "indicators and not getting worse on any."),
    (FinderCounts(30, 25, 0, 2, 0), "Oldham is not significantly worse than England on any "
                                    "indicator and getting worse on 2."),
    (FinderCounts(30, 25, 0, 0, 0), "Oldham is not significantly worse than England on any "
                                    "indicator and not getting worse on any either."),
])
def test_area_sentence_says_how_many_are_worse_getting_worse_and_both(counts, expected):
    assert finder.area_sentence(counts, "Oldham", "England") == expected


@pytest.mark.parametrize("counts, area_type, expected", [
    (FinderCounts(293, 292, 27, 1, 1), "lad",
     "On Employment rate, 27 local authorities are significantly worse than their region "
     "and 1 is getting worse; 1 is both."),
    (FinderCounts(293, 292, 1, 3, 0), "lad",
     "On Employment rate, 1 local authority is significantly worse than their region and 3 "
     "are getting worse; none are both."),
    (FinderCounts(21, 21, 0, 0, 0), "county",
     "On Employment rate, no counties are significantly worse than their region and none "
     "are getting worse."),
])
def test_indicator_sentence(counts, area_type, expected):
    assert finder.indicator_sentence(counts, "Employment rate", "their region",
                                     area_type) == expected


def test_coverage_sentence():
    counts = FinderCounts(total=23, judged=19, trend_calculated=4)
    assert finder.coverage_sentence(counts, ("indicator", "indicators"), "England", "99.8") \
        == ("19 of 23 indicators could be judged better, similar or worse than England at "
            "the 99.8% level; the recent trend could be calculated for 4.")


def test_trend_note_only_where_most_trends_cannot_be_calculated():
    noun = ("indicator", "indicators")
    assert finder.trend_note(FinderCounts(total=10, trend_calculated=5), noun) is None
    assert finder.trend_note(FinderCounts(), noun) is None
    note = finder.trend_note(FinderCounts(total=23, trend_calculated=4), noun)
    assert note.startswith("The recent trend cannot be calculated for 19 of the 23 "
                           "indicators: it needs values for the latest five consecutive "
                           "periods")
    assert "Indicators without a trend cannot be found here" in note
    every = finder.trend_note(FinderCounts(total=4), noun, ["Trend not calculated: x."] * 3
                              + ["Trend not calculated: y."])
    assert "for any of the 4 indicators" in every
    assert every.endswith("The usual reason: Trend not calculated: x.")
    mixed = finder.trend_note(FinderCounts(total=4), noun, ["a", "b"])
    assert "usual reason" not in mixed


def test_benchmark_words_and_headings():
    assert finder.benchmark_words("england", AREA) == "England"
    assert finder.benchmark_words("region", AREA, "North West") == "North West"
    assert finder.benchmark_words("region", AREA) == "its region"
    assert finder.benchmark_words("region", INDICATOR, "North West") == "their region"
    assert finder.benchmark_words("neighbours", AREA) == "its statistical neighbours"
    assert finder.benchmark_words("neighbours", INDICATOR) == "their statistical neighbours"
    assert finder.benchmark_heading("region", AREA, "North West") == "North West"
    assert finder.benchmark_heading("region", INDICATOR, "North West") == "Region"
    assert finder.benchmark_heading("neighbours", AREA) == "Neighbours' average"
    assert finder.first_name([{"benchmark_name": None}, {"benchmark_name": "North West"}]) \
        == "North West"


def test_coverage_rows_leave_deprivation_out():
    coverage = pd.DataFrame({
        "indicator_id": ["employment-rate", "iod-lad-imd-average-score"],
        "dataset_id": ["employment-rate", "iod-2025"], "title": ["Employment rate", "IMD"],
        "n_areas": [293, 296], "n_trends": [292, 0]})
    assert finder.coverage_rows(coverage) == [
        {"indicator_id": "employment-rate", "title": "Employment rate", "n_areas": 293,
         "n_trends": 292}]
    assert finder.coverage_rows(pd.DataFrame()) == []
