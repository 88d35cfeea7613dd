"""Pure page helpers for the explore pages (dashboard/views/explore.py, area_profile.py,
indicator.py and compare.py), without Dash or a store."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.views import area_profile, compare, explore, indicator

PCT = {"unit": "%", "suffix": "%", "decimals": 1, "polarity": "lower_is_better"}


# -- query strings -------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (None, []),
    ("E08000004", ["E08000004"]),
    ("e08000004, E12000002,,E08000004", ["E08000004", "E12000002"]),
    (["E08000004", "E12000002,neighbours"], ["E08000004", "E12000002", "neighbours"]),
])
def test_parse_codes_accepts_comma_lists_and_repeated_keys(value, expected):
    assert explore.parse_codes(value) == expected


def test_query_string_round_trips_and_keeps_commas_readable():
    text = explore.query_string({"area": "E08000010", "compare": ["E12000002", "neighbours"],
                                 "period": None})
    assert text == "?area=E08000010&compare=E12000002,neighbours"
    assert explore.query_string({"area": None, "compare": []}) == ""
    assert explore.query_string({"period": "2023/24"}) == "?period=2023/24"


def test_hrefs():
    assert explore.area_href("E08000004") == "/area/E08000004"
    assert explore.indicator_href("employment-rate", area="E08000010",
                                  compare=["E12000002"]) == \
        "/indicator/employment-rate?area=E08000010&compare=E12000002"
    assert explore.compare_href(["E08000004", "E08000010"], ["claimant-count"]) == \
        "/compare?areas=E08000004,E08000010&indicators=claimant-count"


# -- areas ---------------------------------------------------------------------------------

AREAS = pd.DataFrame({
    "area_code": ["E08000004", "E08000010", "E08000035", "E10000006", "E06000063"],
    "area_name": ["Oldham", "Wigan", "Leeds", "Cumbria", "Cumberland"],
    "area_type": ["lad", "lad", "lad", "county", "lad"],
    "valid_to": [None, None, None, 2022, None],
})


def test_area_options_label_has_name_type_code_and_obsolete_note():
    options = explore.area_options(AREAS)
    assert options[0] == {"label": "Oldham (Local authority, E08000004)", "value": "E08000004"}
    assert options[3]["label"] == "Cumbria (County, E10000006) - code ended 2022"


def test_successors_and_obsolete():
    cumbria = {"area_code": "E10000006", "valid_to": 2022,
               "replaced_by": "E06000063 E06000064"}
    assert explore.successors(cumbria) == ["E06000063", "E06000064"]
    assert explore.is_obsolete(cumbria)
    assert not explore.is_obsolete({"valid_to": None})
    assert explore.successors({"replaced_by": None}) == []


def test_suggest_areas_by_code_prefix_then_name():
    by_code = explore.suggest_areas("E08000099", AREAS)
    assert [href for _, href in by_code][:3] == ["/area/E08000035", "/area/E08000010",
                                                 "/area/E08000004"]
    by_name = explore.suggest_areas("oldam", AREAS)
    assert by_name[0] == ("Oldham (Local authority, E08000004)", "/area/E08000004")
    assert explore.suggest_areas("", AREAS) == []


def test_suggest_indicators_finds_near_ids_and_titles():
    indicators = pd.DataFrame({"indicator_id": ["claimant-count", "employment-rate"],
                               "title": ["Claimant Count", "Employment rate (Great Britain)"]})
    assert explore.suggest_indicators("claimant-cont", indicators)[0] == \
        ("Claimant Count", "/indicator/claimant-count")
    assert ("Employment rate (Great Britain)", "/indicator/employment-rate") in \
        explore.suggest_indicators("employment", indicators)


# -- comparisons (prepared at build time; the page chooses and words them) ---------------

def test_benchmark_and_level_choices_from_the_query_string():
    assert explore.benchmark_choice("Region") == "region"
    assert explore.benchmark_choice("neighbours") == "neighbours"
    assert explore.benchmark_choice("<script>") == "england"
    assert explore.level_choice("99.8") == "99.8"
    assert explore.level_choice("99.8%") == "99.8"
    assert explore.level_choice("90") == "95"
    assert explore.LEVEL_CHOICES["99.8"] == 0.998


def test_comparison_reason_is_the_stored_sentence_or_says_why_not():
    assert explore.comparison_reason({"comparison_reason": "Worse than England (4.0%): x."}) \
        == "Worse than England (4.0%): x."
    assert "withheld" in explore.comparison_reason({"status": "c"})
    assert explore.comparison_reason({}).startswith("Not compared")


# -- spine ---------------------------------------------------------------------------------

def test_spine_geometry_centres_england_and_puts_best_on_the_right():
    summary = {"lowest": 0.0, "q25": 2.0, "median": 4.0, "q75": 6.0, "highest": 10.0, "n": 300}
    higher = area_profile.spine_geometry(8.0, 5.0, summary, "higher_is_better")
    assert higher["england"] == 50
    assert higher["range"] == (0.0, 100.0)
    assert higher["area"] == 80.0
    assert (higher["left_label"], higher["right_label"]) == ("Worst", "Best")
    lower = area_profile.spine_geometry(8.0, 5.0, summary, "lower_is_better")
    assert lower["area"] == 20.0  # high is bad: drawn left of England
    assert lower["left_value"] == 10.0 and lower["right_value"] == 0.0
    neutral = area_profile.spine_geometry(8.0, 5.0, summary, "no_judgement")
    assert (neutral["left_label"], neutral["right_label"]) == ("Lowest", "Highest")


def test_spine_geometry_needs_enough_peers():
    summary = {"lowest": 0.0, "q25": 1.0, "median": 2.0, "q75": 3.0, "highest": 4.0, "n": 3}
    assert area_profile.spine_geometry(1.0, 2.0, summary, "higher_is_better") is None


# -- profile -------------------------------------------------------------------------------

def _profile():
    spread = {"peers_n": 20, "lowest": 1.0, "q25": 3.0, "median": 5.0, "q75": 7.0,
              "highest": 10.0}
    return pd.DataFrame([
        {"indicator_id": "claimant-count", "dataset_id": "claimant-count",
         "title": "Claimant Count", "theme": "work and worklessness", "period_label": "2025",
         "value": 6.6, "lci": np.nan, "uci": np.nan, "england_value": 4.0,
         "region_value": 4.1, "benchmark_value": 4.0, "comparison": "worse",
         "comparison_method": "spread",
         "comparison_reason": "Worse than England (4.0%): 6.6% is 2.6 percentage points "
                              "higher, more than the usual spread.",
         "trend": "cannot_be_calculated",
         "trend_reason": "Trend not calculated: no confidence interval or counts are "
                         "published for 2025.",
         "status": None, "note": None, **spread, **PCT},
        {"indicator_id": "employment-rate", "dataset_id": "employment-rate",
         "title": "Employment rate", "theme": "work and worklessness", "period_label": "2023",
         "value": 76.4, "lci": 71.9, "uci": 80.9, "england_value": 76.0,
         "region_value": 73.8, "benchmark_value": 76.0, "comparison": "similar",
         "comparison_method": "ci", "comparison_reason": "Similar to England (76.0%): x.",
         "trend": "getting_better", "trend_reason": "Getting better: a statistically "
         "significant trend over the latest 5 periods (2019 to 2023).",
         "status": None, "note": None, "peers_n": 3, **PCT, "polarity": "higher_is_better"},
        {"indicator_id": "iod-lad-imd-rank-of-average-rank", "dataset_id": "iod2025",
         "title": "IMD rank", "theme": "overall deprivation", "period_label": "2025",
         "value": 30.0, "lci": np.nan, "uci": np.nan, "england_value": np.nan,
         "region_value": np.nan, "comparison": "not_compared", "comparison_method": "none",
         "trend": None, "status": None, "note": None, "unit": None, "suffix": None,
         "decimals": 0, "polarity": "higher_is_better"},
        {"indicator_id": "iod-imd-score", "dataset_id": "iod2025", "title": "IMD score",
         "theme": "overall deprivation", "period_label": "2025", "value": 3.0,
         "polarity": "lower_is_better"},
    ])


OLDHAM = {"area_code": "E08000004", "area_name": "Oldham", "area_type": "lad"}


def test_profile_rows_show_stored_judgements_and_skip_lsoa_only_iod():
    rows = area_profile.profile_rows(_profile(), OLDHAM)
    by_id = {r["indicator_id"]: r for r in rows}
    assert "iod-imd-score" not in by_id
    claimant = by_id["claimant-count"]
    assert claimant["value_text"] == "6.6%"
    assert claimant["england_text"] == "4.0%" and claimant["region_text"] == "4.1%"
    assert (claimant["comparison_word"], claimant["comparison_glyph"]) == ("Worse", "▼")
    assert claimant["explanation"].startswith("Worse than England (4.0%)")
    assert claimant["trend_word"] == "Trend not calculated"
    assert claimant["trend_text"].startswith("Trend not calculated: no confidence interval")
    assert claimant["spine"]["n"] == 20
    assert claimant["spine_text"].startswith("Oldham 6.6% against 20 English local authorities")
    assert claimant["href"] == "/indicator/claimant-count?area=E08000004"
    employment = by_id["employment-rate"]
    assert (employment["trend_word"], employment["trend_class"]) == ("Getting better", "better")
    assert employment["spine"] is None  # too few peers for a spread
    assert by_id["iod-lad-imd-rank-of-average-rank"]["theme"] == explore.DEPRIVATION


def test_group_by_theme_orders_themes_and_puts_deprivation_last():
    rows = area_profile.profile_rows(_profile(), OLDHAM)
    groups = area_profile.group_by_theme(rows)
    assert [theme for theme, _ in groups] == ["work and worklessness", explore.DEPRIVATION]
    assert [r["title"] for r in groups[0][1]] == ["Claimant Count", "Employment rate"]
    assert explore.theme_title(explore.DEPRIVATION) == "Deprivation (IoD 2025)"
    assert area_profile.comparison_counts(rows) == {"worse": 1, "similar": 1}


def test_trend_of_reads_the_stored_trend_and_reason():
    key, text = explore.trend_of({"trend": "getting_worse", "trend_reason": "Getting worse: x."})
    assert (key, text) == ("getting_worse", "Getting worse: x.")
    key, text = explore.trend_of({})
    assert key == "cannot_be_calculated" and text.startswith("Trend not calculated")


# -- indicator page ------------------------------------------------------------------------

PERIODS = pd.DataFrame({"period_start": pd.to_datetime(["2022-01-01", "2023-01-01",
                                                        "2024-01-01"]),
                        "period_label": ["2022", "2023", "2024"], "n_values": [10, 12, 0]})


def test_period_options_latest_first_and_only_with_values():
    assert indicator.period_options(PERIODS) == [{"label": "2023", "value": "2023"},
                                                 {"label": "2022", "value": "2022"}]
    assert indicator.period_start_for(PERIODS, "2022") == pd.Timestamp("2022-01-01")
    assert indicator.period_start_for(PERIODS, "1999") == pd.Timestamp("2023-01-01")
    assert indicator.period_start_for(PERIODS, None) == pd.Timestamp("2023-01-01")


def _series():
    rows = []
    for code, base in (("E08000010", 70.0), ("E12000002", 73.0), ("E92000001", 75.0),
                       ("E08000004", 72.0)):
        for i, label in enumerate(["2021", "2022", "2023"]):
            rows.append({"area_code": code, "period_start": pd.Timestamp(f"{label}-01-01"),
                         "period_label": label, "value": base + i, "lci": base + i - 2,
                         "uci": base + i + 2, "status": None, "note": None})
    return pd.DataFrame(rows)


NAMES = {"E08000010": "Wigan", "E12000002": "North West", "E92000001": "England",
         "E08000004": "Oldham"}


def test_trend_series_roles_and_neighbours_average():
    neighbours = pd.DataFrame({"area_code": ["a", "b", "a", "b"],
                               "period_start": pd.to_datetime(["2022-01-01"] * 2 +
                                                              ["2023-01-01"] * 2),
                               "period_label": ["2022", "2022", "2023", "2023"],
                               "value": [60.0, 62.0, 70.0, np.nan]})
    long = indicator.trend_series(_series(), "E08000010", "E12000002",
                                  ["E12000002", "E08000004", "neighbours"], NAMES, neighbours)
    roles = dict(zip(long["name"], long["role"], strict=False))
    assert roles == {"Wigan": "area", "North West": "region", "England": "england",
                     "Oldham": "comparator",
                     "Neighbours' average (2 areas)": "neighbours"}
    average = long[long["role"] == "neighbours"]
    # 2023 has one of two neighbours: still at least half, so shown
    assert average.set_index("period_label")["value"].to_dict() == {"2022": 61.0, "2023": 70.0}
    assert indicator.period_order(long) == ["2021", "2022", "2023"]


def test_trend_table_has_a_column_per_series_and_the_interval():
    long = indicator.trend_series(_series(), "E08000010", "E12000002", [], NAMES)
    table = indicator.trend_table(long, PCT)
    assert table.columns.tolist() == ["Period", "Wigan", "Wigan 95% confidence interval",
                                      "North West", "England"]
    assert table.iloc[0].tolist() == ["2023", "72.0%", "70.0% to 74.0%", "75.0%", "77.0%"]


def _period_frame():
    return pd.DataFrame({
        "area_code": ["E08000004", "E08000010", "E08000035", "W06000001", "E10000006"],
        "area_name": ["Oldham", "Wigan", "Leeds", "Anglesey", "Cumbria"],
        "area_type": ["lad", "lad", "lad", "lad", "lad"],
        "valid_to": [None, None, None, None, 2022],
        "value": [76.4, 70.0, 74.0, 71.0, 80.0], "lci": np.nan, "uci": np.nan,
        "england_value": 76.0, "status": None, "note": None,
    })


def test_ranking_same_country_current_codes_highest_first():
    ranked = indicator.ranking(_period_frame(), "E08000010", "lad")
    assert ranked["area_code"].tolist() == ["E08000004", "E08000035", "E08000010"]
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert ranked["highlight"].tolist() == [False, False, True]
    text = indicator.ranking_sentence(ranked, PCT, "Wigan", "English local authorities", "2023")
    assert "Wigan is 70.0%, 3rd highest of 3." in text
    assert "England is 76.0%." in text


def test_ranking_type_and_group_names():
    assert indicator.type_group("county") == "English counties"
    assert indicator.type_group("police_force_area") == "police force areas"
    assert indicator.ranking_type({"area_type": "nation"}) == "lad"
    assert indicator.ranking_type({"area_type": "county"}) == "county"
    assert indicator.ranking_type(None, {"police_force_area", "region", "nation"}) == \
        "police_force_area"
    assert indicator.ordinal(1) == "1st" and indicator.ordinal(12) == "12th" \
        and indicator.ordinal(23) == "23rd"


def test_csv_frame_holds_both_charts():
    long = indicator.trend_series(_series(), "E08000010", "E12000002", [], NAMES)
    ranked = indicator.ranking(_period_frame(), "E08000010", "lad")
    frame = indicator.csv_frame(long, ranked, {"indicator_id": "employment-rate",
                                               "title": "Employment rate", "unit": "%",
                                               "source_org": "ONS", "licence": "OGL"})
    assert set(frame["chart"]) == {"trend", "ranking"}
    assert frame.columns[:3].tolist() == ["chart", "role", "area_code"]
    assert (frame["indicator_id"] == "employment-rate").all()
    wigan = frame[(frame["chart"] == "ranking") & (frame["area_code"] == "E08000010")]
    assert wigan["role"].iloc[0] == "area" and wigan["rank"].iloc[0] == 3


def test_trend_sentence():
    long = indicator.trend_series(_series(), "E08000010", None, [], NAMES)
    assert indicator.trend_sentence(long, PCT) == (
        "Line chart over time: Wigan from 70.0% in 2021 to 72.0% in 2023; England from 75.0% "
        "in 2021 to 77.0% in 2023.")


# -- compare -------------------------------------------------------------------------------

def test_compare_matrix_cells_and_sorting():
    latest = pd.DataFrame([
        {"indicator_id": "cc", "area_code": code, "value": value, "lci": np.nan,
         "uci": np.nan, "england_value": 4.0, "period_label": "2025", "comparison": comp,
         "comparison_method": "spread", "title": "Claimant Count",
         "comparison_reason": f"{(comp or 'not compared').title()} than England (4.0%): "
                              "the difference is 1.0 percentage points.",
         "status": None, "note": None, **PCT}
        for code, value, comp in (("A", 6.6, "worse"), ("B", 3.5, "similar"),
                                  ("E92000001", 4.0, None))])
    names = {"A": "Zeta", "B": "Alpha"}
    rows, columns = compare.compare_matrix(latest, ["A", "B", "C"], ["cc"], names)
    assert [r["area_name"] for r in rows] == ["Alpha", "C", "Zeta"]
    assert columns[0]["england_text"] == "4.0%" and columns[0]["period"] == "2025"
    cell = rows[2]["cells"]["cc"]
    assert (cell["value_text"], cell["word"], cell["glyph"]) == ("6.6%", "Worse", "▼")
    assert "1.0 percentage points" in cell["reason"]
    assert rows[1]["cells"]["cc"]["value_text"] == "no data"
    by_value, _ = compare.compare_matrix(latest, ["A", "B", "C"], ["cc"], names, sort="cc",
                                         descending=True)
    assert [r["area_code"] for r in by_value] == ["A", "B", "C"]  # no data last
