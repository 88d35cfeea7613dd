"""Numbers and words as a person reads them: units, decimals, suppressed and missing."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

STATUS_WORDS = {"x": "not available", "u": "low reliability (suppressed)",
                "c": "suppressed (confidential)"}


def _is_missing(value: Any) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def format_value(value: Any, meta: dict | None = None, status: str | None = None,
                 note: str | None = None, with_unit: bool = True) -> str:
    """'6.6%', '£590.50', '6.1', 'withheld to protect small numbers', 'no data (not
    available)'."""
    meta = meta or {}
    if _is_missing(value):
        # disclosure control: the one label every withheld value carries (or the rule's
        # own words), never 0 or a blank
        if status == "c" and note:
            return str(note)
        if note == "fewer than 5":
            return "fewer than 5"
        if status in STATUS_WORDS:
            return f"no data ({STATUS_WORDS[status]})"
        return "no data"
    decimals = meta.get("decimals")
    if decimals is None or _is_missing(decimals):
        decimals = 0 if abs(float(value)) >= 1000 else 1
    text = f"{float(value):,.{int(decimals)}f}"
    if not with_unit:
        return text
    prefix = meta.get("prefix") or ""
    prefix = {"GBPSign": "£"}.get(prefix, prefix)  # ONS metadata names the pound sign
    unit = meta.get("unit") or ""
    if unit == "£" and not prefix:
        prefix = "£"
    suffix = meta.get("suffix") or ""
    if suffix == "%" or unit == "%":
        return f"{prefix}{text}%"
    if unit == "ratio":
        return f"{prefix}{text}"
    return f"{prefix}{text}"


def value_with_period(value: Any, period: Any, meta: dict) -> str:
    """A value as read with its period in brackets ("12.3% (2024)"), or "no data"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no data"
    return f"{format_value(value, meta)} ({period})"


def unit_label(meta: dict | None) -> str:
    """Axis/legend unit: '%', '£', 'ratio', 'rate per 100,000 population'..."""
    meta = meta or {}
    unit = meta.get("unit") or ""
    measure = meta.get("measure") or ""
    if unit == "%":
        return "%"
    if unit == "£":
        return "£"
    return (unit or measure).lower() if (unit or measure) else ""


def polarity_words(polarity: str | None) -> str:
    return {"higher_is_better": "Higher is better", "lower_is_better": "Lower is better"}.get(
        polarity or "", "No judgement of better or worse")


def format_values(values: Any, meta: dict | None = None) -> list[str]:
    """:func:`format_value` for many values of one indicator at once ('no data' where
    missing); the build writes hundreds of thousands of reasons with it."""
    meta = meta or {}
    decimals = meta.get("decimals")
    fixed = None if decimals is None or _is_missing(decimals) else int(decimals)
    prefix = {"GBPSign": "£"}.get(meta.get("prefix") or "", meta.get("prefix") or "")
    unit = meta.get("unit") or ""
    if unit == "£" and not prefix:
        prefix = "£"
    suffix = "%" if (meta.get("suffix") == "%" or unit == "%") else ""
    numbers = np.asarray(values, dtype=float)
    if fixed is not None:
        spec = f",.{fixed}f"
        return [f"{prefix}{x:{spec}}{suffix}" if not math.isnan(x) else "no data"
                for x in numbers.tolist()]
    return [f"{prefix}{x:,.{0 if abs(x) >= 1000 else 1}f}{suffix}" if not math.isnan(x)
            else "no data" for x in numbers.tolist()]
