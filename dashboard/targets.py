"""Partnerships, targets and their status: the model, file parsing, validation and rules.

Pure: files and plain frames go in, dataclasses, reports and frames come out. Nothing here
opens the store; orchestration helpers at the bottom take a store object as an argument
(anything with the Store's read methods) so they can be tested with a real store or a fake.

The status rule is documented in docs/targets.md ("How a status is decided") and every
status carries a one-sentence reason built by :func:`assess`.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import yaml
from statsmodels.regression.linear_model import OLS

from dashboard import stats
from dashboard.formatting import format_value
from dashboard.periods import Period, label_for, parse_period
from dashboard.quality import QualityReport

# --- vocabulary ------------------------------------------------------------------------------

ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, MISSED, NO_DATA = (
    "achieved", "on_track", "at_risk", "off_track", "missed", "no_data")
# Most urgent first: the order of the scorecard and of the summary line.
STATUSES = (MISSED, OFF_TRACK, AT_RISK, ON_TRACK, ACHIEVED, NO_DATA)
STATUS_WORDS = {ACHIEVED: "Achieved", ON_TRACK: "On track", AT_RISK: "At risk",
                OFF_TRACK: "Off track", MISSED: "Missed", NO_DATA: "No data"}
# A shape goes with every colour so a status never relies on colour alone.
STATUS_ICONS = {ACHIEVED: "★", ON_TRACK: "✔", AT_RISK: "▲", OFF_TRACK: "✖", MISSED: "⊘",
                NO_DATA: "○"}
# Text-safe colours (>= 4.5:1 on white) from the Analysis Function palette, darkened where
# needed; used with the icon and the word.
STATUS_COLOURS = {ACHIEVED: "#12436D", ON_TRACK: "#1B7A72", AT_RISK: "#A8420A",
                  OFF_TRACK: "#801650", MISSED: "#3D3D3D", NO_DATA: "#505A5F"}
# Statuses a board needs commentary and an action for.
NEEDS_ACTION = (OFF_TRACK, MISSED)

INCREASE, DECREASE = "increase", "decrease"
DIRECTIONS = (INCREASE, DECREASE)
PARTNERSHIP_TYPES = ("local strategic partnership", "combined authority")

# Without a confidence interval, a value this share of the planned change (target minus
# baseline) behind the trajectory is "at risk" rather than "off track".
TOLERANCE_SHARE = 0.10
PROJECTION_POINTS = 5
PREDICTION_LEVEL = 0.95
# A projection that meets the target more than this many years after the target period
# is reported as "not within 30 years" rather than as a far-off period.
REACH_HORIZON_YEARS = 30
MAX_TARGETS_PER_PARTNERSHIP = 35
ILLUSTRATIVE_NOTE = "Illustrative example, not an agreed target"
ILLUSTRATIVE_NOTE_PLURAL = "Illustrative examples, not agreed targets"

TARGET_FIELDS = ("partnership", "indicator", "area", "theme", "baseline_period",
                 "baseline_value", "target_period", "target_value", "milestones", "direction",
                 "owner", "commentary", "action", "due_date", "illustrative")
PARTNERSHIP_FIELDS = ("id", "name", "type", "area_code", "members", "note", "illustrative",
                      "access")
REQUIRED_TARGET_FIELDS = ("partnership", "indicator", "baseline_period", "target_period",
                          "target_value")

RULE_TITLES = {
    "unreadable": "File cannot be read",
    "missing_field": "Required field missing",
    "unknown_field": "Field not recognised",
    "unknown_partnership": "Partnership not known",
    "unknown_indicator": "Indicator not known to the store",
    "unknown_area": "Area code not known to the store",
    "not_member": "Area is not a member of the partnership",
    "bad_period": "Period cannot be read",
    "bad_number": "Value is not a number",
    "bad_date": "Date cannot be read",
    "bad_value": "Value not allowed",
    "target_before_baseline": "Target period not after the baseline",
    "wrong_direction": "Target in the wrong direction",
    "duplicate_key": "Duplicate rows",
    "baseline_not_stored": "No stored value for the baseline period",
    "baseline_differs": "Baseline differs from the stored value",
    "milestone_outside": "Milestone outside the baseline-target range",
    "too_many_targets": "More targets than a partnership agrees",
    "holding_target": "Target equals the baseline",
    "direction_inferred": "Direction of improvement inferred",
    "period_read_as": "Period read as a later span",
}

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_GSS = re.compile(r"^[EWSNK]\d{8}$")
_YEAR = re.compile(r"^(\d{4})$")
_SPLIT_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0", ""}


# --- model -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Partnership:
    """A partnership: a local strategic partnership or a combined authority."""

    partnership_id: str
    name: str
    partnership_type: str
    members: tuple[str, ...]
    area_code: str | None = None
    note: str | None = None
    illustrative: bool = True
    line: int | None = None
    access_level: str = "public"  # who may see its scorecard: public or partners:<ids>

    @property
    def target_areas(self) -> tuple[str, ...]:
        """Areas a target may be set for: the partnership's own area and its members."""
        own = (self.area_code,) if self.area_code else ()
        return own + tuple(m for m in self.members if m != self.area_code)


@dataclass(frozen=True)
class Milestone:
    period: Period
    value: float


@dataclass(frozen=True)
class Target:
    """One agreed (or, for the shipped examples, illustrative) improvement target."""

    partnership_id: str
    indicator_id: str
    area_code: str
    baseline: Period
    baseline_value: float
    target: Period
    target_value: float
    direction: str                      # increase or decrease: which way is improvement
    milestones: tuple[Milestone, ...] = ()
    theme: str | None = None
    owner: str | None = None
    commentary: str | None = None
    action: str | None = None
    due_date: date | None = None
    illustrative: bool = False
    baseline_source: str = "stored"     # stored (read from the store) or file
    line: int | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.partnership_id, self.indicator_id, self.area_code)


@dataclass
class ParsedTargets:
    """A validated targets file: what it defines, and every problem found."""

    file: str
    report: QualityReport
    partnerships: list[Partnership] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    sha256: str = ""


@dataclass(frozen=True)
class Reference:
    """What a targets file is checked against: the store's indicators, areas, partnerships
    and, for baselines, each (indicator, area)'s published series."""

    indicators: Mapping[str, Mapping[str, Any]]
    areas: Mapping[str, str]
    partnerships: Mapping[str, Partnership]
    series: Callable[[str, str], pd.DataFrame]


class UnreadableTargets(Exception):
    """The file cannot be read at all (missing, wrong type, broken YAML)."""


# --- periods ---------------------------------------------------------------------------------


def period_x(start: Any) -> float:
    """A period start as fractional years (2024-07-02 -> 2024.5), the time axis of the
    trajectory and the projection."""
    day = pd.Timestamp(start)
    length = 366 if day.is_leap_year else 365
    return day.year + (day.day_of_year - 1) / length


def _template_day(template: Period, year: int) -> date:
    day = template.start.day if template.start.month != 2 else min(template.start.day, 28)
    return date(year, template.start.month, day)


def align_period(text: str, template: Period | None = None) -> tuple[Period, str | None]:
    """Read a target or milestone period, aligned to the indicator's own periods.

    '2027', '2027/28' and '2025-2027' take the start month, day and length of the
    indicator's latest published period (``template``), so "2027/28" means the academic
    year for GCSEs and the financial year for child poverty. Any form
    ``periods.parse_period`` accepts is also allowed. Returns the period and, when a single
    year was read as a multi-year span, a note saying so. Raises ValueError.
    """
    text = str(text).strip()
    note = None
    match = _YEAR_RANGE.match(text)
    if match:
        first, last = int(match.group(1)), int(match.group(2))
        if last < first:
            raise ValueError(f"{text!r}: the second year should not be before the first")
        start = _template_day(template, first) if template else date(first, 1, 1)
        duration = f"P{last - first + 1}Y"
        return Period(start, duration, text), None
    year_match = _YEAR.match(text) or _SPLIT_YEAR.match(text)
    if year_match and template is not None:
        if _SPLIT_YEAR.match(text):
            parse_period(text)  # checks that the second year follows the first
        year = int(year_match.group(1))
        start = _template_day(template, year)
        duration = template.duration
        if duration.startswith("P") and duration.endswith("Y") and duration not in ("P1Y",):
            span = label_for(start, duration)
            note = (f"{text!r} read as the {span} period starting in {year}; write the span "
                    "(e.g. 2025-2027) to name a period ending in a year")
        return Period(start, duration, text), note
    period = parse_period(text)
    if year_match:
        period = Period(period.start, period.duration, text)
    return period, note


def _stored_periods(series: pd.DataFrame) -> list[Period]:
    if series is None or series.empty:
        return []
    rows = series.dropna(subset=["value"]).sort_values("period_start")
    return [Period(pd.Timestamp(r.period_start).date(), r.period_duration or "",
                   r.period_label) for r in rows.itertuples()]


def match_stored_period(text: str, series: pd.DataFrame) -> tuple[Period, float] | None:
    """The published period (and its value) that ``text`` names, if any.

    Matches the published label ('2022-2024', '30 Apr 2025', '2023/24'), then the period
    read by :func:`align_period`: same start, or same start year and length (so '2023'
    finds the April 2023 pay survey)."""
    stored = _stored_periods(series)
    if not stored:
        return None
    values = {(p.start, p.duration): v for p, v in zip(
        stored, series.dropna(subset=["value"]).sort_values("period_start")["value"])}
    text = str(text).strip()
    for period in stored:
        if period.label.lower() == text.lower():
            return period, float(values[(period.start, period.duration)])
    try:
        wanted, _ = align_period(text, stored[-1])
    except ValueError:
        return None
    exact = [p for p in stored if p.start == wanted.start]
    same_year = [p for p in stored if p.start.year == wanted.start.year
                 and p.duration == wanted.duration]
    for candidates in (exact, same_year):
        if len(candidates) == 1:
            period = candidates[0]
            return period, float(values[(period.start, period.duration)])
    return None


# --- reading files ---------------------------------------------------------------------------


@dataclass
class _Record:
    """One partnership or target as read, each field with the line it came from."""

    kind: str                            # partnership or target
    line: int
    values: dict[str, Any]
    lines: dict[str, int]

    def get(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


def _plain(node: yaml.Node) -> Any:
    """A YAML node as plain Python, scalars kept as the text written (so '2023/24',
    '2027' and '6.50' arrive exactly as typed, and numbers are checked here)."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(_plain(k)): _plain(v) for k, v in node.value}
    return None


def _mapping_record(kind: str, node: yaml.Node, report: QualityReport,
                    file_defaults: dict[str, Any]) -> _Record | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        report.error("unreadable", f"expected a mapping of fields for each {kind} "
                     "(field: value)", line=line)
        return None
    values: dict[str, Any] = dict(file_defaults)
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(_plain(key_node)).strip().lower()
        values[key] = _plain(value_node)
        lines[key] = value_node.start_mark.line + 1
        if isinstance(value_node, yaml.MappingNode) and key == "milestones":
            for k, v in value_node.value:
                lines[f"milestones:{_plain(k)}"] = v.start_mark.line + 1
    return _Record(kind, line, values, lines)


def _read_yaml(path: Path, report: QualityReport) -> list[_Record]:
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise UnreadableTargets(f"{path}: not valid YAML{where}: "
                                f"{getattr(exc, 'problem', exc)}") from None
    except UnicodeDecodeError as exc:
        raise UnreadableTargets(f"{path}: not UTF-8 text ({exc.reason})") from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise UnreadableTargets(f"{path}: expected a mapping with 'partnerships' and/or "
                                "'targets' lists at the top level")
    records: list[_Record] = []
    defaults: dict[str, Any] = {}
    sections: dict[str, yaml.Node] = {}
    for key_node, value_node in root.value:
        key = str(_plain(key_node)).strip().lower()
        if key in ("partnerships", "targets"):
            sections[key] = value_node
        elif key == "illustrative":
            defaults["illustrative"] = _plain(value_node)
        elif key in ("title", "description", "notes", "version"):
            continue
        else:
            report.warning("unknown_field", f"top-level key {key!r} is not used; expected "
                           "partnerships, targets, illustrative, title, description",
                           line=key_node.start_mark.line + 1, column=key, value=key)
    for key, kind in (("partnerships", "partnership"), ("targets", "target")):
        node = sections.get(key)
        if node is None:
            continue
        if not isinstance(node, yaml.SequenceNode):
            report.error("unreadable", f"'{key}' should be a list (each item starting '- ')",
                         line=node.start_mark.line + 1, column=key)
            continue
        for item in node.value:
            record = _mapping_record(kind, item, report, defaults)
            if record is not None:
                records.append(record)
    return records


def _read_csv(path: Path, report: QualityReport) -> list[_Record]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableTargets(f"{path}: not UTF-8 text ({exc.reason})") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    if "indicator" in header:
        kind, known = "target", TARGET_FIELDS
    elif "members" in header:
        kind, known = "partnership", PARTNERSHIP_FIELDS
    else:
        report.error("missing_field", "unrecognised CSV: a targets file needs the columns "
                     + ", ".join(REQUIRED_TARGET_FIELDS) + "; a partnerships file needs "
                     "id, name, type, members", line=1, value=",".join(header)[:120])
        return []
    for column in header:
        if column and column not in known:
            report.warning("unknown_field", f"column {column!r} is not used; expected "
                           + ", ".join(known), line=1, column=column, value=column)
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i] if i < len(row) else "") for i, name in enumerate(header)
                  if name}
        records.append(_Record(kind, number, values, {}))
    return records


def read_records(path: Path, report: QualityReport) -> list[_Record]:
    """Partnership and target records from a YAML or CSV file, with line numbers."""
    path = Path(path)
    if not path.exists():
        raise UnreadableTargets(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path, report)
    if suffix == ".csv":
        return _read_csv(path, report)
    raise UnreadableTargets(f"{path}: unsupported file type {suffix or '(none)'}; expected "
                            ".yaml, .yml or .csv")


# --- validation ------------------------------------------------------------------------------


def _period_problem(exc: Exception) -> str:
    text = str(exc)
    if "expected" in text:
        return text
    return (f"{text}; expected a period such as 2027, 2027/28, 2025-2027 or "
            "2027-01-01/P1Y")


def _number(record: _Record, name: str, report: QualityReport, raw: Any = None,
            line: int | None = None) -> float | None:
    raw = record.get(name) if raw is None else raw
    if raw is None:
        return None
    try:
        value = float(str(raw).replace(",", "").strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        report.error("bad_number", "expected a number such as 6.5 (no units or % sign)",
                     line=line or record.line_of(name), column=name, value=raw)
        return None
    return value


def _boolean(record: _Record, name: str, report: QualityReport, default: bool) -> bool:
    raw = record.get(name)
    if raw is None:
        return default
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    report.error("bad_value", "expected true or false (yes/no)", line=record.line_of(name),
                 column=name, value=raw)
    return default


def _members(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, list):
        items = raw
    else:
        items = re.split(r"[\s,;|]+", str(raw))
    return [str(item).strip() for item in items if str(item).strip()]


def _check_unknown_fields(record: _Record, known: Iterable[str], report: QualityReport) -> None:
    for name in record.values:
        if name not in known:
            report.warning("unknown_field", f"field {name!r} is not used; expected "
                           + ", ".join(known), line=record.line_of(name), column=name,
                           value=name)


def _validate_partnership(record: _Record, reference: Reference,
                          report: QualityReport) -> Partnership | None:
    _check_unknown_fields(record, PARTNERSHIP_FIELDS, report)
    ok = True
    for name in ("id", "name", "type", "members"):
        if record.get(name) in (None, []):
            report.error("missing_field", f"every partnership needs {name!r}",
                         line=record.line, column=name)
            ok = False
    pid = record.get("id")
    if pid is not None and not _ID.match(str(pid)):
        report.error("bad_value", "expected an id of lower-case letters, digits and hyphens "
                     "(e.g. liverpool-city-region)", line=record.line_of("id"), column="id",
                     value=pid)
        ok = False
    kind = record.get("type")
    kind_text = str(kind).strip().lower().replace("_", " ") if kind else None
    if kind_text is not None and kind_text not in PARTNERSHIP_TYPES:
        report.error("bad_value", "expected one of: " + ", ".join(PARTNERSHIP_TYPES),
                     line=record.line_of("type"), column="type", value=kind)
        ok = False
    members = _members(record.get("members"))
    for code in members:
        if code not in reference.areas:
            report.error("unknown_area", "member area code is not known to the store; "
                         "expected a current GSS code such as E08000004",
                         line=record.line_of("members"), column="members", value=code)
            ok = False
    area_code = record.get("area_code")
    if area_code is not None and area_code not in reference.areas:
        report.error("unknown_area", "area code is not known to the store; expected a GSS "
                     "code such as E47000004", line=record.line_of("area_code"),
                     column="area_code", value=area_code)
        ok = False
    access_text = record.get("access")
    access_level = "public"
    if access_text not in (None, ""):
        from dashboard.access import AccessError, AccessLevel

        try:
            access_level = str(AccessLevel.parse(str(access_text)))
        except AccessError as exc:
            report.error("bad_value", str(exc), line=record.line_of("access"),
                         column="access", value=access_text)
            ok = False
    if not ok:
        return None
    return Partnership(str(pid), str(record.get("name")), kind_text or "",
                       tuple(dict.fromkeys(members)), area_code,
                       record.get("note"), _boolean(record, "illustrative", report, False),
                       record.line, access_level)


def _milestones(record: _Record, report: QualityReport) -> list[tuple[str, Any, int]]:
    """(period text, value text, line) for each milestone, from a YAML mapping, a YAML
    list of {period, value}, or the CSV form '2025=6.2; 2026=5.8'."""
    raw = record.values.get("milestones")
    line = record.line_of("milestones")
    if raw in (None, "", [], {}):
        return []
    items: list[tuple[str, Any, int]] = []
    if isinstance(raw, dict):
        for period, value in raw.items():
            items.append((str(period), value, record.lines.get(f"milestones:{period}", line)))
    elif isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict) and "period" in item and "value" in item:
                items.append((str(item["period"]), item["value"], line))
            else:
                report.error("bad_value", "each milestone needs a period and a value, e.g. "
                             "{period: 2025, value: 6.2}", line=line, column="milestones",
                             value=str(item))
    else:
        for part in re.split(r"[;|]", str(raw)):
            if not part.strip():
                continue
            if "=" not in part:
                report.error("bad_value", "expected milestones as period=value pairs separated "
                             "by ';', e.g. 2025=6.2; 2026=5.8", line=line, column="milestones",
                             value=part.strip())
                continue
            period, value = part.split("=", 1)
            items.append((period.strip(), value.strip(), line))
    return items


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


def _validate_target(record: _Record, reference: Reference,
                     partnerships: Mapping[str, Partnership],
                     report: QualityReport) -> Target | None:
    _check_unknown_fields(record, TARGET_FIELDS, report)
    errors_before = len(report.errors)
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
    baseline_value = _number(record, "baseline_value", report)
    target_value = _number(record, "target_value", report)
    if meta is None or area is None or len(report.errors) > errors_before:
        # Periods and direction cannot be judged without a known indicator and area, but
        # still report unreadable periods so one pass finds everything.
        for name in ("baseline_period", "target_period"):
            if record.get(name) is not None:
                try:
                    align_period(str(record.get(name)))
                except ValueError as exc:
                    report.error("bad_period", _period_problem(exc), line=record.line_of(name),
                                 column=name, value=record.get(name))
        return None

    series = reference.series(str(indicator_id), str(area))
    stored = _stored_periods(series)
    template = stored[-1] if stored else None
    title = str(meta.get("title") or indicator_id)
    baseline: Period | None = None
    baseline_source = "file"
    text = str(record.get("baseline_period"))
    found = match_stored_period(text, series)
    if found is not None:
        baseline, stored_value = found
        if baseline_value is None:
            baseline_value, baseline_source = stored_value, "stored"
        elif not math.isclose(baseline_value, stored_value, rel_tol=1e-6, abs_tol=1e-9):
            report.warning("baseline_differs", f"the stored value for {baseline.label} is "
                           f"{stored_value:g}; the file's {baseline_value:g} is used. Leave "
                           "baseline_value blank to use the published value",
                           line=record.line_of("baseline_value"), column="baseline_value",
                           value=baseline_value)
        else:
            baseline_source = "stored"
    else:
        try:
            baseline, _ = align_period(text, template)
        except ValueError as exc:
            report.error("bad_period", _period_problem(exc), line=record.line_of("baseline_period"),
                         column="baseline_period", value=text)
        else:
            published = ", ".join(p.label for p in stored[-6:]) or "none"
            if baseline_value is None:
                report.error("baseline_not_stored", f"no published value of {title} for "
                             f"{area} in {text}; give baseline_value or use a published "
                             f"period (latest: {published})",
                             line=record.line_of("baseline_period"), column="baseline_period",
                             value=text)
            else:
                report.warning("baseline_not_stored", f"no published value for {text}; the "
                               f"file's baseline {baseline_value:g} is used",
                               line=record.line_of("baseline_period"),
                               column="baseline_period", value=text)
    target_period: Period | None = None
    try:
        target_period, note = align_period(str(record.get("target_period")), template)
        if note:
            report.warning("period_read_as", note, line=record.line_of("target_period"),
                           column="target_period", value=record.get("target_period"))
    except ValueError as exc:
        report.error("bad_period", _period_problem(exc), line=record.line_of("target_period"),
                     column="target_period", value=record.get("target_period"))
    if baseline is not None and target_period is not None \
            and target_period.start <= baseline.start:
        report.error("target_before_baseline", f"target period {target_period.label} is not "
                     f"after the baseline period {baseline.label}; expected a later period",
                     line=record.line_of("target_period"), column="target_period",
                     value=record.get("target_period"))
    if meta.get("value_type") == "percentage" and target_value is not None \
            and not 0 <= target_value <= 100:
        report.error("bad_number", "a percentage target must be between 0 and 100",
                     line=record.line_of("target_value"), column="target_value",
                     value=record.get("target_value"))
    direction = _effective_direction(record, str(meta.get("polarity") or stats.NO_JUDGEMENT),
                                     baseline_value, target_value, title, report)
    if direction and baseline_value is not None and target_value is not None:
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
    due = record.get("due_date")
    due_date = None
    if due is not None:
        try:
            due_date = date.fromisoformat(str(due))
        except ValueError:
            report.error("bad_date", "expected a date as YYYY-MM-DD", column="due_date",
                         line=record.line_of("due_date"), value=due)
    illustrative = _boolean(record, "illustrative", report, False)
    if len(report.errors) > errors_before or baseline is None or target_period is None \
            or baseline_value is None or target_value is None or direction is None:
        return None
    return Target(
        partnership_id=str(pid), indicator_id=str(indicator_id), area_code=str(area),
        baseline=baseline, baseline_value=baseline_value, target=target_period,
        target_value=target_value, direction=direction,
        milestones=tuple(sorted(milestones, key=lambda m: m.period.start)),
        theme=record.get("theme") or meta.get("theme"), owner=record.get("owner"),
        commentary=record.get("commentary"), action=record.get("action"), due_date=due_date,
        illustrative=illustrative, baseline_source=baseline_source, line=record.line)


def _report_duplicates(items: list[tuple[tuple, int, str, str]],
                       report: QualityReport) -> set[int]:
    """Error on the later of every repeated key, naming both lines. Returns bad lines."""
    first: dict[tuple, int] = {}
    bad: set[int] = set()
    for key, line, column, shown in items:
        if key in first:
            report.error("duplicate_key", f"duplicate of line {first[key]}: the same {shown} "
                         f"appears on lines {first[key]} and {line}; each must appear once",
                         line=line, column=column, value=" / ".join(str(k) for k in key))
            bad.add(line)
        else:
            first[key] = line
    return bad


def validate(path: Path | str, reference: Reference) -> ParsedTargets:
    """Read and check one targets file. Raises UnreadableTargets if it cannot be read."""
    path = Path(path)
    report = QualityReport(str(path))
    records = read_records(path, report)
    parsed = ParsedTargets(str(path), report, sha256=hashlib.sha256(path.read_bytes())
                           .hexdigest())
    partnership_records = [r for r in records if r.kind == "partnership"]
    target_records = [r for r in records if r.kind == "target"]
    report.rows_read = len(records)
    duplicated = _report_duplicates(
        [((str(r.get("id")),), r.line, "id", "partnership id") for r in partnership_records
         if r.get("id") is not None], report)
    partnerships: dict[str, Partnership] = dict(reference.partnerships)
    for record in partnership_records:
        partnership = _validate_partnership(record, reference, report)
        if partnership is not None and record.line not in duplicated:
            partnerships[partnership.partnership_id] = partnership
            parsed.partnerships.append(partnership)
    # Duplicates are judged on the key as the area resolves (a row that leaves out the area
    # of a one-area partnership clashes with one that names it), and on every row, valid
    # or not, so both lines are always reported.
    keys = []
    for record in target_records:
        pid, indicator = record.get("partnership"), record.get("indicator")
        if pid is None or indicator is None:
            continue
        area = record.get("area")
        partnership = partnerships.get(str(pid))
        if area is None and partnership is not None and len(partnership.target_areas) == 1:
            area = partnership.target_areas[0]
        keys.append(((str(pid), str(indicator), str(area)), record.line, "indicator",
                     "partnership, indicator and area"))
    duplicated = _report_duplicates(keys, report)
    targets = [t for t in (_validate_target(r, reference, partnerships, report)
                           for r in target_records) if t is not None]
    parsed.targets = [t for t in targets if t.line not in duplicated]
    counts = pd.Series([t.partnership_id for t in parsed.targets]).value_counts()
    for pid, n in counts.items():
        if n > MAX_TARGETS_PER_PARTNERSHIP:
            report.warning("too_many_targets", f"{pid} has {n} targets; partnerships usually "
                           f"agree up to {MAX_TARGETS_PER_PARTNERSHIP}", column="partnership",
                           value=pid)
    return parsed


# --- the status rule -------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """A straight line through the latest points, projected with a prediction interval."""

    n_points: int
    slope: float                         # units per year
    intercept: float
    x: tuple[float, ...]                 # time axis of the projected line (fractional years)
    mean: tuple[float, ...]
    lower: tuple[float, ...]             # prediction interval (NaN with fewer than 3 points)
    upper: tuple[float, ...]
    at_target: float                     # projected value at the target period
    at_target_lower: float
    at_target_upper: float
    reach_label: str | None              # first period the trend meets the target, if it does
    reach_x: float | None


@dataclass(frozen=True)
class Assessment:
    """A target's status at the latest period, with the numbers behind it."""

    status: str
    reason: str
    latest_period: str | None = None
    latest_period_start: date | None = None
    latest_value: float | None = None
    latest_lci: float | None = None
    latest_uci: float | None = None
    latest_numerator: float | None = None
    latest_denominator: float | None = None
    latest_load_id: int | None = None
    latest_status: str | None = None
    latest_note: str | None = None
    previous_value: float | None = None
    trajectory_value: float | None = None
    tolerance: float | None = None
    projection: Projection | None = None
    trend_clause: str | None = None

    @property
    def word(self) -> str:
        return STATUS_WORDS[self.status]


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


def _step_years(xs: np.ndarray) -> float:
    """The usual spacing of a series in years (1 for annual data)."""
    if len(xs) < 2:
        return 1.0
    step = float(np.median(np.diff(np.sort(xs))))
    return step if step > 0 else 1.0


def _add_years(start: date, years: float) -> date:
    whole = round(years)
    if abs(years - whole) < 1e-6:
        try:
            return start.replace(year=start.year + whole)
        except ValueError:  # 29 February
            return start.replace(year=start.year + whole, day=28)
    return (pd.Timestamp(start) + pd.DateOffset(days=round(years * 365.25))).date()


def period_words(start: date, duration: str) -> str:
    """How a (possibly future) period is named in a sentence: '2027', '2027/28'."""
    if not duration:
        return str(start.year)
    return label_for(start, duration)


def project(observed: pd.DataFrame, target: Target, points: int = PROJECTION_POINTS,
            level: float = PREDICTION_LEVEL) -> Projection | None:
    """Project the latest ``points`` values to the target period.

    Ordinary least squares on time in years (statsmodels), with the prediction interval
    for a new observation (``get_prediction(...).summary_frame(alpha)``, columns
    obs_ci_lower/obs_ci_upper). Needs two points for a line and three for an interval.
    ``reach_label`` names the first period (at the series' usual spacing after the latest)
    when the projected line meets the target, or None if the trend is flat or moving away.
    """
    data = observed.dropna(subset=["value"]).sort_values("period_start").tail(points)
    if len(data) < 2:
        return None
    xs = np.array([period_x(p) for p in data["period_start"]], dtype=float)
    ys = data["value"].to_numpy(dtype=float)
    x_target = _x_of(target.target)
    last_x = float(xs[-1])
    grid = np.unique(np.concatenate([np.linspace(last_x, max(x_target, last_x), 12),
                                     [x_target]]))
    design = np.column_stack([np.ones_like(xs), xs])
    fit = OLS(ys, design).fit()
    intercept, slope = (float(v) for v in fit.params)
    new = np.column_stack([np.ones_like(grid), grid])
    mean = intercept + slope * grid
    if len(data) >= 3 and fit.df_resid > 0 and np.isfinite(fit.scale):
        frame = fit.get_prediction(new).summary_frame(alpha=1 - level)
        lower = frame["obs_ci_lower"].to_numpy(dtype=float)
        upper = frame["obs_ci_upper"].to_numpy(dtype=float)
        if fit.scale <= 0:  # a perfect line: no scatter, so the interval is the line
            lower, upper = mean.copy(), mean.copy()
    else:
        lower = np.full_like(grid, np.nan)
        upper = np.full_like(grid, np.nan)
    at_target_index = int(np.argmin(np.abs(grid - x_target)))
    sign = 1 if target.direction == INCREASE else -1
    reach_label = reach_x = None
    if sign * slope > 1e-12:
        reach_x = (target.target_value - intercept) / slope
        step = _step_years(xs)
        steps = max(1, math.ceil((reach_x - last_x) / step - 1e-9))
        if (last_x + steps * step) - x_target <= REACH_HORIZON_YEARS:
            latest_start = pd.Timestamp(data["period_start"].iloc[-1]).date()
            duration = str(data["period_duration"].iloc[-1] or "")
            reach_label = period_words(_add_years(latest_start, steps * step), duration)
    return Projection(len(data), slope, intercept, tuple(grid), tuple(mean), tuple(lower),
                      tuple(upper), float(mean[at_target_index]), float(lower[at_target_index]),
                      float(upper[at_target_index]), reach_label, reach_x)


_PREFIX_WORDS = {"GBPSign": "£", "GBP": "£"}
def display_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Indicator metadata ready for formatting: ONS's 'GBPSign' prefix becomes '£'."""
    out = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in meta.items()}
    prefix = out.get("prefix")
    if isinstance(prefix, str) and prefix in _PREFIX_WORDS:
        out["prefix"] = _PREFIX_WORDS[prefix]
    return out


def _fmt(value: float | None, meta: Mapping[str, Any], extra_decimals: int = 0) -> str:
    shown = display_meta(meta)
    if extra_decimals:
        decimals = shown.get("decimals")
        if decimals is None or (isinstance(decimals, float) and math.isnan(decimals)):
            decimals = 1
        shown["decimals"] = int(decimals) + extra_decimals
    return format_value(value, shown)


def _distinct(a: float, b: float, meta: Mapping[str, Any]) -> tuple[str, str]:
    """Two values formatted with enough decimals (up to two more) to tell them apart."""
    for extra in (0, 1, 2):
        first, second = _fmt(a, meta, extra), _fmt(b, meta, extra)
        if first != second or a == b:
            break
    return first, second


def _when(label: str, duration: str | None) -> str:
    """'in 2025', 'in 2024/25', but 'on 30 Apr 2025' for a point in time."""
    return f"on {label}" if not duration else f"in {label}"


def difference_words(amount: float, meta: Mapping[str, Any]) -> str:
    """A difference in the indicator's units: '0.2 percentage points', '£12', '0.3'."""
    meta = display_meta(meta)
    if (meta.get("unit") == "%") or (meta.get("suffix") == "%"):
        text = format_value(abs(amount), {**meta, "suffix": None, "unit": None})
        return f"{text} percentage points"
    return format_value(abs(amount), meta)


def _trend_clause(projection: Projection | None, target: Target, meta: Mapping[str, Any],
                  target_passed: bool = False) -> str:
    goal = ("the target" if target_passed else
            f"the {target.target.label} target of {_fmt(target.target_value, meta)}")
    if projection is None:
        return "there are too few recent values to project a trend"
    if projection.reach_label is None:
        if abs(projection.slope) <= 1e-12:
            return f"the recent trend is flat, so {goal} would not be reached"
        if projection.reach_x is not None:
            return (f"at the current trend {goal} would not be reached within "
                    f"{REACH_HORIZON_YEARS} years of the target date")
        return f"the recent trend is moving away from {goal}"
    if target_passed:
        return f"at the recent trend the target would be reached in {projection.reach_label}"
    if projection.reach_x is not None and \
            projection.reach_x > _x_of(target.target) + 1e-9:
        return f"at the current trend {goal} would not be reached until {projection.reach_label}"
    return f"at the current trend {goal} would be reached in {projection.reach_label}"


def _clean(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def assess(target: Target, series: pd.DataFrame, meta: Mapping[str, Any],
           area_name: str | None = None) -> Assessment:
    """The status of one target at the latest published period, with its reason.

    ``series`` holds the area's published values (period_start, period_duration,
    period_label, value, lci, uci, ...). The rule (docs/targets.md):

    1. no value published after the baseline period -> ``no_data``;
    2. the latest value at or beyond the target value, in the direction of improvement
       -> ``achieved``;
    3. the latest period at or after the target period (within half the series' usual
       spacing), not achieved -> ``missed``;
    4. otherwise compare the latest value with the trajectory (straight lines from the
       baseline through any milestones to the target) at the latest period:
       with a confidence interval, the whole interval on the improving side of the
       trajectory -> ``on_track``, the whole interval on the other side -> ``off_track``,
       an interval containing the trajectory -> ``at_risk``; without one, at or better than
       the trajectory -> ``on_track``, behind by no more than the tolerance (10% of the
       planned change) -> ``at_risk``, further behind -> ``off_track``;
    5. an ``on_track`` target whose projection (trend of the latest five values) has its
       whole prediction interval short of the target at the target period -> ``at_risk``.
    """
    area = area_name or target.area_code
    observed = pd.DataFrame() if series is None else series
    if not observed.empty:
        observed = observed.dropna(subset=["value"]).sort_values("period_start")
    since = observed[pd.to_datetime(observed["period_start"]) > pd.Timestamp(
        target.baseline.start)] if not observed.empty else observed
    if since.empty:
        if observed.empty:
            reason = (f"No data: no value of this indicator is published for {area}, so "
                      "progress cannot be judged.")
        else:
            reason = (f"No data: no value has been published for {area} since the "
                      f"{target.baseline.label} baseline, so progress cannot be judged yet.")
        return Assessment(NO_DATA, reason)
    latest = since.iloc[-1]
    previous = observed.iloc[-2] if len(observed) >= 2 else None
    value = float(latest["value"])
    lci, uci = _clean(latest.get("lci")), _clean(latest.get("uci"))
    has_ci = lci is not None and uci is not None and uci > lci
    x_latest = period_x(latest["period_start"])
    xs_all = np.array([period_x(p) for p in observed["period_start"]], dtype=float)
    step = _step_years(xs_all)
    sign = 1 if target.direction == INCREASE else -1
    label = str(latest["period_label"])
    when = _when(label, latest.get("period_duration"))
    value_text = _fmt(value, meta)
    goal = f"the {target.target.label} target of {_fmt(target.target_value, meta)}"
    projection = project(observed, target)
    base = {
        "latest_period": label, "latest_period_start": pd.Timestamp(latest["period_start"]).date(),
        "latest_value": value, "latest_lci": lci if has_ci else None,
        "latest_uci": uci if has_ci else None,
        "latest_numerator": _clean(latest.get("numerator")),
        "latest_denominator": _clean(latest.get("denominator")),
        "latest_load_id": int(latest["load_id"]) if _clean(latest.get("load_id")) is not None
        else None,
        "latest_status": latest.get("status") if isinstance(latest.get("status"), str) else None,
        "latest_note": latest.get("note") if isinstance(latest.get("note"), str) else None,
        "previous_value": _clean(previous["value"]) if previous is not None else None,
        "projection": projection}

    if sign * (value - target.target_value) >= 0:
        reason = f"Achieved: {value_text} {when} meets {goal}."
        return Assessment(ACHIEVED, reason, **base)
    passed = x_latest >= _x_of(target.target) - 0.5 * step
    if passed:
        clause = _trend_clause(projection, target, meta, target_passed=True)
        reason = (f"Missed: {goal} was not met ({value_text} {when}) and the target period "
                  f"has been reached; {clause}.")
        return Assessment(MISSED, reason, trend_clause=clause, **base)

    trajectory = trajectory_at(target, x_latest)
    tolerance = TOLERANCE_SHARE * abs(target.target_value - target.baseline_value)
    value_text, trajectory_text = _distinct(value, trajectory, meta)
    side = "above" if value > trajectory else ("below" if value < trajectory else "level with")
    clause = _trend_clause(projection, target, meta)
    if has_ci:
        worst, best = (lci, uci) if sign > 0 else (uci, lci)
        interval = f"{_fmt(lci, meta)} to {_fmt(uci, meta)}"
        if sign * (worst - trajectory) >= 0:
            status = ON_TRACK
            why = (f"{value_text} {when} is {side} the {trajectory_text} trajectory and its "
                   f"confidence interval ({interval}) is entirely on the improving side")
        elif sign * (best - trajectory) < 0:
            status = OFF_TRACK
            why = (f"{value_text} {when} is {side} the {trajectory_text} trajectory and its "
                   f"confidence interval ({interval}) is entirely on the wrong side")
        else:
            status = AT_RISK
            why = (f"{value_text} {when} is {side} the {trajectory_text} trajectory, but "
                   f"its confidence interval ({interval}) includes the trajectory")
    else:
        behind = sign * (trajectory - value)
        if behind <= 0:
            status = ON_TRACK
            why = f"{value_text} {when} is {side} the {trajectory_text} trajectory"
        elif behind <= tolerance + 1e-12:
            status = AT_RISK
            why = (f"{value_text} {when} is {side} the {trajectory_text} trajectory, within "
                   f"the tolerance of {difference_words(tolerance, meta)}")
        else:
            status = OFF_TRACK
            why = (f"{value_text} {when} is {side} the {trajectory_text} trajectory, beyond "
                   f"the tolerance of {difference_words(tolerance, meta)}")
    if status == ON_TRACK and projection is not None and \
            np.isfinite(projection.at_target_lower) and np.isfinite(projection.at_target_upper):
        best_end = projection.at_target_upper if sign > 0 else projection.at_target_lower
        if sign * (best_end - target.target_value) < 0:
            status = AT_RISK
            why += (", but the whole prediction interval of the recent trend falls short of "
                    "the target")
    reason = f"{STATUS_WORDS[status]}: {why}; {clause}."
    return Assessment(status, reason, trajectory_value=trajectory,
                      tolerance=None if has_ci else tolerance, trend_clause=clause, **base)


# --- summaries, comparisons ------------------------------------------------------------------


def status_label(status: str) -> str:
    """'✖ Off track': icon and word together (never colour alone)."""
    return f"{STATUS_ICONS[status]} {STATUS_WORDS[status]}"


def summary_line(statuses: Iterable[str]) -> str:
    """'3 on track, 5 at risk, 2 off track' (zero counts left out, most urgent last)."""
    counts = pd.Series(list(statuses), dtype=object).value_counts()
    order = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, MISSED, NO_DATA)
    parts = [f"{int(counts[s])} {STATUS_WORDS[s].lower()}" for s in order if s in counts]
    return ", ".join(parts) if parts else "no targets"


def effective_polarity(direction: str) -> str:
    return stats.HIGHER_IS_BETTER if direction == INCREASE else stats.LOWER_IS_BETTER


TRAVEL_WORDS = {stats.IMPROVED: "Improved", stats.WORSENED: "Worsened",
                stats.NO_CHANGE: "No change", stats.NOT_COMPARED: "Not compared"}


def direction_of_travel(previous: float | None, latest: float | None,
                        direction: str) -> tuple[str, str]:
    """(label, words with an arrow for the change in value): ('improved', '↓ Improved')."""
    label = stats.direction_of_travel(np.nan if previous is None else previous,
                                      np.nan if latest is None else latest,
                                      effective_polarity(direction))
    arrow = ""
    if previous is not None and latest is not None:
        arrow = "↑ " if latest > previous else ("↓ " if latest < previous else "→ ")
    return str(label), arrow + TRAVEL_WORDS[str(label)]


def compare_with_england(value: float | None, lci: float | None, uci: float | None,
                         england: float | None, direction: str,
                         peers: Iterable[float] | None = None) -> str:
    """better / similar / worse than England, or not_compared.

    With a confidence interval: stats.compare_to_benchmark (the interval contains England
    -> similar). Without one: stats.mad_similarity against the spread across areas
    (``peers``), as ONS Explore Local Statistics; higher/lower become better/worse by the
    direction of improvement."""
    if value is None or england is None:
        return stats.NOT_COMPARED
    polarity = effective_polarity(direction)
    if lci is not None and uci is not None:
        return str(stats.compare_to_benchmark(value, lci, uci, england, polarity))
    pool = np.asarray(list(peers or []), dtype=float)
    label = str(stats.mad_similarity(pool, value, england))
    mapping = {stats.HIGHER: stats.BETTER if direction == INCREASE else stats.WORSE,
               stats.LOWER: stats.WORSE if direction == INCREASE else stats.BETTER}
    return mapping.get(label, label)


COMPARISON_WORDS = {stats.BETTER: "▲ Better", stats.SIMILAR: "● Similar",
                    stats.WORSE: "▼ Worse", stats.NOT_COMPARED: "Not compared"}


def sparkline_text(values: Iterable[float]) -> str:
    """A unicode sparkline ('▂▃▅▇') for plain-text outputs."""
    data = [v for v in values if v is not None and math.isfinite(v)]
    if not data:
        return ""
    bars = "▁▂▃▄▅▆▇█"
    low, high = min(data), max(data)
    if high == low:
        return bars[3] * len(data)
    return "".join(bars[round((v - low) / (high - low) * (len(bars) - 1))] for v in data)


def sparkline_svg(values: list[float], trajectory: list[float] | None = None,
                  width: int = 120, height: int = 28, colour: str = "#12436D") -> str:
    """A tiny SVG line of the latest values (and the trajectory, dashed, where given)."""
    data = [v for v in values if v is not None and math.isfinite(v)]
    series = [data] + ([[v for v in trajectory if v is not None]] if trajectory else [])
    pool = [v for s in series for v in s if v is not None and math.isfinite(v)]
    svg = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img">')]
    if len(data) >= 1 and pool:
        low, high = min(pool), max(pool)
        span = (high - low) or 1.0

        def y(v: float) -> float:
            return round(height - 3 - (v - low) / span * (height - 6), 2)

        def path(points: list[float], n_slots: int) -> str:
            gap = (width - 6) / max(1, n_slots - 1)
            return " ".join(f"{round(3 + i * gap, 2)},{y(v)}" for i, v in enumerate(points))

        slots = max(len(data), 2)
        if trajectory and len(trajectory) == len(data):
            gap = (width - 6) / max(1, slots - 1)
            points = [f"{round(3 + i * gap, 2)},{y(v)}" for i, v in enumerate(trajectory)
                      if v is not None and math.isfinite(v)]
            if len(points) >= 2:
                svg.append(f'<polyline points="{" ".join(points)}" fill="none" '
                           'stroke="#3D3D3D" stroke-width="1" stroke-dasharray="3,2"/>')
        svg.append(f'<polyline points="{path(data, slots)}" fill="none" stroke="{colour}" '
                   'stroke-width="2"/>')
        last_x = round(3 + (len(data) - 1) * (width - 6) / max(1, slots - 1), 2)
        svg.append(f'<circle cx="{last_x}" cy="{y(data[-1])}" r="2.5" fill="{colour}"/>')
    svg.append("</svg>")
    return "".join(svg)


# --- building targets from store rows --------------------------------------------------------


def _period_from(start: Any, duration: Any, label: Any) -> Period:
    return Period(pd.Timestamp(start).date(), str(duration or ""), str(label))


def targets_from_frames(targets: pd.DataFrame, milestones: pd.DataFrame) -> list[Target]:
    """Target objects from the store's targets and target_milestones rows."""
    out = []
    for row in targets.itertuples(index=False):
        mine = milestones[(milestones["indicator_id"] == row.indicator_id)
                          & (milestones["area_code"] == row.area_code)] \
            if not milestones.empty else milestones
        due = getattr(row, "due_date", None)
        out.append(Target(
            partnership_id=row.partnership_id, indicator_id=row.indicator_id,
            area_code=row.area_code,
            baseline=_period_from(row.baseline_period_start, row.baseline_period_duration,
                                  row.baseline_period_label),
            baseline_value=float(row.baseline_value),
            target=_period_from(row.target_period_start, row.target_period_duration,
                                row.target_period_label),
            target_value=float(row.target_value), direction=row.direction,
            milestones=tuple(Milestone(_period_from(m.period_start, m.period_duration,
                                                    m.period_label), float(m.value))
                             for m in mine.sort_values("period_start").itertuples()),
            theme=_text(row.theme), owner=_text(row.owner), commentary=_text(row.commentary),
            action=_text(row.action),
            due_date=pd.Timestamp(due).date() if due is not None and not pd.isna(due) else None,
            illustrative=bool(row.illustrative), baseline_source=row.baseline_source,
            line=int(row.source_line) if not pd.isna(row.source_line) else None))
    return out


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


# --- orchestration over a store ---------------------------------------------------------------


class TargetsStore(Protocol):
    """The read methods the scorecard needs (dashboard.store.Store provides them)."""

    def partnership(self, partnership_id: str) -> dict | None: ...
    def partnership_targets(self, partnership_id: str) -> pd.DataFrame: ...
    def partnership_milestones(self, partnership_id: str) -> pd.DataFrame: ...
    def series(self, indicator_id: str, area_codes: tuple[str, ...]) -> pd.DataFrame: ...
    def indicator(self, indicator_id: str) -> dict | None: ...
    def parents(self, code: str) -> dict[str, dict]: ...
    def period_values(self, indicator_id: str, period_start: Any = None,
                      area_types: tuple[str, ...] = ("lad",)) -> pd.DataFrame: ...


ENGLAND = "E92000001"
SPARK_POINTS = 8


def region_for(store: TargetsStore, area_code: str, members: Iterable[str] = ()) -> dict | None:
    """The area's region, or (for a combined authority) its first member's region."""
    for code in (area_code, *members):
        parent = store.parents(code).get("region")
        if parent:
            return parent
    return None


def _series_for(store: TargetsStore, indicator_id: str, codes: tuple[str, ...]) -> pd.DataFrame:
    frame = store.series(indicator_id, tuple(sorted(set(codes))))
    if frame.empty:
        return frame
    return frame.sort_values(["area_code", "period_start"])


def assess_partnership(store: TargetsStore, partnership_id: str) -> pd.DataFrame:
    """One row per target of a partnership: the target, its latest value, status, reason,
    direction of travel, comparison with England and the values for a sparkline."""
    partnership = store.partnership(partnership_id)
    if partnership is None:
        return pd.DataFrame()
    frame = store.partnership_targets(partnership_id)
    if frame.empty:
        return pd.DataFrame()
    milestones = store.partnership_milestones(partnership_id)
    rows = []
    for target, info in zip(targets_from_frames(frame, milestones),
                            frame.to_dict("records")):
        meta = store.indicator(target.indicator_id) or {}
        series = _series_for(store, target.indicator_id, (target.area_code, ENGLAND))
        mine = series[series["area_code"] == target.area_code] if not series.empty else series
        result = assess(target, mine, meta, info.get("area_name"))
        england_value = None
        if result.latest_period_start is not None and not series.empty:
            england = series[(series["area_code"] == ENGLAND) & (
                pd.to_datetime(series["period_start"]) == pd.Timestamp(
                    result.latest_period_start))]
            if not england.empty:
                england_value = _clean(england["value"].iloc[0])
        peers: list[float] = []
        if england_value is not None and result.latest_lci is None:
            values = store.period_values(target.indicator_id, result.latest_period_start,
                                         ("lad",))
            if not values.empty:
                peers = values["value"].dropna().astype(float).tolist()
        comparison = compare_with_england(result.latest_value, result.latest_lci,
                                          result.latest_uci, england_value, target.direction,
                                          peers)
        travel, travel_words = direction_of_travel(result.previous_value,
                                                   result.latest_value, target.direction)
        recent = mine.dropna(subset=["value"]).tail(SPARK_POINTS) if not mine.empty else mine
        rows.append({
            **info,
            "title": meta.get("title") or target.indicator_id,
            "polarity": meta.get("polarity"),
            "unit": meta.get("unit"), "suffix": meta.get("suffix"),
            "prefix": meta.get("prefix"), "decimals": meta.get("decimals"),
            "value_type": meta.get("value_type"),
            "source_org": meta.get("source_org"), "source_url": meta.get("source_url"),
            "source_date": meta.get("source_date"), "dataset_id": meta.get("dataset_id"),
            "theme": target.theme or meta.get("theme"),
            "status": result.status, "status_word": result.word,
            "status_label": status_label(result.status),
            "status_rank": STATUSES.index(result.status),
            "reason": result.reason,
            "latest_period": result.latest_period,
            "latest_period_start": result.latest_period_start,
            "latest_value": result.latest_value, "latest_lci": result.latest_lci,
            "latest_uci": result.latest_uci, "latest_numerator": result.latest_numerator,
            "latest_denominator": result.latest_denominator,
            "latest_load_id": result.latest_load_id,
            "previous_value": result.previous_value,
            "trajectory_value": result.trajectory_value,
            "projected_at_target": result.projection.at_target if result.projection else None,
            "reach_label": result.projection.reach_label if result.projection else None,
            "travel": travel, "travel_words": travel_words,
            "england_value": england_value, "vs_england": comparison,
            "vs_england_words": COMPARISON_WORDS.get(comparison, comparison),
            "spark_values": [float(v) for v in recent["value"]] if not recent.empty else [],
            "spark_trajectory": [
                trajectory_at(target, period_x(p))
                if pd.Timestamp(p) >= pd.Timestamp(target.baseline.start) else None
                for p in recent["period_start"]] if not recent.empty else [],
            "spark_labels": [str(v) for v in recent["period_label"]] if not recent.empty
            else [],
        })
    out = pd.DataFrame(rows)
    return out.sort_values(["status_rank", "theme", "title", "area_code"],
                           kind="stable").reset_index(drop=True)


def filter_scorecard(frame: pd.DataFrame, statuses: Iterable[str] | None = None,
                     themes: Iterable[str] | None = None) -> pd.DataFrame:
    """Rows whose status and theme are among those chosen (none chosen = all)."""
    statuses = [s for s in (statuses or []) if s]
    themes = [t for t in (themes or []) if t]
    if frame.empty:
        return frame
    keep = pd.Series(True, index=frame.index)
    if statuses:
        keep &= frame["status"].isin(statuses)
    if themes:
        keep &= frame["theme"].isin(themes)
    return frame[keep]


def as_list(value: Any) -> list[str]:
    """A query-string value (None, 'a', 'a,b' or ['a', 'b']) as a list of strings."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    out: list[str] = []
    for item in items:
        out += [part.strip() for part in str(item).split(",") if part.strip()]
    return out


def target_detail(store: TargetsStore, partnership_id: str, indicator_id: str,
                  area_code: str | None = None) -> dict | None:
    """Everything the target page shows, or None if there is no such target."""
    frame = store.partnership_targets(partnership_id)
    if frame.empty:
        return None
    mine = frame[frame["indicator_id"] == indicator_id]
    if area_code:
        mine = mine[mine["area_code"] == area_code]
    if len(mine) != 1:
        return {"choices": frame[frame["indicator_id"] == indicator_id]["area_code"].tolist()} \
            if len(mine) > 1 else None
    partnership = store.partnership(partnership_id) or {}
    milestones = store.partnership_milestones(partnership_id)
    target = targets_from_frames(mine, milestones)[0]
    info = mine.iloc[0].to_dict()
    meta = store.indicator(indicator_id) or {}
    region = region_for(store, target.area_code, partnership.get("members") or ())
    codes = (target.area_code, ENGLAND) + ((region["code"],) if region else ())
    series = _series_for(store, indicator_id, codes)
    own = series[series["area_code"] == target.area_code] if not series.empty else series
    assessment = assess(target, own, meta, info.get("area_name"))
    return {"target": target, "info": info, "meta": meta, "partnership": partnership,
            "series": series, "own": own, "assessment": assessment, "region": region}


def extracted_at() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def with_illustrative(text: str | None, illustrative: bool) -> str | None:
    """Prefix commentary or action text with the illustrative label where it applies."""
    if not text:
        return text
    return f"Illustrative: {text}" if illustrative else text
