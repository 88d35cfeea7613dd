"""Partnerships, targets and their status: the model, file parsing, validation and rules.

Pure: files and plain frames go in, dataclasses, reports and frames come out. Nothing here
opens the store; orchestration helpers at the bottom take a store object as an argument
(anything with the Store's read methods) so they can be tested with a real store or a fake.

The status rule is documented in docs/targets.md ("How a status is decided") and every
status carries a one-sentence reason built by :func:`assess`.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import yaml
from statsmodels.regression.linear_model import OLS

from dashboard.common.formatting import format_value
from dashboard.common.periods import Period, label_for, parse_period
from dashboard.methods import stats
from dashboard.methods.quality import QualityReport

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

# Without a confidence interval, a value behind the trajectory by no more than this share
# of the planned change (target minus baseline), and never less than one unit of the last
# published decimal, is "behind" rather than "clearly behind".
TOLERANCE_SHARE = 0.10
# A trend is projected from at least this many values since the baseline (baseline included).
MIN_PROJECTION_POINTS = 3
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
    "period_shape": "Period length differs from the published periods",
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
    finds the April 2023 pay survey). A single year never stands for a published
    multi-year period ('2021' is not '2021-2023'): :func:`period_shape_problem` says so."""
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
    if _is_single_year(text) and _years(wanted.duration) > 1:
        return None
    exact = [p for p in stored if p.start == wanted.start]
    same_year = [p for p in stored if p.start.year == wanted.start.year
                 and p.duration == wanted.duration]
    for candidates in (exact, same_year):
        if len(candidates) == 1:
            period = candidates[0]
            return period, float(values[(period.start, period.duration)])
    return None


_DURATION_PARTS = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$")


def _length(duration: str) -> tuple[int, int]:
    """A period's length as (months, days); (0, 0) for a point in time."""
    match = _DURATION_PARTS.match(duration or "")
    if not duration or not match:
        return (0, 0)
    years, months, days = (int(g) if g else 0 for g in match.groups())
    return (12 * years + months, days)


def _years(duration: str) -> int:
    """Whole years in a duration ('P3Y' -> 3), 0 where it is not a whole number of years."""
    months, days = _length(duration)
    return months // 12 if months and months % 12 == 0 and not days else 0


def _is_single_year(text: str) -> bool:
    """'2021' or '2021/22': a form that names one year."""
    return bool(_YEAR.match(text.strip()) or _SPLIT_YEAR.match(text.strip()))


def _length_words(duration: str, plural: bool = False) -> str:
    """'a 3-year period' / '3-year periods', 'a point in time' / 'points in time'."""
    months, days = _length(duration)
    if (months, days) == (0, 0):
        return "points in time" if plural else "a point in time"
    if _years(duration):
        size = f"{_years(duration)}-year"
    elif months and not days:
        size = f"{months}-month"
    else:
        size = f"{duration}"
    return f"{size} periods" if plural else f"a {size} period"


def _last_year(period: Period) -> int:
    """The calendar year a written period ends in (2025-2027 -> 2027)."""
    return period.start.year + max(_years(period.duration), 1) - 1


def _shape_example(period: Period, template: Period) -> str:
    """A period of the published length that ends in the same year, as it would be written."""
    last = _last_year(period)
    if not template.duration:
        return f"a single year such as {last}"
    years = _years(template.duration)
    if years == 1:
        return f"a single period such as {label_for(_template_day(template, last), 'P1Y')}"
    if years > 1:
        first = _template_day(template, last - years + 1)
        return f"a {years}-year period such as {label_for(first, template.duration)}"
    return f"a period of the same length, such as {template.label}"


def period_shape_problem(period: Period, template: Period | None, title: str) -> str | None:
    """Why a target or milestone period cannot be judged against the published series
    (its length differs from the published periods), or None when it can."""
    if template is None or _length(period.duration) == _length(template.duration):
        return None
    return (f"{period.label} is {_length_words(period.duration)}, but {title} is published "
            f"for {_length_words(template.duration, plural=True)} (e.g. {template.label}); "
            f"write {_shape_example(period, template)}")


def baseline_shape_problem(text: str, stored: list[Period], title: str) -> str | None:
    """Why a baseline written as a single year cannot name a published multi-year period
    ('2021' for a series published as '2021-2023'), or None."""
    if not stored or not _is_single_year(text) or _years(stored[-1].duration) <= 1:
        return None
    year = int(text.strip()[:4])
    starting = [p.label for p in stored if p.start.year == year]
    ending = [p.label for p in stored if _last_year(p) == year and p.start.year != year]
    examples = " or ".join((starting + ending)[:2]) or stored[-1].label
    return (f"{text.strip()} is a single year, but {title} is published for "
            f"{_length_words(stored[-1].duration, plural=True)} (e.g. {stored[-1].label}); "
            f"write the published label, e.g. {examples}")


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
        from dashboard.security.access import AccessError, AccessLevel

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
# docs/targets.md, "How a status is decided", is the rule in words; keep the two in step.

# Where the latest value stands against the trajectory ...
AHEAD_OR_LEVEL, BEHIND, CLEARLY_BEHIND = "ahead_or_level", "behind", "clearly_behind"
# ... and whether the recent trend, projected to the target period, meets the target.
MEETS, SHORT, NO_PROJECTION = "meets", "short", "none"
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
IMPROVING, FLAT, AWAY = "improving", "flat", "away"
IDENTITY, LOG, LOGIT = "identity", "log", "logit"
# Percentages are clipped to this range before the logit, so 0% and 100% stay finite.
PERCENT_CLIP = (0.05, 99.95)
DEFAULT_DECIMALS = 1


@dataclass(frozen=True)
class Projection:
    """A straight line through the values since the baseline, fitted on a scale that keeps
    it inside the indicator's possible range, projected with a 95% prediction interval."""

    n_points: int
    slope: float                         # per year, on the transformed scale
    intercept: float
    x: tuple[float, ...]                 # time axis of the projected line (fractional years)
    mean: tuple[float, ...]              # central line, on the indicator's scale
    lower: tuple[float, ...]             # 95% prediction interval
    upper: tuple[float, ...]
    at_target: float                     # projected value at the target period
    at_target_lower: float
    at_target_upper: float
    reach_label: str | None              # first period the central line meets the target
    reach_x: float | None                # that period's start (None: not within the horizon)
    transform: str = IDENTITY            # identity, log or logit
    meets: bool = False                  # the central value at the target period meets it
    trend: str = FLAT                    # improving, flat or away (from the target)
    reach_ended: bool = False            # the reach period is over but not yet published
    reach_next: bool = False             # the reach period is the next after the latest


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
    position: str | None = None          # ahead_or_level, behind or clearly_behind
    projection_verdict: str | None = None    # meets, short or none

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


def _has_ended(start: date, duration: str, today: date) -> bool:
    """Whether a period is over by ``today`` (a point in time: whether it is past)."""
    months, days = _length(duration)
    if (months, days) == (0, 0):
        return start < today
    end = pd.Timestamp(start) + pd.DateOffset(months=months, days=days)
    return end.date() <= today


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


# --- projection ---


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


# --- words ---


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


def _clean(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


# --- assessment ---


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


# --- summaries, comparisons ------------------------------------------------------------------


def status_label(status: str) -> str:
    """'✖ Off track': icon and word together (never colour alone)."""
    return f"{STATUS_ICONS[status]} {STATUS_WORDS[status]}"


def summary_line(statuses: Iterable[str]) -> str:
    """'3 on track, 5 at risk, 2 off track' (zero counts left out, most urgent last)."""
    counts = Counter(statuses)
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


def vs_england(judged: Mapping[str, Any] | None, direction: str) -> str:
    """better / similar / worse than England, or not_compared, from the stored judgement
    (dashboard/methods/judgements.py, the one rule set), read in the target's direction: for an
    indicator with no judgement of its own, higher or lower becomes better or worse by
    which way the partnership wants it to move."""
    result = (judged or {}).get("result") or stats.NOT_COMPARED
    mapping = {stats.HIGHER: stats.BETTER if direction == INCREASE else stats.WORSE,
               stats.LOWER: stats.WORSE if direction == INCREASE else stats.BETTER}
    return mapping.get(result, result)


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
    def judgement(self, indicator_id: str, area_code: str, period_start: Any,
                  benchmark: str = "england", level: float = 0.95) -> dict | None: ...


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


def _projection_columns(result: Assessment, target: Target) -> dict[str, Any]:
    """The projection at the target period, as the structured return reports it."""
    projection = result.projection
    if projection is None:
        return {"projection_value": None, "projection_lower": None, "projection_upper": None,
                "projection_period": None}
    return {"projection_value": _clean(projection.at_target),
            "projection_lower": _clean(projection.at_target_lower),
            "projection_upper": _clean(projection.at_target_upper),
            "projection_period": target.target.label}


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
        judged = store.judgement(target.indicator_id, target.area_code,
                                 result.latest_period_start) \
            if result.latest_period_start is not None else None
        england_value = _clean((judged or {}).get("benchmark_value"))
        comparison = vs_england(judged, target.direction)
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
            **_projection_columns(result, target),
            "travel": travel, "travel_words": travel_words,
            "england_value": england_value, "vs_england": comparison,
            "vs_england_words": COMPARISON_WORDS.get(comparison, comparison),
            "vs_england_reason": (judged or {}).get("reason") or
            "Not compared: no value is published for this period.",
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


def filter_records(rows: list[dict], statuses: Iterable[str] | None = None,
                   themes: Iterable[str] | None = None) -> list[dict]:
    """`filter_scorecard` for the scorecard as records (Store.scorecard_records)."""
    statuses = [s for s in (statuses or []) if s]
    themes = [t for t in (themes or []) if t]
    return [row for row in rows if (not statuses or row["status"] in statuses)
            and (not themes or row.get("theme") in themes)]


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
    assessment = _as_on_scorecard(store, target, assess(target, own, meta,
                                                        info.get("area_name")))
    return {"target": target, "info": info, "meta": meta, "partnership": partnership,
            "series": series, "own": own, "assessment": assessment, "region": region}


def frame_records(frame: pd.DataFrame) -> list[dict]:
    """A frame as records, None where a value is missing (a series the target page
    draws, a scorecard worked out per call)."""
    if frame is None or frame.empty:
        return []
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def target_view(store: Any, partnership_id: str, indicator_id: str,
                area_code: str | None = None) -> dict | None:
    """What the target page shows: `target_detail` with the series as records, read from
    the prepared target pages (Store.target_pages: the target, its assessment, status and
    reason) and the viewer's series, or worked out per call where the prepared pages do
    not hold this viewer's answer (a store built before them, or values disclosure
    control changes for this viewer)."""
    rows = store.target_pages(partnership_id)
    if rows is not None:
        mine = [r for r in rows if r["indicator_id"] == indicator_id
                and (not area_code or r["area_code"] == area_code)]
        if len(mine) != 1:
            return {"choices": [r["area_code"] for r in rows
                                if r["indicator_id"] == indicator_id]} if mine else None
        detail = decode_detail(mine[0]["detail"])
        target, region = detail["target"], detail["region"]
        codes = (target.area_code, ENGLAND) + ((region["code"],) if region else ())
        series = store.target_series(indicator_id, tuple(sorted(set(codes))))
        if series is not None:
            detail["assessment"] = dataclasses.replace(
                detail["assessment"], status=str(mine[0]["status"]),
                reason=str(mine[0]["reason"]))
            return {**detail, "series": series}
    detail = target_detail(store, partnership_id, indicator_id, area_code)
    if detail is None or "choices" in detail:
        return detail
    return {"target": detail["target"], "assessment": detail["assessment"],
            "info": {k: detail["info"].get(k) for k in DETAIL_INFO},
            "meta": detail["meta"], "region": detail["region"],
            "series": frame_records(detail["series"])}


DETAIL_INFO = ("area_name", "source_file")  # what the target page shows of the target row


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in a target page")


def _plain_value(value: Any) -> Any:
    """Missing values (NaN, NaT, NA) as None; others as they are."""
    if isinstance(value, (list, tuple, dict, np.ndarray)):
        return value
    return None if pd.isna(value) else value


def encode_detail(detail: dict) -> str:
    """The parts of `target_detail` the target page shows apart from the series, as JSON
    (the prepared target_pages table; `decode_detail` reads it back)."""
    return json.dumps({
        "target": dataclasses.asdict(detail["target"]),
        "assessment": dataclasses.asdict(detail["assessment"]),
        "info": {k: _plain_value(detail["info"].get(k)) for k in DETAIL_INFO},
        "meta": {k: _plain_value(v) for k, v in (detail["meta"] or {}).items()},
        "region": detail["region"]}, default=_json_default)


def _period_of(data: dict) -> Period:
    return Period(date.fromisoformat(data["start"]), data["duration"], data["label"])


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text[:10])


def decode_detail(text: str) -> dict:
    """`encode_detail`'s JSON back to the target, assessment, info, meta and region."""
    data = json.loads(text)
    t = data["target"]
    target = Target(**{
        **t, "baseline": _period_of(t["baseline"]), "target": _period_of(t["target"]),
        "milestones": tuple(Milestone(_period_of(m["period"]), m["value"])
                            for m in t["milestones"]),
        "due_date": _day(t["due_date"])})
    a = data["assessment"]
    projection = a["projection"]
    if projection is not None:
        projection = Projection(**{**projection, **{k: tuple(projection[k]) for k in (
            "x", "mean", "lower", "upper")}})
    assessment = Assessment(**{**a, "projection": projection,
                               "latest_period_start": _day(a["latest_period_start"])})
    return {"target": target, "assessment": assessment, "info": data["info"],
            "meta": data["meta"], "region": data["region"]}


def _as_on_scorecard(store: TargetsStore, target: Target, assessment: Assessment
                     ) -> Assessment:
    """The target page shows the status and reason the scorecard, board pack and return
    show (worked out at the last build or load), with this view's chart."""
    scorecard = getattr(store, "scorecard", None)
    card = scorecard(target.partnership_id) if scorecard else pd.DataFrame()
    if card.empty:
        return assessment
    row = card[(card["indicator_id"] == target.indicator_id)
               & (card["area_code"] == target.area_code)]
    if row.empty:
        return assessment
    return dataclasses.replace(assessment, status=str(row["status"].iloc[0]),
                               reason=str(row["reason"].iloc[0]))


def extracted_at() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def with_illustrative(text: str | None, illustrative: bool) -> str | None:
    """Prefix commentary or action text with the illustrative label where it applies."""
    if not text:
        return text
    return f"Illustrative: {text}" if illustrative else text
