"""The words of a status reason: values as the indicator publishes them, differences in
its units, the target as a goal, and the clause saying what the recent trend means for
reaching it (worded to agree with the projection verdict).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from dashboard.common.formatting import format_value
from dashboard.methods.targets.model import Projection, Target
from dashboard.methods.targets.trajectory import decimals_of
from dashboard.methods.targets.vocabulary import FLAT, IMPROVING, REACH_HORIZON_YEARS

_PREFIX_WORDS = {"GBPSign": "£", "GBP": "£"}


def display_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Indicator metadata ready for formatting: ONS's 'GBPSign' prefix becomes '£'."""
    out = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in meta.items()}
    prefix = out.get("prefix")
    if isinstance(prefix, str) and prefix in _PREFIX_WORDS:
        out["prefix"] = _PREFIX_WORDS[prefix]
    return out


def _fmt(value: float | None, meta: Mapping[str, Any]) -> str:
    """A value as the indicator publishes it (its unit and decimal places)."""
    return format_value(value, {**display_meta(meta), "decimals": decimals_of(meta)})


def _when(label: str, duration: str | None) -> str:
    """'in 2025', 'in 2024/25', but 'on 30 Apr 2025' for a point in time."""
    return f"on {label}" if not duration else f"in {label}"


def difference_words(amount: float, meta: Mapping[str, Any]) -> str:
    """A difference in the indicator's units: '0.2 percentage points', '£12', '0.3'."""
    shown = {**display_meta(meta), "decimals": decimals_of(meta)}
    if (shown.get("unit") == "%") or (shown.get("suffix") == "%"):
        text = format_value(abs(amount), {**shown, "suffix": None, "unit": None})
        return f"{text} percentage points"
    return format_value(abs(amount), shown)


def _goal(target: Target, meta: Mapping[str, Any]) -> str:
    """'the 2027 target of 5.0%'."""
    return f"the {target.target.label} target of {_fmt(target.target_value, meta)}"


def _unreached_clause(projection: Projection, goal: str) -> str:
    """The trend clause when no period within the horizon meets the target."""
    if projection.trend == FLAT:
        return f"the recent trend is flat, so {goal} would not be reached"
    if projection.trend == IMPROVING:
        return (f"at the recent trend {goal} would not be reached within "
                f"{REACH_HORIZON_YEARS} years of the target date")
    return f"the recent trend is moving away from {goal}"


def _unpublished_clause(projection: Projection, goal: str, in_time: bool) -> str:
    """The trend clause when the reach period is over but not yet published: no year is
    named, since a past year would read as if the target had been reached."""
    if not in_time:
        return (f"at the recent trend {goal} would not be reached until after the target "
                "period, in a period that has ended but is not yet published")
    if projection.reach_next:
        return f"at the recent trend {goal} would be met by the next published value"
    return (f"at the recent trend {goal} would be met in a period that has ended but is not "
            "yet published")


def _trend_clause(projection: Projection | None, target: Target, meta: Mapping[str, Any],
                  target_passed: bool = False) -> str:
    """What the recent trend says about reaching the target, worded to agree with the
    projection verdict (and so with the status)."""
    if projection is None:
        return "there are too few values since the baseline to project a trend"
    goal = "the target" if target_passed else _goal(target, meta)
    in_time = target_passed or projection.meets
    if projection.reach_label is None:
        return _unreached_clause(projection, goal)
    if projection.reach_ended:
        return _unpublished_clause(projection, goal, in_time)
    if in_time:
        return f"at the recent trend {goal} would be reached in {projection.reach_label}"
    return f"at the recent trend {goal} would not be reached until {projection.reach_label}"
