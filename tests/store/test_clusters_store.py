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
