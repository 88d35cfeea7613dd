"""The status rule: a target's status at the latest published period and its one-sentence
reason (`assess`).

docs/targets.md, "How a status is decided", is the rule in words; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard.methods.targets.model import Assessment, Projection, Target
from dashboard.methods.targets.periods import _step_years, period_x
from dashboard.methods.targets.projection import (
    _from_baseline,
    _published,
    _xs,
    project,
    projection_verdict,
)
from dashboard.methods.targets.trajectory import (
    _clean,
    _sign,
    _x_of,
    at_precision,
    decimals_of,
    meets_target,
    tolerance_for,
    trajectory_at,
)
from dashboard.methods.targets.vocabulary import (
    ACHIEVED,
    AHEAD_OR_LEVEL,
    AT_RISK,
    BEHIND,
    CLEARLY_BEHIND,
    MEETS,
    MISSED,
    NO_DATA,
    NO_PROJECTION,
    OFF_TRACK,
    ON_TRACK,
    SHORT,
    STATUS_WORDS,
)
from dashboard.methods.targets.wording import (
    _fmt,
    _goal,
    _trend_clause,
    _when,
    difference_words,
)

# (position, projection verdict) -> status before the target period. A value at or ahead of
# its trajectory is never off track, and at risk only when the projection falls short;
# on track never comes with a projection that falls short, off track never with one that
# meets the target in time.
STATUS_TABLE = {
    (AHEAD_OR_LEVEL, MEETS): ON_TRACK, (AHEAD_OR_LEVEL, NO_PROJECTION): ON_TRACK,
    (AHEAD_OR_LEVEL, SHORT): AT_RISK,
    (BEHIND, MEETS): AT_RISK, (BEHIND, SHORT): AT_RISK, (BEHIND, NO_PROJECTION): AT_RISK,
    (CLEARLY_BEHIND, MEETS): AT_RISK, (CLEARLY_BEHIND, SHORT): OFF_TRACK,
    (CLEARLY_BEHIND, NO_PROJECTION): OFF_TRACK,
}


@dataclass(frozen=True)
class _Latest:
    """The latest published value, at the indicator's precision, and how to name it."""

    value: float
    lci: float | None                    # both limits or neither, rounded
    uci: float | None
    x: float
    step: float                          # the series' usual spacing in years
    when: str                            # 'in 2025', 'on 30 Apr 2025'
    decimals: int

    @property
    def has_ci(self) -> bool:
        return self.lci is not None and self.uci is not None

    def interval(self, meta: Mapping[str, Any]) -> str:
        """'4.1% to 6.1%', the interval as published."""
        return f"{_fmt(self.lci, meta)} to {_fmt(self.uci, meta)}"


def _latest_of(observed: pd.DataFrame, since: pd.DataFrame,
               meta: Mapping[str, Any]) -> tuple[_Latest, dict[str, Any]]:
    """The latest value for the rule, and the Assessment fields that report it."""
    latest, decimals = since.iloc[-1], decimals_of(meta)
    previous = observed.iloc[-2] if len(observed) >= 2 else None
    lci, uci = _clean(latest.get("lci")), _clean(latest.get("uci"))
    has_ci = lci is not None and uci is not None and uci > lci
    label = str(latest["period_label"])
    facts = _Latest(
        at_precision(float(latest["value"]), decimals),
        at_precision(lci, decimals) if has_ci else None,   # type: ignore[arg-type]
        at_precision(uci, decimals) if has_ci else None,   # type: ignore[arg-type]
        period_x(latest["period_start"]), _step_years(_xs(observed)),
        _when(label, latest.get("period_duration")), decimals)
    load_id = _clean(latest.get("load_id"))
    fields = {
        "latest_period": label,
        "latest_period_start": pd.Timestamp(latest["period_start"]).date(),
        "latest_value": float(latest["value"]), "latest_lci": lci if has_ci else None,
        "latest_uci": uci if has_ci else None,
        "latest_numerator": _clean(latest.get("numerator")),
        "latest_denominator": _clean(latest.get("denominator")),
        "latest_load_id": int(load_id) if load_id is not None else None,
        "latest_status": latest.get("status") if isinstance(latest.get("status"), str) else None,
        "latest_note": latest.get("note") if isinstance(latest.get("note"), str) else None,
        "previous_value": _clean(previous["value"]) if previous is not None else None}
    return facts, fields


def _no_data(target: Target, observed: pd.DataFrame, area: str) -> Assessment:
    """No value since the baseline: nothing to judge, and the reason says why."""
    if observed.empty:
        return Assessment(NO_DATA, f"No data: no value of this indicator is published for "
                          f"{area}, so progress cannot be judged.")
    return Assessment(NO_DATA, f"No data: no value has been published for {area} since the "
                      f"{target.baseline.label} baseline, so progress cannot be judged yet.")


def _position(latest: _Latest, trajectory: float, tolerance: float, sign: int) -> str:
    """Where the value stands against the trajectory (both at the published precision)."""
    behind = at_precision(sign * (trajectory - latest.value), latest.decimals)
    if behind <= 0:
        return AHEAD_OR_LEVEL
    if latest.has_ci:
        best = latest.uci if sign > 0 else latest.lci
        return CLEARLY_BEHIND if sign * (best - trajectory) < 0 else BEHIND  # type: ignore
    return CLEARLY_BEHIND if behind > tolerance else BEHIND


def _position_words(latest: _Latest, trajectory: float, tolerance: float, position: str,
                    meta: Mapping[str, Any]) -> str:
    """The value against the trajectory, in the numbers the verdict was made on."""
    side = ("above" if latest.value > trajectory else
            "below" if latest.value < trajectory else "level with")
    words = (f"{_fmt(latest.value, meta)} {latest.when} is {side} the "
             f"{_fmt(trajectory, meta)} trajectory")
    if position == AHEAD_OR_LEVEL:
        return words
    if latest.has_ci:
        if position == BEHIND:
            return (f"{words}, but its 95% confidence interval ({latest.interval(meta)}) "
                    "includes the trajectory")
        return (f"{words} and its 95% confidence interval ({latest.interval(meta)}) is "
                "entirely on the wrong side")
    within = "within" if position == BEHIND else "beyond"
    return f"{words}, {within} the tolerance of {difference_words(tolerance, meta)}"


def _interval_has_target(latest: _Latest, target: Target) -> bool:
    """The published interval runs from short of the target to at or beyond it."""
    if not latest.has_ci:
        return False
    worst, best = (latest.lci, latest.uci) if _sign(target) > 0 else (latest.uci, latest.lci)
    return meets_target(best, target, latest.decimals) and \
        not meets_target(worst, target, latest.decimals)  # type: ignore[arg-type]


def _judge_at_target(target: Target, meta: Mapping[str, Any], latest: _Latest,
                     projection: Projection | None, fields: dict[str, Any]) -> Assessment:
    """Target period reached: achieved if the value meets the target, else missed; both
    point judgements, with the interval mentioned in the same way when it has the target."""
    value = f"{_fmt(latest.value, meta)} {latest.when}"
    note = (f"; its 95% confidence interval, {latest.interval(meta)}, includes the target"
            if _interval_has_target(latest, target) else "")
    met = meets_target(latest.value, target, latest.decimals)
    position = _position(latest, at_precision(target.target_value, latest.decimals),
                         tolerance_for(target, latest.decimals), _sign(target))
    common = {**fields, "trajectory_value": target.target_value, "position": position,
              "projection_verdict": projection_verdict(projection)}
    if met:
        return Assessment(ACHIEVED, f"Achieved: {value} meets {_goal(target, meta)}{note}.",
                          **common)
    clause = _trend_clause(projection, target, meta, target_passed=True)
    reason = (f"Missed: {_goal(target, meta)} was not met ({value}{note}) and the target "
              f"period has been reached; {clause}.")
    return Assessment(MISSED, reason, trend_clause=clause, **common)


def _early_words(target: Target, meta: Mapping[str, Any], latest: _Latest) -> str:
    """A value that meets the target early while its interval still includes it."""
    return (f"{_fmt(latest.value, meta)} {latest.when} meets {_goal(target, meta)}, but its "
            f"95% confidence interval ({latest.interval(meta)}) still includes the target")


def _reason(status: str, position: str, verdict: str, why: str, clause: str,
            projection: Projection | None, target: Target, meta: Mapping[str, Any]) -> str:
    """One sentence: the position, then what the projection says, joined so the two read
    as one argument for the status."""
    if position == AHEAD_OR_LEVEL and verdict == SHORT and projection is not None:
        link = " and" if ", but " in why else ", but"
        why += (f"{link} the projected {_fmt(projection.at_target, meta)} in "
                f"{target.target.label} falls short of the target")
    elif position == CLEARLY_BEHIND and verdict == MEETS:
        return f"{STATUS_WORDS[status]}: {why}, but {clause}."
    return f"{STATUS_WORDS[status]}: {why}; {clause}."


def _judge_before_target(target: Target, meta: Mapping[str, Any], latest: _Latest,
                         projection: Projection | None, fields: dict[str, Any]) -> Assessment:
    """Before the target period: achieved early only beyond any interval; otherwise the
    position against the trajectory and the projection verdict decide (STATUS_TABLE)."""
    decimals, sign = latest.decimals, _sign(target)
    trajectory = trajectory_at(target, latest.x)
    shown = at_precision(trajectory, decimals)
    tolerance = tolerance_for(target, decimals)
    common = {**fields, "trajectory_value": trajectory,
              "tolerance": None if latest.has_ci else tolerance,
              "projection_verdict": projection_verdict(projection)}
    if meets_target(latest.value, target, decimals):
        worst = (latest.lci if sign > 0 else latest.uci) if latest.has_ci else latest.value
        if meets_target(worst, target, decimals):  # type: ignore[arg-type]
            interval = (f" and its whole 95% confidence interval ({latest.interval(meta)}) "
                        "is at or beyond it" if latest.has_ci else "")
            return Assessment(ACHIEVED, f"Achieved: {_fmt(latest.value, meta)} "
                              f"{latest.when} meets {_goal(target, meta)}{interval}.",
                              position=AHEAD_OR_LEVEL, **common)
        position, why = AHEAD_OR_LEVEL, _early_words(target, meta, latest)
    else:
        position = _position(latest, shown, tolerance, sign)
        why = _position_words(latest, shown, tolerance, position, meta)
    verdict = common["projection_verdict"]
    status = STATUS_TABLE[(position, verdict)]
    clause = _trend_clause(projection, target, meta)
    reason = _reason(status, position, verdict, why, clause, projection, target, meta)
    return Assessment(status, reason, trend_clause=clause, position=position, **common)


def assess(target: Target, series: pd.DataFrame, meta: Mapping[str, Any],
           area_name: str | None = None, today: date | None = None) -> Assessment:
    """The status of one target at the latest published period, with its reason.

    ``series`` holds the area's published values (period_start, period_duration,
    period_label, value, lci, uci, ...); ``today`` decides which periods are already over
    (default: today). The rule is docs/targets.md, "How a status is decided": no data;
    at the target period achieved or missed; before it, achieved early only with the whole
    interval beyond the target, otherwise STATUS_TABLE of the position against the
    trajectory and the projection verdict, all judged at the published precision.
    """
    observed = _published(series)
    since = _from_baseline(observed, target, inclusive=False)
    if since.empty:
        return _no_data(target, observed, area_name or target.area_code)
    latest, fields = _latest_of(observed, since, meta)
    projection = project(observed, target, meta, today)
    fields["projection"] = projection
    if latest.x >= _x_of(target.target) - 0.5 * latest.step:
        return _judge_at_target(target, meta, latest, projection, fields)
    return _judge_before_target(target, meta, latest, projection, fields)
