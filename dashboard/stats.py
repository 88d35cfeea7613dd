"""Statistical methods behind Placeboard's comparisons, trends and neighbours.

Every function here is pure: arrays (numpy arrays, pandas Series or lists) go in, arrays or
plain values come out, nothing is read from or written to the store. Label functions return a
plain ``str`` (or ``bool``) when every input is a scalar and a numpy ``object`` array of the
broadcast shape otherwise.

Methods follow the Public Health England / OHID Fingertips conventions ("Technical Guide:
Confidence Intervals", APHO; Fingertips "benchmarking" and "recent trends" guides) and, for
series published without confidence intervals, ONS Explore Local Statistics (difference from
the benchmark compared with 1.4826 x the median absolute deviation across areas).

Polarity strings are exactly ``higher_is_better``, ``lower_is_better`` and ``no_judgement``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats as sps
from statsmodels.regression.linear_model import OLS, WLS
from statsmodels.stats.proportion import proportion_confint

# --- vocabulary -----------------------------------------------------------------------------

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
NO_JUDGEMENT = "no_judgement"
POLARITIES = (HIGHER_IS_BETTER, LOWER_IS_BETTER, NO_JUDGEMENT)

BETTER = "better"
SIMILAR = "similar"
WORSE = "worse"
HIGHER = "higher"
LOWER = "lower"
NOT_COMPARED = "not_compared"

INCREASING = "increasing"
DECREASING = "decreasing"
NO_SIGNIFICANT_CHANGE = "no_significant_change"
CANNOT_BE_CALCULATED = "cannot_be_calculated"
GETTING_BETTER = "getting_better"
GETTING_WORSE = "getting_worse"

IMPROVED = "improved"
WORSENED = "worsened"
NO_CHANGE = "no_change"
UP = "up"
DOWN = "down"

METHOD_CHI_SQUARE = "chi_square_trend"
METHOD_WLS = "weighted_least_squares"
METHOD_OLS = "ordinary_least_squares"
METHOD_NONE = "none"

# ONS Explore Local Statistics multiplier, as shown in explanations. It is 1 / Phi^-1(3/4), which
# makes the median absolute deviation estimate the standard deviation for normal data; the
# calculation itself uses scipy's unrounded value (1.482602...).
MAD_MULTIPLIER = 1.4826

TREND_POINTS = 5
TREND_CONFIDENCE = 0.998
MIN_AREAS = 5


# --- input helpers --------------------------------------------------------------------------


def _as_float(x: Any) -> np.ndarray:
    """Convert numbers, lists, Series or nullable arrays to a float array, missing -> NaN."""
    if isinstance(x, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        return np.asarray(x.to_numpy(dtype=float, na_value=np.nan))
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        # Lists holding pd.NA (or similar) cannot be cast directly.
        obj = np.asarray(x, dtype=object)
        flat = obj.reshape(-1)
        out = np.full(flat.shape, np.nan)
        present = ~pd.isna(flat)
        out[present] = flat[present].astype(float)
        return out.reshape(obj.shape)


def _as_object(x: Any) -> np.ndarray:
    if isinstance(x, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        return np.asarray(x.to_numpy(dtype=object))
    return np.asarray(x, dtype=object)


def _all_scalar(*args: Any) -> bool:
    return all(np.ndim(a) == 0 for a in args)


def _finish(labels: np.ndarray, scalar: bool) -> Any:
    return labels.item() if scalar else labels


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}")


def _z(confidence: float) -> float:
    """Two-sided standard normal critical value, e.g. 1.959964 for 0.95."""
    _check_confidence(confidence)
    return float(sps.norm.ppf(1 - (1 - confidence) / 2))


def _as_labels(values: Any, allowed: tuple[str, ...], what: str) -> np.ndarray:
    """Labels as a numpy str array, raising ValueError for anything not in ``allowed``."""
    if isinstance(values, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        values = values.to_numpy(dtype=object)
    labels = np.asarray(values)
    if labels.dtype.kind != "U":
        # Casting to str turns None/NaN into "None"/"nan", which are then rejected.
        labels = labels.astype(object).astype(str)
    ok = np.zeros(labels.shape, dtype=bool)
    for label in allowed:
        ok |= labels == label
    if not ok.all():
        bad = list(dict.fromkeys(np.asarray(values, dtype=object)[~ok].reshape(-1).tolist()))
        shown = ", ".join(repr(v) for v in bad[:5])
        raise ValueError(f"unknown {what} {shown}; expected one of {', '.join(allowed)}")
    return labels


def _as_polarity(polarity: Any) -> np.ndarray:
    return _as_labels(polarity, POLARITIES, "polarity")


# --- confidence intervals -------------------------------------------------------------------


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


# --- comparison with a benchmark -----------------------------------------------------------


def _judge(
    above: np.ndarray,
    below: np.ndarray,
    polarity: np.ndarray,
    missing: np.ndarray,
    suffix: str = "",
) -> np.ndarray:
    """Turn "interval above/below the benchmark" masks into polarity-aware labels."""
    table = np.array(
        [SIMILAR, BETTER + suffix, WORSE + suffix, HIGHER + suffix, LOWER + suffix, NOT_COMPARED],
        dtype=object,
    )
    hib = polarity == HIGHER_IS_BETTER
    lib = polarity == LOWER_IS_BETTER
    nj = polarity == NO_JUDGEMENT
    # Integer codes into ``table``, then one fancy-index: much cheaper than masked writes
    # into an object array.
    code = np.zeros(above.shape, dtype=np.intp)
    code[(above & hib) | (below & lib)] = 1
    code[(above & lib) | (below & hib)] = 2
    code[above & nj] = 3
    code[below & nj] = 4
    code[missing] = 5
    return table[code.reshape(-1)].reshape(code.shape)  # keeps 0-d input as a 0-d array


def compare_to_benchmark(
    value: ArrayLike,
    lci: ArrayLike,
    uci: ArrayLike,
    benchmark: ArrayLike,
    polarity: Any,
    level: float = 0.95,
    lci_998: ArrayLike | None = None,
    uci_998: ArrayLike | None = None,
) -> Any:
    """Compare values with a benchmark using the overlapping-confidence-interval method.

    As in Fingertips: if the benchmark lies inside ``[lci, uci]`` (inclusive) the value is
    ``similar``; if the whole interval is above the benchmark it is ``better`` (higher is
    better), ``worse`` (lower is better) or ``higher`` (no judgement); if below, ``worse`` /
    ``better`` / ``lower``. ``not_compared`` where the value, either limit or the benchmark is
    missing.

    ``level`` is the confidence level the judgement uses. With ``level=0.998`` and
    ``lci_998``/``uci_998`` given, the 99.8% limits are used; otherwise ``lci``/``uci`` are
    used and taken to be at ``level``. For both levels at once use
    :func:`compare_to_benchmark_two_levels`.

    All arguments broadcast; ``polarity`` may be one string or an array of them.
    Returns a ``str`` for all-scalar input, otherwise an object array of labels.
    """
    _check_confidence(level)
    if level == 0.998 and lci_998 is not None and uci_998 is not None:
        lci, uci = lci_998, uci_998
    scalar = _all_scalar(value, lci, uci, benchmark, polarity)
    pol = _as_polarity(polarity)
    v, lo, hi, b, pol = np.broadcast_arrays(
        _as_float(value), _as_float(lci), _as_float(uci), _as_float(benchmark), pol
    )
    missing = np.isnan(v) | np.isnan(lo) | np.isnan(hi) | np.isnan(b)
    above = ~missing & (lo > b)
    below = ~missing & (hi < b)
    return _finish(_judge(above, below, pol, missing), scalar)


def compare_to_benchmark_two_levels(
    value: ArrayLike,
    lci_95: ArrayLike,
    uci_95: ArrayLike,
    lci_998: ArrayLike,
    uci_998: ArrayLike,
    benchmark: ArrayLike,
    polarity: Any,
) -> Any:
    """Two-level (95% and 99.8%) benchmark comparison, as in Fingertips' darker/lighter shades.

    Returns ``better_998`` (benchmark outside the 99.8% interval), ``better_95`` (outside the
    95% but inside the 99.8% interval), ``similar``, ``worse_95``, ``worse_998``; for
    ``no_judgement`` the same with ``higher``/``lower``. ``not_compared`` where the value, the
    benchmark or any of the four limits is missing. If the limits are inconsistent (99.8%
    narrower than 95%) the 99.8% judgement wins.
    """
    scalar = _all_scalar(value, lci_95, uci_95, lci_998, uci_998, benchmark, polarity)
    pol = _as_polarity(polarity)
    v, lo95, hi95, lo998, hi998, b, pol = np.broadcast_arrays(
        _as_float(value),
        _as_float(lci_95),
        _as_float(uci_95),
        _as_float(lci_998),
        _as_float(uci_998),
        _as_float(benchmark),
        pol,
    )
    missing = np.isnan(v) | np.isnan(b)
    for limit in (lo95, hi95, lo998, hi998):
        missing = missing | np.isnan(limit)
    above998 = ~missing & (lo998 > b)
    below998 = ~missing & (hi998 < b)
    above95 = ~missing & (lo95 > b) & ~above998 & ~below998
    below95 = ~missing & (hi95 < b) & ~above998 & ~below998
    out = _judge(above95, below95, pol, missing, "_95")
    strong = _judge(above998, below998, pol, missing, "_998")
    decided = above998 | below998
    out[decided] = strong[decided]
    return _finish(out, scalar)


# --- comparison without intervals (ONS Explore Local Statistics) ---------------------------


def mad_threshold(values: ArrayLike) -> float:
    """1.4826 x the median absolute deviation of ``values`` across areas (NaN ignored).

    Uses ``scipy.stats.median_abs_deviation(scale="normal")`` (multiplier 1/Phi^-1(3/4) =
    1.482602...). Returns NaN when fewer than five areas have values, too few to describe
    the usual spread.
    """
    v = _as_float(values).reshape(-1)
    v = v[np.isfinite(v)]
    if v.size < MIN_AREAS:
        return math.nan
    return float(sps.median_abs_deviation(v, scale="normal"))


def mad_similarity(values: ArrayLike, value: ArrayLike, benchmark: float | None = None) -> Any:
    """Compare ``value`` with a benchmark where no confidence intervals exist.

    ONS Explore Local Statistics approach: the difference ``value - benchmark`` is judged
    against the usual spread between areas, measured as 1.4826 x the median absolute
    deviation (MAD) of ``values`` (all comparable areas, NaN ignored). A difference larger
    than that threshold is ``higher`` or ``lower``; otherwise ``similar``. The benchmark
    defaults to the median of ``values``.

    Returns ``not_compared`` where the value or benchmark is missing or fewer than five areas
    have values. If more than half of the areas share one value the MAD is 0, so any
    difference at all counts as higher/lower.

    ``value`` may be a scalar (returns a ``str``) or an array (returns an object array).
    """
    scalar = _all_scalar(value)
    pool = _as_float(values).reshape(-1)
    threshold = mad_threshold(pool)
    if benchmark is None:
        finite = pool[np.isfinite(pool)]
        b = float(np.median(finite)) if finite.size else math.nan
    else:
        b = float(_as_float(benchmark))
    v = _as_float(value)
    diff = v - b
    missing = np.isnan(diff) | math.isnan(threshold)
    out = np.full(v.shape, SIMILAR, dtype=object)
    out[~missing & (diff > threshold)] = HIGHER
    out[~missing & (diff < -threshold)] = LOWER
    out[missing] = NOT_COMPARED
    return _finish(out, scalar)


def mad_similarity_all(values: ArrayLike, benchmark: float | None = None) -> np.ndarray:
    """:func:`mad_similarity` for every area in ``values`` at once (object array of labels)."""
    v = _as_float(values).reshape(-1)
    return np.asarray(mad_similarity(v, v, benchmark), dtype=object).reshape(-1)


# --- trends ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendResult:
    """Outcome of a recent-trend test.

    ``slope`` is per period step: in proportion units (numerator/denominator) for the
    chi-square test, in the units of the values for the regressions; NaN when not calculated.
    ``n_points`` is the number of points used (or available, when too few).
    """

    direction: str
    p_value: float
    slope: float
    method: str
    n_points: int
    first_period: Any = None
    last_period: Any = None


def _chi_square_for_trend(num: np.ndarray, den: np.ndarray, x: np.ndarray) -> tuple[float, float]:
    """Chi-square test for linear trend in proportions (Armitage 1955; Cochran 1954).

    Returns (slope of the proportion per score step, p-value). Written by hand because the
    closest statsmodels routine, ``Table.test_ordinal_association``, computes the
    linear-by-linear (Mantel-Haenszel) statistic whose variance uses N - 1; that is the
    Cochran-Armitage chi-square x (N - 1)/N. This is the statistic R's ``prop.trend.test``
    reports.
    """
    total = den.sum()
    p_bar = num.sum() / total
    x_bar = (den * x).sum() / total
    sxx = (den * (x - x_bar) ** 2).sum()
    t = (num * (x - x_bar)).sum()
    slope = float(t / sxx)
    if p_bar <= 0 or p_bar >= 1:
        return 0.0, 1.0  # all 0% or all 100%: no variation to test
    statistic = t**2 / (p_bar * (1 - p_bar) * sxx)
    return slope, float(sps.chi2.sf(statistic, 1))


def _regression_slope_test(
    y: np.ndarray, x: np.ndarray, se: np.ndarray | None
) -> tuple[float, float]:
    """Slope and two-sided p-value for a straight line through the points.

    With ``se`` (standard errors from the published CIs) this is weighted least squares with
    weights 1/SE^2 (statsmodels ``WLS``). The variance of the slope uses
    ``max(1, residual scale)`` times the unscaled covariance: the published intervals set a
    floor on how precise the slope can be (a smooth series with wide CIs is not significant),
    while scatter larger than the CIs imply still widens it. Plain WLS would estimate the scale
    from residuals only and so ignore the absolute width of the intervals. Without ``se`` it is
    ordinary least squares (statsmodels ``OLS``). The p-value uses Student's t with n - 2 df.
    """
    if np.ptp(y) <= 1e-12 * max(1.0, float(np.max(np.abs(y)))):
        return 0.0, 1.0  # a flat series: no change (avoids 0/0 on a perfect fit)
    design = np.column_stack([np.ones_like(x), x])
    if se is None:
        fit = OLS(y, design).fit()
        scale = fit.scale
    else:
        fit = WLS(y, design, weights=1.0 / se**2).fit()
        scale = max(1.0, fit.scale)
    slope = float(fit.params[1])
    var = scale * float(fit.normalized_cov_params[1, 1])
    if var <= 0:
        return slope, 0.0 if slope != 0 else 1.0
    t = slope / math.sqrt(var)
    return slope, float(2 * sps.t.sf(abs(t), len(y) - 2))


def trend_result(
    periods: ArrayLike,
    values: ArrayLike,
    lci: ArrayLike | None = None,
    uci: ArrayLike | None = None,
    numerators: ArrayLike | None = None,
    denominators: ArrayLike | None = None,
    *,
    points: int = TREND_POINTS,
    confidence: float = TREND_CONFIDENCE,
    ci_level: float = 0.95,
) -> TrendResult:
    """Recent trend over the latest ``points`` (5) points of one area's series.

    Points with a missing period or value are dropped, the rest sorted by period (ints,
    dates, ISO strings: anything sortable), and the last five used; with fewer than five the
    result is ``cannot_be_calculated``. Scores 0, 1, ..., 4 are used for the five points, so
    the periods are treated as equally spaced.

    Method, in order of preference:

    1. numerators and denominators valid for all five points (denominator > 0,
       0 <= numerator <= denominator): chi-square test for trend in proportions
       (Cochran-Armitage), as Fingertips uses for proportions. For rates per population it
       treats events/population as a small proportion (binomial close to Poisson);
    2. ``lci``/``uci`` valid for all five points (uci > lci): weighted least squares,
       weights 1/SE^2 with SE = (uci - lci) / (2 x 1.96) for 95% limits (``ci_level``);
    3. otherwise ordinary least squares.

    A point always needs a value to count, whichever method is used.

    The trend is significant when p < 1 - ``confidence`` (0.002 at the default 99.8%), and is
    then ``increasing`` or ``decreasing`` by the sign of the slope; otherwise
    ``no_significant_change``. Raises ValueError for inputs of different lengths or duplicate
    periods.
    """
    _check_confidence(confidence)
    if points < 3:
        raise ValueError(f"points must be at least 3 to test a trend, got {points!r}")
    z = _z(ci_level)
    period_arr = _as_object(periods).reshape(-1)
    columns: dict[str, Any] = {"period": period_arr, "value": _as_float(values).reshape(-1)}
    optional = {"lci": lci, "uci": uci, "num": numerators, "den": denominators}
    for name, arr in optional.items():
        columns[name] = (
            np.full(len(period_arr), np.nan) if arr is None else _as_float(arr).reshape(-1)
        )
    lengths = {name: len(arr) for name, arr in columns.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"periods and values must have the same length, got {lengths}")
    frame = pd.DataFrame(columns)
    frame = frame[frame["period"].notna() & frame["value"].notna()]
    if frame["period"].duplicated().any():
        dupes = frame.loc[frame["period"].duplicated(), "period"].tolist()
        raise ValueError(f"duplicate periods in trend series: {dupes[:5]}")
    frame = frame.sort_values("period", kind="stable")
    n_available = len(frame)
    if n_available < points:
        first = frame["period"].iloc[0] if n_available else None
        last = frame["period"].iloc[-1] if n_available else None
        return TrendResult(
            CANNOT_BE_CALCULATED, math.nan, math.nan, METHOD_NONE, n_available, first, last
        )

    window = frame.tail(points)
    x = np.arange(points, dtype=float)
    y = window["value"].to_numpy(dtype=float)
    num = window["num"].to_numpy(dtype=float)
    den = window["den"].to_numpy(dtype=float)
    lo = window["lci"].to_numpy(dtype=float)
    hi = window["uci"].to_numpy(dtype=float)

    counts_ok = bool(
        np.all(np.isfinite(num) & np.isfinite(den) & (den > 0) & (num >= 0) & (num <= den))
    )
    ci_ok = bool(np.all(np.isfinite(lo) & np.isfinite(hi) & (hi > lo)))
    if counts_ok:
        method = METHOD_CHI_SQUARE
        slope, p_value = _chi_square_for_trend(num, den, x)
    elif ci_ok:
        method = METHOD_WLS
        slope, p_value = _regression_slope_test(y, x, (hi - lo) / (2 * z))
    else:
        method = METHOD_OLS
        slope, p_value = _regression_slope_test(y, x, None)

    if p_value < 1 - confidence and slope != 0:
        direction = INCREASING if slope > 0 else DECREASING
    else:
        direction = NO_SIGNIFICANT_CHANGE
    return TrendResult(
        direction,
        p_value,
        slope,
        method,
        points,
        window["period"].iloc[0],
        window["period"].iloc[-1],
    )


def trend(
    periods: ArrayLike,
    values: ArrayLike,
    lci: ArrayLike | None = None,
    uci: ArrayLike | None = None,
    numerators: ArrayLike | None = None,
    denominators: ArrayLike | None = None,
) -> str:
    """Direction of the recent trend: ``increasing``, ``decreasing``,
    ``no_significant_change`` or ``cannot_be_calculated``. See :func:`trend_result`."""
    return trend_result(periods, values, lci, uci, numerators, denominators).direction


_TREND_DIRECTIONS = (INCREASING, DECREASING, NO_SIGNIFICANT_CHANGE, CANNOT_BE_CALCULATED)


def trend_with_polarity(direction: Any, polarity: Any) -> Any:
    """Apply polarity to a trend direction.

    ``increasing`` becomes ``getting_better`` (higher is better) or ``getting_worse`` (lower
    is better) and stays ``increasing`` for no judgement; likewise ``decreasing``.
    ``no_significant_change`` and ``cannot_be_calculated`` pass through. Vectorised.
    """
    scalar = _all_scalar(direction, polarity)
    d = _as_labels(direction, _TREND_DIRECTIONS, "trend direction")
    d, pol = np.broadcast_arrays(d, _as_polarity(polarity))
    out = np.array(d, dtype=object, copy=True)
    up, down = d == INCREASING, d == DECREASING
    hib, lib = pol == HIGHER_IS_BETTER, pol == LOWER_IS_BETTER
    out[(up & hib) | (down & lib)] = GETTING_BETTER
    out[(up & lib) | (down & hib)] = GETTING_WORSE
    return _finish(out, scalar)


def direction_of_travel(previous: ArrayLike, latest: ArrayLike, polarity: Any) -> Any:
    """Change from the previous to the latest value, without a significance test.

    ``improved`` / ``worsened`` for judged polarities, ``up`` / ``down`` for no judgement,
    ``no_change`` when equal, ``not_compared`` when either value is missing. Vectorised.
    """
    scalar = _all_scalar(previous, latest, polarity)
    prev, last, pol = np.broadcast_arrays(
        _as_float(previous), _as_float(latest), _as_polarity(polarity)
    )
    missing = np.isnan(prev) | np.isnan(last)
    rose = ~missing & (last > prev)
    fell = ~missing & (last < prev)
    hib, lib, nj = pol == HIGHER_IS_BETTER, pol == LOWER_IS_BETTER, pol == NO_JUDGEMENT
    out = np.full(prev.shape, NO_CHANGE, dtype=object)
    out[(rose & hib) | (fell & lib)] = IMPROVED
    out[(rose & lib) | (fell & hib)] = WORSENED
    out[rose & nj] = UP
    out[fell & nj] = DOWN
    out[missing] = NOT_COMPARED
    return _finish(out, scalar)


def worse_and_worsening(comparison: Any, trend_direction_with_polarity: Any) -> Any:
    """True where an area is significantly worse than its benchmark and getting worse.

    ``comparison`` may come from either comparison function (``worse``, ``worse_95``,
    ``worse_998`` all count). Vectorised; returns ``bool`` for scalar input.
    """
    scalar = _all_scalar(comparison, trend_direction_with_polarity)
    comp, tr = np.broadcast_arrays(
        _as_object(comparison), _as_object(trend_direction_with_polarity)
    )
    worse = pd.Series(comp.reshape(-1)).isin([WORSE, WORSE + "_95", WORSE + "_998"])
    out = worse.to_numpy(dtype=bool).reshape(comp.shape) & (tr == GETTING_WORSE)
    out = np.asarray(out, dtype=bool)
    return bool(out.item()) if scalar else out


# --- bands and neighbours -------------------------------------------------------------------


def quantile_bands(values: ArrayLike, n: int = 5, polarity: str = HIGHER_IS_BETTER) -> np.ndarray:
    """Split areas into ``n`` equal-count bands (quintiles by default).

    Band 1 is the best band for the polarity: the highest values for ``higher_is_better``, the
    lowest for ``lower_is_better``; for ``no_judgement`` band 1 holds the lowest values.
    Bands come from ranks: an area ranked r of m (rank 1 = first in band order) is in band
    ``floor((r - 1) n / m) + 1``. Tied values share the rank of the first of them
    (``scipy.stats.rankdata(method="min")``) and so share a band.

    Returns an object array of ints 1..n, with ``None`` for missing values; all ``None`` if
    fewer than five areas have values.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n!r}")
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}; expected one of {', '.join(POLARITIES)}")
    v = _as_float(values).reshape(-1)
    out = np.full(v.shape, None, dtype=object)
    present = np.isfinite(v)
    m = int(present.sum())
    if m < MIN_AREAS:
        return out
    key = -v[present] if polarity == HIGHER_IS_BETTER else v[present]
    ranks = sps.rankdata(key, method="min").astype(np.int64)
    bands = (ranks - 1) * n // m + 1
    out[present] = [int(b) for b in bands]
    return out


def nearest_neighbours(features: pd.DataFrame, area: str, k: int = 15) -> pd.DataFrame:
    """The ``k`` areas most similar to ``area`` on the given contextual indicators.

    ``features`` is indexed by area code with one numeric column per indicator. Each column
    is standardised to a z-score across areas (mean 0, population SD, NaN skipped); columns
    with no values are dropped and constant columns contribute nothing. Remaining missing
    values are filled with 0, i.e. with the mean, so a gap neither pulls an area towards nor
    away from the target. Distance is Euclidean on the z-scores.

    Returns columns ``area_code``, ``distance``, ``rank`` (1 = nearest), nearest first; ties
    in distance are ordered by area code. Raises KeyError if ``area`` is not in ``features``
    and ValueError if the target has no feature values.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k!r}")
    if area not in features.index:
        raise KeyError(
            f"area {area!r} is not among the {len(features)} areas with neighbour features; "
            "check the area code and that features exist for its area type"
        )
    if features.index.duplicated().any():
        dupes = features.index[features.index.duplicated()].unique().tolist()
        raise ValueError(f"duplicate area codes in neighbour features: {dupes[:5]}")
    non_numeric = [c for c in features.columns if not pd.api.types.is_numeric_dtype(features[c])]
    if non_numeric:
        raise TypeError(f"neighbour features must be numeric; non-numeric columns: {non_numeric}")

    data = pd.DataFrame(
        features.to_numpy(dtype=float, na_value=np.nan),
        index=features.index,
        columns=features.columns,
    )
    data = data.loc[:, data.notna().any()]
    if data.loc[area].isna().all():
        raise ValueError(f"area {area!r} has no values for any neighbour feature")
    mean = data.mean(skipna=True)
    sd = data.std(ddof=0, skipna=True)
    z = (data - mean) / sd.where(sd > 0)  # constant column -> NaN -> 0 below
    z = z.fillna(0.0)
    matrix = z.to_numpy()
    target = z.loc[area].to_numpy()
    distance = np.sqrt(((matrix - target) ** 2).sum(axis=1))
    result = pd.DataFrame({"area_code": data.index.astype(str), "distance": distance})
    result = result[data.index != area]
    result = result.sort_values(["distance", "area_code"], kind="stable").head(k)
    result = result.reset_index(drop=True)
    result["rank"] = np.arange(1, len(result) + 1)
    return result


class NeighbourFeatureSource(Protocol):
    """Anything that can supply contextual indicators for an area's comparators."""

    def neighbour_features(self, area: str) -> pd.DataFrame: ...


def statistical_neighbours(store: NeighbourFeatureSource, area: str, k: int = 15) -> pd.DataFrame:
    """Nearest statistical neighbours of ``area``, as :func:`nearest_neighbours`.

    The store decides which contextual indicators are used and which areas are eligible:
    ``store.neighbour_features(area)`` returns a frame indexed by area code holding areas of
    the same type as ``area`` (including it) and one numeric column per indicator.
    """
    return nearest_neighbours(store.neighbour_features(area), area, k)


# --- plain-English explanations ------------------------------------------------------------


def _level_text(level: float) -> str:
    pct = level * 100 if level <= 1 else level
    return f"{pct:g}%"


def _split_label(comparison: str) -> tuple[str, float | None]:
    for suffix, level in (("_998", 99.8), ("_95", 95.0)):
        if comparison.endswith(suffix):
            return comparison[: -len(suffix)], level
    return comparison, None


_HEADLINES = {
    BETTER: "Better than",
    WORSE: "Worse than",
    HIGHER: "Higher than",
    LOWER: "Lower than",
    SIMILAR: "Similar to",
}


def _not_compared(
    area_name: str,
    value_text: str | None,
    benchmark_name: str,
    benchmark_text: str | None,
    extra: str | None,
) -> str:
    if value_text is None:
        return f"Not compared: no value is published for {area_name}."
    if benchmark_text is None:
        return f"Not compared: no value is available for {benchmark_name}."
    if extra is not None:
        return f"Not compared: {extra}."
    return "Not compared: the value, its interval or the benchmark is missing."


def explain_comparison(
    comparison: str,
    area_name: str,
    value_text: str | None,
    benchmark_name: str,
    benchmark_text: str | None,
    lci_text: str | None = None,
    uci_text: str | None = None,
    level: float = 95,
) -> str:
    """One plain-English sentence explaining a confidence-interval comparison.

    Example: "Higher than England (75.7%): England's value is outside Oldham's 95% confidence
    interval 78.2–82.0%." Texts are pre-formatted by the caller; the interval is shown as
    ``f"{lci_text}–{uci_text}"``. Two-level labels (``better_998`` etc.) take their level from
    the label. For ``not_compared`` the reason is inferred from which texts are ``None``.
    """
    base, label_level = _split_label(comparison)
    if base == NOT_COMPARED:
        no_ci = None
        if lci_text is None or uci_text is None:
            no_ci = "no confidence interval is published for this value"
        return _not_compared(area_name, value_text, benchmark_name, benchmark_text, no_ci)
    if base not in _HEADLINES:
        raise ValueError(f"unknown comparison {comparison!r}")
    headline = f"{_HEADLINES[base]} {benchmark_name} ({benchmark_text})"
    where = "inside" if base == SIMILAR else "outside"
    interval = f"{area_name}'s {_level_text(label_level or level)} confidence interval"
    if lci_text is not None and uci_text is not None:
        interval += f" {lci_text}–{uci_text}"
    return f"{headline}: {benchmark_name}'s value is {where} {interval}."


def explain_mad(
    comparison: str,
    area_name: str,
    value_text: str | None,
    benchmark_name: str,
    benchmark_text: str | None,
    threshold_text: str | None,
) -> str:
    """One plain-English sentence explaining a :func:`mad_similarity` comparison.

    Example: "Higher than England (3.9%): the difference is larger than the usual spread
    between areas (1.4826 × median absolute deviation = 0.8 points)."
    ``threshold_text`` is the formatted threshold including units ("0.8 points").
    """
    if comparison == NOT_COMPARED or threshold_text is None:
        few = "too few areas have values to measure the usual spread between areas"
        return _not_compared(area_name, value_text, benchmark_name, benchmark_text, few)
    if comparison not in (HIGHER, LOWER, SIMILAR):
        raise ValueError(f"unknown MAD comparison {comparison!r}")
    relation = "within" if comparison == SIMILAR else "larger than"
    return (
        f"{_HEADLINES[comparison]} {benchmark_name} ({benchmark_text}): the difference is "
        f"{relation} the usual spread between areas "
        f"({MAD_MULTIPLIER} × median absolute deviation = {threshold_text})."
    )


_METHOD_TEXT = {
    METHOD_CHI_SQUARE: "a chi-square test for trend on the counts",
    METHOD_WLS: "a regression weighted by the confidence intervals",
    METHOD_OLS: "a straight-line regression",
}

_TREND_HEADLINES = {
    GETTING_BETTER: "Getting better",
    GETTING_WORSE: "Getting worse",
    INCREASING: "Increasing",
    DECREASING: "Decreasing",
}


def explain_trend(
    direction_with_polarity: str,
    n_points: int,
    first_label: str | None,
    last_label: str | None,
    method: str,
) -> str:
    """One plain-English sentence explaining a recent-trend result.

    Example: "Getting better: there is a statistically significant trend over the latest
    5 points (2018/19 to 2022/23), using a chi-square test for trend on the counts at the
    99.8% level."
    """
    if direction_with_polarity == CANNOT_BE_CALCULATED or method == METHOD_NONE:
        have = (
            "no points have"
            if n_points == 0
            else ("only 1 point has" if n_points == 1 else f"only {n_points} points have")
        )
        return (
            f"Trend cannot be calculated: at least {TREND_POINTS} points are needed and "
            f"{have} values."
        )
    if method not in _METHOD_TEXT:
        raise ValueError(f"unknown trend method {method!r}")
    span = f"the latest {n_points} points ({first_label} to {last_label})"
    how = f"using {_METHOD_TEXT[method]} at the {_level_text(TREND_CONFIDENCE)} level"
    if direction_with_polarity == NO_SIGNIFICANT_CHANGE:
        return (
            f"No significant change: there is no statistically significant trend over {span}, "
            f"{how}."
        )
    if direction_with_polarity not in _TREND_HEADLINES:
        raise ValueError(f"unknown trend direction {direction_with_polarity!r}")
    headline = _TREND_HEADLINES[direction_with_polarity]
    return f"{headline}: there is a statistically significant trend over {span}, {how}."
