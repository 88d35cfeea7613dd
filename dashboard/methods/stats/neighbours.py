"""Bands and neighbours: areas split into equal-count quantile bands (quintiles), and
statistical neighbours: the areas nearest on standardised contextual indicators.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats as sps

from dashboard.methods.stats.inputs import _as_float
from dashboard.methods.stats.vocabulary import HIGHER_IS_BETTER, MIN_AREAS, POLARITIES


def quantile_bands(values: ArrayLike, n: int = 5, polarity: str = HIGHER_IS_BETTER) -> np.ndarray:
    """Split areas into ``n`` equal-count bands (quintiles by default).

    Band 1 is the best band for the polarity: the highest values for ``higher_is_better``, the
    lowest for ``lower_is_better``; for ``no_judgement`` band 1 holds the lowest values.
    Bands come from ranks: an area ranked r of m (rank 1 = first in band order) is in band
    ``floor((r - 1) n / m) + 1``. Tied values share the rank of the first of them
    (``scipy.stats.rankdata(method="min")``) and so share a band.

    Returns an object array of ints 1..n, with ``None`` for missing values; all ``None`` if
    fewer than five areas, or fewer areas than bands, have values (as OHID's reference
    returns no quantiles then).
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n!r}")
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}; expected one of {', '.join(POLARITIES)}")
    v = _as_float(values).reshape(-1)
    out = np.full(v.shape, None, dtype=object)
    present = np.isfinite(v)
    m = int(present.sum())
    if m < max(MIN_AREAS, n):
        return out
    key = -v[present] if polarity == HIGHER_IS_BETTER else v[present]
    ranks = sps.rankdata(key, method="min").astype(np.int64)
    bands = (ranks - 1) * n // m + 1
    out[present] = [int(b) for b in bands]
    return out


def _standardised(features: pd.DataFrame) -> pd.DataFrame:
    """Checked features as z-scores (population SD), dropping empty and constant columns."""
    if features.index.duplicated().any():
        dupes = features.index[features.index.duplicated()].unique().tolist()
        raise ValueError(f"duplicate area codes in neighbour features: {dupes[:5]}")
    non_numeric = [c for c in features.columns if not pd.api.types.is_numeric_dtype(features[c])]
    if non_numeric:
        raise TypeError(f"neighbour features must be numeric; non-numeric columns: {non_numeric}")
    data = pd.DataFrame(features.to_numpy(dtype=float, na_value=np.nan),
                        index=features.index.astype(str), columns=features.columns)
    sd = data.std(ddof=0, skipna=True)
    data = data.loc[:, data.notna().any() & (sd > 0)]
    return (data - data.mean(skipna=True)) / sd[data.columns]


def neighbour_distances(features: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Pairwise distances between areas on standardised features, missing values ignored.

    Each pair is compared on the features both have, and the squared distance is scaled
    up by (features / features shared), as scikit-learn's ``nan_euclidean_distances``
    does: a missing value neither adds nor removes distance on average, where filling it
    with the mean would pull an area towards the middle. Returns (distance matrix,
    shared-feature counts, column names); the distance is NaN where a pair shares fewer
    than half the features.
    """
    z = _standardised(features)
    values = z.to_numpy()
    present = np.isfinite(values)
    filled = np.where(present, values, 0.0)
    both = present.astype(float)
    shared = both @ both.T
    # sum over shared features of (a - b)^2 = a^2.b + a.b^2 - 2ab, each restricted to both
    squares = filled**2
    total = squares @ both.T + both @ squares.T - 2 * filled @ filled.T
    n_features = values.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = np.sqrt(np.clip(total, 0, None) * n_features / shared)
    distance[shared * 2 < n_features] = np.nan
    return distance, shared.astype(int), list(z.columns)


def nearest_neighbours(features: pd.DataFrame, area: str, k: int = 15) -> pd.DataFrame:
    """The ``k`` areas most similar to ``area`` on the given contextual indicators.

    ``features`` is indexed by area code with one numeric column per indicator; each is
    standardised to a z-score across areas (empty and constant columns dropped) and the
    distance is Euclidean on the features both areas have (:func:`neighbour_distances`).
    ``similarity`` is 1 - distance / sqrt(2 x features), floored at 0: 1 for an identical
    profile, about 0 for two areas as different as a typical random pair (each z-score
    difference then has variance 2).

    Returns columns ``area_code``, ``distance``, ``similarity``, ``shared`` (features
    compared), ``rank`` (1 = nearest), nearest first; ties in distance are ordered by area
    code. Raises KeyError if ``area`` is not in ``features`` and ValueError if the target
    has no feature values.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k!r}")
    if area not in features.index:
        raise KeyError(
            f"area {area!r} is not among the {len(features)} areas with neighbour features; "
            "check the area code and that features exist for its area type"
        )
    distance, shared, columns = neighbour_distances(features)
    codes = features.index.astype(str)
    row = list(codes).index(area)
    if not columns or shared[row, row] == 0:
        raise ValueError(f"area {area!r} has no values for any neighbour feature")
    result = pd.DataFrame({"area_code": codes, "distance": distance[row],
                           "shared": shared[row]})
    result = result[(result["area_code"] != area) & result["distance"].notna()]
    result = result.sort_values(["distance", "area_code"], kind="stable").head(k)
    result = result.reset_index(drop=True)
    result["similarity"] = np.clip(1 - result["distance"] / math.sqrt(2 * len(columns)), 0, 1)
    result["rank"] = np.arange(1, len(result) + 1)
    return result[["area_code", "distance", "similarity", "shared", "rank"]]
