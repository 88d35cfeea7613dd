"""Figures for a group of LSOAs (a ward, a council's LSOAs, a custom area) made from the
LSOAs' counts and Census 2021 populations, never from an unweighted mean of LSOA values.

How each LSOA-level measure adds up (`rule_for`):

- a rate with a published count (IoD 2025 employment and income deprivation): the sum of
  the LSOAs' counts over the sum of their Census 2021 residents, with a 95% Wilson
  interval (`dashboard.methods.stats.intervals.wilson_ci`). The employment rate's
  denominator is residents aged 16 to 64, the income rate's all usual residents (the
  IoD's own rates use MHCLG's own working-age and total population estimates, not in the
  bundle, so a group's rate here is close to, not the same as, one on those);
- a count (IoD numerators, people): the sum of the LSOAs' counts;
- any other score or indicator: the population-weighted mean (weights: Census 2021 usual
  residents), with no interval;
- ranks and deciles: not added up (a rank of LSOAs has no meaning for a group).

LSOAs whose count or value is missing (suppressed by the publisher) are left out, with
their residents, and the figure says how many.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.methods.stats.intervals import wilson_ci

CENSUS_YEAR = 2021
DENOMINATOR_WORDS = {
    "aged_16_64": "Census 2021 usual residents aged 16 to 64",
    "all_ages": "Census 2021 usual residents (all ages)",
}
# Rates whose LSOA rows carry the published count (observations.numerator).
RATE_DENOMINATORS = {"iod-employment-score": "aged_16_64", "iod-income-score": "all_ages"}


@dataclass(frozen=True)
class Rule:
    """How one measure adds up over LSOAs: kind is rate, sum, weighted_mean or none."""

    kind: str
    denominator: str | None = None  # a populations column (aged_16_64, all_ages)

    @property
    def words(self) -> str:
        """How the group's figure is made, in a phrase."""
        if self.kind == "rate":
            return (f"sum of the LSOAs' counts over the sum of their "
                    f"{DENOMINATOR_WORDS[self.denominator or 'all_ages']}, with a 95% "
                    "Wilson interval")
        if self.kind == "sum":
            return "sum of the LSOAs' counts"
        if self.kind == "weighted_mean":
            return ("population-weighted mean of the LSOAs' values (weights: "
                    f"{DENOMINATOR_WORDS['all_ages']})")
        return "not added up: a rank or decile of LSOAs has no meaning for a group"


def rule_for(indicator_id: str, value_type: str | None) -> Rule:
    """The rule for an LSOA-level indicator (see the module's docstring)."""
    if indicator_id in RATE_DENOMINATORS:
        return Rule("rate", RATE_DENOMINATORS[indicator_id])
    if value_type in ("rank", "decile"):
        return Rule("none")
    if value_type == "count" or indicator_id.endswith("-numerator"):
        return Rule("sum")
    return Rule("weighted_mean", "all_ages")


def _column(rows: pd.DataFrame, name: str) -> np.ndarray:
    if name not in rows:
        return np.full(len(rows), np.nan)
    return pd.to_numeric(rows[name], errors="coerce").to_numpy(dtype=float)


def aggregate(rows: pd.DataFrame, rule: Rule) -> dict[str, Any]:
    """One group's figure from its LSOAs' rows (columns value, numerator, all_ages,
    aged_16_64; one row per LSOA): value, count, denominator, lci, uci (rates only),
    lsoas, lsoas_used (those whose count or value and population are known), method."""
    out: dict[str, Any] = {"value": np.nan, "count": np.nan, "denominator": np.nan,
                           "lci": np.nan, "uci": np.nan, "lsoas": len(rows),
                           "lsoas_used": 0, "kind": rule.kind, "method": rule.words,
                           "denominator_words": DENOMINATOR_WORDS.get(rule.denominator or "")}
    value = _column(rows, "value")
    if rule.kind == "rate":
        count, people = _column(rows, "numerator"), _column(rows, rule.denominator or "")
        used = np.isfinite(count) & np.isfinite(people)
        if used.any():
            total, population = float(count[used].sum()), float(people[used].sum())
            lower, upper = wilson_ci([total], [population])
            out.update(count=total, denominator=population,
                       value=total / population if population > 0 else np.nan,
                       lci=float(lower[0]), uci=float(upper[0]))
    elif rule.kind == "sum":
        used = np.isfinite(value)
        if used.any():
            out.update(value=float(value[used].sum()), count=float(value[used].sum()))
    elif rule.kind == "weighted_mean":
        people = _column(rows, "all_ages")
        used = np.isfinite(value) & np.isfinite(people) & (people > 0)
        if used.any():
            out.update(value=float(np.average(value[used], weights=people[used])),
                       denominator=float(people[used].sum()))
    else:
        used = np.zeros(len(rows), dtype=bool)
    out["lsoas_used"] = int(used.sum())
    out["note"] = coverage_note(out["lsoas"], out["lsoas_used"], rule)
    return out


def coverage_note(lsoas: int, used: int, rule: Rule) -> str:
    """'' when every LSOA counted; otherwise how many were left out and why it matters."""
    if rule.kind == "none" or used == lsoas:
        return ""
    missing = lsoas - used
    what = "counts" if rule.kind in ("rate", "sum") else "values"
    text = (f"{missing:,} of {lsoas:,} LSOAs have no published {what} (suppressed or "
            "missing) and are left out")
    return text + (": the sum is a minimum" if rule.kind == "sum" else
                   ", with their residents")


def aggregate_groups(rows: pd.DataFrame, group_column: str, rule: Rule) -> pd.DataFrame:
    """`aggregate` for every group of LSOA rows (e.g. by ward_code): one row per group,
    in the order of the group codes."""
    records = []
    for code, members in rows.groupby(group_column, sort=True, dropna=True):
        records.append({group_column: code, **aggregate(members, rule)})
    columns = [group_column, "value", "count", "denominator", "lci", "uci", "lsoas",
               "lsoas_used", "kind", "method", "denominator_words", "note"]
    return pd.DataFrame(records, columns=columns)


def rate_from_sums(count: float, population: float) -> tuple[float, float, float]:
    """(rate, lower, upper) of a count over a population with a 95% Wilson interval."""
    if not (population and population > 0) or not np.isfinite(count):
        return np.nan, np.nan, np.nan
    lower, upper = wilson_ci([count], [population])
    return count / population, float(lower[0]), float(upper[0])


def from_sums(sums: dict[str, Any], rule: Rule) -> dict[str, Any]:
    """`aggregate`'s figure from totals already summed over many LSOAs (England's, from
    the store): lsoas, count_sum with the residents of the LSOAs that have a count
    (count_all_ages, count_aged_16_64, lsoas_with_count), value_sum and lsoas_with_value,
    weighted_sum and weight_sum with lsoas_weighted."""
    def number(key: str) -> float:
        value = sums.get(key)
        return float(value) if value is not None else np.nan

    def whole(key: str) -> int:
        return int(number(key)) if np.isfinite(number(key)) else 0

    lsoas = whole("lsoas")
    out: dict[str, Any] = {"value": np.nan, "count": np.nan, "denominator": np.nan,
                           "lci": np.nan, "uci": np.nan, "lsoas": lsoas, "lsoas_used": 0,
                           "kind": rule.kind, "method": rule.words,
                           "denominator_words": DENOMINATOR_WORDS.get(rule.denominator or "")}
    if rule.kind == "rate":
        count, people = number("count_sum"), number(f"count_{rule.denominator}")
        value, lower, upper = rate_from_sums(count, people)
        out.update(value=value, count=count, denominator=people, lci=lower, uci=upper,
                   lsoas_used=whole("lsoas_with_count"))
    elif rule.kind == "sum":
        out.update(value=number("value_sum"), count=number("value_sum"),
                   lsoas_used=whole("lsoas_with_value"))
    elif rule.kind == "weighted_mean":
        weight = number("weight_sum")
        out.update(value=number("weighted_sum") / weight if weight > 0 else np.nan,
                   denominator=weight, lsoas_used=whole("lsoas_weighted"))
    out["note"] = coverage_note(lsoas, out["lsoas_used"], rule)
    return out
