"""Pure map helpers: classification, legend text, colours by polarity, summaries, wards,
geometry payloads."""

from __future__ import annotations

import math
import warnings

import mapclassify
import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.figures.maps import scatter_selection
from dashboard.views import geometry
from dashboard.views import maps as mapping

PCT = {"decimals": 1, "prefix": "", "suffix": "%", "scale": 1}


# --- classification -------------------------------------------------------------------------

def test_quantiles_put_equal_numbers_in_each_class_and_keep_missing_out():
    values = [float(v) for v in range(1, 21)] + [math.nan]
    result = mapping.classify(values, "quantiles", 5)
    assert np.allclose(result.bins, mapclassify.Quantiles(np.arange(1, 21), k=5).bins)
    assert result.counts() == [4, 4, 4, 4, 4]
    assert result.classes[-1] == -1
    assert result.classes[0] == 0 and result.classes[19] == 4


def test_natural_breaks_match_mapclassify_fisher_jenks():
    rng = np.random.default_rng(7)
    values = np.concatenate([rng.normal(2, 0.3, 40), rng.normal(6, 0.5, 40),
                             rng.normal(12, 1, 30)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "numba not installed": fine for 110 values
        expected = mapclassify.FisherJenks(values, k=4).bins
    assert np.allclose(mapping.fisher_jenks_breaks(values, 4), expected)
    result = mapping.classify(values, "natural", 4)
    assert np.allclose(result.bins, expected)


def test_natural_breaks_on_large_data_use_real_values():
    rng = np.random.default_rng(1)
    values = np.round(rng.gamma(2, 200, 20_000))
    bins = mapping.fisher_jenks_breaks(values, 5)
    assert len(bins) == 5 and bins == sorted(bins)
    assert set(bins) <= set(values)


def test_equal_intervals_and_national_quintiles():
    values = [0.0, 1.0, 2.0, 3.0, 10.0]
    assert mapping.classify(values, "equal", 5).bins == (2.0, 4.0, 6.0, 8.0, 10.0)
    national = np.arange(1, 101, dtype=float)
    local = [3.0, 50.0, 99.0]
    result = mapping.classify(local, "national", 5, national=national)
    assert np.allclose(result.bins, (20.8, 40.6, 60.4, 80.2, 100.0))
    assert list(result.classes) == [0, 2, 4]


def test_deciles_always_use_pairs_and_integer_ranges_do_not_overlap():
    result = mapping.classify([1, 2, 3, 10, 7], "quantiles", value_type="decile")
    assert result.bins == (2.0, 4.0, 6.0, 8.0, 10.0)
    assert result.ranges() == [(1.0, 2.0), (3, 4.0), (5, 6.0), (7, 8.0), (9, 10.0)]
    assert list(result.classes) == [0, 0, 1, 4, 3]


def test_unknown_scheme_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="quantiles"):
        mapping.classify([1, 2, 3], "jenks")


# --- colours and legend ---------------------------------------------------------------------

def test_darker_means_worse_by_polarity():
    light, dark = mapping.BLUES[5][0], mapping.BLUES[5][-1]
    lower_better = mapping.class_colours(5, "lower_is_better")
    higher_better = mapping.class_colours(5, "higher_is_better")
    no_judgement = mapping.class_colours(5, "no_judgement")
    assert lower_better[0] == light and lower_better[-1] == dark      # high value = dark
    assert higher_better[0] == dark and higher_better[-1] == light    # low value = dark
    assert no_judgement == lower_better                               # darker = higher
    assert "worse" in mapping.direction_text("higher_is_better")
    assert "higher values" in mapping.direction_text("no_judgement")


def test_legend_text_gives_ranges_units_counts_and_names_missing_areas():
    values = [1.0, 2.0, 3.0, 4.0, math.nan, math.nan]
    status = mapping.area_status(values, [None, None, None, None, "c", None],
                                 [None, None, None, None, None, None])
    assert list(status) == ["ok"] * 4 + ["suppressed", "missing"]
    result = mapping.classify(values, "quantiles", 2)
    colours = mapping.class_colours(result.k, "lower_is_better")
    names = ["A", "B", "C", "D", "Rutland", "Isles of Scilly"]
    entries = mapping.legend_entries(result, colours, PCT, status, names)
    texts = [mapping.legend_text(e) for e in entries]
    assert texts == ["1.0% to 2.5% (2 areas)", "2.5% to 4.0% (2 areas)",
                     "No data (1 area: Isles of Scilly)", "Suppressed (1 area: Rutland)"]
    assert mapping.class_codes(result, status) == "0011s-"


def test_display_format_shows_iod_rates_as_percentages():
    fmt = mapping.display_format({"value_type": "proportion", "decimals": 3})
    assert mapping.format_display(0.259, fmt) == "25.9%"
    rank = mapping.display_format({"value_type": "rank", "decimals": 0})
    assert mapping.format_display(3264, rank) == "3,264"
    money = mapping.display_format({"unit": "£", "decimals": 0, "value_type": "currency"})
    assert mapping.format_display(590.4, money) == "£590"
    assert mapping.format_display(None, fmt) == "no data"


def test_compact_values_and_decile_codes():
    assert mapping.compact_values([0.1234567891, math.nan, 3.0]) == [0.123457, None, 3.0]
    assert mapping.decile_codes([1, 10, math.nan, 5]) == "10-5"


def test_comparison_notes_read_the_stored_comparison_and_name_the_benchmark():
    aligned = pd.DataFrame({"comparison": ["worse", "similar", None, "not_compared"],
                            "comparison_method": ["spread", "ci", None, "none"],
                            "benchmark_name": ["England", "North West", None, "England"],
                            "benchmark_value": [4.0, 73.8, None, None]})
    fmt = {"decimals": 1, "suffix": "%", "prefix": ""}
    notes = mapping.comparison_notes(aligned, fmt, "99.8")
    assert notes[0].startswith("Worse than England (4.0") and notes[0].endswith("spread rule)")
    assert notes[1].startswith("Similar to North West (73.8") and notes[1].endswith("99.8%)")
    assert notes[2] is None and notes[3] == "Not compared with England"


# --- neighbourhoods -------------------------------------------------------------------------

def test_place_sentence_and_ordinals():
    assert [mapping.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 112)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "112th"]
    assert mapping.place_sentence(12, 142, "employment", "Oldham") == \
        "12th most employment-deprived of 142 LSOAs in Oldham"
    assert mapping.measure_domain("iod-housing-and-services-rank") == "housing-and-services"
    assert mapping.measure_domain("iod-employment-domain-numerator") is None


def test_ward_aggregation_sums_counts_and_averages_rates_approximately():
    lsoas = pd.DataFrame({
        "area_code": ["a", "b", "c", "d"], "ward_code": ["W1", "W1", "W1", "W2"],
        "ward_name": ["North", "North", "North", "South"],
        "value": [0.10, 0.20, 0.60, 0.05], "numerator": [100.0, 50.0, math.nan, 5.0]})
    rates = mapping.aggregate_wards(lsoas, "proportion").set_index("ward_code")
    assert rates.loc["W1", "lsoas"] == 3
    assert rates.loc["W1", "value"] == pytest.approx(0.3)
    assert rates.loc["W1", "median"] == pytest.approx(0.2)
    assert rates.loc["W1", "people"] == 150 and rates.loc["W1", "people_suppressed"] == 1
    assert bool(rates.loc["W1", "approximate"]) is True
    assert "approximate" in rates.loc["W1", "note"]
    counts = mapping.aggregate_wards(lsoas.assign(value=lsoas["numerator"]), "count")
    counts = counts.set_index("ward_code")
    assert counts.loc["W1", "value"] == 150 and counts.loc["W2", "value"] == 5
    assert counts.loc["W1", "note"].startswith("at least")
    assert bool(counts.loc["W2", "approximate"]) is False


def test_worklessness_summary_counts_shares_people_and_concentration():
    deciles = [1, 1, 2, 3, 10, 1]
    people = [100.0, 50.0, 40.0, 10.0, math.nan, 0.0]
    summary = mapping.worklessness_summary(deciles, people)
    assert (summary.lsoas, summary.decile_1, summary.decile_1_2) == (6, 3, 4)
    assert summary.share_decile_1 == pytest.approx(0.5)
    assert summary.people == 200 and summary.people_in_decile_1 == 150
    assert summary.concentration == pytest.approx(0.75)
    assert summary.suppressed_counts == 1
    lines = mapping.summary_sentences(summary, "Testham")
    assert lines[0].startswith("3 of 6 LSOAs in Testham (50.0%)")
    assert "rounded to the nearest 5" in lines[1]
    assert "1 LSOA counts are suppressed" in lines[-1]


def test_scatter_selection_indexes_points_per_rural_urban_trace():
    rows = [{"area_code": code, "ruc_name": name} for code, name in zip("abc", [
        "Urban: Nearer to a major town or city",
        "Smaller rural: Further from a major town or city",
        "Urban: Nearer to a major town or city"], strict=True)]
    assert scatter_selection(rows, ["c", "b"]) == [[1], [0]]
    assert scatter_selection(rows, []) == [None, None]


# --- geometry payloads ----------------------------------------------------------------------

def test_geometry_payload_round_trips_rings_holes_and_multipolygons():
    square = shapely.Polygon([(0, 0), (0, 1), (1, 1), (1, 0)],
                             holes=[[(0.4, 0.4), (0.4, 0.6), (0.6, 0.6), (0.6, 0.4)]])
    islands = shapely.MultiPolygon([shapely.box(2, 0, 3, 1), shapely.box(4, 0, 5, 1)])
    raw = geometry.encode(np.array([square, islands]), ["A", "B"], ["Alpha", "Beta"],
                          "test", "E92000001")
    decoded = geometry.decode(raw)
    assert decoded["header"]["codes"] == ["A", "B"]
    assert decoded["header"]["names"] == ["Alpha", "Beta"]
    assert list(decoded["ring_start"]) == [0, 2, 4]
    assert decoded["header"]["n_points"] == 5 * 4
    assert np.allclose(decoded["lonlat"][:5], shapely.get_coordinates(square.exterior),
                       atol=1e-4)


def test_dissolve_merges_neighbours_by_group():
    geoms = np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(5, 5, 6, 6)])
    keys, merged = geometry.dissolve(geoms, ["W1", "W1", "W2"])
    assert keys == ["W1", "W2"]
    assert merged[0].area == pytest.approx(2.0)
    assert merged[0].geom_type == "Polygon"
