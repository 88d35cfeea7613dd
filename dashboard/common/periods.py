"""ISO-8601 periods as published (start date, optional duration) and their human labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$", re.ASCII)
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# Years that start on these months are labelled as split years ("2023/24"):
# April = financial year, August/September = academic year.
_SPLIT_YEAR_MONTHS = {4, 8, 9}


@dataclass(frozen=True)
class Period:
    """A published period: its first day, ISO duration ('' = a point in time) and label."""

    start: date
    duration: str
    label: str


def _duration_parts(duration: str) -> tuple[int, int, int]:
    match = _DURATION.match(duration)
    if not match or duration == "P":
        raise ValueError(f"unrecognised ISO-8601 duration {duration!r}")
    years, months, days = (int(g) if g else 0 for g in match.groups())
    return years, months, days


def _year_label(start: date, years: int) -> str:
    if start.month in _SPLIT_YEAR_MONTHS:
        first = f"{start.year}/{(start.year + 1) % 100:02d}"
        if years == 1:
            return first
        last_year = start.year + years - 1
        return f"{first}-{last_year}/{(last_year + 1) % 100:02d}"
    if start.month == 1 and start.day == 1:
        return str(start.year) if years == 1 else f"{start.year}-{start.year + years - 1}"
    # A year that starts on another day: name both ends.
    end_year = start.year + years
    return f"{_MONTHS[start.month - 1]} {start.year} to {_MONTHS[start.month - 1]} {end_year}"


def label_for(start: date, duration: str) -> str:
    """The human label for a period, e.g. 2023-04-01/P1Y -> '2023/24'."""
    if not duration:
        return f"{start.day} {_MONTHS[start.month - 1]} {start.year}"
    years, months, days = _duration_parts(duration)
    if years and not months and not days:
        return _year_label(start, years)
    if months and not years and not days:
        if months == 1:
            return f"{_MONTHS[start.month - 1]} {start.year}"
        end_index = start.month - 1 + months - 1
        end_month, end_year = end_index % 12, start.year + end_index // 12
        if end_year == start.year:
            return f"{_MONTHS[start.month - 1]}-{_MONTHS[end_month]} {start.year}"
        return f"{_MONTHS[start.month - 1]} {start.year}-{_MONTHS[end_month]} {end_year}"
    return f"{start.isoformat()} ({duration})"


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:/(P[0-9YMD]+))?$", re.ASCII)
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_SPLIT_YEAR = re.compile(r"^(\d{4})/(\d{2})$", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


def parse_period(text: str) -> Period:
    """Parse a period string.

    Accepts the ONS forms ('2024-01-01/P1Y', '2019-01-01/P5Y', '2025-04-30') and, for
    partners' tidy files, '2024' (calendar year), '2023/24' (financial year from April)
    and '2024-03' (one month). Raises ValueError with what was expected.
    """
    text = (text or "").strip()
    match = _ISO.match(text)
    if match:
        year, month, day, duration = match.groups()
        try:
            start = date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None
        duration = duration or ""
        if duration:
            _duration_parts(duration)
        return Period(start, duration, label_for(start, duration))
    if _YEAR.match(text):
        start = date(int(text), 1, 1)
        return Period(start, "P1Y", label_for(start, "P1Y"))
    match = _SPLIT_YEAR.match(text)
    if match:
        first, second = int(match.group(1)), int(match.group(2))
        if (first + 1) % 100 != second:
            raise ValueError(f"{text!r}: the second year should follow the first")
        start = date(first, 4, 1)
        return Period(start, "P1Y", label_for(start, "P1Y"))
    match = _MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        start = date(int(match.group(1)), int(match.group(2)), 1)
        return Period(start, "P1M", label_for(start, "P1M"))
    raise ValueError(
        f"{text!r} is not a period: expected an ISO-8601 date with optional duration "
        "(e.g. 2024-01-01/P1Y, 2025-04-30), a year (2024), a financial year (2023/24) "
        "or a month (2024-03)"
    )
