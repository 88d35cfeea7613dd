"""What the meeting views say (pure): the banner over a scorecard as presented, and what
has changed since the last meeting (status changes, new data, revised values)."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

from dashboard.common import clock
from dashboard.methods import targets as model

SNAPSHOT_FIELDS = (
    "indicator_id", "area_code", "area_name", "title", "theme", "status", "status_rank",
    "reason", "baseline_value", "baseline_period_label", "latest_value", "latest_period",
    "target_value", "target_period_label", "travel_words", "vs_england_words",
    "england_value", "projection_value", "projection_period", "reach_label", "owner",
    "commentary", "action", "due_date", "spark_values", "spark_labels", "illustrative",
    "value_type", "unit", "measure", "prefix", "suffix", "decimals", "latest_load_id",
    "loaded_at", "source_date", "dataset_id", "projection_lower", "projection_upper",
    "direction", "assessed_on", "spark_trajectory", "exception_version",
    "exception_written")


def _plain(value: Any) -> Any:
    """A value as JSON keeps it (numpy and pandas values made plain; NaN as None)."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def frozen_records(card: list[dict]) -> list[dict]:
    """Scorecard records as a meeting keeps them: plain values, the fields it shows."""
    return json.loads(json.dumps([{k: _plain(row.get(k)) for k in SNAPSHOT_FIELDS
                                   if k in row} for row in card], default=str))


def banner(title: str, meeting_date: str, recorded_by: str, recorded_at: str) -> str:
    day = date.fromisoformat(meeting_date)
    return (f"As presented at “{title}” on {day.day} {day:%B %Y}: the values, statuses, "
            f"reasons and commentary the board saw, recorded by {recorded_by} "
            f"{clock.uk_time(clock.parse(recorded_at))}. Later loads and rule changes do "
            "not change this view.")


def _key(row: dict) -> tuple[str, str]:
    return (str(row["indicator_id"]), str(row["area_code"]))


def since_last(then: list[dict], now: list[dict],
               revisions: list[dict] | None = None) -> list[dict]:
    """What changed between a meeting's records and today's, one line each: status
    changes, new data (a later latest period), values revised for the same period,
    targets added or removed; each {"kind", "title", "text"}."""
    before = {_key(row): row for row in then}
    lines: list[dict] = []
    for row in now:
        old = before.pop(_key(row), None)
        title = str(row.get("title") or row["indicator_id"])
        if old is None:
            lines.append({"kind": "added", "title": title, "text": "new target since then"})
            continue
        if old.get("status") != row.get("status"):
            lines.append({"kind": "status", "title": title, "text":
                          f"{model.status_label(old.get('status'))} → "
                          f"{model.status_label(row.get('status'))}"})
        if old.get("latest_period") != row.get("latest_period"):
            lines.append({"kind": "new data", "title": title, "text":
                          f"new data for {row.get('latest_period') or 'no period'} (the "
                          f"board saw {old.get('latest_period') or 'no data'})"})
        elif not _same(old.get("latest_value"), row.get("latest_value")):
            lines.append({"kind": "revised", "title": title, "text":
                          f"{row.get('latest_period')} revised: was "
                          f"{number_words(old.get('latest_value'))}, now "
                          f"{number_words(row.get('latest_value'))}"})
    for row in before.values():
        lines.append({"kind": "removed", "title": str(row.get("title") or
                                                       row["indicator_id"]),
                      "text": "no longer a target"})
    for item in revisions or []:
        lines.append({"kind": "revised", "title": str(item.get("title") or
                                                       item["indicator_id"]),
                      "text": str(item["text"])})
    return lines


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 1e-9


def number_words(value: Any) -> str:
    """A value in a 'was ..., now ...' line ('no value' when withheld or missing)."""
    if value is None:
        return "no value"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")
