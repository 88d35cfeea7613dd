"""The slope index of inequality (SII) across deprivation deciles, as Fingertips reports
it: PHEindicatormethods ``phe_sii`` (R/SII_function.R, with FindXValues and
SimulationFunc in R/utils.R), after Low and Low (2004).

Each decile (ordered from the most to the least deprived) is placed at the midpoint of
its share of the population in the cumulative distribution (its relative rank, 0 to 1),
and a line is fitted by least squares weighted by population share (the transformed
regression ``y sqrt(a) = c sqrt(a) + s b sqrt(a)``, a the share and b the relative rank).
The SII is the fitted difference across the whole range: here the most deprived minus the
least deprived (phe_sii's ``multiplier = -1``), so a positive SII means the measure is
higher where deprivation is greater.

Its confidence interval is phe_sii's Monte Carlo method: each decile's value is drawn
``repetitions`` times from a normal distribution on the logit scale (proportions,
``value_type = 2``) with the standard error from its 95% Wilson interval, the line refitted
to every draw, and the interval read off the sorted slopes at positions
round(reps x 0.025) and round(reps x 0.975) (for 95%). The draws come from a fixed seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sps

from dashboard.methods.stats.intervals import wilson_ci

REPETITIONS = 100_000
SEED = 20261202
MIN_QUANTILES = 5


@dataclass(frozen=True)
class SlopeIndex:
    """The SII (most minus least deprived, as a proportion) with its interval, and the
    fitted line: value = intercept + slope x relative rank (rank 0 = most deprived)."""

    sii: float
    lower: float
    upper: float
    confidence: float
    intercept: float
    slope: float
    repetitions: int
    deciles: pd.DataFrame  # decile, numerator, denominator, value, lower, upper, share, rank


def relative_ranks(populations: np.ndarray) -> np.ndarray:
    """Each group's midpoint in the cumulative population share (FindXValues)."""
    share = populations / populations.sum()
    return np.cumsum(share) - share / 2


def decile_table(lsoas: pd.DataFrame) -> pd.DataFrame:
    """Sum the areas' numerators and denominators by decile (most deprived first), with
    each decile's proportion and 95% Wilson interval."""
    grouped = (lsoas.groupby("decile", sort=True)[["numerator", "denominator"]].sum()
               .reset_index())
    grouped["value"] = grouped["numerator"] / grouped["denominator"]
    grouped["lower"], grouped["upper"] = wilson_ci(grouped["numerator"],
                                                   grouped["denominator"], 0.95)
    grouped["share"] = grouped["denominator"] / grouped["denominator"].sum()
    grouped["rank"] = relative_ranks(grouped["denominator"].to_numpy(dtype=float))
    return grouped


def _fit(sqrt_a: np.ndarray, b_sqrt_a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least squares without a constant on (sqrt a, b sqrt a); y may hold one column per
    draw. Returns (intercept, slope) rows."""
    m = np.vstack([sqrt_a, b_sqrt_a])
    return np.linalg.solve(m @ m.T, m) @ (y * sqrt_a[:, None] if y.ndim == 2
                                         else y * sqrt_a)


def slope_index(lsoas: pd.DataFrame, confidence: float = 0.95,
                repetitions: int = REPETITIONS, seed: int = SEED) -> SlopeIndex:
    """The SII of a proportion from areas' (decile, numerator, denominator), deciles 1 =
    most deprived. Every decile present needs a population and a count above 0, and at
    least five deciles (phe_sii's rules)."""
    table = decile_table(lsoas)
    if len(table) < MIN_QUANTILES:
        raise ValueError(f"the SII needs at least {MIN_QUANTILES} deciles with people in "
                         f"them; this area has {len(table)}")
    if (table["denominator"] <= 0).any() or (table["numerator"] <= 0).any():
        raise ValueError("every decile needs a population and a count above 0 for the SII")
    if repetitions < 1000:
        raise ValueError("the SII's interval needs at least 1,000 repetitions")
    sqrt_a = np.sqrt(table["share"].to_numpy(dtype=float))
    b_sqrt_a = table["rank"].to_numpy(dtype=float) * sqrt_a
    value = table["value"].to_numpy(dtype=float)
    intercept, slope = _fit(sqrt_a, b_sqrt_a, value)
    logit = np.log(value / (1 - value))
    lo, hi = table["lower"].to_numpy(dtype=float), table["upper"].to_numpy(dtype=float)
    se = (np.log(hi / (1 - hi)) - np.log(lo / (1 - lo))) / sps.norm.ppf(0.975) / 2
    draws = np.random.default_rng(seed).normal(logit[:, None], se[:, None],
                                               size=(len(value), repetitions))
    slopes = np.sort(-_fit(sqrt_a, b_sqrt_a, 1 / (1 + np.exp(-draws)))[1])
    upper_q = confidence + (1 - confidence) / 2
    lower = slopes[round(repetitions * (1 - upper_q)) - 1]
    upper = slopes[round(repetitions * upper_q) - 1]
    return SlopeIndex(float(-slope), float(lower), float(upper), confidence,
                      float(intercept), float(slope), repetitions, table)
