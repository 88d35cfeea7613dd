"""Plain English for residents (the /public pages): the words every part shares.

How each indicator reads (PHRASES: which indicators are headlines, and the sentence for
each), periods and dates in words, values in words (a withheld or missing value never
reads as 0 or a blank), a place's name in a sentence, a figure's source, and the short
glossary.

The rest builds on these: public_headlines.py (headline sentences on an area's figures),
public_scorecard.py (a partnership's targets in plain words), public_places.py (search
results and neighbourhood facts) and public_charts.py (the charts' text alternatives).
Pure: plain values and DataFrames from the public store in, strings and records out. No
Dash, no store.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from dashboard.common.formatting import format_value
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

def is_missing(value: Any) -> bool:
    """Whether a value is missing: None, NaN, NA or NaT."""
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


def clean_value(value: Any) -> Any:
    """A value, or None where it is missing."""
    return None if is_missing(value) else value


Rows = pd.DataFrame | Iterable[Mapping[str, Any]]


def as_records(rows: Rows | None) -> list[Mapping[str, Any]]:
    """Rows as plain records: a store's records as they are, a DataFrame's converted
    (the pure functions here take either; records skip pandas on the page's path)."""
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records") if not rows.empty else []
    return list(rows)


def is_suppressed(status: Any, note: Any) -> bool:
    """Withheld to protect privacy or by the publisher: status 'c', or a note saying so."""
    note_text = str(clean_value(note) or "").lower()
    return clean_value(status) == "c" or "suppress" in note_text or note_says_itself(note_text)


def note_says_itself(note: Any) -> bool:
    """Whether a withheld value's note is words to show in its place: the one label every
    value withheld to protect small numbers carries (dashboard.methods.disclosure), or a
    publisher's "fewer than 5"."""
    text = str(clean_value(note) or "").lower()
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
    meta = {k: clean_value((meta or {}).get(k)) for k in VALUE_META}  # NaN prefixes read 'nan'
    status, note = clean_value(status), clean_value(note)
    if is_missing(value):
        if note and note_says_itself(note):
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
    note = clean_value(note)
    if text in ("not shown", "no data") and note and str(note) != text:
        return f"{text} ({note})"
    return text


# -- a place in a sentence ---------------------------------------------------------------

def place_phrase(name: str, area_type: str | None) -> str:
    """'Oldham', 'the North West' (regions read with 'the', London does not)."""
    if area_type == "region" and name != "London":
        return f"the {name}"
    return name


# -- sources -----------------------------------------------------------------------------

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


# -- glossary ------------------------------------------------------------------------------

GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Claimant count", ("The number of people claiming benefits mainly because they are out "
     "of work (Jobseeker's Allowance, and Universal Credit for people who must look for "
     "work), shown as a share of everyone aged 16 to 64.")),
    ("Not clearly different from England", ("The figures differ, but by less than the "
     "margin of error of the estimate, or less than the usual differences between areas, "
     "so the difference is not statistically clear: it may not be a real one.")),
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
