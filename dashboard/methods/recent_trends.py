"""The recent trend of every indicator for every area, at its latest period: the
`trends` table's rows, with polarity and the reason in words.

The test itself is Fingertips' (stats.trend_result); this module runs it over each
area's series and words the result. ``dashboard/store/derived/judgements.py`` runs it at
build time and after every load; docs/methods.md says when each method applies.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from dashboard.methods import stats

TREND_COLUMNS = ["indicator_id", "area_code", "period_start", "period_duration", "direction",
                 "trend", "method", "statistic", "p_value", "slope", "n_points",
                 "first_period", "last_period", "reason"]


def trends(observations: pd.DataFrame) -> pd.DataFrame:
    """The recent trend (stats.trend_result, Fingertips' method) of every indicator for
    every area, at its latest period, with polarity and the reason. ``observations`` holds
    indicator_id, area_code, polarity, period_start (dates), period_duration,
    period_label, value, lci, uci, numerator, denominator, status."""
    ordered = observations.sort_values(["indicator_id", "area_code", "period_start"],
                                       kind="stable")
    rows = []
    arrays = {c: ordered[c].to_numpy() for c in ordered.columns}
    keys = list(zip(arrays["indicator_id"], arrays["area_code"], strict=True))
    bounds = [0] + [i for i in range(1, len(keys)) if keys[i] != keys[i - 1]] + [len(keys)]
    testable = ~(pd.isna(arrays["lci"]) & pd.isna(arrays["numerator"]))
    for start, end in itertools.pairwise(bounds):
        if not testable[start:end].any():
            # No point has an interval or counts, so the run stops at the latest point
            # whatever came before: it alone gives the same result, far quicker.
            start = end - 1
        part = {c: a[start:end] for c, a in arrays.items()}
        rows.append(_trend_row(part))
    return pd.DataFrame(rows, columns=TREND_COLUMNS)


@functools.lru_cache(maxsize=4096)
def _explain_trend(trend: str, n_points: int, first: str | None, last: str | None,
                   method: str, why: str | None, broken: str | None, stable: bool,
                   over_threshold: bool) -> str:
    """stats.explain_trend, remembered: most of 25,000 series share a handful of
    sentences ("no interval is published for 2025")."""
    chi_square = stats.FINGERTIPS_CHI_SQUARE + 1 if over_threshold else 0.0
    return stats.explain_trend(trend, n_points, first, last, method, why=why,
                               broken_label=broken, stable=stable, chi_square=chi_square)


# stats.trend_with_polarity for one value (its array handling costs more than the test)
_WITH_POLARITY = {(stats.INCREASING, stats.HIGHER_IS_BETTER): stats.GETTING_BETTER,
                  (stats.DECREASING, stats.LOWER_IS_BETTER): stats.GETTING_BETTER,
                  (stats.INCREASING, stats.LOWER_IS_BETTER): stats.GETTING_WORSE,
                  (stats.DECREASING, stats.HIGHER_IS_BETTER): stats.GETTING_WORSE}


def _trend_row(part: Mapping[str, np.ndarray]) -> dict[str, Any]:
    with_value = np.flatnonzero(~np.isnan(part["value"].astype(float)))
    latest = with_value[-1] if len(with_value) else len(part["value"]) - 1
    result = stats.trend_result(
        list(part["period_start"]), part["value"], part["lci"], part["uci"],
        part["numerator"], part["denominator"], durations=part["period_duration"],
        statuses=part["status"])
    labels = dict(zip(part["period_start"], part["period_label"], strict=True))
    polarity = part["polarity"][0] or stats.NO_JUDGEMENT
    trend = _WITH_POLARITY.get((result.direction, polarity), result.direction)
    reason = _explain_trend(
        trend, result.n_points, labels.get(result.first_period),
        labels.get(result.last_period), result.method, result.why,
        labels.get(result.broken_at), result.stable,
        result.chi_square > stats.FINGERTIPS_CHI_SQUARE)
    return {"indicator_id": part["indicator_id"][0], "area_code": part["area_code"][0],
            "period_start": part["period_start"][latest],
            "period_duration": part["period_duration"][latest],
            "direction": result.direction, "trend": trend, "method": result.method,
            "statistic": _finite(result.chi_square), "p_value": _finite(result.p_value),
            "slope": _finite(result.slope), "n_points": result.n_points,
            "first_period": labels.get(result.first_period),
            "last_period": labels.get(result.last_period), "reason": reason}


def _finite(x: float) -> float | None:
    return float(x) if x is not None and math.isfinite(x) else None
