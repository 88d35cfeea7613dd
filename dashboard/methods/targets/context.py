"""A target in context, over a store: its gap in people (with the neighbourhoods holding
most of it) and how ambitious it is, for an existing target or a proposed value, with the
words the target page and board pack show. The numbers come from `gap` and `ambition`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any, Protocol

import pandas as pd

from dashboard.common.formatting import format_value
from dashboard.methods.targets.ambition import (
    Ambition,
    Spread,
    assess_ambition,
    needed_change,
    recent_span,
)
from dashboard.methods.targets.gap import (
    SPLIT_INDICATOR,
    SPLIT_WORDS,
    WORKLESSNESS_THEME,
    Gap,
    about,
    apportion,
    gap_in_people,
)
from dashboard.methods.targets.model import Assessment, Target
from dashboard.methods.targets.projection import project

AREA_TYPE_WORDS = {"lad": "English local authority districts", "county": "English counties",
                   "combined_authority": "English combined authorities",
                   "region": "English regions"}


class ContextStore(Protocol):
    def population(self, area_code: str) -> dict | None: ...
    def neighbourhood_measure(self, indicator_id: str, area_code: str) -> pd.DataFrame: ...
    def comparator_periods(self, indicator_id: str, area_type: str) -> pd.DataFrame: ...
    def comparator_values(self, indicator_id: str, area_type: str,
                          starts: tuple) -> pd.DataFrame: ...
    def neighbours(self, code: str, k: int = 15) -> tuple[str, ...]: ...
    def area(self, code: str) -> dict | None: ...


def gap_view(store: ContextStore, target: Target, assessment: Assessment,
             meta: Mapping[str, Any], area_name: str) -> dict:
    """The gap in people: its sentence (or the one line why there is none), the
    denominator's source, and for a worklessness target the top neighbourhoods."""
    population = store.population(target.area_code)
    gap = gap_in_people(target, assessment.latest_value, meta, population)
    if not isinstance(gap, Gap):
        return {"gap": None, "sentence": gap, "source": None, "neighbourhoods": [],
                "split": None}
    made_from = (population or {}).get("made_from") or []
    source = (f"Denominator: {gap.denominator_words}, {gap.denominator:,} people in "
              f"{area_name}" + (f" (the sum of {', '.join(made_from)}, the 2021 areas it "
                                "was made from)" if made_from != [target.area_code] else "")
              + f". The gap is |{_num(assessment.latest_value, meta)} − "
              f"{_num(target.target_value, meta)}| ÷ 100 × {gap.denominator:,} = "
              f"{gap.people:,.0f}, from the latest value "
              f"({assessment.latest_period}); the population will have changed since "
              "2021, so it is approximate.")
    out = {"gap": gap, "sentence": gap.sentence, "source": source, "neighbourhoods": [],
           "split": None}
    if meta.get("theme") == WORKLESSNESS_THEME:
        out["neighbourhoods"] = apportion(
            gap, store.neighbourhood_measure(SPLIT_INDICATOR, target.area_code))
        if out["neighbourhoods"]:
            out["split"] = ("Where the gap lies is an apportionment, not a count of "
                            "claimants or workers in each neighbourhood: the gap is shared "
                            f"out in proportion to {SPLIT_WORDS}.")
    return out


def neighbourhood_words(gap: dict) -> list[str]:
    """One line per top neighbourhood: name, ward, share and people."""
    return [f"{n.lsoa_name} ({n.lsoa_code}, {n.ward_name} ward): {n.share:.1%} of the "
            f"area's total, {about(n.people)} people of the gap" for n in gap["neighbourhoods"]]


def _num(value: Any, meta: Mapping[str, Any]) -> str:
    """A value at its published precision, without its unit."""
    return "—" if value is None else format_value(value, dict(meta), with_unit=False)


def proposed_target(target: Target, value: Any,
                    meta: Mapping[str, Any] | None = None) -> Target | str:
    """The target with a proposed value in place of its own, or why the value cannot be
    read (nothing is saved). A percentage must lie from 0 to 100."""
    try:
        number = float(str(value).strip().rstrip("%"))
    except ValueError:
        return f"The proposed value “{str(value)[:40]}” is not a number."
    if not math.isfinite(number):
        return f"The proposed value “{str(value)[:40]}” is not a number."
    if (meta or {}).get("value_type") == "percentage" and not 0 <= number <= 100:
        return f"The proposed value {number:g} is not a percentage from 0 to 100."
    return dataclasses.replace(target, target_value=number)


def ambition_view(store: ContextStore, target: Target, meta: Mapping[str, Any],
                  series: list[dict] | pd.DataFrame) -> Ambition | None:
    """The target's ambition against its statistical neighbours and every English area of
    its type, with its own trend projected to the target period."""
    area_type = (store.area(target.area_code) or {}).get("area_type") or "lad"
    periods = store.comparator_periods(target.indicator_id, area_type)
    span = recent_span(periods, needed_change(target)[1]) if not periods.empty else None
    # only the span's two periods are read: the rest would be read and dropped
    values = store.comparator_values(target.indicator_id, area_type,
                                     tuple(pd.Timestamp(s).date() for s in span)) \
        if span else periods
    own = pd.DataFrame(series)
    if not own.empty:
        own = own[own["area_code"] == target.area_code]
    projection = project(own, target, meta) if not own.empty else None
    return assess_ambition(target, values, store.neighbours(target.area_code),
                           AREA_TYPE_WORDS.get(area_type, f"English areas ({area_type})"),
                           projection.at_target if projection else None, meta)


def change_words(change: float, meta: Mapping[str, Any]) -> str:
    """'a fall of 0.30 percentage points', 'a rise of £4.50', 'no change'."""
    if abs(change) < 1e-12:
        return "no change"
    decimals = int(meta.get("decimals") if meta.get("decimals") is not None else 1) + 1
    size = f"{abs(change):,.{decimals}f} percentage points" \
        if (meta.get("unit") or meta.get("suffix")) == "%" \
        else format_value(abs(change), {**meta, "decimals": decimals})
    return f"a {'rise' if change > 0 else 'fall'} of {size}"


def _years(years: float) -> str:
    """'5 years' for 5.008 (periods starting on different days), '1 year', '2.5 years'."""
    number = f"{round(years)}" if abs(years - round(years)) < 0.05 else f"{years:.1f}"
    return f"{number} {'year' if number == '1' else 'years'}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _spread_words(spread: Spread | None, span: str) -> str | None:
    if spread is None:
        return None
    share = round(spread.percentile)
    return (f"{spread.as_well} of {spread.n} {spread.label} did as well over {span}; it "
            f"needs a faster improvement than {share}% of them made (the "
            f"{_ordinal(share)} percentile).")


def ambition_words(ambition: Ambition, target: Target, meta: Mapping[str, Any],
                   area_name: str, proposed: bool = False) -> list[str]:
    """The ambition section's sentences, plainest first."""
    def fmt(value: float) -> str:
        return format_value(value, dict(meta))
    span = f"{ambition.span[0]} to {ambition.span[1]}"
    lines = [f"{'The proposed target' if proposed else 'The target'} of "
             f"{fmt(target.target_value)} by {target.target.label} needs "
             f"{change_words(ambition.needed, meta)} a year, from "
             f"{fmt(target.baseline_value)} in {target.baseline.label}."]
    lines += [w for w in (_spread_words(ambition.neighbours, span),
                          _spread_words(ambition.england, span)) if w]
    if abs(ambition.span_years - ambition.years) > 0.5:
        lines.append(f"The published series gives only {_years(ambition.span_years)} "
                     f"({span}) to compare, not the target's {_years(ambition.years)}, so "
                     "these changes are over a shorter span.")
    if ambition.own_change is not None:
        lines.append(f"{area_name} itself saw {change_words(ambition.own_change, meta)} a "
                     f"year over {span}.")
    if ambition.projected is not None:
        lines.append(f"On its own trend since the baseline, {area_name} would be at "
                     f"{fmt(ambition.projected)} in {target.target.label}.")
    if ambition.suggested is not None:
        basis = "its statistical neighbours" if ambition.neighbours else "English areas"
        lines.append(f"A suggested range, in line with {basis} (the middle half of their "
                     f"changes a year, applied to the baseline over "
                     f"{_years(ambition.years)}): {fmt(ambition.suggested[0])} to "
                     f"{fmt(ambition.suggested[1])} by {target.target.label}.")
    return lines


def partnership_gaps(store: Any, card: pd.DataFrame) -> list[dict]:
    """The gap in people of every target on a scorecard that has one (the board pack):
    title, area name and `gap_view`'s answer, in scorecard order."""
    from dashboard.methods.targets.store_reads import targets_from_frames
    if card.empty:
        return []
    milestones = store.partnership_milestones(str(card["partnership_id"].iloc[0]))
    out = []
    for target, (_, row) in zip(targets_from_frames(card, milestones), card.iterrows()):
        meta = store.indicator(row["indicator_id"]) or {}
        latest = row.get("latest_value")
        latest = None if latest is None or pd.isna(latest) else float(latest)
        assessment = Assessment(str(row["status"]), str(row["reason"]),
                                latest_period=row.get("latest_period"), latest_value=latest)
        area = str(row.get("area_name") or row["area_code"])
        gap = gap_view(store, target, assessment, meta, area)
        if gap["gap"] is not None:
            out.append({"title": str(row["title"]), "area_name": area, **gap})
    return out
