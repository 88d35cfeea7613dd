"""A partnership's scorecard worked out over a store (`assess_partnership`: one row per
target with its status, reason, comparisons and sparkline values), and the filters the
scorecard page and the exports apply to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pandas as pd

from dashboard.methods.targets.model import Assessment, Target
from dashboard.methods.targets.periods import period_x
from dashboard.methods.targets.status import assess
from dashboard.methods.targets.store_reads import (
    ENGLAND,
    TargetsStore,
    _series_for,
    targets_from_frames,
)
from dashboard.methods.targets.summaries import (
    COMPARISON_WORDS,
    direction_of_travel,
    status_label,
    vs_england,
)
from dashboard.methods.targets.trajectory import _clean, trajectory_at
from dashboard.methods.targets.vocabulary import STATUSES

SPARK_POINTS = 8


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


def _indicator_columns(meta: dict, target: Target) -> dict[str, Any]:
    """The indicator's title, units, source and theme, as a scorecard row shows them."""
    return {
        "title": meta.get("title") or target.indicator_id,
        "polarity": meta.get("polarity"),
        "unit": meta.get("unit"), "suffix": meta.get("suffix"),
        "prefix": meta.get("prefix"), "decimals": meta.get("decimals"),
        "value_type": meta.get("value_type"),
        "source_org": meta.get("source_org"), "source_url": meta.get("source_url"),
        "source_date": meta.get("source_date"), "dataset_id": meta.get("dataset_id"),
        "theme": target.theme or meta.get("theme")}


def _status_columns(result: Assessment, target: Target) -> dict[str, Any]:
    """The status, its reason and the numbers behind it (latest value, trajectory,
    projection)."""
    return {
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
        **_projection_columns(result, target)}


def _comparison_columns(result: Assessment, target: Target,
                        judged: dict | None) -> dict[str, Any]:
    """The direction of travel since the previous value and the comparison with England
    (the stored judgement), read in the target's direction."""
    england_value = _clean((judged or {}).get("benchmark_value"))
    comparison = vs_england(judged, target.direction)
    travel, travel_words = direction_of_travel(result.previous_value,
                                               result.latest_value, target.direction)
    return {
        "travel": travel, "travel_words": travel_words,
        "england_value": england_value, "vs_england": comparison,
        "vs_england_words": COMPARISON_WORDS.get(comparison, comparison),
        "vs_england_reason": (judged or {}).get("reason") or
        "Not compared: no value is published for this period."}


def _spark_columns(mine: pd.DataFrame, target: Target) -> dict[str, Any]:
    """The latest SPARK_POINTS values, the trajectory at each (from the baseline on) and
    their period labels, for a sparkline."""
    recent = mine.dropna(subset=["value"]).tail(SPARK_POINTS) if not mine.empty else mine
    return {
        "spark_values": [float(v) for v in recent["value"]] if not recent.empty else [],
        "spark_trajectory": [
            trajectory_at(target, period_x(p))
            if pd.Timestamp(p) >= pd.Timestamp(target.baseline.start) else None
            for p in recent["period_start"]] if not recent.empty else [],
        "spark_labels": [str(v) for v in recent["period_label"]] if not recent.empty
        else []}


def _scorecard_row(store: TargetsStore, target: Target, info: dict) -> dict[str, Any]:
    """One target's scorecard row: its stored row (`info`) with the indicator, the status
    and its numbers, the comparisons and the sparkline values."""
    meta = store.indicator(target.indicator_id) or {}
    series = _series_for(store, target.indicator_id, (target.area_code, ENGLAND))
    mine = series[series["area_code"] == target.area_code] if not series.empty else series
    result = assess(target, mine, meta, info.get("area_name"))
    judged = store.judgement(target.indicator_id, target.area_code,
                             result.latest_period_start) \
        if result.latest_period_start is not None else None
    return {**info, **_indicator_columns(meta, target), **_status_columns(result, target),
            **_comparison_columns(result, target, judged), **_spark_columns(mine, target)}


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
    rows = [_scorecard_row(store, target, info)
            for target, info in zip(targets_from_frames(frame, milestones),
                                    frame.to_dict("records"))]
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


def extracted_at() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
