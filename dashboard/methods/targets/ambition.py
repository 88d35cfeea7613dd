"""How ambitious a target is: the change a year it needs, set against the change a year its
statistical neighbours and every English area of its type achieved over the most recent
span of the same length with data, with the area's own trend projected to the target
period and a range in line with its neighbours.

Pure: a target, plain frames and codes in, a dataclass and words out. Quartiles are
numpy's default (linear interpolation, Hyndman and Fan type 7, as R's default); the
percentile is scipy.stats.percentileofscore (kind "mean").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import percentileofscore

from dashboard.methods.targets.model import Target
from dashboard.methods.targets.periods import period_x
from dashboard.methods.targets.trajectory import _sign, _x_of


@dataclass(frozen=True)
class Spread:
    """The changes a year of one group of areas over the span, and where the needed
    change sits among them."""

    label: str                          # "statistical neighbours", "English ... "
    changes: tuple[tuple[str, str, float], ...]   # (code, name, change a year)
    quartiles: tuple[float, float, float, float, float]  # min, Q1, median, Q3, max
    as_well: int                        # how many improved at least as fast as needed
    percentile: float                   # the needed improvement's percentile among theirs

    @property
    def n(self) -> int:
        return len(self.changes)


@dataclass(frozen=True)
class Ambition:
    needed: float                       # change a year the target needs
    years: float                        # baseline to target, in years
    span: tuple[str, str]               # labels of the comparators' first and last period
    span_years: float
    own_change: float | None            # the area's own change a year over the span
    neighbours: Spread | None
    england: Spread | None
    projected: float | None             # the area's own trend at the target period
    suggested: tuple[float, float] | None   # neighbours' (else England's) Q1..Q3 applied


def needed_change(target: Target) -> tuple[float, float]:
    """(change a year, years): (target value - baseline value) / years between the
    baseline and target periods' starts."""
    years = _x_of(target.target) - _x_of(target.baseline)
    if years <= 0:
        raise ValueError("the target period must come after the baseline period")
    return (target.target_value - target.baseline_value) / years, years


def recent_span(values: pd.DataFrame, years: float) -> tuple[Any, Any] | None:
    """The period starts of the most recent span with data about `years` long: the
    latest start, and the start nearest `years` before it (None: too few periods)."""
    starts = sorted(pd.to_datetime(values.dropna(subset=["value"])["period_start"]).unique())
    if len(starts) < 2:
        return None
    end = starts[-1]
    start = min(starts[:-1], key=lambda s: (abs(period_x(end) - period_x(s) - years),
                                        -period_x(s)))
    return start, end


def changes_over(values: pd.DataFrame, start: Any, end: Any) -> pd.DataFrame:
    """Each area's change a year between two period starts (areas with both values):
    columns area_code, area_name, change."""
    frame = values.dropna(subset=["value"])
    frame = frame.assign(period_start=pd.to_datetime(frame["period_start"]))
    first = frame[frame["period_start"] == start].drop_duplicates("area_code")
    last = frame[frame["period_start"] == end].drop_duplicates("area_code")
    both = last.merge(first[["area_code", "value"]], on="area_code",
                      suffixes=("", "_start"))
    span = period_x(end) - period_x(start)
    return pd.DataFrame({"area_code": both["area_code"], "area_name": both["area_name"],
                         "change": (both["value"] - both["value_start"]) / span}).dropna(
                             subset=["change"])


def spread(label: str, changes: pd.DataFrame, needed: float, sign: int) -> Spread | None:
    """A group's distribution of change and where the needed change sits in it."""
    if changes.empty:
        return None
    values = changes["change"].to_numpy(dtype=float)
    quartiles = tuple(float(q) for q in np.percentile(values, [0, 25, 50, 75, 100]))
    improvement = sign * values
    as_well = int(np.sum(improvement >= sign * needed - 1e-12))
    percentile = float(percentileofscore(improvement, sign * needed, kind="mean"))
    rows = tuple((str(c), str(n), float(v)) for c, n, v in
                 zip(changes["area_code"], changes["area_name"], values))
    return Spread(label, rows, quartiles, as_well, percentile)  # type: ignore[arg-type]


def assess_ambition(target: Target, values: pd.DataFrame, neighbour_codes: Sequence[str],
                    area_type_words: str, projected: float | None,
                    meta: Mapping[str, Any] | None = None) -> Ambition | None:
    """The target's ambition against every comparable area's values (columns area_code,
    area_name, period_start, value); None where there is no span to compare over."""
    needed, years = needed_change(target)
    span = recent_span(values, years) if values is not None and not values.empty else None
    if span is None:
        return None
    start, end = span
    changes = changes_over(values, start, end)
    own = changes[changes["area_code"] == target.area_code]["change"]
    others = changes[changes["area_code"] != target.area_code]
    sign = _sign(target)
    near = others[others["area_code"].isin(list(neighbour_codes))]
    neighbours = spread("statistical neighbours", near, needed, sign)
    england = spread(area_type_words, others, needed, sign)
    basis = neighbours or england
    suggested = None
    if basis is not None:
        ends = sorted(target.baseline_value + q * years for q in basis.quartiles[1:4:2])
        if (meta or {}).get("value_type") == "percentage":
            ends = [min(100.0, max(0.0, v)) for v in ends]
        suggested = (ends[0], ends[1])
    labels = values.assign(period_start=pd.to_datetime(values["period_start"])) \
        .drop_duplicates("period_start").set_index("period_start")["period_label"]
    return Ambition(needed, years, (str(labels[start]), str(labels[end])),
                    period_x(end) - period_x(start),
                    float(own.iloc[0]) if len(own) else None, neighbours, england,
                    None if projected is None or math.isnan(projected) else projected,
                    suggested)
