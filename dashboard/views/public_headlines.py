"""Headlines for residents: for each headline indicator, an area's latest figure as a
plain sentence, compared with England, with the change since the period before and a tag
(word and shape) for the comparison; the headlines grouped by theme.

Built on public.py (how each indicator reads, values and periods in words). Pure: no
Dash, no store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.common.geography import ENGLAND
from dashboard.methods.disclosure import WITHHELD_LABEL
from dashboard.views.public import (
    HEADLINE_IDS,
    PHRASES,
    THEME_ORDER,
    THEME_TITLES,
    Phrasing,
    Rows,
    as_records,
    clean_value,
    in_period,
    is_missing,
    is_suppressed,
    note_says_itself,
    period_words,
    place_phrase,
    source_text,
    value_words,
)

# -- comparisons and change --------------------------------------------------------------

COMPARISON_TAGS = {
    "better": ("▲", "Better than England"), "worse": ("▼", "Worse than England"),
    "similar": ("●", "Not clearly different from England"),
    "higher": ("▲", "Higher than England"), "lower": ("▼", "Lower than England"),
}
# "similar" where the figures, as shown, are the same
SAME_TAG = ("●", "Same as England")
# A figure that differs from England's, as shown, but not clearly (the stored comparison
# is "similar": within the margin of error, or the usual differences between areas) is
# never "about the same": the sentence says which way it differs, and this.
NOT_CLEAR = "though the difference is not statistically clear"


def comparison_words(comparison: Any, polarity: Any, phrasing: Phrasing,
                     gap: float | None = None) -> str | None:
    """The stored comparison with England as plain words: 'more than', 'less than'
    (better/worse become more/less by the indicator's polarity). A 'similar' one reads
    by the `gap` (the area's figure minus England's, as shown): 'the same as' for none,
    'more than' or 'less than' for a visible one (the sentence then adds NOT_CLEAR), and
    'about the same as' only when there is no England figure to compare."""
    comparison = clean_value(comparison)
    if comparison == "similar":
        if gap is None:
            return "about the same as"
        if gap == 0:
            return "the same as"
        return phrasing.more if gap > 0 else phrasing.less
    if comparison in ("better", "worse"):
        if polarity not in ("higher_is_better", "lower_is_better"):
            return None
        higher = (comparison == "better") == (polarity == "higher_is_better")
        return phrasing.more if higher else phrasing.less
    if comparison == "higher":
        return phrasing.more
    if comparison == "lower":
        return phrasing.less
    return None


def change_sentence(latest: Any, previous: Any, previous_period: Any,
                    meta: Mapping[str, Any]) -> str | None:
    """'It has risen since 2024, when it was 6.9%.' (compared as shown, so a change too
    small to see reads as unchanged); None without two values to compare."""
    if is_missing(latest) or is_missing(previous) or not str(previous_period or "").strip():
        return None
    since = period_words(previous_period)
    before = value_words(previous, meta)
    now, then = _rounded(latest, meta), _rounded(previous, meta)
    if now > then:
        return f"It has risen since {since}, when it was {before}."
    if now < then:
        return f"It has fallen since {since}, when it was {before}."
    return f"It is the same as in {since} ({before})."


def _rounded(value: float, meta: Mapping[str, Any]) -> float:
    decimals = meta.get("decimals")
    decimals = 1 if is_missing(decimals) else int(decimals)
    return round(float(value), decimals)


# -- headlines ---------------------------------------------------------------------------

def headline(phrasing: Phrasing, rows: Rows, meta: Mapping[str, Any],
             area_name: str, area_type: str | None = None) -> dict:
    """One plain-English headline for an area: the value, a sentence with the comparison
    with England, a sentence on the change since the previous period, and a tag (word
    and shape) for the comparison.

    `rows` are this indicator's rows of `Store.headline_values` or `headline_rows`
    (role 'area' or 'england'; recency 1 = latest), as a DataFrame or records."""
    place = place_phrase(area_name, area_type)
    is_england = area_type == "nation" and area_name == "England"
    opener = "Across England" if is_england else f"In {place}"
    rows = as_records(rows)
    mine = sorted((r for r in rows if r.get("role") == "area"), key=lambda r: r["recency"])
    record: dict[str, Any] = {
        "indicator_id": phrasing.indicator_id, "topic": phrasing.topic,
        "theme": phrasing.theme, "source": source_text(meta), "change": None,
        "comparison": None, "tag": None, "glyph": None, "period": None, "note": None,
        "value": None,  # the number behind value_text (None when not shown)
    }
    if not mine:
        return {**record, "state": "missing", "value_text": "no data",
                "sentence": f"There is no published figure for {phrasing.subject} in "
                            f"{place}."}
    latest = mine[0]
    period = in_period(latest["period_label"])
    record["period"] = latest["period_label"]
    status, note = clean_value(latest.get("status")), clean_value(latest.get("note"))
    value = latest.get("value")
    if is_missing(value):
        if is_suppressed(status, note):
            note_text = str(note) if note else "not shown"
            return {**record, "state": "suppressed",
                    "sentence": _withheld_sentence(opener, phrasing.subject, period, note_text),
                    "value_text": value_words(value, meta, status, note), "note": note_text}
        reason = f" ({note})" if note else ""
        return {**record, "state": "missing", "value_text": "no data",
                "sentence": f"There is no figure for {phrasing.subject} in {place} "
                            f"{period}{reason}."}
    value_text = value_words(value, meta)
    comparison = clean_value(latest.get("comparison"))
    england_value = _england_value(rows, latest)
    gap = None if is_missing(england_value) else \
        _rounded(value, meta) - _rounded(england_value, meta)
    words = None if is_england else comparison_words(comparison, meta.get("polarity"),
                                                     phrasing, gap)
    clause = _england_clause(england_value, words, is_england, meta)
    if clause and words and comparison == "similar" and gap:
        clause += f", {NOT_CLEAR}"
    sentence = (f"{opener}, " + phrasing.statement.format(value=value_text, period=period)
                + clause + ".")
    if status == "u":
        sentence += " This figure is less reliable than most, because it is based on few people."
    if comparison in COMPARISON_TAGS and words and not is_england:
        glyph, tag = SAME_TAG if comparison == "similar" and gap == 0 \
            else COMPARISON_TAGS[comparison]
        record.update(comparison=comparison, tag=tag, glyph=glyph)
    return {**record, "state": "value", "value": value, "value_text": value_text,
            "sentence": sentence,
            "change": _change_since_previous(mine, value, meta)}


def _withheld_sentence(opener: str, subject: str, period: str, note: str) -> str:
    """The sentence for a withheld figure, saying why in its note's words: the label of a
    value withheld to protect small numbers, a publisher's own words ('fewer than 5'), or
    any other reason it is not shown."""
    if note == WITHHELD_LABEL:
        return (f"{opener}, the figure for {subject} {period} is {note}, so that no one can "
                "be identified from it.")
    if note_says_itself(note):
        return (f"{opener}, the figure for {subject} {period} is {note}. Small numbers are "
                "not shown exactly, to protect people's privacy.")
    return f"{opener}, the figure for {subject} {period} is not shown: {note}."


def _england_value(rows: list[Mapping[str, Any]], latest: Mapping[str, Any]) -> Any:
    """England's figure for the period of the area's latest (None where there is none)."""
    england = [r for r in rows
               if r.get("role") == "england" and r.get("recency") == latest["recency"]]
    return england[0].get("value") if england else None


def _england_clause(england_value: Any, words: str | None, is_england: bool,
                    meta: Mapping[str, Any]) -> str:
    """What a headline says of England's figure for the same period: ', more than across
    England (6.9%)' where the comparison has words, '; across England it was 6.9%' where it
    has none; nothing for England itself or without England's figure."""
    if words and not is_missing(england_value):
        return f", {words} across England ({value_words(england_value, meta)})"
    if not is_england and not is_missing(england_value):
        return f"; across England it was {value_words(england_value, meta)}"
    return ""


def _change_since_previous(mine: list[Mapping[str, Any]], value: Any,
                           meta: Mapping[str, Any]) -> str | None:
    """The change from the area's previous period (change_sentence), unless that period's
    figure is withheld or there is none."""
    previous = mine[1] if len(mine) > 1 else None
    if previous is None or is_suppressed(previous.get("status"), previous.get("note")):
        return None
    return change_sentence(value, previous.get("value"), previous.get("period_label"), meta)


def headlines(values: Rows, indicators: pd.DataFrame | Mapping[str, Mapping[str, Any]],
              area_name: str, area_type: str | None = None,
              indicator_ids: Sequence[str] = HEADLINE_IDS) -> list[dict]:
    """Headlines for every headline indicator the public may see, in PHRASES order.

    `values` as `Store.headline_values` or `headline_rows` give them; `indicators` the
    indicators' metadata, as a DataFrame or by id."""
    if isinstance(indicators, pd.DataFrame):
        meta_by_id = {row["indicator_id"]: row for row in as_records(indicators)}
    else:
        meta_by_id = dict(indicators)
    by_id: dict[str, list] = {}
    for row in as_records(values):
        by_id.setdefault(row["indicator_id"], []).append(row)
    out = []
    for indicator_id in indicator_ids:
        meta = meta_by_id.get(indicator_id)
        if meta is None:  # not published to the public, or not in this store
            continue
        out.append(headline(PHRASES[indicator_id], by_id.get(indicator_id, []), meta,
                            area_name, area_type))
    return out


def headline_rows(values: Iterable[Mapping[str, Any]], area_code: str) -> list[dict]:
    """`Store.area_values` records as `Store.headline_values` gives them: the area's
    latest two periods (recency 1 and 2) as role 'area', and England's rows for the
    same periods as role 'england', carrying the area's recency."""
    values = list(values)
    out: list[dict] = []
    recent: dict[tuple, Any] = {}
    for row in values:
        recency = row.get("recency")
        if row["area_code"] == area_code and recency is not None and recency <= 2:
            out.append({**row, "role": "area"})
            recent[(row["indicator_id"], row["period_start"], row["period_duration"])] = \
                recency
    for row in values:
        key = (row["indicator_id"], row["period_start"], row["period_duration"])
        if row["area_code"] == ENGLAND and key in recent:
            out.append({**row, "role": "england", "recency": recent[key],
                        "comparison": None})
    return out


def missing_sentence(area_name: str, records: Iterable[Mapping[str, Any]]) -> str | None:
    """'No figures are published for Cumbria on: people in work, weekly pay.' for the
    headlines with no data (shown once, instead of a card each)."""
    topics = [str(r["topic"]).lower() for r in records if r.get("state") == "missing"]
    if not topics:
        return None
    return f"No figures are published for {area_name} on: {', '.join(topics)}."


def by_theme(records: Iterable[Mapping[str, Any]]) -> list[tuple[str, list]]:
    """(theme title, records) in THEME_ORDER, empty themes left out."""
    groups: dict[str, list] = {}
    for record in records:
        groups.setdefault(record["theme"], []).append(record)
    return [(THEME_TITLES[t], groups[t]) for t in THEME_ORDER if t in groups]
