"""Plain English for residents: headline sentences, the scorecard in plain words, search
results, neighbourhood facts and a short glossary (the /public pages).

Pure: plain values and DataFrames from the public store in, strings and records out. No
Dash, no store. The per-indicator phrasing lives in PHRASES: which indicators are
headlines, and how each one reads.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from dashboard.common.formatting import format_value
from dashboard.common.geography import ENGLAND
from dashboard.methods.disclosure import WITHHELD_LABEL

# -- how each indicator reads ------------------------------------------------------------


@dataclass(frozen=True)
class Phrasing:
    """How one indicator reads in plain English.

    `statement` has {value} and {period} slots ("in 2025", "in April 2025"); `subject`
    names what is measured, for sentences about a missing or suppressed value; `measure`
    is the thing a target moves, as the subject of a sentence; `more` / `less` are the
    comparison words ("fewer than" for years)."""

    indicator_id: str
    topic: str
    theme: str
    statement: str
    subject: str
    measure: str
    more: str = "more than"
    less: str = "less than"
    headline: bool = True


WORK, MONEY, LEARNING, HEALTH, PLACE = "Work", "Money", "Learning", "Health", "Home and place"
THEME_ORDER = (WORK, MONEY, LEARNING, HEALTH, PLACE)
THEME_TITLES = {WORK: "Work and benefits", MONEY: "Money and poverty",
                LEARNING: "School and qualifications", HEALTH: "Health",
                PLACE: "Homes and the local area"}

PHRASES: dict[str, Phrasing] = {p.indicator_id: p for p in (
    Phrasing("claimant-count", "Claiming unemployment-related benefits", WORK,
             "{value} of people aged 16 to 64 claimed unemployment-related benefits {period}",
             "people aged 16 to 64 claiming unemployment-related benefits",
             "The share of people aged 16 to 64 claiming unemployment-related benefits"),
    Phrasing("employment-rate", "People in work", WORK,
             "{value} of people aged 16 to 64 were in paid work {period}",
             "people aged 16 to 64 in paid work",
             "The share of people aged 16 to 64 in paid work"),
    Phrasing("gross-median-weekly-pay", "Weekly pay", MONEY,
             "the typical (median) weekly pay of employees who live here was {value} before "
             "tax {period}",
             "the typical weekly pay of employees who live here",
             "Typical (median) weekly pay"),
    Phrasing("children-in-relative-poverty-after-housing-costs", "Children in poverty", MONEY,
             "{value} of children under 16 lived in relative poverty, after housing costs, "
             "{period}",
             "children under 16 living in relative poverty after housing costs",
             "The share of children living in relative poverty after housing costs"),
    Phrasing("gcses-in-english-and-maths", "GCSEs in English and maths", LEARNING,
             "{value} of young people had passed GCSEs (or equivalent) in both English and "
             "maths by age 19 {period}",
             "young people with GCSEs in English and maths by age 19",
             "The share of young people with GCSEs in English and maths by age 19"),
    Phrasing("no-qualifications", "No qualifications", LEARNING,
             "{value} of people aged 16 to 64 had no qualifications {period}",
             "people aged 16 to 64 with no qualifications",
             "The share of people aged 16 to 64 with no qualifications"),
    Phrasing("male-healthy-life-expectancy", "Years in good health: men", HEALTH,
             "boys born {period} could expect to live {value} in good health",
             "the years boys could expect to live in good health",
             "Healthy life expectancy for men", less="fewer than"),
    Phrasing("female-healthy-life-expectancy", "Years in good health: women", HEALTH,
             "girls born {period} could expect to live {value} in good health",
             "the years girls could expect to live in good health",
             "Healthy life expectancy for women", less="fewer than"),
    # Not headlines, but partnerships set targets on them: the scorecard needs their words.
    Phrasing("economically-inactive", "Not working or looking for work", WORK,
             "{value} of people aged 16 to 64 were neither working nor looking for work "
             "{period}", "people aged 16 to 64 neither working nor looking for work",
             "The share of people aged 16 to 64 neither working nor looking for work",
             headline=False),
    Phrasing("modelled-unemployment-rate", "Unemployment", WORK,
             "{value} of people who wanted work were unemployed {period}",
             "unemployment", "Unemployment", headline=False),
    Phrasing("children-in-relative-poverty-before-housing-costs",
             "Children in poverty (before housing costs)", MONEY,
             "{value} of children under 16 lived in relative poverty, before housing costs, "
             "{period}", "children living in relative poverty before housing costs",
             "The share of children living in relative poverty before housing costs",
             headline=False),
    Phrasing("gross-disposable-household-income", "Household income", MONEY,
             "household income after tax was {value} a person {period}",
             "household income after tax", "Household income after tax, per person",
             headline=False),
    Phrasing("persistent-absences-for-all-pupils", "Pupils often absent", LEARNING,
             "{value} of pupils missed one school day in ten or more {period}",
             "pupils who are often absent from school",
             "The share of pupils who are often absent from school", headline=False),
    Phrasing("level-3-or-above-qualifications-great-britain", "A levels or equivalent",
             LEARNING, "{value} of people aged 16 to 64 had A levels or equivalent {period}",
             "people aged 16 to 64 with A levels or equivalent",
             "The share of people aged 16 to 64 with A levels or equivalent",
             headline=False),
    Phrasing("cigarette-smokers", "Smoking", HEALTH,
             "{value} of adults smoked cigarettes {period}", "adults who smoke",
             "The share of adults who smoke", headline=False),
    Phrasing("housing-affordability-ratio-residence-based", "Cost of a home", PLACE,
             "a typical home cost {value} {period}",
             "the cost of a home compared with pay",
             "The cost of a typical home compared with typical pay", headline=False),
    Phrasing("net-additions-to-the-housing-stock-england", "New homes", PLACE,
             "{value} new homes were added {period}",
             "new homes added each year", "The number of new homes added each year",
             headline=False),
    Phrasing("greenhouse-gas-emissions", "Greenhouse gas emissions", PLACE,
             "greenhouse gas emissions were {value} a person {period}",
             "greenhouse gas emissions", "The amount of greenhouse gas emitted per person",
             headline=False),
)}
HEADLINE_IDS: tuple[str, ...] = tuple(i for i, p in PHRASES.items() if p.headline)
# Charted on the area page, with England alongside.
TREND_CHART_IDS = ("claimant-count", "employment-rate")
CHART_TOPICS = {"claimant-count": "People claiming unemployment-related benefits",
                "employment-rate": "People aged 16 to 64 in paid work"}
CHART_UNITS = {"claimant-count": "% of people aged 16 to 64",
               "employment-rate": "% of people aged 16 to 64"}
EMPLOYMENT_DECILE = "iod-employment-decile"
NEIGHBOURHOOD_IDS = ("iod-employment-decile", "iod-employment-score", "iod-imd-decile")

# -- periods -----------------------------------------------------------------------------

_MONTHS = {m[:3]: m for m in ("January", "February", "March", "April", "May", "June", "July",
                              "August", "September", "October", "November", "December")}


def period_words(label: Any) -> str:
    """A published period as words after 'in' or 'since': '2025', '2024/25', '2022 to
    2024', 'April 2025' (a survey date reads as its month), 'the Indices of Deprivation
    2025'."""
    text = str(label or "").strip()
    if match := re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", text):
        return f"{match[1]} to {match[2]}"
    if match := re.fullmatch(r"IoD (\d{4})", text):
        return f"the Indices of Deprivation {match[1]}"
    if (match := re.fullmatch(r"(?:\d{1,2} )?([A-Za-z]{3}) (\d{4})", text)) and \
            match[1].title() in _MONTHS:
        return f"{_MONTHS[match[1].title()]} {match[2]}"
    return text


def in_period(label: Any) -> str:
    return f"in {period_words(label)}" if str(label or "").strip() else ""


@functools.lru_cache(maxsize=256)  # a few source dates, said on every page
def date_words(text: Any) -> str:
    """'20/01/2026' -> '20 January 2026' (the first of several dates joined by '|')."""
    first = str(text or "").split("|")[0].strip()
    try:
        day = datetime.strptime(first, "%d/%m/%Y")
    except ValueError:
        return first
    return f"{day.day} {day:%B %Y}"


# -- values ------------------------------------------------------------------------------

def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):  # the usual cases without pandas (called per value)
        return math.isnan(value)
    if isinstance(value, (str, int)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _clean(value: Any) -> Any:
    return None if _missing(value) else value


Rows = pd.DataFrame | Iterable[Mapping[str, Any]]


def _records(rows: Rows | None) -> list[Mapping[str, Any]]:
    """Rows as plain records: a store's records as they are, a DataFrame's converted
    (the pure functions here take either; records skip pandas on the page's path)."""
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records") if not rows.empty else []
    return list(rows)


def _by_period(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted(rows, key=lambda r: r["period_start"])


def is_suppressed(status: Any, note: Any) -> bool:
    """Withheld to protect privacy or by the publisher: status 'c', or a note saying so."""
    note_text = str(_clean(note) or "").lower()
    return _clean(status) == "c" or "suppress" in note_text or _says_itself(note_text)


def _says_itself(note: Any) -> bool:
    """Whether a withheld value's note is words to show in its place: the one label every
    value withheld to protect small numbers carries (dashboard.methods.disclosure), or a
    publisher's "fewer than 5"."""
    text = str(_clean(note) or "").lower()
    return text == WITHHELD_LABEL or text.startswith(("fewer than", "less than"))


# The metadata a value's words depend on (value_words, formatting.format_value).
VALUE_META = ("indicator_id", "value_type", "unit", "decimals", "prefix", "suffix")
# Units said in words where the number alone would not say what it counts.
VALUE_SUFFIXES = {"greenhouse-gas-emissions": " tonnes",
                  "housing-affordability-ratio-residence-based": " times typical pay",
                  "net-additions-to-the-housing-stock-england": " per 1,000 homes"}


def value_words(value: Any, meta: Mapping[str, Any] | None, status: Any = None,
                note: Any = None) -> str:
    """'6.6%', '£590', '56.1 years'; a withheld value reads as its label ('withheld to
    protect small numbers'), a missing one as 'no data': never 0 or a blank."""
    meta = {k: _clean((meta or {}).get(k)) for k in VALUE_META}  # NaN prefixes read 'nan'
    status, note = _clean(status), _clean(note)
    if _missing(value):
        if note and _says_itself(note):
            return str(note)
        if is_suppressed(status, note):
            return "not shown"
        return "no data"
    text = format_value(value, meta, status, note)
    if meta.get("value_type") == "years" or meta.get("unit") == "yrs":
        return f"{text} years"
    return text + VALUE_SUFFIXES.get(str(meta.get("indicator_id")), "")


def cell_words(value: Any, meta: Mapping[str, Any] | None, status: Any = None,
               note: Any = None) -> str:
    """A value for a table cell: as value_words, with the note's own words where a value
    is withheld for another reason ('not shown (suppressed by the publisher)')."""
    text = value_words(value, meta, status, note)
    note = _clean(note)
    if text in ("not shown", "no data") and note and str(note) != text:
        return f"{text} ({note})"
    return text


def _rounded(value: float, meta: Mapping[str, Any]) -> float:
    decimals = meta.get("decimals")
    decimals = 1 if _missing(decimals) else int(decimals)
    return round(float(value), decimals)


# -- comparisons and change --------------------------------------------------------------

COMPARISON_TAGS = {
    "better": ("▲", "Better than England"), "worse": ("▼", "Worse than England"),
    "similar": ("●", "About the same as England"), "higher": ("▲", "Higher than England"),
    "lower": ("▼", "Lower than England"),
}


def comparison_words(comparison: Any, polarity: Any, phrasing: Phrasing) -> str | None:
    """The stored comparison with England as plain words: 'more than', 'about the same
    as', 'less than' (better/worse become more/less by the indicator's polarity)."""
    comparison = _clean(comparison)
    if comparison == "similar":
        return "about the same as"
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
    if _missing(latest) or _missing(previous) or not str(previous_period or "").strip():
        return None
    since = period_words(previous_period)
    before = value_words(previous, meta)
    now, then = _rounded(latest, meta), _rounded(previous, meta)
    if now > then:
        return f"It has risen since {since}, when it was {before}."
    if now < then:
        return f"It has fallen since {since}, when it was {before}."
    return f"It is the same as in {since} ({before})."


def place_phrase(name: str, area_type: str | None) -> str:
    """'Oldham', 'the North West' (regions read with 'the', London does not)."""
    if area_type == "region" and name != "London":
        return f"the {name}"
    return name


# -- headlines ---------------------------------------------------------------------------

def source_text(meta: Mapping[str, Any]) -> str:
    """'Source: Office for National Statistics, Claimant Count (published 20 January
    2026).'"""
    org = meta.get("source_org") or "the publisher"
    title = meta.get("title")
    published = date_words(meta.get("source_date")) if meta.get("source_date") else ""
    text = f"Source: {org}"
    if title:
        text += f", {title}"
    if published:
        text += f" (published {published})"
    return text + "."


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
    rows = _records(rows)
    mine = sorted((r for r in rows if r.get("role") == "area"), key=lambda r: r["recency"])
    record: dict[str, Any] = {
        "indicator_id": phrasing.indicator_id, "topic": phrasing.topic,
        "theme": phrasing.theme, "source": source_text(meta), "change": None,
        "comparison": None, "tag": None, "glyph": None, "period": None, "note": None,
    }
    if not mine:
        return {**record, "state": "missing", "value_text": "no data",
                "sentence": f"There is no published figure for {phrasing.subject} in "
                            f"{place}."}
    latest = mine[0]
    period = in_period(latest["period_label"])
    record["period"] = latest["period_label"]
    status, note = _clean(latest.get("status")), _clean(latest.get("note"))
    value = latest.get("value")
    if _missing(value):
        if is_suppressed(status, note):
            note_text = str(note) if note else "not shown"
            if note_text == WITHHELD_LABEL:
                sentence = (f"{opener}, the figure for {phrasing.subject} {period} is "
                            f"{note_text}, so that no one can be identified from it.")
            elif _says_itself(note_text):
                sentence = (f"{opener}, the figure for {phrasing.subject} {period} is "
                            f"{note_text}. Small numbers are not shown exactly, to protect "
                            "people's privacy.")
            else:
                sentence = (f"{opener}, the figure for {phrasing.subject} {period} is not "
                            f"shown: {note_text}.")
            return {**record, "state": "suppressed", "sentence": sentence,
                    "value_text": value_words(value, meta, status, note), "note": note_text}
        reason = f" ({note})" if note else ""
        return {**record, "state": "missing", "value_text": "no data",
                "sentence": f"There is no figure for {phrasing.subject} in {place} "
                            f"{period}{reason}."}
    value_text = value_words(value, meta)
    sentence = f"{opener}, " + phrasing.statement.format(value=value_text, period=period)
    england = [r for r in rows
               if r.get("role") == "england" and r.get("recency") == latest["recency"]]
    england_value = england[0].get("value") if england else None
    comparison = _clean(latest.get("comparison"))
    words = None if is_england else comparison_words(comparison, meta.get("polarity"),
                                                     phrasing)
    if words and not _missing(england_value):
        sentence += f", {words} across England ({value_words(england_value, meta)})"
    elif not is_england and not _missing(england_value):
        sentence += f"; across England it was {value_words(england_value, meta)}"
    sentence += "."
    if status == "u":
        sentence += " This figure is less reliable than most, because it is based on few people."
    previous = mine[1] if len(mine) > 1 else None
    change = None
    if previous is not None and not is_suppressed(previous.get("status"),
                                                  previous.get("note")):
        change = change_sentence(value, previous.get("value"), previous.get("period_label"),
                                 meta)
    if comparison in COMPARISON_TAGS and words and not is_england:
        glyph, tag = COMPARISON_TAGS[comparison]
        record.update(comparison=comparison, tag=tag, glyph=glyph)
    return {**record, "state": "value", "value_text": value_text, "sentence": sentence,
            "change": change}


def headlines(values: Rows, indicators: pd.DataFrame | Mapping[str, Mapping[str, Any]],
              area_name: str, area_type: str | None = None,
              indicator_ids: Sequence[str] = HEADLINE_IDS) -> list[dict]:
    """Headlines for every headline indicator the public may see, in PHRASES order.

    `values` as `Store.headline_values` or `headline_rows` give them; `indicators` the
    indicators' metadata, as a DataFrame or by id."""
    if isinstance(indicators, pd.DataFrame):
        meta_by_id = {row["indicator_id"]: row for row in _records(indicators)}
    else:
        meta_by_id = dict(indicators)
    by_id: dict[str, list] = {}
    for row in _records(values):
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


def series_rows(values: Iterable[Mapping[str, Any]], indicator_id: str,
                area_codes: Sequence[str]) -> list[Mapping[str, Any]]:
    """One indicator's `Store.area_values` records for the given areas, as
    `Store.series` gives them (in area and period order)."""
    return [row for code in area_codes for row in values
            if row["area_code"] == code and row["indicator_id"] == indicator_id]


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
    return not (flag is False or (not _missing(flag) and flag in (0, "false", "False")))


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
    latest = _clean(row.get("latest_value"))
    if status == NO_DATA or latest is None:
        return f"{subject} {STATUS_PHRASES[NO_DATA]}: {aim_text}, but there is no recent figure."
    latest_text = f"it was {value_words(latest, meta)} {in_period(row.get('latest_period'))}"
    trajectory = _clean(row.get("trajectory_value"))
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
    for row in _records(scorecard):
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
    return any(not _missing(row.get("illustrative")) and bool(row["illustrative"])
               for row in _records(scorecard))


# -- places: search results and what a ward or neighbourhood is ---------------------------

AREA_TYPE_WORDS = {
    "lad": "Council area", "county": "County council area",
    "combined_authority": "Combined authority (councils working together)",
    "region": "Region of England", "nation": "The whole of England",
}


def area_href(code: str, place: str | None = None) -> str:
    """'/public/area/E08000004', or with '?place=E05014650' for a ward or neighbourhood
    shown on its local authority's page."""
    return f"/public/area/{code}" + (f"?{urlencode({'place': place})}" if place else "")


def search_href(text: str | None) -> str:
    return "/public" + (f"?{urlencode({'q': text})}" if text is not None else "")


def place_href(row: Mapping[str, Any]) -> str | None:
    """Where a search result leads: its own public page, or (for a ward or neighbourhood)
    its local authority's page, saying where it is."""
    area_type = row.get("area_type")
    if area_type in ("ward", "lsoa"):
        lad = _clean(row.get("lad_code"))
        return area_href(lad, row["area_code"]) if lad else None
    return area_href(row["area_code"])


def place_description(row: Mapping[str, Any]) -> str:
    """'Ward in Oldham', 'Neighbourhood in Coldhurst ward, Oldham', 'Council area'."""
    area_type = row.get("area_type")
    lad = _clean(row.get("lad_name"))
    if area_type == "ward":
        return f"Ward in {lad}" if lad else "Ward"
    if area_type == "lsoa":
        ward = _clean(row.get("ward_name"))
        where = ", ".join(p for p in (f"{ward} ward" if ward else None, lad) if p)
        return f"Neighbourhood in {where}" if where else "Neighbourhood"
    text = AREA_TYPE_WORDS.get(str(area_type), "Area")
    if not _missing(row.get("valid_to")):
        text += f" (until {int(row['valid_to'])})"
    return text


def search_results(frame: Rows) -> list[dict]:
    """Search results as records: name, description, where the link goes."""
    out = []
    for row in _records(frame):
        href = place_href(row)
        if href:
            out.append({"code": row["area_code"], "name": row["area_name"],
                        "area_type": row.get("area_type"),
                        "description": place_description(row), "href": href})
    return out


def best_match(frame: Rows) -> dict | None:
    """The one result a search means, when exactly one place has that name or code."""
    rows = _records(frame)
    if not rows or "score" not in rows[0]:
        return None
    exact = [row for row in rows if row["score"] <= 1]
    if len(exact) != 1:
        return None
    results = search_results(exact)
    return results[0] if results else None


def search_destination(text: str | None, frame: Rows) -> str:
    """Where pressing Search goes: straight to the one place with that name or code, or
    to the results page (which explains an empty search or no matches)."""
    text = " ".join((text or "").split())
    match = best_match(frame) if text else None
    return match["href"] if match else search_href(text)


def suggest_places(text: str, names: pd.DataFrame, limit: int = 6) -> list[tuple[str, str]]:
    """(label, href) for names like a search that found nothing ('Oldam' -> Oldham)."""
    words = " ".join((text or "").lower().split())
    if not words or names.empty:
        return []
    lowered: dict[str, list[dict]] = {}
    for row in names.to_dict("records"):
        lowered.setdefault(str(row["area_name"]).lower(), []).append(row)
    close = difflib.get_close_matches(words, list(lowered), n=limit, cutoff=0.7)
    out: list[tuple[str, str]] = []
    for name in close:
        for row in lowered[name]:
            href = place_href(row)
            if href and len(out) < limit:
                description = place_description(row)
                out.append((f"{row['area_name']} ({description[:1].lower()}{description[1:]})",
                            href))
    return out


def place_statement(place: Mapping[str, Any]) -> str | None:
    """'Coldhurst is a ward in Oldham.' / 'Oldham 012A is a neighbourhood in Coldhurst
    ward, Oldham.' (None for places with pages of their own)."""
    area_type = place.get("area_type")
    name, lad = place.get("area_name"), _clean(place.get("lad_name"))
    if area_type == "ward":
        return f"{name} is a ward in {lad}." if lad else f"{name} is a ward."
    if area_type == "lsoa":
        ward = _clean(place.get("ward_name"))
        where = ", ".join(p for p in (f"{ward} ward" if ward else None, lad) if p)
        return f"{name} is a neighbourhood in {where}." if where else \
            f"{name} is a neighbourhood."
    return None


def decile_words(decile: Any, domain: str | None = "employment") -> str | None:
    """'among the 10% most deprived neighbourhoods in England for employment' (decile 1)
    ... 'among the 10% least deprived ...' (decile 10); domain None: '... overall'."""
    if _missing(decile):
        return None
    d = int(decile)
    if not 1 <= d <= 10:
        return None
    which = "overall" if domain is None else f"for {domain}"
    if d <= 5:
        return f"among the {d * 10}% most deprived neighbourhoods in England {which}"
    return f"among the {(11 - d) * 10}% least deprived neighbourhoods in England {which}"


def neighbourhood_sentences(name: str, values: Rows) -> list[str]:
    """Plain sentences on one neighbourhood's employment deprivation (IoD 2025)."""
    rows = {r["indicator_id"]: r for r in _records(values)}
    out = []
    decile = rows.get(EMPLOYMENT_DECILE, {})
    words = decile_words(decile.get("value"))
    if words:
        out.append(f"{name} is {words} (Indices of Deprivation 2025).")
    score = rows.get("iod-employment-score", {})
    if not _missing(score.get("value")):
        share = f"{float(score['value']) * 100:.0f}%"
        people = _clean(score.get("numerator"))
        if people is not None:
            count = f"about {float(people):,.0f} people"
        elif is_suppressed(score.get("status"), score.get("note")):
            note = str(_clean(score.get("note")) or "not shown")
            count = f"{note} people" if note.lower().startswith(("fewer", "less")) \
                else f"number of people {note}"
        else:
            count = None
        sentence = (f"About {share} of working-age people here were out of work because of "
                    "unemployment, sickness, disability or caring for someone")
        out.append(sentence + (f" ({count})." if count else "."))
    overall = rows.get("iod-imd-decile", {})
    words = decile_words(overall.get("value"), None)
    if words:
        out.append(f"Taking income, health, education, housing, crime and the living "
                   f"environment into account as well, it is {words}.")
    return out


def decile_summary(area_name: str, counts: Rows) -> str | None:
    """'Of Oldham's 142 neighbourhoods, 39 are among the 10% most deprived in England for
    employment.'"""
    counts = _records(counts)
    if not counts:
        return None
    total = int(sum(r["neighbourhoods"] for r in counts))
    first = int(sum(r["neighbourhoods"] for r in counts if r["decile"] == 1))
    verb = "is" if first == 1 else "are"
    return (f"Of {area_name}'s {total:,} neighbourhoods, {first:,} {verb} among the 10% most "
            "deprived in England for employment. If deprivation were spread evenly across "
            f"England, about {round(total / 10):,} would be.")


# -- chart text alternatives ---------------------------------------------------------------

def trend_points(series: Rows, area_code: str) -> list[Mapping[str, Any]]:
    """One area's rows of a series that have a value, in period order."""
    return _by_period(r for r in _records(series)
                      if r["area_code"] == area_code and not _missing(r.get("value")))


def trend_description(series: Rows, area_code: str, area_name: str,
                      meta: Mapping[str, Any], topic: str) -> str:
    """A text alternative for a trend chart: first and latest values for the area and
    England, and the area's highest."""
    series = _records(series)
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
    counts = _records(counts)
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


# -- glossary ------------------------------------------------------------------------------

GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Claimant count", ("The number of people claiming benefits mainly because they are out "
     "of work (Jobseeker's Allowance, and Universal Credit for people who must look for "
     "work), shown as a share of everyone aged 16 to 64.")),
    ("About the same as England", ("The difference from England is small: smaller than the "
     "usual differences between areas, or within the margin of error of the estimate.")),
    ("Confidence interval", ("Many figures come from surveys of some people, not everyone, "
     "so they are estimates. The confidence interval is the range the true figure very "
     "probably lies in (95 times out of 100).")),
    ("Median", ("The middle value: half of people have more, half have less. It is a fairer "
     "'typical' figure than the average when a few people earn a lot.")),
    ("Relative poverty", ("Living in a household with less than 60% of the middle (median) "
     "household income in the UK that year. 'After housing costs' means after paying "
     "rent or mortgage.")),
    ("Healthy life expectancy", ("How many years a baby born now could expect to live in "
     "good health, if health in the area stayed as it is.")),
    ("Neighbourhood (LSOA)", ("A small area of about 1,500 people (650 homes) used for "
     "official statistics. Its official name is a 'lower layer super output area' (LSOA), "
     "and it is named after its council area and a number, like 'Oldham 012A'.")),
    ("Ward", ("An area that elects local councillors. Most statistics are not published for "
     "wards, so a ward's page shows its council area.")),
    ("Deprivation", ("Lacking things most people have, such as enough income, work, "
     "health, education or a decent home. 'Employment deprivation' means people of "
     "working age who are out of work because of unemployment, sickness, disability or "
     "caring for someone.")),
    ("Decile (tenth)", ("All neighbourhoods in England are put in order and split into ten "
     "equal groups. Tenth 1 is the most deprived 10% of neighbourhoods, tenth 10 the least "
     "deprived 10%.")),
    ("Indices of Deprivation", ("The government's official measure of deprivation in small "
     "areas in England, last published in 2025.")),
    ("Withheld to protect small numbers", ("Very small numbers are not shown, so no one "
     "can be identified from them, and nor are figures from which they could be worked "
     "out. Every figure held back for this reason reads the same words.")),
    ("Target, on track, at risk, off track", ("A target is an aim for a figure by a date. "
     "On track means the figure is where it needs to be by now; at risk means it is close "
     "but may fall short; off track means it is behind. The targets shown here are "
     "illustrative examples, not agreed targets.")),
)
