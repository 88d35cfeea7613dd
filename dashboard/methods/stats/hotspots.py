"""Hot spots and cold spots: Getis-Ord Gi* with a false-discovery-rate correction.

The statistic is PySAL's own (``esda.G_Local``, Getis and Ord 1992, Ord and Getis 1995),
not a re-implementation: Gi* compares the sum of an area's value and its neighbours'
values with what random rearrangements of the same values give. The weights are Queen
contiguity (areas sharing an edge or a corner are neighbours) from ``libpysal``, with
each area counted among its own neighbours (the "star"), row-standardised so every area's
weights sum to 1.

Inference is by conditional permutation: ``PERMUTATIONS`` random rearrangements of the
other areas' values, drawn from a fixed ``SEED`` so the same data give the same answer.
The pseudo p-values (``p_sim``) are one-sided in the direction of the observed value; the
false discovery rate across all the areas tested (``esda.fdr``, Benjamini and Hochberg
1995) at ``ALPHA`` decides which are clear: a hot spot (a cluster of high values) or a cold
spot (a cluster of low values) at 95%.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

PERMUTATIONS = 999
SEED = 20261202
ALPHA = 0.05
HOT = "hot spot"
COLD = "cold spot"
NEITHER = "not a clear cluster"
HOTSPOT_COLUMNS = ["area_code", "value", "neighbours", "z_score", "p_value", "label"]


def queen_weights(codes: Sequence[str], geometries: Sequence[object]):
    """Queen contiguity weights between areas (shapely polygons in ``geometries``, one per
    code), ids the codes. Binary: Gi* adds the self-weight and row-standardises."""
    import geopandas as gpd
    from libpysal.weights import Queen

    if len(codes) != len(geometries):
        raise ValueError(f"{len(codes)} codes but {len(geometries)} geometries")
    if len(set(codes)) != len(codes):
        raise ValueError("area codes must be unique to build contiguity weights")
    frame = gpd.GeoDataFrame({"area_code": list(codes)}, geometry=list(geometries))
    with warnings.catch_warnings():  # islands are reported by the result, not a warning
        warnings.simplefilter("ignore")
        return Queen.from_dataframe(frame, ids="area_code", use_index=False)


def star_weights(weights, codes: Sequence[str]):
    """The weights among ``codes`` only (areas without a value are left out), each area
    its own neighbour, row-standardised: the W that Gi* is run with."""
    from libpysal.weights import fill_diagonal, w_subset

    with warnings.catch_warnings():  # islands (no neighbour with a value) are kept
        warnings.simplefilter("ignore")
        subset = w_subset(weights, list(codes))
        subset.transform = "b"
        starred = fill_diagonal(subset, 1.0)
        starred.transform = "r"
    return starred


def hot_spots(values: pd.DataFrame, weights, permutations: int = PERMUTATIONS,
              seed: int = SEED, alpha: float = ALPHA) -> pd.DataFrame:
    """Getis-Ord Gi* for each area of ``values`` (columns area_code, value) over Queen
    ``weights`` (from queen_weights on the same areas or more): one row per area with a
    value, in the weights' order, with its number of neighbours, the z-score against the
    permutations, the pseudo p-value and the label (hot spot, cold spot or not a clear
    cluster, by the false discovery rate at ``alpha``)."""
    import esda

    present = values.dropna(subset=["value"]).drop_duplicates("area_code")
    known = set(present["area_code"])
    codes = [code for code in weights.id_order if code in known]
    if len(codes) < 3:
        raise ValueError(f"Gi* needs at least 3 areas with a value, got {len(codes)}")
    w = star_weights(weights, codes)
    y = present.set_index("area_code").loc[codes, "value"].to_numpy(dtype=float)
    with warnings.catch_warnings():
        # esda's notice that a later release may make two-sided p-values the default;
        # this one's are one-sided in the observed direction ("directed"), as documented.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"esda\..*")
        gi = esda.G_Local(y, w, transform="R", permutations=permutations, star=True,
                          seed=seed, keep_simulations=True, n_jobs=1)
    labels = classify(gi.z_sim, gi.p_sim, alpha)
    return pd.DataFrame({
        "area_code": codes, "value": y,
        "neighbours": [w.cardinalities[c] - 1 for c in codes],  # less the area itself
        "z_score": gi.z_sim, "p_value": gi.p_sim, "label": labels,
    }, columns=HOTSPOT_COLUMNS)


def classify(z_scores: np.ndarray, p_values: np.ndarray, alpha: float = ALPHA) -> np.ndarray:
    """Hot spot / cold spot / not a clear cluster: clear where the p-value is within the
    false-discovery-rate threshold (``esda.fdr``) at ``alpha``, hot for a positive
    z-score and cold for a negative one."""
    import esda

    z = np.asarray(z_scores, dtype=float)
    p = np.asarray(p_values, dtype=float)
    threshold = esda.fdr(p, alpha)
    clear = p <= threshold
    return np.where(clear & (z > 0), HOT, np.where(clear & (z < 0), COLD, NEITHER))


def fdr_threshold(p_values: np.ndarray, alpha: float = ALPHA) -> float:
    """The largest p-value still clear after the false-discovery-rate correction."""
    import esda

    return float(esda.fdr(np.asarray(p_values, dtype=float), alpha))
