"""Trends and change: Fingertips' recent-trend test on one area's series (the unbroken run
of usable periods, the weighted regression or chi-square test for trend, the leave-one-out
sign check), trend directions with polarity, the direction of travel between two values,
and "worse and worsening".
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

from dashboard.methods.stats.inputs import (
    _all_scalar,
    _as_float,
    _as_labels,
    _as_object,
    _as_polarity,
    _finish,
)
from dashboard.methods.stats.vocabulary import (
    CANNOT_BE_CALCULATED,
    DECREASING,
    DOWN,
    GETTING_BETTER,
    GETTING_WORSE,
    HIGHER_IS_BETTER,
    IMPROVED,
    INCREASING,
    LOWER_IS_BETTER,
    METHOD_NONE,
    NO_CHANGE,
    NO_JUDGEMENT,
    NO_SIGNIFICANT_CHANGE,
    NOT_COMPARED,
    TREND_POINTS,
    UP,
    WORSE,
    WORSENED,
)

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


def _series_columns(
    periods: ArrayLike,
    values: ArrayLike,
    lci: ArrayLike | None,
    uci: ArrayLike | None,
    numerators: ArrayLike | None,
    denominators: ArrayLike | None,
    durations: ArrayLike | None,
    statuses: ArrayLike | None,
) -> dict[str, np.ndarray]:
    """:func:`trend_result`'s inputs as equal-length columns named period, value,
    duration, status, lci, uci, num and den (missing limits and counts NaN, missing
    statuses None, durations defaulted as its docstring says). Raises ValueError for
    inputs of different lengths."""
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
    return columns


def _is_missing_period(period: Any) -> bool:
    try:
        return bool(pd.isna(period))
    except (TypeError, ValueError):
        return False


def _in_time_order(columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The columns sorted by period, rows without a period left out. Raises ValueError
    for duplicate periods."""
    period_arr = columns["period"]
    keep = np.array([not _is_missing_period(p) for p in period_arr], dtype=bool)
    order = sorted(np.flatnonzero(keep), key=lambda i: period_arr[i])
    columns = {name: arr[order] for name, arr in columns.items()}
    ordered = columns["period"]
    if any(ordered[i] == ordered[i + 1] for i in range(len(ordered) - 1)):
        dupes = [ordered[i] for i in range(len(ordered) - 1) if ordered[i] == ordered[i + 1]]
        raise ValueError(f"duplicate periods in trend series: {dupes[:5]}")
    return columns


def _fingertips_test(window: Mapping[str, np.ndarray]) -> tuple[str, float, float, bool]:
    """(method, slope, chi-square, stable) for the points of the run: the interval method
    when every point has 95% limits (uci > lci), else the counts method."""
    if np.all(window["uci"] > window["lci"]):
        slope, chi_square, stable = fingertips_trend_ci(window["value"], window["lci"],
                                                        window["uci"])
        return METHOD_FINGERTIPS_CI, slope, chi_square, stable
    slope, chi_square, stable = fingertips_trend_counts(window["num"], window["den"])
    return METHOD_FINGERTIPS_COUNTS, slope, chi_square, stable


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
    columns = _in_time_order(_series_columns(periods, values, lci, uci, numerators,
                                             denominators, durations, statuses))
    ordered = columns["period"]
    run, why, broken_at = _unbroken_run(columns, points)
    first = ordered[run[0]] if run else None
    last = ordered[run[-1]] if run else None
    if len(run) < points:
        return TrendResult(CANNOT_BE_CALCULATED, math.nan, math.nan, METHOD_NONE, len(run),
                           first, last, why=why or TOO_FEW, broken_at=broken_at)
    window = {name: arr[run] for name, arr in columns.items()}
    method, slope, chi_square, stable = _fingertips_test(window)
    significant = stable and chi_square > FINGERTIPS_CHI_SQUARE
    direction = (INCREASING if slope > 0 else DECREASING) if significant else \
        NO_SIGNIFICANT_CHANGE
    p_value = float(sps.chi2.sf(chi_square, 1)) if math.isfinite(chi_square) else math.nan
    return TrendResult(direction, p_value, slope, method, points, first, last,
                       chi_square, stable)


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
