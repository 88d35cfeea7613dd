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
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats as sps
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

METHOD_NONE = "none"

# ONS Explore Local Statistics multiplier, as shown in explanations. It is 1 / Phi^-1(3/4), which
# makes the median absolute deviation estimate the standard deviation for normal data; the
# calculation itself uses scipy's unrounded value (1.482602...).
MAD_MULTIPLIER = 1.4826
MAD_MULTIPLIER_EXACT = 1.482602218505602  # 1 / Phi^-1(3/4), scipy's scale="normal"

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

    ``level`` is the confidence level the judgement uses: 0.95 uses ``lci``/``uci``;
    0.998 needs ``lci_998``/``uci_998`` and raises ValueError without them (never silently
    judging at 95%). For both levels at once use :func:`compare_to_benchmark_two_levels`.

    All arguments broadcast; ``polarity`` may be one string or an array of them.
    Returns a ``str`` for all-scalar input, otherwise an object array of labels.
    """
    _check_confidence(level)
    if level == 0.998:
        if lci_998 is None or uci_998 is None:
            raise ValueError("a 99.8% comparison needs 99.8% limits (lci_998, uci_998); "
                             "derive them with rescale_interval() where only 95% limits "
                             "are published")
        lci, uci = lci_998, uci_998
    elif level != 0.95:
        raise ValueError(f"level must be 0.95 or 0.998, got {level!r}")
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
#
# The recent-trend marker follows Fingertips exactly (ukhsa-collaboration/fingertips-open,
# PholioVisualisation.Analysis.TrendMarkers: TrendMarkerCalculator and TrendRequest):
#
# * the last five points of the longest unbroken run of valid values ending at the latest
#   period (a missing, withheld or unreliable value breaks the run), of consecutive,
#   equally spaced, non-overlapping periods (Fingertips requires a year range of 1);
# * with 95% confidence intervals: a regression of the values on t = 1..5 weighted by
#   1/SE^2, SE = (uci - lci) / 3.92, and chi-square = (slope / SE(slope))^2 on 1 degree of
#   freedom, significant above 9.5495 (the 99.8% point);
# * with counts and denominators but no intervals (Fingertips' "SPC for proportions"
#   variant): the chi-square test for trend in proportions on the counts;
# * either way, significant only if the slope keeps its sign when each of the five points
#   is left out in turn (Fingertips' "no outliers" check).

FINGERTIPS_CHI_SQUARE = 9.54953570608324  # chi2(1) upper 0.2% point, as Fingertips uses
METHOD_FINGERTIPS_CI = "fingertips_ci"
METHOD_FINGERTIPS_COUNTS = "fingertips_counts"
TREND_METHODS = (METHOD_FINGERTIPS_CI, METHOD_FINGERTIPS_COUNTS, METHOD_NONE)
_SE_DIVISOR = 3.92  # 2 x 1.96: 95% limits to a standard error, as Fingertips writes it
_MONTH_DAYS = 365.2425 / 12
UNRELIABLE_STATUSES = ("u", "x", "c")

# Why a trend could not be calculated (TrendResult.why); explain_trend words them.
TOO_FEW = "too_few"
OVERLAPPING = "overlapping"
GAP = "gap"
UNEVEN = "uneven"
NO_INTERVAL = "no_interval"
UNRELIABLE = "unreliable"
MISSING_VALUE = "missing_value"
ALL_OR_NONE = "all_or_none"


@dataclass(frozen=True)
class TrendResult:
    """Outcome of the recent-trend test for one series.

    ``slope`` is per period in the units of the values (interval method) or in log-odds
    (counts method); ``chi_square`` is the test statistic and ``p_value`` its chi-square(1)
    tail probability; ``stable`` is the leave-one-out sign check. ``why`` says what stopped
    the calculation (one of the constants above) and ``broken_at`` the period concerned.
    """

    direction: str
    p_value: float
    slope: float
    method: str
    n_points: int
    first_period: Any = None
    last_period: Any = None
    chi_square: float = math.nan
    stable: bool = False
    why: str | None = None
    broken_at: Any = None


def _weighted_slope(t: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, ...]:
    """Weighted least-squares slope and its standard error, rows of points at once
    (Fingertips' sums S1..S5 written as arrays; axis -1 runs over the points)."""
    s1 = w.sum(-1)
    s2 = (w * y * t).sum(-1)
    s3 = (w * t).sum(-1)
    s4 = (w * y).sum(-1)
    s5 = (w * t * t).sum(-1)
    det = s1 * s5 - s3**2
    with np.errstate(divide="ignore", invalid="ignore"):
        return (s1 * s2 - s3 * s4) / det, np.sqrt(s1 / det)


def _sign_is_stable(slopes: np.ndarray) -> bool:
    """Fingertips' no-outlier check: all six slopes (all points, then each left out) have
    the same sign, a zero slope counting as positive."""
    signs = np.where(slopes < 0, -1, 1)
    return bool(abs(int(signs.sum())) == len(slopes))


def _leave_one_out(points: int) -> np.ndarray:
    """Masks: all points, then each point left out in turn (6 x 5 for five points)."""
    return np.vstack([np.ones(points, dtype=bool), ~np.eye(points, dtype=bool)])


def fingertips_trend_ci(values: ArrayLike, lci: ArrayLike, uci: ArrayLike
                        ) -> tuple[float, float, bool]:
    """(slope, chi-square, stable) for values with 95% limits, in time order (Fingertips'
    TrendMarkerCalculator.IsSignificant). Written out because the reference fixes the
    variance from the published intervals (no residual scale), which statsmodels' WLS
    does not do."""
    y, lo, hi = (_as_float(a).reshape(-1) for a in (values, lci, uci))
    t = np.arange(1, len(y) + 1, dtype=float)
    w = 1.0 / ((hi - lo) / _SE_DIVISOR) ** 2
    masks = _leave_one_out(len(y))
    slopes, _ = _weighted_slope(t * masks, y * masks, w * masks)
    slope, se = _weighted_slope(t, y, w)
    chi_square = float((slope / se) ** 2) if np.isfinite(se) and se > 0 else math.nan
    return float(slope), chi_square, _sign_is_stable(slopes)


def fingertips_trend_counts(counts: ArrayLike, denominators: ArrayLike
                            ) -> tuple[float, float, bool]:
    """(log-odds slope, chi-square, stable) for counts out of denominators, in time order
    (Fingertips' IsSignificantForProportions: the chi-square test for trend in
    proportions, and the sign check on the slope of log(count / (denominator - count))).
    Fingertips leaves the direction's slope unset in this branch; the sign of the
    log-odds slope over all points is used here."""
    c, n = (_as_float(a).reshape(-1) for a in (counts, denominators))
    t = np.arange(1, len(c) + 1, dtype=float)
    big_n, total = n.sum(), c.sum()
    numerator = big_n * (big_n * (c * t).sum() - total * (n * t).sum()) ** 2
    denominator = total * (big_n - total) * (big_n * (n * t * t).sum() - (n * t).sum() ** 2)
    chi_square = float(numerator / denominator) if denominator > 0 else math.nan
    log_odds = np.log(c / (n - c))
    masks = _leave_one_out(len(c))
    slopes, _ = _weighted_slope(t * masks, log_odds * masks, masks.astype(float))
    return float(slopes[0]), chi_square, _sign_is_stable(slopes)


def _months_between(a: Any, b: Any) -> int:
    """Whole months from period start a to b (dates), or 12 x the difference of years."""
    if isinstance(a, (int, np.integer)) and isinstance(b, (int, np.integer)):
        return 12 * int(b - a)
    try:
        days = (b - a).days  # dates and Timestamps: the common, fast case
    except (TypeError, AttributeError):
        days = (pd.Timestamp(b) - pd.Timestamp(a)).days
    return round(days / _MONTH_DAYS)


def _duration_months(duration: Any) -> int | None:
    """Length of an ISO-8601 duration in months ('P1Y' -> 12); None for a point in time."""
    if not isinstance(duration, str) or not duration:
        return None
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?", duration)
    if not match or not any(match.groups()):
        return None
    years, months = (int(g) if g else 0 for g in match.groups())
    return 12 * years + months


def _point_problem(value: float, status: Any, lo: float, hi: float, num: float,
                   den: float) -> str | None:
    """Why one point cannot be used (None when it can)."""
    if not math.isfinite(value):
        return MISSING_VALUE
    if isinstance(status, str) and status.lower() in UNRELIABLE_STATUSES:
        return UNRELIABLE
    if math.isfinite(lo) and math.isfinite(hi) and hi > lo:
        return None
    if math.isfinite(num) and math.isfinite(den):
        return None if 0 < num < den else (ALL_OR_NONE if 0 <= num <= den else NO_INTERVAL)
    return NO_INTERVAL


def _spacing_problem(later: Any, earlier: Any, duration: int | None,
                     step: int | None) -> str | None:
    """Whether two successive points are consecutive, non-overlapping and as far apart
    as the rest of the run."""
    months = _months_between(earlier, later)
    if duration is not None:
        if months < duration:
            return OVERLAPPING
        return GAP if months > duration else None
    if months <= 0:
        return UNEVEN
    return None if step is None or months == step else (GAP if months > step else UNEVEN)


def _unbroken_run(columns: Mapping[str, np.ndarray], points: int
                  ) -> tuple[list[int], str | None, Any]:
    """Indices (in time order) of the latest points, up to ``points``, of the unbroken run
    of usable, consecutive periods ending at the latest period, and why the run stopped
    (if it did) with the period concerned. ``columns`` are sorted by period."""
    period, duration = columns["period"], columns["duration"]
    run: list[int] = []
    step: int | None = None
    for i in range(len(period) - 1, -1, -1):
        problem = _point_problem(columns["value"][i], columns["status"][i], columns["lci"][i],
                                 columns["uci"][i], columns["num"][i], columns["den"][i])
        if problem is None and run:
            later = period[run[-1]]
            problem = _spacing_problem(later, period[i], _duration_months(duration[i]), step)
            if problem is None and step is None:
                step = _months_between(period[i], later)
        if problem is not None:
            return run[::-1], problem, period[i]
        run.append(i)
        if len(run) == points:
            break
    return run[::-1], None, None


def trend_result(
    periods: ArrayLike,
    values: ArrayLike,
    lci: ArrayLike | None = None,
    uci: ArrayLike | None = None,
    numerators: ArrayLike | None = None,
    denominators: ArrayLike | None = None,
    *,
    durations: ArrayLike | None = None,
    statuses: ArrayLike | None = None,
    points: int = TREND_POINTS,
) -> TrendResult:
    """Recent trend of one area's series by the Fingertips method (see the section notes).

    ``periods`` are period starts (dates, or whole years as ints) and ``durations`` their
    ISO-8601 lengths ('P1Y'; '' for a point in time such as a survey date; default 'P1Y'
    for int years, else point in time). Uses the last five points of the unbroken run of
    usable values ending at the latest period: a point needs a value, no x/u/c status
    flag, and 95% limits (uci > lci) or counts (0 < count < denominator); successive
    periods must follow each other with no gap or overlap (point-in-time series: equally
    spaced). With fewer than five such points the result is ``cannot_be_calculated`` and
    ``why``/``broken_at`` say what stopped the run.

    Raises ValueError for inputs of different lengths or duplicate periods.
    """
    period_arr = _as_object(periods).reshape(-1)
    n = len(period_arr)
    if durations is None:
        ints = all(isinstance(p, (int, np.integer)) for p in period_arr)
        durations = ["P1Y" if ints else ""] * n
    columns: dict[str, np.ndarray] = {
        "period": period_arr, "value": _as_float(values).reshape(-1),
        "duration": _as_object(durations).reshape(-1),
        "status": np.full(n, None, dtype=object) if statuses is None
        else _as_object(statuses).reshape(-1)}
    for name, arr in {"lci": lci, "uci": uci, "num": numerators, "den": denominators}.items():
        columns[name] = np.full(n, np.nan) if arr is None else _as_float(arr).reshape(-1)
    lengths = {name: len(arr) for name, arr in columns.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"periods and values must have the same length, got {lengths}")
    keep = np.array([not _is_missing_period(p) for p in period_arr], dtype=bool)
    order = sorted(np.flatnonzero(keep), key=lambda i: period_arr[i])
    columns = {name: arr[order] for name, arr in columns.items()}
    ordered = columns["period"]
    if any(ordered[i] == ordered[i + 1] for i in range(len(ordered) - 1)):
        dupes = [ordered[i] for i in range(len(ordered) - 1) if ordered[i] == ordered[i + 1]]
        raise ValueError(f"duplicate periods in trend series: {dupes[:5]}")
    run, why, broken_at = _unbroken_run(columns, points)
    first = ordered[run[0]] if run else None
    last = ordered[run[-1]] if run else None
    if len(run) < points:
        return TrendResult(CANNOT_BE_CALCULATED, math.nan, math.nan, METHOD_NONE, len(run),
                           first, last, why=why or TOO_FEW, broken_at=broken_at)
    window = {name: arr[run] for name, arr in columns.items()}
    if np.all(window["uci"] > window["lci"]):
        method = METHOD_FINGERTIPS_CI
        slope, chi_square, stable = fingertips_trend_ci(window["value"], window["lci"],
                                                        window["uci"])
    else:
        method = METHOD_FINGERTIPS_COUNTS
        slope, chi_square, stable = fingertips_trend_counts(window["num"], window["den"])
    significant = stable and chi_square > FINGERTIPS_CHI_SQUARE
    direction = (INCREASING if slope > 0 else DECREASING) if significant else \
        NO_SIGNIFICANT_CHANGE
    p_value = float(sps.chi2.sf(chi_square, 1)) if math.isfinite(chi_square) else math.nan
    return TrendResult(direction, p_value, slope, method, points, first, last,
                       chi_square, stable)


def _is_missing_period(period: Any) -> bool:
    try:
        return bool(pd.isna(period))
    except (TypeError, ValueError):
        return False


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
    METHOD_FINGERTIPS_CI: "a regression weighted by the 95% confidence intervals",
    METHOD_FINGERTIPS_COUNTS: "a chi-square test for trend on the counts",
}

_TREND_HEADLINES = {
    GETTING_BETTER: "Getting better",
    GETTING_WORSE: "Getting worse",
    INCREASING: "Increasing",
    DECREASING: "Decreasing",
}

_WHY_TEXT = {
    OVERLAPPING: "the periods overlap ({broken} shares years with the next period), so "
                 "successive values are not independent",
    GAP: "there is a gap in the series before {after}",
    UNEVEN: "the periods are not equally spaced around {broken}",
    NO_INTERVAL: "no confidence interval or counts are published for {broken}",
    UNRELIABLE: "the value for {broken} is flagged as unreliable or withheld",
    MISSING_VALUE: "there is no value for {broken}",
    ALL_OR_NONE: "the count for {broken} is 0 or equals its denominator",
}


def explain_trend(
    direction_with_polarity: str,
    n_points: int,
    first_label: str | None,
    last_label: str | None,
    method: str,
    why: str | None = None,
    broken_label: str | None = None,
    stable: bool = True,
    chi_square: float = math.nan,
) -> str:
    """One plain-English sentence explaining a recent-trend result (Fingertips method).

    Example: "Getting better: a statistically significant increase over the latest 5
    periods (2019 to 2023), by a regression weighted by the 95% confidence intervals at the
    99.8% level (Fingertips' recent-trend method)."
    """
    if direction_with_polarity == CANNOT_BE_CALCULATED or method == METHOD_NONE:
        need = f"the last {TREND_POINTS} periods need values with confidence intervals or counts"
        if why in _WHY_TEXT:
            reason = _WHY_TEXT[why].format(broken=broken_label or "one period",
                                           after=first_label or "the latest period")
            counted = "" if not n_points else (
                f" (only {n_points} usable consecutive period"
                f"{'' if n_points == 1 else 's'})")
            return f"Trend not calculated: {need}, and {reason}{counted}."
        have = "none are published" if n_points == 0 else (
            f"only {n_points} {'is' if n_points == 1 else 'are'} published")
        return f"Trend not calculated: {need}, and {have}."
    if method not in _METHOD_TEXT:
        raise ValueError(f"unknown trend method {method!r}")
    span = f"the latest {n_points} periods ({first_label} to {last_label})"
    how = (f"by {_METHOD_TEXT[method]} at the {_level_text(TREND_CONFIDENCE)} level "
           "(Fingertips' recent-trend method)")
    if direction_with_polarity == NO_SIGNIFICANT_CHANGE:
        if not stable and np.isfinite(chi_square) and chi_square > FINGERTIPS_CHI_SQUARE:
            return (f"No significant change over {span}: the direction depends on a single "
                    f"period (leaving one out reverses the slope), {how}.")
        return f"No significant change over {span}, {how}."
    if direction_with_polarity not in _TREND_HEADLINES:
        raise ValueError(f"unknown trend direction {direction_with_polarity!r}")
    headline = _TREND_HEADLINES[direction_with_polarity]
    return f"{headline}: a statistically significant trend over {span}, {how}."
