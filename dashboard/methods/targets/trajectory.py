"""The agreed trajectory (straight lines through the baseline, milestones and target) and
the published precision every comparison with it is made at: decimal places, rounding as
printed, the tolerance for "behind", and whether a value meets the target.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from dashboard.common.periods import Period
from dashboard.methods.targets.model import Target
from dashboard.methods.targets.periods import period_x
from dashboard.methods.targets.vocabulary import DEFAULT_DECIMALS, INCREASE, TOLERANCE_SHARE


def _x_of(period: Period) -> float:
    return period_x(period.start)


def trajectory_points(target: Target) -> tuple[np.ndarray, np.ndarray]:
    """Baseline, milestones and target as (x, value) points of the agreed trajectory."""
    points = [(_x_of(target.baseline), target.baseline_value)]
    points += [(_x_of(m.period), m.value) for m in target.milestones]
    points.append((_x_of(target.target), target.target_value))
    points.sort()
    xs, ys = zip(*points)
    return np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)


def trajectory_at(target: Target, x: float) -> float:
    """The trajectory's value at time x: straight lines between baseline, milestones and
    target (flat before the baseline and after the target)."""
    xs, ys = trajectory_points(target)
    return float(np.interp(x, xs, ys))


# --- precision ---


def decimals_of(meta: Mapping[str, Any] | None) -> int:
    """The indicator's published precision in decimal places (1 where not recorded): every
    judgement is made at it, so it agrees with the numbers a reason shows."""
    try:
        number = float((meta or {}).get("decimals"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_DECIMALS
    return int(number) if math.isfinite(number) and number >= 0 else DEFAULT_DECIMALS


def at_precision(value: float, decimals: int) -> float:
    """A value rounded exactly as it is printed (format_value's digits), so a comparison
    made on it reads the same as the sentence that reports it."""
    return float(f"{float(value):.{decimals}f}") + 0.0    # + 0.0 turns -0.0 into 0.0


def tolerance_for(target: Target, decimals: int) -> float:
    """How far behind the trajectory (without an interval) is behind rather than clearly
    behind: 10% of the planned change, never finer than the last published decimal."""
    change = abs(at_precision(target.target_value, decimals)
                 - at_precision(target.baseline_value, decimals))
    return at_precision(max(TOLERANCE_SHARE * change, 10.0 ** -decimals), decimals)


def _sign(target: Target) -> int:
    """+1 where improvement means an increase, -1 where it means a decrease."""
    return 1 if target.direction == INCREASE else -1


def meets_target(value: float, target: Target, decimals: int) -> bool:
    """At the published precision, the value is at or beyond the target in the direction
    of improvement."""
    if not math.isfinite(value):
        return False
    return _sign(target) * (at_precision(value, decimals)
                            - at_precision(target.target_value, decimals)) >= 0


def _clean(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
