"""What a Fingertips export says about its indicators, and no more: periods as Fingertips
writes them, the unit a name states ("%", "rate per 10,000", "score"), the polarity the
export's own "Compared to England" column implies, and the indicator and dataset records
with the caveats that say which sex and age the headline is and what was inferred."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard.common.attribution import FINGERTIPS
from dashboard.common.breakdowns import age_key, headline_age, headline_sex, sex_key
from dashboard.common.geography import ENGLAND
from dashboard.common.periods import Period, label_for, parse_period
from dashboard.ingest.metadata import OGL, disclosure_metadata
from dashboard.methods.quality import QualityReport

PUBLISHER = "Office for Health Improvement and Disparities (Fingertips)"
SOURCE_URL = "https://fingertips.phe.org.uk"

_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{2}|\d{4})$", re.ASCII)
_SPLIT_RANGE = re.compile(r"^(\d{4})/(\d{2})\s*-\s*(\d{2})/(\d{2})$", re.ASCII)
_QUARTER = re.compile(r"^(\d{4})(?:/(\d{2}))?\s*Q([1-4])$", re.ASCII)
PERIOD_FORMS = ("a year (2015), a financial year (2017/18), a range of years (2019 - 21 "
                "or 2016/17 - 18/19) or a quarter (2019 Q1, 2019/20 Q1)")


def _last_year(first: int, short: str) -> int:
    """The year a range ends: '21' after 2019 is 2021, '2021' is 2021."""
    if len(short) == 4:
        return int(short)
    year = first - first % 100 + int(short)
    return year + 100 if year < first else year


def fingertips_period(text: str) -> Period:
    """A Fingertips 'Time period' as the store's period: '2015' (calendar year),
    '2017/18' (financial year from April), '2019 - 21' (three calendar years),
    '2016/17 - 18/19' (three financial years), '2019 Q1' and '2019/20 Q1' (quarters);
    ValueError saying what was expected otherwise."""
    text = " ".join((text or "").split())
    found = _RANGE.match(text)
    if found:
        first = int(found.group(1))
        years = _last_year(first, found.group(2)) - first + 1
        if years < 2:
            raise ValueError(f"{text!r}: a range of years should end after it starts")
        return Period(date(first, 1, 1), f"P{years}Y", label_for(date(first, 1, 1),
                                                                  f"P{years}Y"))
    found = _SPLIT_RANGE.match(text)
    if found:
        first, last = int(found.group(1)), _last_year(int(found.group(1)), found.group(3))
        if (first + 1) % 100 != int(found.group(2)) or (last + 1) % 100 != int(found.group(4)) \
                or last <= first:
            raise ValueError(f"{text!r}: expected financial years such as 2016/17 - 18/19")
        start = date(first, 4, 1)
        return Period(start, f"P{last - first + 1}Y", label_for(start, f"P{last - first + 1}Y"))
    found = _QUARTER.match(text)
    if found:
        year, split, quarter = int(found.group(1)), found.group(2), int(found.group(3))
        if split is not None and (year + 1) % 100 != int(split):
            raise ValueError(f"{text!r}: the second year should follow the first")
        month = (3 * quarter - 2) if split is None else (3 * quarter + 1)
        start = date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        return Period(start, "P3M", label_for(start, "P3M"))
    try:
        return parse_period(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a Fingertips time period: expected "
                         f"{PERIOD_FORMS}") from None


@dataclass(frozen=True)
class Unit:
    """What an indicator's name says about its values."""

    value_type: str | None = None
    unit: str | None = None
    measure: str | None = None
    suffix: str | None = None
    caveat: str | None = None


_PERCENT = re.compile(r"%|\b(?:percentage|per cent|percent|proportion)\b", re.IGNORECASE)
_PER = re.compile(r"(?:\bper\s+|/\s*)(\d{1,3}(?:,\d{3})+|\d+)\b", re.IGNORECASE)
_SCORE = re.compile(r"\bscore\b", re.IGNORECASE)
UNKNOWN_UNIT = ("The export does not say this indicator's unit, and its name does not "
                "either, so values are shown as published, without a unit.")


def unit_from_name(name: str) -> Unit:
    """The unit a Fingertips indicator's name states: '%', 'Percentage' or 'Proportion'
    is a percentage; 'rate per 10,000' or 'rate/100,000' a rate with that multiplier;
    'score' a score. Anything else is left unknown, and the caveat says so."""
    if _PERCENT.search(name):
        return Unit("percentage", "%", "Percentage", "%")
    per = _PER.search(name)
    if per:
        words = f"Rate per {int(per.group(1).replace(',', '')):,}"
        return Unit("rate", words, words)
    if _SCORE.search(name):
        return Unit("score", None, "Score")
    return Unit(caveat=UNKNOWN_UNIT)


def polarity_from_comparisons(rows: Iterable[Mapping]) -> tuple[str, str]:
    """(polarity, the caveat that explains it) from the export's own "Compared to
    England" words: an area called Better with a value below England's means lower is
    better, and so on. Higher, Lower and Similar make no judgement; Better and Worse that
    point both ways make none either. `rows` have area_code, period_label, sex, age,
    category, value and compared (the column's words)."""
    rows = list(rows)
    england = {(r["period_label"], r["sex"], r["age"]): r["value"] for r in rows
               if r["area_code"] == ENGLAND and not r["category"] and r["value"] is not None}
    votes: dict[str, int] = {"lower_is_better": 0, "higher_is_better": 0}
    for r in rows:
        words = (r["compared"] or "").strip().lower()
        benchmark = england.get((r["period_label"], r["sex"], r["age"]))
        if words not in ("better", "worse") or benchmark is None or r["value"] is None \
                or r["value"] == benchmark:
            continue
        below = r["value"] < benchmark
        votes["lower_is_better" if below == (words == "better") else "higher_is_better"] += 1
    lower, higher = votes["lower_is_better"], votes["higher_is_better"]
    if lower and not higher:
        return "lower_is_better", (f"Lower is better: in its 'Compared to England' column "
                                   f"the export calls {_values(lower)} below England's "
                                   "better, or values above England's worse.")
    if higher and not lower:
        return "higher_is_better", (f"Higher is better: in its 'Compared to England' "
                                    f"column the export calls {_values(higher)} above "
                                    "England's better, or values below England's worse.")
    if lower and higher:
        return "no_judgement", ("No judgement of better or worse: the export's 'Compared "
                                "to England' column points both ways.")
    return "no_judgement", ("No judgement of better or worse: the export compares areas "
                            "with England only as higher, lower or similar.")


def _values(n: int) -> str:
    return f"{n:,} value{'s' if n != 1 else ''}"


def caveats(sex: str | None, age: str | None, kinds: list[str], unit: Unit,
            polarity_note: str, superseded: bool) -> str:
    """The indicator's caveats (Markdown): which sex and age the headline values are,
    the breakdowns published beside them, and what was inferred or could not be."""
    parts = [f"Headline values are for {sex or 'no stated sex'}, "
             f"{age or 'no stated age'}, as published in the Fingertips export."]
    if kinds:
        parts.append("The export also publishes values by " + ", ".join(kinds) +
                     ": see the breakdowns on the indicator page.")
    if unit.caveat:
        parts.append(unit.caveat)
    parts.append(polarity_note)
    if superseded:
        parts.append("Values are published for the areas of the time. Where an area's code "
                     "has since been replaced, its values stay with the old area and are "
                     "not moved to its successors, whose boundaries differ.")
    return "\n\n".join(parts)


def indicator_record(fingertips_id: str, name: str, dataset_id: str, unit: Unit,
                     polarity: str, caveat_text: str, review: Mapping) -> dict:
    """One indicator's row: fingertips-<Indicator ID>, with OHID's provenance."""
    return {
        "indicator_id": f"fingertips-{fingertips_id}", "dataset_id": dataset_id,
        "title": name, "definition": f"Fingertips indicator {fingertips_id}",
        "long_description": None, "unit": unit.unit, "measure": unit.measure,
        "prefix": None, "suffix": unit.suffix, "decimals": None, "polarity": polarity,
        "theme": review.get("theme") or None, "value_type": unit.value_type,
        "source_org": PUBLISHER, "source_url": SOURCE_URL, "source_date": None,
        "licence": OGL, "attribution": FINGERTIPS, "caveats": caveat_text,
        "experimental": False, **disclosure_metadata(review),
    }


def dataset_record(dataset_id: str, file_name: str, indicators: list[dict],
                   review: Mapping) -> dict:
    """The dataset of one export file."""
    return {
        "dataset_id": dataset_id, "access_level": review.get("access") or None,
        "title": "Fingertips: " + "; ".join(i["title"] for i in indicators),
        "publisher": PUBLISHER, "licence": OGL, "attribution": FINGERTIPS,
        "source_url": SOURCE_URL, "source_date": None, "file": file_name,
    }


@dataclass
class Described:
    """A file's indicator and dataset records, and each indicator's headline (sex, age)."""

    indicators: list[dict] = field(default_factory=list)
    datasets: list[dict] = field(default_factory=list)
    headlines: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


def _headline(rows: pd.DataFrame) -> tuple[str | None, str | None, list[str]]:
    """(sex, age) of an indicator's headline, and the breakdowns published beside it
    ('County & UA deprivation deciles in England (IMD2015)', 'age (0-9 yrs)')."""
    plain = rows[rows["category"] == ""]
    sex = headline_sex(plain["sex"])
    age = headline_age(plain.loc[plain["sex"] == sex, "age"])
    kinds = list(dict.fromkeys(rows.loc[rows["category"] != "", "category_type"]))
    kinds = [kind or "category" for kind in kinds]
    ages = sorted(set(plain.loc[plain["sex"] == sex, "age"]) - {age}, key=age_key)
    if ages:
        kinds.append(f"age ({', '.join(ages)})")
    sexes = sorted(set(plain.loc[plain["age"] == age, "sex"]) - {sex}, key=sex_key)
    if sexes:
        kinds.append(f"sex ({', '.join(sexes)})")
    return sex, age, kinds


def describe(frame: pd.DataFrame, dataset_id: str, file_name: str,
             reviewed: Mapping[str, Mapping], report: QualityReport,
             names: Mapping[str, str], superseded: set[str]) -> Described:
    """The records of every indicator in a file (in file order) and of its dataset;
    warnings where the export leaves an indicator without a name or a headline, or its
    comparisons with England point both ways."""
    out = Described()
    for indicator_id, rows in frame.groupby("indicator_id", sort=False):
        first = rows.iloc[0]
        name = first["name"] or f"Fingertips indicator {first['fingertips_id']}"
        if not first["name"]:
            report.warning("bad_metadata", "the indicator has no name; it is called "
                           f"{name!r}", line=int(first["line"]), column=names["name"],
                           value="")
        sex, age, kinds = _headline(rows)
        if sex is None:
            report.warning("bad_metadata", f"{name}: every row has a category, so there is "
                           "no headline value (only breakdowns)", line=int(first["line"]),
                           column=names["category"], value=first["category"])
        polarity, polarity_note = polarity_from_comparisons(
            rows[["area_code", "period_label", "sex", "age", "category", "value",
                  "compared"]].astype(object).where(rows.notna(), None)
            .to_dict("records"))
        if "points both ways" in polarity_note:
            report.warning("bad_metadata", f"{name}: {polarity_note} Polarity is left as no "
                           "judgement", line=int(first["line"]), column=names["compared"],
                           value="Better/Worse")
        unit = unit_from_name(name)
        out.headlines[str(indicator_id)] = (sex, age)
        out.indicators.append(indicator_record(
            str(first["fingertips_id"]), name, dataset_id, unit, polarity,
            caveats(sex, age, kinds, unit, polarity_note,
                    bool(superseded & set(rows["area_code"]))),
            reviewed.get(str(indicator_id), {})))
    out.datasets = [dataset_record(dataset_id, file_name, out.indicators,
                                   reviewed.get(dataset_id, {}))]
    return out
