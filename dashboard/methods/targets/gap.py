"""A target's gap in people: how many more (or fewer) people the rate's base would have to
hold for the latest value to meet the target, and for worklessness targets where in the
area that gap lies, apportioned over its neighbourhoods (LSOAs) by a real LSOA measure.

Pure: numbers and plain frames in, a dataclass and words out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.methods.targets.model import Target
from dashboard.methods.targets.trajectory import _sign

WORKLESSNESS_THEME = "work and worklessness"
# The LSOA measure a worklessness gap is apportioned by, and how the page names it.
SPLIT_INDICATOR = "iod-employment-domain-numerator"
SPLIT_WORDS = ("the number of working-age people in employment deprivation in each "
               "neighbourhood (English Indices of Deprivation 2025, MHCLG)")
DENOMINATOR_WORDS = "mid-2021 population estimate, aged 16 to 64 (ONS)"
TOP_NEIGHBOURHOODS = 5
_AGED_16_64 = re.compile(r"^percentage of (people aged 16 to 64\b.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Gap:
    """The gap between the latest value and the target, in people."""

    people: float                 # |latest - target| / 100 * denominator, unrounded
    denominator: int              # the population the rate is a percentage of
    denominator_words: str        # which population, year and source
    subject: str                  # who is counted: "people aged 16 to 64 who are ..."
    more: bool                    # True: more such people would meet the target
    sentence: str                 # "About 2,400 fewer people aged 16 to 64 ... would ..."


@dataclass(frozen=True)
class Neighbourhood:
    lsoa_code: str
    lsoa_name: str
    ward_name: str
    share: float                  # of the area's total of the apportioning measure
    people: float                 # the gap times that share
    lad_code: str | None = None   # the local authority it lies in


def rate_subject(meta: Mapping[str, Any]) -> str | None:
    """Who a percentage of people aged 16 to 64 counts ("people aged 16 to 64 in
    employment"), from the indicator's definition; None where it is not such a rate."""
    if (meta.get("unit") or meta.get("suffix")) != "%":
        return None
    match = _AGED_16_64.match(str(meta.get("definition") or "").strip())
    return match.group(1) if match else None


def about(people: float) -> str:
    """A count of people rounded honestly: 'fewer than 10', 'about 60', 'about 1,200'
    (two significant figures from 100 up, the nearest 10 below)."""
    if people < 10:
        return "fewer than 10"
    digits = max(0, math.floor(math.log10(people)) - 1)
    step = 10 ** max(1, digits)
    return f"about {int(round(people / step) * step):,}"


def no_denominator_reason(meta: Mapping[str, Any]) -> str:
    """One line saying why no gap in people is given."""
    return ("No gap in people is given: this indicator is not a percentage of a "
            "population Placeboard holds.")


def gap_in_people(target: Target, latest: float | None, meta: Mapping[str, Any],
                  population: Mapping[str, Any] | None) -> Gap | str:
    """The gap from the latest value to the target in people, or one line saying why
    there is none (no denominator, no latest value, target already met).

    gap = |latest - target| / 100 * the area's mid-2021 population aged 16 to 64."""
    subject = rate_subject(meta)
    if subject is None:
        return no_denominator_reason(meta)
    if not population or not population.get("aged_16_64"):
        return ("No gap in people is given: there is no mid-2021 population estimate for "
                "this area.")
    if latest is None or (isinstance(latest, float) and math.isnan(latest)):
        return "No gap in people is given: there is no published value yet."
    if _sign(target) * (latest - target.target_value) >= 0:
        return "The latest value already meets the target, so there is no gap in people."
    denominator = int(population["aged_16_64"])
    people = abs(latest - target.target_value) / 100.0 * denominator
    more = target.direction == "increase"
    sentence = (f"{about(people).capitalize()} {'more' if more else 'fewer'} {subject} "
                "would meet the target.")
    return Gap(people, denominator, DENOMINATOR_WORDS, subject, more, sentence)


def apportion(gap: Gap, lsoas: pd.DataFrame, top: int = TOP_NEIGHBOURHOODS
              ) -> list[Neighbourhood]:
    """The gap shared over the area's LSOAs in proportion to each one's value of the
    apportioning measure (columns area_code, area_name, ward_name, value), largest first,
    the first `top` of them. An apportionment by that measure, not a count per LSOA."""
    if lsoas is None or lsoas.empty:
        return []
    values = pd.to_numeric(lsoas["value"], errors="coerce").fillna(0.0).clip(lower=0.0)
    total = float(values.sum())
    if total <= 0:
        return []
    frame = lsoas.assign(share=values / total).sort_values(
        ["share", "area_code"], ascending=[False, True]).head(top)
    return [Neighbourhood(str(r["area_code"]), str(r["area_name"]),
                          str(r.get("ward_name") or "ward not known"), float(r["share"]),
                          gap.people * float(r["share"]),
                          str(r["lad_code"]) if r.get("lad_code") else None)
            for _, r in frame.iterrows()]
