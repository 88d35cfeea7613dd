"""Where worklessness clusters and how unequal a place is, on the built store: Gi* hot
spots for Oldham against esda run directly, and the slope index of inequality against a
hand calculation with numpy."""

from __future__ import annotations

import warnings

import esda
import geopandas as gpd
import numpy as np
import pytest
import shapely
from libpysal.weights import Queen, fill_diagonal

from dashboard.methods.stats import hotspots, inequality

OLDHAM = "E08000004"
RATE = "iod-employment-score"
COUNT = "iod-employment-domain-numerator"


def test_oldham_hot_spots_match_esda_run_directly(store):
    ours = store.lsoa_hot_spots(RATE, OLDHAM).set_index("area_code")
    boundaries = store.lsoa_boundaries(OLDHAM)
    frame = gpd.GeoDataFrame({"code": boundaries["area_code"]},
                             geometry=shapely.from_wkb([bytes(b) for b in
                                                        boundaries["geometry"]]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = Queen.from_dataframe(frame, ids="code", use_index=False)
        w = fill_diagonal(w, 1.0)
        w.transform = "r"
        values = store.lsoa_values(RATE, OLDHAM).set_index("area_code")["value"]
        y = values.loc[w.id_order].to_numpy()
        gi = esda.G_Local(y, w, transform="R", permutations=999, star=True,
                          seed=hotspots.SEED, n_jobs=1)
    assert len(ours) == len(y) == 142
    assert ours.loc[w.id_order, "z_score"].to_numpy() == pytest.approx(gi.z_sim)
    clear = gi.p_sim <= esda.fdr(gi.p_sim, 0.05)
    codes = np.array(w.id_order)
    assert set(ours.index[ours["label"] == hotspots.HOT]) == set(codes[clear & (gi.z_sim > 0)])
    assert set(ours.index[ours["label"] == hotspots.COLD]) == set(codes[clear & (gi.z_sim < 0)])
    # Oldham's worklessness clusters: some hot spots and some cold spots, none both.
    assert (ours["label"] == hotspots.HOT).sum() > 0 and (ours["label"] == hotspots.COLD).sum() > 0


def test_oldham_slope_index_matches_a_hand_calculation(store):
    counts = store.lsoa_counts(COUNT, OLDHAM).dropna(subset=["numerator", "imd_decile"])
    by_decile = counts.groupby("imd_decile")[["numerator", "census_aged_16_64"]].sum()
    y = (by_decile["numerator"] / by_decile["census_aged_16_64"]).to_numpy()
    share = (by_decile["census_aged_16_64"] / by_decile["census_aged_16_64"].sum()).to_numpy()
    rank = np.cumsum(share) - share / 2
    # Weighted least squares of y on rank, weights the population shares.
    mean_rank, mean_y = np.sum(share * rank), np.sum(share * y)
    slope = np.sum(share * (rank - mean_rank) * (y - mean_y)) / \
        np.sum(share * (rank - mean_rank) ** 2)
    result = inequality.slope_index(counts.rename(columns={
        "imd_decile": "decile", "census_aged_16_64": "denominator"}))
    assert result.sii == pytest.approx(-slope, rel=1e-9)
    assert result.intercept == pytest.approx(mean_y - slope * mean_rank, rel=1e-9)
    assert result.lower < result.sii < result.upper
    assert result.sii > 0.2  # worklessness is far higher in Oldham's most deprived areas


def test_oldham_funnel_is_drawn_around_oldhams_rate(store):
    from dashboard.methods.stats import funnel

    counts = store.lsoa_counts(COUNT, OLDHAM).dropna(subset=["numerator"])
    points, average = funnel.funnel_points(counts.rename(
        columns={"census_aged_16_64": "denominator"}))
    assert average == pytest.approx(counts["numerator"].sum()
                                    / counts["census_aged_16_64"].sum())
    highest = points.sort_values("proportion").iloc[-1]
    assert highest["outlier"] == funnel.HIGH_998


def _text(component) -> str:
    """Every string in a Dash component tree, joined (what a person reads)."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component)
    if isinstance(component, dict):  # a table's rows in Dash's JSON form (layouts/plain.py)
        return _text(component.get("props", {}).get("children"))
    return _text(getattr(component, "children", None))


def test_neighbourhoods_section_states_oldhams_sii_and_names_its_outliers(store):
    from layouts import neighbourhood_clusters

    counts = store.lsoa_counts(COUNT, OLDHAM).dropna(subset=["numerator"])
    result = inequality.slope_index(counts.rename(columns={
        "imd_decile": "decile", "census_aged_16_64": "denominator"}))
    text = _text(neighbourhood_clusters.clusters_section(store, OLDHAM, RATE))
    assert (f"Slope index of inequality: {100 * result.sii:.1f} percentage points (95% "
            f"confidence interval {100 * result.lower:.1f} to {100 * result.upper:.1f})"
            ) in text
    assert "Oldham has no neighbourhoods in national decile 10" in text
    assert "divided by usual residents aged 16 to 64 (Census 2021)" in text
    highest = counts.assign(rate=counts["numerator"] / counts["census_aged_16_64"]) \
        .sort_values("rate").iloc[-1]
    assert f"{highest['area_name']} {highest['area_code']} {100 * highest['rate']:.1f}%" in text


def test_hot_spot_layer_lists_every_hot_spot_and_needs_a_place(store):
    from layouts import neighbourhood_clusters

    marks, layer = neighbourhood_clusters.hotspot_layer(store, OLDHAM, "iod-employment-rank",
                                                        "on")
    found = store.lsoa_hot_spots(RATE, OLDHAM)
    assert sorted(marks["hot"]) == sorted(found.loc[found["label"] == hotspots.HOT,
                                                    "area_code"])
    text = _text(layer)
    assert "Worked out on the score" in text  # a rank is no value to cluster
    assert all(code in text for code in marks["hot"] + marks["cold"])
    _, england = neighbourhood_clusters.hotspot_layer(store, "E92000001", RATE, "on")
    assert "choose one to see them" in _text(england)
    assert neighbourhood_clusters.hotspot_layer(store, OLDHAM, RATE, "off") == (
        {"hot": [], "cold": []}, [])


def test_section_says_which_rate_it_shows_for_a_measure_without_counts(store):
    from layouts import neighbourhood_clusters

    crime = _text(neighbourhood_clusters.clusters_section(store, OLDHAM, "iod-crime-score"))
    assert "Shown for employment deprivation" in crime
    rank = _text(neighbourhood_clusters.clusters_section(store, OLDHAM, "iod-income-rank"))
    assert "Shown for" not in rank and "Income deprivation rate" in rank
    assert "usual residents of all ages (Census 2021)" in rank
