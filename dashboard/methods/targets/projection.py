"""Projecting the recent trend to the target period: a straight line fitted (statsmodels
OLS) on a scale that keeps it inside the indicator's possible range, with its 95%
prediction interval, the first period it meets the target in, and its verdict.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS

from dashboard.methods.targets.model import Projection, Target
from dashboard.methods.targets.periods import (
    _add_years,
    _has_ended,
    _step_years,
    period_words,
    period_x,
)
from dashboard.methods.targets.trajectory import _sign, _x_of, decimals_of, meets_target
from dashboard.methods.targets.vocabulary import (
    AWAY,
    FLAT,
    IDENTITY,
    IMPROVING,
    LOG,
    LOGIT,
    MEETS,
    MIN_PROJECTION_POINTS,
    NO_PROJECTION,
    PERCENT_CLIP,
    PREDICTION_LEVEL,
    REACH_HORIZON_YEARS,
    SHORT,
)


def transform_for(value_type: Any, values: np.ndarray) -> str:
    """The scale a trend is fitted on, so the line and its interval stay possible: logit
    for percentages, log where every value is positive, identity otherwise."""
    if value_type == "percentage":
        return LOGIT
    if len(values) and bool(np.all(np.asarray(values, dtype=float) > 0)):
        return LOG
    return IDENTITY


def _forward(kind: str, values: np.ndarray) -> np.ndarray:
    """Values on the scale the trend is fitted on."""
    values = np.asarray(values, dtype=float)
    if kind == LOGIT:
        share = np.clip(values, *PERCENT_CLIP) / 100.0
        return np.log(share / (1.0 - share))
    if kind == LOG:
        return np.log(values)
    return values


def _backward(kind: str, values: np.ndarray) -> np.ndarray:
    """Fitted values back on the indicator's scale (inside its possible range)."""
    values = np.asarray(values, dtype=float)
    with np.errstate(over="ignore"):
        if kind == LOGIT:
            return 100.0 / (1.0 + np.exp(-values))
        if kind == LOG:
            return np.exp(values)
    return values


def _published(series: pd.DataFrame | None) -> pd.DataFrame:
    """The published values (suppressed and missing left out), oldest first."""
    if series is None or series.empty:
        return pd.DataFrame()
    return series.dropna(subset=["value"]).sort_values("period_start")


def _from_baseline(observed: pd.DataFrame, target: Target,
                   inclusive: bool) -> pd.DataFrame:
    """The values from the baseline period on (with it, or only those after it)."""
    if observed.empty:
        return observed
    starts = pd.to_datetime(observed["period_start"])
    baseline = pd.Timestamp(target.baseline.start)
    return observed[starts >= baseline] if inclusive else observed[starts > baseline]


def _xs(frame: pd.DataFrame) -> np.ndarray:
    """Period starts as fractional years, the time axis of every fit."""
    return np.array([period_x(p) for p in frame["period_start"]], dtype=float)


def _predict(fit: Any, grid: np.ndarray, kind: str,
             level: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Central line and prediction interval on the grid, computed on the fitted scale and
    brought back to the indicator's (statsmodels obs_ci_lower / obs_ci_upper)."""
    frame = fit.get_prediction(np.column_stack([np.ones_like(grid), grid])).summary_frame(
        alpha=1 - level)
    centre = frame["mean"].to_numpy(dtype=float)
    lower = frame["obs_ci_lower"].to_numpy(dtype=float)
    upper = frame["obs_ci_upper"].to_numpy(dtype=float)
    if not (np.isfinite(fit.scale) and fit.scale > 0):   # a perfect line: no scatter
        lower, upper = centre.copy(), centre.copy()
    return _backward(kind, centre), _backward(kind, lower), _backward(kind, upper)


@dataclass(frozen=True)
class _Reach:
    """When the central line first meets the target, as a reason may name it."""

    label: str | None = None
    x: float | None = None
    ended: bool = False
    next: bool = False


def _reach(centre: Callable[[np.ndarray], np.ndarray], target: Target, latest: pd.Series,
           step: float, decimals: int, meets: bool, today: date) -> _Reach:
    """The first period, at the series' usual spacing after the latest, in which the
    central line meets the target, within the horizon; the target period itself when the
    line meets the target there but the spacing steps past it."""
    last_start = pd.Timestamp(latest["period_start"]).date()
    duration = str(latest.get("period_duration") or "")
    last_x, x_target = period_x(last_start), _x_of(target.target)
    count = max(1, math.ceil((x_target + REACH_HORIZON_YEARS - last_x) / step + 1e-9))
    steps = np.arange(1, count + 1)
    xs = last_x + steps * step
    hits = [int(k) for k, x, v in zip(steps, xs, centre(xs))
            if x - x_target <= REACH_HORIZON_YEARS + 1e-9 and meets_target(v, target, decimals)]
    if not hits:
        return _Reach()
    start = _add_years(last_start, hits[0] * step)
    nearest = hits[0] == 1
    if meets and x_target > last_x and period_x(start) > x_target + 1e-9:
        start, duration = target.target.start, target.target.duration
        nearest = x_target <= last_x + step + 1e-9
        label = target.target.label
    else:
        label = period_words(start, duration)
    return _Reach(label, period_x(start), _has_ended(start, duration, today), nearest)


def _trend(slope: float, target: Target) -> str:
    """improving, flat or away: which way the fitted line runs relative to the target."""
    if abs(slope) <= 1e-12:
        return FLAT
    return IMPROVING if _sign(target) * slope > 0 else AWAY


def project(observed: pd.DataFrame, target: Target, meta: Mapping[str, Any] | None = None,
            today: date | None = None, level: float = PREDICTION_LEVEL) -> Projection | None:
    """Project the values published from the baseline period on to the target period.

    Ordinary least squares of the transformed value on time in years (statsmodels), with
    the prediction interval for a new observation (``get_prediction(...).summary_frame``,
    obs_ci_lower/obs_ci_upper), back-transformed. Needs three values since the baseline.
    ``meets`` is judged at the published precision; ``reach_label`` names the first period
    (at the series' usual spacing after the latest) in which the central line meets the
    target, and ``reach_ended`` says when that period is already over by ``today``.
    """
    meta = meta or {}
    published = _published(observed)
    data = _from_baseline(published, target, inclusive=True)
    if len(data) < MIN_PROJECTION_POINTS:
        return None
    xs, ys = _xs(data), data["value"].to_numpy(dtype=float)
    kind = transform_for(meta.get("value_type"), ys)
    fit = OLS(_forward(kind, ys), np.column_stack([np.ones_like(xs), xs])).fit()
    intercept, slope = (float(v) for v in fit.params)
    x_target, decimals = _x_of(target.target), decimals_of(meta)
    grid = np.unique(np.concatenate([np.linspace(xs[-1], max(x_target, xs[-1]), 12),
                                     [x_target]]))
    mean, lower, upper = _predict(fit, grid, kind, level)
    at = int(np.argmin(np.abs(grid - x_target)))
    meets = meets_target(float(mean[at]), target, decimals)

    def centre(x: np.ndarray) -> np.ndarray:
        return _backward(kind, intercept + slope * np.asarray(x, dtype=float))

    reach = _reach(centre, target, data.iloc[-1], _step_years(_xs(published)), decimals,
                   meets, today or date.today())
    return Projection(len(data), slope, intercept, tuple(grid), tuple(mean), tuple(lower),
                      tuple(upper), float(mean[at]), float(lower[at]), float(upper[at]),
                      reach.label, reach.x, kind, meets, _trend(slope, target), reach.ended,
                      reach.next)


def projection_verdict(projection: Projection | None) -> str:
    """meets, short or none: what the projection says at the target period."""
    if projection is None:
        return NO_PROJECTION
    return MEETS if projection.meets else SHORT
