"""One field of a targets-file record read as a value: a number, true or false, a list of
member areas, milestone (period, value) pairs, with a problem reported on the field's line
where it cannot be read; and the fields a record should not have.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from dashboard.methods.quality import QualityReport
from dashboard.methods.targets.files import _Record

_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0", ""}


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
