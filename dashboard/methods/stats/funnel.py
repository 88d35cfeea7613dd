"""Funnel plots for proportions, as PHE/OHID Fingertips draw them.

The control limits follow PHEindicatormethods (``phe_funnels`` and
``phe_funnel_significance``, R/Funnels.R, "sigma_adjustment"): for a denominator n and
the average proportion p of all the areas plotted (the sum of their numerators over the
sum of their denominators), each limit is the proportion whose Wilson score interval at
that level just reaches p. The 95% limits use the 0.975 quantile of the normal
distribution, the 99.8% limits the 0.999 quantile (the "2 sigma" and "3 sigma" limits).
Written here because neither scipy nor statsmodels has it; the formula is PHE's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats as sps

LEVELS = {"95": 0.975, "99.8": 0.999}
HIGH_998, HIGH_95 = "High (99.8%)", "High (95%)"
LOW_998, LOW_95 = "Low (99.8%)", "Low (95%)"
WITHIN = "Within the limits"


def funnel_limit(denominator: ArrayLike, average: float, quantile: float,
                 side: str) -> np.ndarray:
    """The lower (``side='low'``) or upper (``'high'``) control limit, as a proportion,
    for each denominator around the average proportion, at a normal ``quantile`` (0.975
    for 95%, 0.999 for 99.8%)."""
    n = np.asarray(denominator, dtype=float)
    if not 0 <= average <= 1:
        raise ValueError(f"the average proportion must be between 0 and 1, got {average}")
    z2 = sps.norm.ppf(quantile) ** 2
    first = average * (n / z2 + 1)
    root = np.sqrt((-8 * average * (n / z2 + 1)) ** 2
                   - 64 * (1 / z2 + 1 / n) * average
                   * (n * (average * (n / z2 + 2) - 1) + z2 * (average - 1)))
    last = 1 / z2 + 1 / n
    sign = {"low": -1.0, "high": 1.0}[side]
    limit = (first + sign * root / 8) / last / n
    return np.clip(limit, 0.0, 1.0)


def funnel_points(frame: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """Each area of ``frame`` (numerator, denominator) with its proportion, its four
    limits and where it falls (PHE's phe_funnel_significance, in words), and the average
    proportion of all of them (the line the funnel is drawn around)."""
    x = frame["numerator"].to_numpy(dtype=float)
    n = frame["denominator"].to_numpy(dtype=float)
    if len(x) == 0:
        raise ValueError("a funnel plot needs at least one area")
    if (x < 0).any() or (n <= 0).any() or (x > n).any():
        raise ValueError("numerators must be 0 or more and no more than their denominators, "
                         "which must be more than 0")
    average = float(x.sum() / n.sum())
    out = frame.copy()
    out["proportion"] = x / n
    for level, quantile in LEVELS.items():
        out[f"lower_{level}"] = funnel_limit(n, average, quantile, "low")
        out[f"upper_{level}"] = funnel_limit(n, average, quantile, "high")
    p = out["proportion"]
    out["outlier"] = np.select(
        [p < out["lower_99.8"], p < out["lower_95"], p > out["upper_99.8"],
         p > out["upper_95"]], [LOW_998, LOW_95, HIGH_998, HIGH_95], WITHIN)
    return out, average


def funnel_curve(min_denominator: float, max_denominator: float, average: float,
                 points: int = 100) -> pd.DataFrame:
    """The limits along the denominator axis for drawing (``points`` steps spaced
    geometrically, as phe_funnels does, from 1 or the smallest denominator up)."""
    start = 1.0 if max_denominator > 2 * min_denominator else max(1.0, 0.95 * min_denominator)
    n = np.unique(np.round(np.geomspace(start, 1.05 * max_denominator, points)))
    curve = pd.DataFrame({"denominator": n})
    for level, quantile in LEVELS.items():
        curve[f"lower_{level}"] = funnel_limit(n, average, quantile, "low")
        curve[f"upper_{level}"] = funnel_limit(n, average, quantile, "high")
    curve["average"] = average
    return curve
