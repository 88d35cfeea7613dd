"""The compare page's matrix: a row per area and a column per indicator, each cell the
value with its stored comparison (word, glyph and reason), sorted by area or by one
indicator's value.

Pure, like explore.py (the shared vocabulary it builds on): no Dash, no store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.common.formatting import format_value
from dashboard.common.geography import ENGLAND
from dashboard.views.explore import (
    JUDGEMENT_GLYPHS,
    JUDGEMENT_WORDS,
    comparison_reason,
    formatted,
    has_value,
    rows_of,
)


def compare_matrix(latest: Any, areas: Sequence[str], indicators: Sequence[str],
                   names: Mapping[str, str], sort: str | None = None,
                   descending: bool = False) -> tuple[list[dict], list[dict]]:
    """Rows (one per area) and columns (one per indicator) of the compare page's matrix.

    `latest` is store.latest_value_records(areas, indicators, benchmark, level) (or the
    frame of store.latest_values), with the stored comparison and its reason. Each cell
    holds the value text, period, comparison (word, glyph) and reason. Sort by area name
    (sort None or 'area') or by one indicator's value (areas without a value last).
    """
    by_key = {(r["indicator_id"], r["area_code"]): r for r in rows_of(latest)}
    columns = []
    for indicator_id in indicators:
        rows = [r for (i, _), r in by_key.items() if i == indicator_id]
        meta = rows[0] if rows else {"indicator_id": indicator_id}
        england = by_key.get((indicator_id, ENGLAND), {}).get("england_value") or next(
            (r["england_value"] for r in rows if has_value(r.get("england_value"))), None)
        columns.append({
            "indicator_id": indicator_id, "title": meta.get("title") or indicator_id,
            "period": ", ".join(sorted({str(r["period_label"]) for r in rows})),
            "england_text": format_value(england, meta) if has_value(england) else "no data",
            "polarity": meta.get("polarity"),
        })
    records = []
    for code in areas:
        cells = {}
        sort_value = None
        for indicator_id in indicators:
            row = by_key.get((indicator_id, code))
            if row is None:
                cells[indicator_id] = {"value_text": "no data", "comparison": "not_compared",
                                       "word": JUDGEMENT_WORDS["not_compared"],
                                       "glyph": JUDGEMENT_GLYPHS["not_compared"],
                                       "period": None,
                                       "reason": "No value is published for this area."}
                continue
            comparison = row.get("comparison") or "not_compared"
            cells[indicator_id] = {
                "value": row.get("value"),
                "value_text": formatted(row.get("value"), row, row),
                "comparison": comparison, "word": JUDGEMENT_WORDS.get(comparison, comparison),
                "glyph": JUDGEMENT_GLYPHS.get(comparison, "○"),
                "period": row.get("period_label"),
                "reason": comparison_reason(row),
            }
            if indicator_id == sort:
                sort_value = row.get("value")
        records.append({"area_code": code, "area_name": names.get(code, code), "cells": cells,
                        "_sort": sort_value})
    if sort and sort != "area" and sort in indicators:
        present = [r for r in records if r["_sort"] is not None]
        missing = [r for r in records if r["_sort"] is None]
        present.sort(key=lambda r: r["_sort"], reverse=descending)
        records = present + missing
    else:
        records.sort(key=lambda r: str(r["area_name"]).lower(), reverse=descending)
    for record in records:
        record.pop("_sort")
    return records, columns
