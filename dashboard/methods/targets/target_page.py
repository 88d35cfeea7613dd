"""What the target page shows: one target's detail worked out over a store
(`target_detail`), or read from the prepared target pages (`target_view`), and the JSON
the prepared pages store it as (`encode_detail`, `decode_detail`).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from dashboard.common.periods import Period
from dashboard.methods.targets.model import Assessment, Milestone, Projection, Target
from dashboard.methods.targets.status import assess
from dashboard.methods.targets.store_reads import (
    ENGLAND,
    TargetsStore,
    _series_for,
    region_for,
    targets_from_frames,
)


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
