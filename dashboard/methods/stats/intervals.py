"""Confidence intervals: Wilson for proportions, Byar's and exact Poisson limits for crude
rates (APHO/PHE "Technical Guide: Confidence Intervals"), and published limits rescaled to
another confidence level.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

from dashboard.methods.stats.inputs import _as_float, _check_confidence, _z


def wilson_ci(
    numerator: ArrayLike, denominator: ArrayLike, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score confidence interval for a proportion, as proportions (0-1).

    Uses ``statsmodels.stats.proportion.proportion_confint(method="wilson")`` (Wilson 1927;
    Newcombe 1998 method 3), the method in the APHO/PHE technical guide. Zero counts give a
    lower limit of exactly 0 and ``numerator == denominator`` an upper limit of exactly 1.

    Returns NaN limits where the numerator or denominator is missing, the denominator is 0 or
    negative, the numerator is negative, or the numerator exceeds the denominator.
    """
    _check_confidence(confidence)
    num, den = np.broadcast_arrays(_as_float(numerator), _as_float(denominator))
    lower = np.full(num.shape, np.nan)
    upper = np.full(num.shape, np.nan)
    ok = np.isfinite(num) & np.isfinite(den) & (den > 0) & (num >= 0) & (num <= den)
    if ok.any():
        lo, hi = proportion_confint(num[ok], den[ok], alpha=1 - confidence, method="wilson")
        lower[ok] = np.clip(lo, 0.0, 1.0)
        upper[ok] = np.clip(hi, 0.0, 1.0)
        # Pin the boundary cases exactly (floating point can leave 1e-17 residues).
        lower[ok & (num == 0)] = 0.0
        upper[ok & (num == den)] = 1.0
    return lower, upper


def byars_ci(
    count: ArrayLike,
    denominator: ArrayLike,
    multiplier: float = 100_000,
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Confidence interval for a crude rate ``count / denominator * multiplier``.

    Following the APHO/PHE "Technical Guide: Confidence Intervals":

    * count >= 10: Byar's approximation to the Poisson limits (Breslow & Day 1987)::

        lower = O * (1 - 1/(9 O) - z / (3 sqrt(O)))^3
        upper = (O + 1) * (1 - 1/(9 (O + 1)) + z / (3 sqrt(O + 1)))^3

    * count < 10: exact Poisson limits from the chi-square distribution (Ulm 1990)::

        lower = chi2.ppf(alpha/2, 2 O) / 2         (0 when O = 0)
        upper = chi2.ppf(1 - alpha/2, 2 O + 2) / 2

    Byar's formula is written out by hand because neither scipy nor statsmodels implements it;
    the exact limits use ``scipy.stats.chi2.ppf``. Missing counts or denominators, a
    denominator <= 0 and negative counts give NaN.
    """
    z = _z(confidence)
    alpha = 1 - confidence
    obs, den = np.broadcast_arrays(_as_float(count), _as_float(denominator))
    lower = np.full(obs.shape, np.nan)
    upper = np.full(obs.shape, np.nan)
    ok = np.isfinite(obs) & np.isfinite(den) & (den > 0) & (obs >= 0)

    byars = ok & (obs >= 10)
    o = obs[byars]
    lower[byars] = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
    o1 = o + 1
    upper[byars] = o1 * (1 - 1 / (9 * o1) + z / (3 * np.sqrt(o1))) ** 3

    exact = ok & (obs < 10)
    o = obs[exact]
    exact_lower = np.zeros_like(o)  # a count of 0 has lower limit 0
    positive = o > 0
    exact_lower[positive] = sps.chi2.ppf(alpha / 2, 2 * o[positive]) / 2
    lower[exact] = exact_lower
    upper[exact] = sps.chi2.ppf(1 - alpha / 2, 2 * o + 2) / 2

    scale = np.where(ok, multiplier / np.where(ok, den, 1.0), np.nan)
    return lower * scale, upper * scale



def rescale_interval(value: ArrayLike, lci: ArrayLike, uci: ArrayLike,
                     to_level: float = 0.998, from_level: float = 0.95
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Limits at ``to_level`` from published limits at ``from_level``, each side scaled by
    z(to) / z(from) (3.090 / 1.960 = 1.577 for 99.8% from 95%).

    The normal approximation behind most published survey intervals (ONS's APS and ASHE
    estimates publish 95% limits only); keeping each side's own width keeps an asymmetric
    interval asymmetric. Where counts are published, compute exact limits instead
    (:func:`wilson_ci`, :func:`byars_ci`). NaN where any input is missing.
    """
    k = _z(to_level) / _z(from_level)
    v, lo, hi = np.broadcast_arrays(_as_float(value), _as_float(lci), _as_float(uci))
    return v - (v - lo) * k, v + (hi - v) * k
