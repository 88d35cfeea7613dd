"""Periods as a targets file writes them, aligned to an indicator's published periods.

Reading '2027', '2027/28' or '2025-2027' in the indicator's own calendar, finding the
published period a baseline names, explaining a period whose length differs from the
published ones, and the period arithmetic of the trajectory and the projection
(fractional years, the series' spacing, whether a period has ended).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from dashboard.common.periods import Period, label_for, parse_period

_YEAR = re.compile(r"^(\d{4})$")
_SPLIT_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")


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
