"""A partnership's targets in plain words: which partnerships are public, how many of a
scorecard's targets are on track, at risk or off track, and one sentence per target.

Built on public.py (how each indicator reads, values and periods in words). Pure: no
Dash, no store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.views.public import (
    PHRASES,
    VALUE_META,
    Rows,
    as_records,
    clean_value,
    in_period,
    is_missing,
    period_words,
    value_words,
)

# -- the scorecard in plain words ---------------------------------------------------------

STATUS_GROUPS = (
    ("on track or achieved", ("achieved", "on_track")),
    ("at risk", ("at_risk",)),
    ("off track or missed", ("off_track", "missed")),
)
NO_DATA = "no_data"
ILLUSTRATIVE_LABEL = "Illustrative examples, not agreed targets"
STATUS_PHRASES = {
    "achieved": "has met its target", "on_track": "is on track",
    "at_risk": "is at risk of missing its target", "off_track": "is off track",
    "missed": "missed its target", NO_DATA: "has no recent figure to check",
}
STATUS_SHORT = {"achieved": "Achieved", "on_track": "On track", "at_risk": "At risk",
                "off_track": "Off track", "missed": "Missed", NO_DATA: "No data yet"}
# A shape with every status, so it never relies on colour (as dashboard.methods.targets).
STATUS_SHAPES = {"achieved": "★", "on_track": "✔", "at_risk": "▲", "off_track": "✖",
                 "missed": "⊘", NO_DATA: "○"}


def is_public(partnership: Mapping[str, Any]) -> bool:
    """A partnership is public unless its `public` flag is False (no flag: public)."""
    flag = partnership.get("public", True)
    return not (flag is False or (not is_missing(flag) and flag in (0, "false", "False")))


def public_partnerships(frame: pd.DataFrame) -> pd.DataFrame:
    """Partnerships that have made their scorecard public."""
    if frame.empty or "public" not in frame.columns:
        return frame
    keep = [is_public(row) for row in frame.to_dict("records")]
    return frame[keep].reset_index(drop=True)


def partnerships_for(frame: pd.DataFrame, codes: Iterable[str]) -> list[dict]:
    """Public partnerships whose own area or members include any of `codes` (an area
    and the county or combined authority it is in)."""
    wanted = {c for c in codes if c}
    out = []
    for row in public_partnerships(frame).to_dict("records"):
        members = row.get("members")
        members = [] if members is None or isinstance(members, float) else list(members)
        if row.get("area_code") in wanted or wanted & {str(m) for m in members}:
            out.append(row)
    return out


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    """How many targets are in each plain-words group (and with no data)."""
    statuses = list(statuses)
    counts = {label: sum(s in group for s in statuses) for label, group in STATUS_GROUPS}
    counts[NO_DATA] = sum(s == NO_DATA for s in statuses)
    return counts


def _count(n: int, label: str, first: bool) -> str:
    if first:
        return f"{'none' if n == 0 else n} {'is' if n == 1 else 'are'} {label}"
    return f"{'none' if n == 0 else n} {label}"


def scorecard_summary(name: str, statuses: Sequence[str], illustrative: bool) -> str:
    """'Oldham partnership has 12 illustrative targets: 5 are on track or achieved, 4 at
    risk, 3 off track or missed.'"""
    statuses = list(statuses)
    kind = "illustrative target" if illustrative else "target"
    if not statuses:
        return f"{name} partnership has not published any targets yet."
    counts = status_counts(statuses)
    plural = "" if len(statuses) == 1 else "s"
    parts = [_count(counts[label], label, i == 0) for i, (label, _) in enumerate(STATUS_GROUPS)]
    if counts[NO_DATA]:
        parts.append(f"{counts[NO_DATA]} {'has' if counts[NO_DATA] == 1 else 'have'} no data "
                     "yet")
    return f"{name} partnership has {len(statuses)} {kind}{plural}: {', '.join(parts)}."


def target_sentence(row: Mapping[str, Any]) -> str:
    """One plain sentence for one target (a scorecard row from Store.scorecard)."""
    status = row.get("status") or NO_DATA
    phrasing = PHRASES.get(str(row.get("indicator_id")))
    measure = phrasing.measure if phrasing else str(row.get("title") or row.get("indicator_id"))
    area = row.get("area_name") or row.get("area_code") or ""
    meta = {k: row.get(k) for k in ("indicator_id", "unit", "suffix", "prefix", "decimals",
                                    "value_type")}
    past = status in ("achieved", "missed")
    verb = "raise it" if row.get("direction") == "increase" else "bring it down"
    aim = "the aim was to" if past else "the aim is to"
    baseline = value_words(row.get("baseline_value"), meta)
    target = value_words(row.get("target_value"), meta)
    aim_text = (f"{aim} {verb} from {baseline} in {period_words(row.get('baseline_period_label'))} "
                f"to {target} by {period_words(row.get('target_period_label'))}")
    subject = f"{measure} in {area}" if area else measure
    latest = clean_value(row.get("latest_value"))
    if status == NO_DATA or latest is None:
        return f"{subject} {STATUS_PHRASES[NO_DATA]}: {aim_text}, but there is no recent figure."
    latest_text = f"it was {value_words(latest, meta)} {in_period(row.get('latest_period'))}"
    trajectory = clean_value(row.get("trajectory_value"))
    needed = f" ({value_words(trajectory, meta)})" if trajectory is not None else ""
    tails = {
        "achieved": ", which meets the aim",
        "missed": "",
        "on_track": ", where it needed to be by then or better",
        "at_risk": f", near where it needed to be by then{needed}, so it may not reach the aim",
        "off_track": f", behind where it needed to be by then{needed}",
    }
    return (f"{subject} {STATUS_PHRASES.get(status, 'is ' + str(status))}: {aim_text}, and "
            f"{latest_text}{tails.get(status, '')}.")


# The scorecard columns a target's record and sentence read (a scorecard has ~66).
TARGET_COLUMNS = ("status", "indicator_id", "title", "area_name", "area_code", "illustrative",
                  "direction", "baseline_value", "target_value", "baseline_period_label",
                  "target_period_label", "latest_value", "latest_period", "trajectory_value",
                  *VALUE_META)


def scorecard_items(scorecard: Rows) -> list[dict]:
    """One record per target: topic, status word and shape, and its plain sentence."""
    items = []
    if isinstance(scorecard, pd.DataFrame):
        scorecard = scorecard[[c for c in dict.fromkeys(TARGET_COLUMNS)
                               if c in scorecard.columns]]
    for row in as_records(scorecard):
        status = row.get("status") or NO_DATA
        phrasing = PHRASES.get(str(row.get("indicator_id")))
        items.append({
            "indicator_id": row.get("indicator_id"), "area_code": row.get("area_code"),
            "topic": phrasing.topic if phrasing else str(row.get("title")),
            "area_name": row.get("area_name"), "status": status,
            "status_text": f"{STATUS_SHAPES.get(status, '○')} "
                           f"{STATUS_SHORT.get(status, str(status))}",
            "sentence": target_sentence(row),
            "illustrative": bool(row.get("illustrative")),
        })
    return items


def is_illustrative(partnership: Mapping[str, Any], scorecard: Rows) -> bool:
    """Whether to label the targets as illustrative examples."""
    if bool(partnership.get("illustrative")) or bool(partnership.get("any_illustrative")):
        return True
    return any(not is_missing(row.get("illustrative")) and bool(row["illustrative"])
               for row in as_records(scorecard))
