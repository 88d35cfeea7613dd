"""The public area page's charts in words: which indicators are charted over time, the
series they draw, and a text alternative for each chart (the trend, the neighbourhoods by
tenth of deprivation, the targets by progress).

Built on public.py (values and periods in words). Pure: no Dash, no store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dashboard.common.geography import ENGLAND
from dashboard.views.public import Rows, as_records, is_missing, period_words, value_words
from dashboard.views.public_scorecard import NO_DATA, STATUS_GROUPS

# Charted on the area page, with England alongside.
TREND_CHART_IDS = ("claimant-count", "employment-rate")
CHART_TOPICS = {"claimant-count": "People claiming unemployment-related benefits",
                "employment-rate": "People aged 16 to 64 in paid work"}
CHART_UNITS = {"claimant-count": "% of people aged 16 to 64",
               "employment-rate": "% of people aged 16 to 64"}


def series_rows(values: Iterable[Mapping[str, Any]], indicator_id: str,
                area_codes: Sequence[str]) -> list[Mapping[str, Any]]:
    """One indicator's `Store.area_values` records for the given areas, as
    `Store.series` gives them (in area and period order)."""
    return [row for code in area_codes for row in values
            if row["area_code"] == code and row["indicator_id"] == indicator_id]


def _by_period(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted(rows, key=lambda r: r["period_start"])


def trend_points(series: Rows, area_code: str) -> list[Mapping[str, Any]]:
    """One area's rows of a series that have a value, in period order."""
    return _by_period(r for r in as_records(series)
                      if r["area_code"] == area_code and not is_missing(r.get("value")))


def trend_description(series: Rows, area_code: str, area_name: str,
                      meta: Mapping[str, Any], topic: str) -> str:
    """A text alternative for a trend chart: first and latest values for the area and
    England, and the area's highest."""
    series = as_records(series)
    mine = trend_points(series, area_code)
    if not mine:
        return f"Line chart of {topic[:1].lower()}{topic[1:]}: there are no figures for " \
            f"{area_name}."
    first, last = mine[0], mine[-1]
    text = (f"Line chart of {topic[:1].lower()}{topic[1:]} from {period_words(first['period_label'])} to "
            f"{period_words(last['period_label'])}. In {area_name} it went from "
            f"{value_words(first['value'], meta)} to {value_words(last['value'], meta)}")
    peak = max(mine, key=lambda r: r["value"])  # the first of equal highest
    text += (f"; the highest was {value_words(peak['value'], meta)} in "
             f"{period_words(peak['period_label'])}.")
    if area_code != ENGLAND:
        england = trend_points(series, ENGLAND)
        if england:
            text += (f" Across England it went from {value_words(england[0]['value'], meta)}"
                     f" to {value_words(england[-1]['value'], meta)} over the same years.")
    return text


def decile_description(area_name: str, counts: Rows) -> str:
    """A text alternative for the neighbourhood decile bar chart."""
    counts = as_records(counts)
    if not counts:
        return f"Bar chart: there are no neighbourhood figures for {area_name}."
    parts = [f"{int(r['neighbourhoods'])} in tenth {int(r['decile'])}"
             for r in sorted(counts, key=lambda r: r["decile"])]
    return (f"Bar chart of {area_name}'s neighbourhoods by national tenth of employment "
            "deprivation, from 1 (the most deprived 10% in England) to 10 (the least "
            f"deprived): {', '.join(parts)}.")


def status_description(counts: Mapping[str, int]) -> str:
    parts = [f"{counts.get(label, 0)} {label}" for label, _ in STATUS_GROUPS]
    if counts.get(NO_DATA):
        parts.append(f"{counts[NO_DATA]} with no data yet")
    return "Bar chart of the targets by progress: " + ", ".join(parts) + "."
