"""The checks of one target record against the store: its partnership, indicator and
area; its baseline (read from the published series where it can be); its target period,
value and direction of improvement; its milestones and due date. `_validate_target`
puts them together.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from dashboard.common.periods import Period
from dashboard.methods import stats
from dashboard.methods.quality import QualityReport
from dashboard.methods.targets.fields import (
    _boolean,
    _check_unknown_fields,
    _milestones,
    _number,
    _period_problem,
)
from dashboard.methods.targets.files import _Record
from dashboard.methods.targets.model import Milestone, Partnership, Reference, Target
from dashboard.methods.targets.periods import (
    _stored_periods,
    align_period,
    baseline_shape_problem,
    match_stored_period,
    period_shape_problem,
)
from dashboard.methods.targets.vocabulary import (
    DECREASE,
    INCREASE,
    REQUIRED_TARGET_FIELDS,
    TARGET_FIELDS,
)


def _effective_direction(record: _Record, polarity: str, baseline_value: float | None,
                         target_value: float | None, title: str,
                         report: QualityReport) -> str | None:
    raw = record.get("direction")
    stated = None
    if raw is not None:
        stated = {"increase": INCREASE, "higher": INCREASE, "up": INCREASE,
                  "decrease": DECREASE, "lower": DECREASE, "down": DECREASE}.get(
                      str(raw).strip().lower())
        if stated is None:
            report.error("bad_value", "expected increase or decrease", column="direction",
                         line=record.line_of("direction"), value=raw)
            return None
    implied = {stats.HIGHER_IS_BETTER: INCREASE, stats.LOWER_IS_BETTER: DECREASE}.get(polarity)
    if implied and stated and stated != implied:
        report.error("wrong_direction", f"{title} is {polarity.replace('_', ' ')}, so a "
                     f"target must {implied}; the file says {stated}", column="direction",
                     line=record.line_of("direction"), value=raw)
        return None
    if implied or stated:
        return implied or stated
    if baseline_value is None or target_value is None or baseline_value == target_value:
        report.error("missing_field", f"{title} has no judgement of better or worse, so give "
                     "direction: increase or decrease", line=record.line, column="direction")
        return None
    inferred = INCREASE if target_value > baseline_value else DECREASE
    report.warning("direction_inferred", f"{title} has no judgement of better or worse; "
                   f"read the aim as to {inferred} from the baseline to the target (state "
                   "direction: to make it explicit)", line=record.line_of("target_value"),
                   column="direction", value=inferred)
    return inferred


def _target_subject(record: _Record, reference: Reference,
                    partnerships: Mapping[str, Partnership],
                    report: QualityReport) -> tuple[Any, Any, Mapping[str, Any] | None, Any]:
    """The partnership id, indicator id, indicator metadata and area a target is for,
    reporting any that are missing or unknown."""
    for name in REQUIRED_TARGET_FIELDS:
        if record.get(name) is None:
            report.error("missing_field", f"every target needs {name!r}", line=record.line,
                         column=name)
    pid, indicator_id = record.get("partnership"), record.get("indicator")
    partnership = partnerships.get(str(pid)) if pid is not None else None
    if pid is not None and partnership is None:
        known = ", ".join(sorted(partnerships)) or "none defined"
        report.error("unknown_partnership", "partnership is not defined in this file or the "
                     f"store; expected one of: {known}", line=record.line_of("partnership"),
                     column="partnership", value=pid)
    meta = reference.indicators.get(str(indicator_id)) if indicator_id is not None else None
    if indicator_id is not None and meta is None:
        report.error("unknown_indicator", "indicator id is not in the store; expected an "
                     "indicator_id from the Data page (e.g. claimant-count)",
                     line=record.line_of("indicator"), column="indicator", value=indicator_id)
    area = record.get("area")
    if area is None and partnership is not None and len(partnership.target_areas) == 1:
        area = partnership.target_areas[0]
    if area is None and partnership is not None:
        report.error("missing_field", "this partnership has more than one area, so each "
                     "target needs 'area' (one of " + ", ".join(partnership.target_areas) + ")",
                     line=record.line, column="area")
    elif area is not None and area not in reference.areas:
        report.error("unknown_area", "area code is not known to the store; expected a GSS "
                     "code such as E08000004", line=record.line_of("area"), column="area",
                     value=area)
    elif area is not None and partnership is not None and area not in partnership.target_areas:
        report.error("not_member", f"{area} is not an area of partnership {partnership.name}; "
                     "expected one of " + ", ".join(partnership.target_areas),
                     line=record.line_of("area"), column="area", value=area)
    return pid, indicator_id, meta, area


def _check_readable_periods(record: _Record, report: QualityReport) -> None:
    """Report unreadable periods even when the indicator or area is unknown, so one pass
    finds everything."""
    for name in ("baseline_period", "target_period"):
        if record.get(name) is not None:
            try:
                align_period(str(record.get(name)))
            except ValueError as exc:
                report.error("bad_period", _period_problem(exc), line=record.line_of(name),
                             column=name, value=record.get(name))


def _baseline(record: _Record, series: pd.DataFrame, baseline_value: float | None,
              title: str, area: str,
              report: QualityReport) -> tuple[Period | None, float | None, str]:
    """The baseline period, its value and where the value came from (stored or file)."""
    text = str(record.get("baseline_period"))
    line = record.line_of("baseline_period")
    stored = _stored_periods(series)
    found = match_stored_period(text, series)
    if found is not None:
        baseline, stored_value = found
        if baseline_value is None:
            return baseline, stored_value, "stored"
        if not math.isclose(baseline_value, stored_value, rel_tol=1e-6, abs_tol=1e-9):
            report.warning("baseline_differs", f"the stored value for {baseline.label} is "
                           f"{stored_value:g}; the file's {baseline_value:g} is used. Leave "
                           "baseline_value blank to use the published value",
                           line=record.line_of("baseline_value"), column="baseline_value",
                           value=baseline_value)
            return baseline, baseline_value, "file"
        return baseline, baseline_value, "stored"
    shape = baseline_shape_problem(text, stored, title)
    if shape:
        report.error("period_shape", shape, line=line, column="baseline_period", value=text)
        return None, baseline_value, "file"
    try:
        baseline, _ = align_period(text, stored[-1] if stored else None)
    except ValueError as exc:
        report.error("bad_period", _period_problem(exc), line=line, column="baseline_period",
                     value=text)
        return None, baseline_value, "file"
    shape = period_shape_problem(baseline, stored[-1] if stored else None, title)
    if shape:
        report.error("period_shape", shape, line=line, column="baseline_period", value=text)
        return None, baseline_value, "file"
    published = ", ".join(p.label for p in stored[-6:]) or "none"
    if baseline_value is None:
        report.error("baseline_not_stored", f"no published value of {title} for {area} in "
                     f"{text}; give baseline_value or use a published period (latest: "
                     f"{published})", line=line, column="baseline_period", value=text)
    else:
        report.warning("baseline_not_stored", f"no published value for {text}; the file's "
                       f"baseline {baseline_value:g} is used", line=line,
                       column="baseline_period", value=text)
    return baseline, baseline_value, "file"


def _target_period(record: _Record, template: Period | None, title: str,
                   report: QualityReport) -> Period | None:
    """The target period, aligned to the indicator's calendar and of the published length."""
    raw = record.get("target_period")
    line = record.line_of("target_period")
    try:
        period, note = align_period(str(raw), template)
    except ValueError as exc:
        report.error("bad_period", _period_problem(exc), line=line, column="target_period",
                     value=raw)
        return None
    shape = period_shape_problem(period, template, title)
    if shape:
        report.error("period_shape", shape, line=line, column="target_period", value=raw)
        return None
    if note:
        report.warning("period_read_as", note, line=line, column="target_period", value=raw)
    return period


def _check_target_value(record: _Record, meta: Mapping[str, Any], title: str,
                        baseline_value: float | None, target_value: float | None,
                        report: QualityReport) -> str | None:
    """Check the target's value against its range and direction; the direction of
    improvement, or None when it cannot be settled."""
    if meta.get("value_type") == "percentage" and target_value is not None \
            and not 0 <= target_value <= 100:
        report.error("bad_number", "a percentage target must be between 0 and 100",
                     line=record.line_of("target_value"), column="target_value",
                     value=record.get("target_value"))
    direction = _effective_direction(record, str(meta.get("polarity") or stats.NO_JUDGEMENT),
                                     baseline_value, target_value, title, report)
    if not direction or baseline_value is None or target_value is None:
        return direction
    sign = 1 if direction == INCREASE else -1
    if sign * (target_value - baseline_value) < 0:
        better, worse = ("above", "below") if direction == INCREASE else ("below", "above")
        report.error("wrong_direction", f"target {target_value:g} is {worse} the baseline "
                     f"{baseline_value:g}, but improvement for {title} means to "
                     f"{direction}; expected a target {better} {baseline_value:g}",
                     line=record.line_of("target_value"), column="target_value",
                     value=record.get("target_value"))
    elif target_value == baseline_value:
        report.warning("holding_target", "the target equals the baseline: read as a "
                       "target to hold the current level", column="target_value",
                       line=record.line_of("target_value"), value=target_value)
    return direction


def _milestone_list(record: _Record, baseline: Period | None, target_period: Period | None,
                    template: Period | None, title: str,
                    report: QualityReport) -> list[Milestone]:
    """Milestones between the baseline and the target, of the published period length."""
    milestones: list[Milestone] = []
    seen_periods: dict[date, int] = {}
    for period_text, value_text, line in _milestones(record, report):
        value = _number(record, "milestones", report, raw=value_text, line=line)
        try:
            period, _ = align_period(period_text, template)
        except ValueError as exc:
            report.error("bad_period", f"milestone: {_period_problem(exc)}", line=line,
                         column="milestones", value=period_text)
            continue
        shape = period_shape_problem(period, template, title)
        if shape:
            report.error("period_shape", f"milestone {shape}", line=line,
                         column="milestones", value=period_text)
            continue
        if period.start in seen_periods:
            report.error("duplicate_key", f"milestone {period_text} appears twice",
                         line=line, column="milestones", value=period_text)
            continue
        seen_periods[period.start] = line
        if baseline is not None and target_period is not None and not (
                baseline.start < period.start < target_period.start):
            report.error("milestone_outside", f"milestone {period_text} is not between the "
                         f"baseline ({baseline.label}) and the target ({target_period.label})",
                         line=line, column="milestones", value=period_text)
            continue
        if value is not None:
            milestones.append(Milestone(period, value))
    return sorted(milestones, key=lambda m: m.period.start)


def _due_date(record: _Record, report: QualityReport) -> date | None:
    """The date an action is due, if given and readable."""
    due = record.get("due_date")
    if due is None:
        return None
    try:
        return date.fromisoformat(str(due))
    except ValueError:
        report.error("bad_date", "expected a date as YYYY-MM-DD", column="due_date",
                     line=record.line_of("due_date"), value=due)
        return None


def _validate_target(record: _Record, reference: Reference,
                     partnerships: Mapping[str, Partnership],
                     report: QualityReport) -> Target | None:
    """One target record checked against the store: a Target, or None with the problems
    reported."""
    _check_unknown_fields(record, TARGET_FIELDS, report)
    errors_before = len(report.errors)
    pid, indicator_id, meta, area = _target_subject(record, reference, partnerships, report)
    baseline_value = _number(record, "baseline_value", report)
    target_value = _number(record, "target_value", report)
    if meta is None or area is None or len(report.errors) > errors_before:
        _check_readable_periods(record, report)
        return None
    series = reference.series(str(indicator_id), str(area))
    stored = _stored_periods(series)
    template = stored[-1] if stored else None
    title = str(meta.get("title") or indicator_id)
    baseline, baseline_value, baseline_source = _baseline(record, series, baseline_value,
                                                          title, str(area), report)
    target_period = _target_period(record, template, title, report)
    if baseline is not None and target_period is not None \
            and target_period.start <= baseline.start:
        report.error("target_before_baseline", f"target period {target_period.label} is not "
                     f"after the baseline period {baseline.label}; expected a later period",
                     line=record.line_of("target_period"), column="target_period",
                     value=record.get("target_period"))
    direction = _check_target_value(record, meta, title, baseline_value, target_value, report)
    milestones = _milestone_list(record, baseline, target_period, template, title, report)
    due_date = _due_date(record, report)
    illustrative = _boolean(record, "illustrative", report, False)
    if len(report.errors) > errors_before or baseline is None or target_period is None \
            or baseline_value is None or target_value is None or direction is None:
        return None
    return Target(
        partnership_id=str(pid), indicator_id=str(indicator_id), area_code=str(area),
        baseline=baseline, baseline_value=baseline_value, target=target_period,
        target_value=target_value, direction=direction, milestones=tuple(milestones),
        theme=record.get("theme") or meta.get("theme"), owner=record.get("owner"),
        commentary=record.get("commentary"), action=record.get("action"), due_date=due_date,
        illustrative=illustrative, baseline_source=baseline_source, line=record.line)
