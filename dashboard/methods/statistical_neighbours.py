"""Statistical neighbours: the areas most like each one, by socio-economic context.

Which contextual indicators are features (`NEIGHBOUR_FEATURES`, `neighbour_features`)
and the `neighbours` table of every area's nearest neighbours within its comparator group
(`neighbour_table`); the distance itself is stats.neighbour_distances.
``dashboard/store/derived/judgements.py`` builds the table; neighbours are then one of the
benchmarks (dashboard/methods/judgements.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard.methods import stats

NEIGHBOURS_K = 15
# Contextual indicators that define statistical neighbours: socio-economic context, in the
# spirit of CIPFA's nearest neighbours. Outcomes a partnership sets targets on (economic
# inactivity, employment, claimants) are left out, and male and female healthy life
# expectancy (r = 0.99) are one feature, so no theme counts twice.
NEIGHBOUR_FEATURES = {
    "gross-disposable-household-income": "household income",
    "gross-median-weekly-pay": "pay",
    "housing-affordability-ratio-residence-based": "housing affordability",
    "level-3-or-above-qualifications-great-britain": "level 3 qualifications",
    "no-qualifications": "no qualifications",
    "healthy-life-expectancy": "healthy life expectancy",
    "iod-lad-imd-average-score": "deprivation (IoD 2025)",
}
COMBINED_FEATURES = {"healthy-life-expectancy": ("male-healthy-life-expectancy",
                                                 "female-healthy-life-expectancy")}
NEIGHBOUR_METHOD = ("Nearest neighbours by Euclidean distance on standardised contextual "
                    "indicators (" + ", ".join(NEIGHBOUR_FEATURES.values()) + "), compared "
                    "on the features both areas have")

NEIGHBOUR_COLUMNS = ["area_code", "neighbour_code", "rank", "distance", "similarity",
                     "shared", "n_features", "method"]


def neighbour_features(latest: pd.DataFrame) -> pd.DataFrame:
    """Wide table (index area_code) of the neighbour features from long latest values
    (indicator_id, area_code, value), combined features averaged."""
    wide = latest.pivot_table(index="area_code", columns="indicator_id", values="value")
    for name, parts in COMBINED_FEATURES.items():
        present = [p for p in parts if p in wide.columns]
        if present:
            wide[name] = wide[present].mean(axis=1)
    return wide.reindex(columns=list(NEIGHBOUR_FEATURES))


def neighbour_table(features: pd.DataFrame, groups: Mapping[str, list[str]],
                    k: int = NEIGHBOURS_K) -> pd.DataFrame:
    """The k nearest neighbours of every area, within its comparator group (areas of the
    same kind), by stats.neighbour_distances; one row per (area, neighbour)."""
    parts = []
    for codes in groups.values():
        pool = features.reindex([c for c in codes if c in features.index])
        pool = pool[pool.notna().any(axis=1)]
        if len(pool) < 2:
            continue
        distance, shared, columns = stats.neighbour_distances(pool)
        index = pool.index.to_numpy()
        scale = math.sqrt(2 * max(len(columns), 1))
        for row, code in enumerate(index):
            order = np.lexsort((index.astype(str), distance[row]))
            order = [j for j in order if j != row and np.isfinite(distance[row, j])][:k]
            parts.append(pd.DataFrame({
                "area_code": code, "neighbour_code": index[order],
                "rank": np.arange(1, len(order) + 1), "distance": distance[row, order],
                "similarity": np.clip(1 - distance[row, order] / scale, 0, 1),
                "shared": shared[row, order], "n_features": len(columns),
                "method": NEIGHBOUR_METHOD}))
    if not parts:
        return pd.DataFrame(columns=NEIGHBOUR_COLUMNS)
    return pd.concat(parts, ignore_index=True)[NEIGHBOUR_COLUMNS]
