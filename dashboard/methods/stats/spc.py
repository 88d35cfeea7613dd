"""Statistical process control: an XmR (individuals) chart of one area's series, with the
special-cause rules of NHS England's "Making Data Count" as NHSRplotthedots implements
them (ptd_spc_standard, ptd_calculate_point_type):

- centre line: the mean of the values; moving ranges |x_i - x_(i-1)|, their mean
  (moving ranges of 3.267 times that mean or more are screened out and the mean taken
  again); process limits: mean +/- 2.66 x mean moving range; "near the limits":
  beyond mean +/- (2/3 x 2.66) x mean moving range, inside the limits.
- a point outside the process limits;
- a shift: 7 or more points in a row on the same side of the mean (a point on the mean
  breaks the run); every point of the run is flagged;
- a trend: 7 or more points in a row each higher (or each lower) than the one before;
- two out of three: 2 of 3 points in a row near the limits, all 3 on the same side of
  the mean; the points near the limits are flagged.

A flagged point is improvement or concern by its side of the mean and the indicator's
polarity (neutral, high or low, where there is none). The chart needs 12 or more
consecutive periods, as NHSRplotthedots asks for its limits; rolling periods that
overlap (three-year averages a year apart) are not used: their values are not
independent. Pure: rows in, a dataclass and words out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from dashboard.common.formatting import format_value

MIN_POINTS = 12
LIMIT = 2.66
NEAR = 2 * LIMIT / 3
SCREEN = 3.267
RUN = 7
RULE_WORDS = {"outside": "outside the process limits", "shift": "a shift",
              "trend": "a trend", "two_in_three": "two of three near a limit"}
DURATION_MONTHS = {"P1M": 1, "P3M": 3, "P6M": 6, "P1Y": 12, "P2Y": 24, "P3Y": 36,
                   "P5Y": 60}


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    rules: tuple[str, ...]          # the special-cause rules this point is part of
    kind: str                       # common, improvement, concern, neutral_high, neutral_low


@dataclass(frozen=True)
class Spc:
    mean: float
    lower: float                    # process limits
    upper: float
    near_lower: float               # two-sigma lines (the two-of-three rule)
    near_upper: float
    points: tuple[Point, ...]
    screened: int                   # moving ranges left out as too large

    @property
    def special(self) -> list[Point]:
        return [p for p in self.points if p.kind != "common"]


def _months(start: date) -> int:
    return start.year * 12 + start.month - 1


def consecutive_run(rows: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[float]] | str:
    """The most recent run of consecutive periods with a value (labels, values), or
    why there is none long enough. Periods follow each other when each starts one
    period length after the one before; withheld and missing values break a run."""
    kept = sorted((r for r in rows if r.get("value") is not None
                   and not (isinstance(r["value"], float) and np.isnan(r["value"]))),
                  key=lambda r: r["period_start"])
    if not kept:
        return "There are no published values to chart."
    starts = [_months(r["period_start"]) for r in kept]
    gaps = np.diff(starts)
    step = int(np.bincount(gaps).argmax()) if len(gaps) else 0
    length = DURATION_MONTHS.get(str(kept[-1].get("period_duration") or ""), step)
    if step and length > step:
        return ("These are rolling periods that overlap (each covers "
                f"{length // 12 if length % 12 == 0 else length} "
                f"{'years' if length % 12 == 0 else 'months'}, a new one every "
                f"{step // 12 if step % 12 == 0 else step} "
                f"{'year' if step % 12 == 0 else 'months'}), so their values are not "
                "independent and a control chart would mislead.")
    first = len(kept) - 1
    while first > 0 and starts[first] - starts[first - 1] == step:
        first -= 1
    run = kept[first:]
    if len(run) < MIN_POINTS:
        return (f"A control chart needs at least {MIN_POINTS} consecutive periods; the "
                f"latest run of this series has {len(run)}.")
    return [str(r["period_label"]) for r in run], [float(r["value"]) for r in run]


def _limits(values: np.ndarray) -> tuple[float, float, int]:
    """(mean, mean moving range after screening, moving ranges screened out)."""
    moving = np.abs(np.diff(values))
    average = moving.mean()
    kept = moving[moving < SCREEN * average]
    return float(values.mean()), float(kept.mean()) if len(kept) else 0.0, \
        len(moving) - len(kept)


def _part_of_run(ends: np.ndarray) -> np.ndarray:
    """Every point of a run of RUN, given where runs of RUN end."""
    out = np.zeros(len(ends), dtype=bool)
    for i in np.flatnonzero(ends):
        out[i - RUN + 1:i + 1] = True
    return out


def _shift(side: np.ndarray) -> np.ndarray:
    ends = np.array([i >= RUN - 1 and side[i] != 0 and bool(np.all(side[i - RUN + 1:i + 1]
                                                                    == side[i]))
                     for i in range(len(side))])
    return _part_of_run(ends)


def _trend(values: np.ndarray) -> np.ndarray:
    steps = np.sign(np.diff(values))
    ends = np.array([i >= RUN - 1 and abs(steps[i - RUN + 1:i].sum()) == RUN - 1
                     for i in range(len(values))])
    return _part_of_run(ends)


def _two_in_three(near: np.ndarray, side: np.ndarray) -> np.ndarray:
    out = np.zeros(len(near), dtype=bool)
    for s in range(len(near) - 2):
        window = slice(s, s + 3)
        if near[window].sum() >= 2 and abs(side[window].sum()) == 3:
            out[window] |= near[window]
    return out


def xmr(labels: Sequence[str], values: Sequence[float], polarity: str | None) -> Spc:
    """The XmR chart's lines and each point's special-cause rules and kind."""
    y = np.asarray(values, dtype=float)
    mean, mr, screened = _limits(y)
    lower, upper = mean - LIMIT * mr, mean + LIMIT * mr
    near_lower, near_upper = mean - NEAR * mr, mean + NEAR * mr
    outside = (y > upper) | (y < lower)
    side = np.sign(y - mean)
    near = ~outside & ((y < near_lower) | (y > near_upper))
    rules = {"outside": outside, "shift": _shift(side), "trend": _trend(y),
             "two_in_three": _two_in_three(near, side)}
    better = {"higher_is_better": 1, "lower_is_better": -1}.get(polarity or "")
    points = []
    for i, label in enumerate(labels):
        hit = tuple(rule for rule, flags in rules.items() if flags[i])
        if not hit:
            kind = "common"
        elif better is None:
            kind = "neutral_high" if side[i] > 0 else "neutral_low"
        else:
            kind = "improvement" if side[i] == better else "concern"
        points.append(Point(label, float(y[i]), hit, kind))
    return Spc(mean, lower, upper, near_lower, near_upper, tuple(points), screened)


KIND_WORDS = {"improvement": "improvement", "concern": "concern",
              "neutral_high": "higher than usual (neither better nor worse)",
              "neutral_low": "lower than usual (neither better nor worse)"}


def _spans(points: Sequence[Point]) -> list[tuple[int, int, str]]:
    """Runs of consecutive flagged points of one kind: (first, last, kind)."""
    out: list[tuple[int, int, str]] = []
    for i, point in enumerate(points):
        if point.kind == "common":
            continue
        if out and out[-1][1] == i - 1 and out[-1][2] == point.kind:
            out[-1] = (out[-1][0], i, point.kind)
        else:
            out.append((i, i, point.kind))
    return out


def spc_words(spc: Spc, meta: Mapping[str, Any], area_name: str) -> list[str]:
    """The chart's findings in words, the latest first."""
    def fmt(value: float) -> str:
        return format_value(value, dict(meta))
    points = spc.points
    lines = [f"Over {points[0].label} to {points[-1].label} ({len(points)} periods) "
             f"{area_name}'s average was {fmt(spc.mean)}; values between "
             f"{fmt(spc.lower)} and {fmt(spc.upper)} (the process limits) are within "
             "its usual variation."]
    spans = _spans(points)
    if not spans:
        lines.append("Common cause variation only: no value is outside the limits and "
                     "there is no shift, trend or cluster near a limit, so the changes "
                     "from one period to the next are within what this series usually "
                     "shows.")
        return lines
    for first, last, kind in reversed(spans):
        rules = sorted({r for p in points[first:last + 1] for r in p.rules},
                       key=list(RULE_WORDS).index)
        when = points[first].label if first == last else \
            f"{points[first].label} to {points[last].label}"
        lines.append(f"Special cause variation, {KIND_WORDS[kind]}: {when} ("
                     + "; ".join(RULE_WORDS[r] for r in rules) + ").")
    return lines
