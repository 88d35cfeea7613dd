"""Disclosure control: public outputs never show a small number, or let one be worked out.

Pure functions, no I/O. The store applies `protect` to every frame a public viewer gets
(dashboard/store/), so no page, callback, download or export can bypass it; the build
step in dashboard/store/derived/disclosure.py runs `complementary_suppression` at every build
and after every load, and keeps the result in the `public_suppressions` table.

Each indicator's rule comes from the `indicators` table: `min_count` (counts from 1 to
min_count - 1 are withheld), `rounding_base` (public counts are rounded to a multiple of
it) and `suppression_words` (what a withheld value reads; by default WITHHELD_LABEL).
Indicators whose values are counts by their value type, unit or measure are protected
as counts (`is_count_like`).

The guarantee, the audit that proves it and its limits are written up in
docs/disclosure.md. In short: zeros are published, so the public knows every withheld
count is at least 1; every withheld cell carries the same words, so the public cannot
tell a small count from a cell withheld to protect one; and `complementary_suppression`
withholds further cells until linear programming over every published total (nested
geographies and period totals) shows that each small count could still take at least
`min_count` values, so the public cannot even tell that it is small.

Written here rather than taken from sdcMicro or tau-argus (the standard tools) because
neither is a Python library; the audit uses scipy's HiGHS linear programming solver, as
tau-argus does its own solver.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from dashboard.common import geography

SUPPRESSED_STATUS = "c"  # the ONS/GSS flag for confidential values
# One label for every withheld cell, small or withheld to protect a small one: two labels
# would tell a reader which cells are small (and so that they are 1 to 4), which is what
# let the sums of published cells give small counts back exactly.
WITHHELD_LABEL = "withheld to protect small numbers"
COMPLEMENTARY_NOTE = WITHHELD_LABEL  # the old name of the second label: now the same words
VALUE_COLUMNS = ("value", "lci", "uci")
COUNT_COLUMNS = ("numerator", "denominator")
INTERVAL_COLUMNS = ("lci", "uci", "lci_998", "uci_998")
SUPPRESSED_COLUMNS = VALUE_COLUMNS + COUNT_COLUMNS + ("lci_998", "uci_998", "previous_value")
# Values of other cells or of several areas that some frames carry beside a row's own.
PEER_COLUMNS = ("lowest", "q25", "median", "q75", "highest", "neighbours_value")
ENGLAND = "E92000001"
WITHHELD_JUDGEMENT = {
    "comparison": "not_compared", "comparison_method": "none",
    "comparison_reason": "Not compared: the value is withheld to protect small numbers.",
    "trend": "cannot_be_calculated",
    "trend_reason": "Trend not calculated: values are withheld to protect small numbers.",
    "quintile": None,
}
CELL_KEY = ["indicator_id", "area_code", "period_start", "period_duration"]
SUPPRESSION_COLUMNS = [*CELL_KEY, "reason"]
AUDIT_COLUMNS = [*SUPPRESSION_COLUMNS, "count", "low", "high", "possible", "protected"]
# Rates are a count over a count times one of these (a proportion, a percentage, per
# 1,000 ... per million).
RATE_MULTIPLIERS = (1.0, 100.0, 1_000.0, 10_000.0, 100_000.0, 1_000_000.0)
# Words that would tell a reader the withheld value is small ("fewer than 5", "<5"):
# every withheld cell carries the rule's words, so these would be false for some.
_BOUND_WORDS = re.compile(r"\d|<|\bfewer\b|\bless\b|\bbelow\b|\bunder\b", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """One indicator's disclosure rule."""

    min_count: int = 5
    rounding_base: int | None = None
    words: str | None = None          # None -> WITHHELD_LABEL

    def __post_init__(self) -> None:
        if int(self.min_count) != self.min_count or self.min_count < 1:
            raise ValueError(f"min_count must be a whole number of at least 1, "
                             f"not {self.min_count!r}")
        if self.rounding_base is not None and (int(self.rounding_base) != self.rounding_base
                                               or self.rounding_base < 1):
            raise ValueError(f"rounding_base must be a whole number of at least 1 (or None), "
                             f"not {self.rounding_base!r}")

    @property
    def text(self) -> str:
        """What every withheld value of the indicator reads."""
        return self.words or WITHHELD_LABEL


DEFAULT_RULE = Rule()


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


# Units and measures that mean "how many people (or households, claims...)": counts are
# protected by default whatever the metadata's value_type says.
COUNT_UNITS = frozenset({
    "people", "persons", "person", "count", "counts", "number", "numbers", "households",
    "claimants", "claims", "starts", "referrals", "individuals", "pupils", "patients",
    "residents", "families", "cases", "births", "deaths", "adults", "children",
})


def is_count_like(value_type: object = None, unit: object = None,
                  measure: object = None) -> bool:
    """Whether an indicator's values are counts of people or events, by its value type,
    unit or measure ('count'; 'people', 'number of households', ...)."""
    if isinstance(value_type, str) and value_type.strip().lower() == "count":
        return True
    for text in (unit, measure):
        if not isinstance(text, str):
            continue
        words = text.strip().lower()
        if words in COUNT_UNITS or words.startswith(("number of", "count of")):
            return True
    return False


def plain_words(words: object) -> str | None:
    """The metadata's suppression words, unless blank or they describe the value (every
    withheld cell reads them, including those withheld to protect another)."""
    if _blank(words) or not str(words).strip() or _BOUND_WORDS.search(str(words)):
        return None
    return str(words).strip()


def rules_from_indicators(indicators: pd.DataFrame) -> dict[str, tuple[Rule, str | None]]:
    """indicator_id -> (Rule, value_type) from the indicators table frame.

    The value type is "count" for every count-like indicator (`is_count_like`, from the
    `unit` and `measure` columns when the frame has them), so a file that says its unit is
    "people" but not `value_type: count` is protected as a count."""
    if indicators.empty or "indicator_id" not in indicators:
        return {}
    columns = ["indicator_id", "min_count", "rounding_base", "suppression_words", "value_type",
               "unit", "measure"]
    frame = indicators.reindex(columns=columns)
    rules: dict[str, tuple[Rule, str | None]] = {}
    # One pass over the indicators table (hundreds of rows), not over observations.
    for indicator_id, min_count, rounding_base, words, value_type, unit, measure in \
            frame.itertuples(index=False):
        rule = Rule(min_count=DEFAULT_RULE.min_count if _blank(min_count) else int(min_count),
                    rounding_base=None if _blank(rounding_base) else int(rounding_base),
                    words=plain_words(words))
        kind = None if _blank(value_type) else str(value_type)
        if is_count_like(kind, unit, measure):
            kind = "count"
        rules[str(indicator_id)] = (rule, kind)
    return rules


# -- protect: what one frame may show the public -------------------------------------------
def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as float (NaN for blanks and anything that is not a number)."""
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _small(numbers: np.ndarray, min_count: np.ndarray) -> np.ndarray:
    """Counts from 1 to min_count - 1."""
    # Zero is published: "nobody" identifies nobody, and blanking zeros would hide the
    # places where something did not happen at all. Because zeros are never withheld the
    # public knows every withheld count is at least 1; the audit allows for that.
    with np.errstate(invalid="ignore"):
        return (numbers > 0) & (numbers < min_count)


def _round_to(numbers: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Numbers rounded to the nearest multiple of their base."""
    # Half up (12.5 -> 15 for base 5), as the ONS rounds published counts; NaN base = as is.
    with np.errstate(invalid="ignore"):
        rounded = np.floor(numbers / base + 0.5) * base
    return np.where(np.isnan(base), numbers, rounded)


def _rule_columns(frame: pd.DataFrame, rules: Mapping[str, tuple[Rule, str | None]]
                  ) -> tuple[np.ndarray, np.ndarray, pd.Series, np.ndarray]:
    """(min_count, rounding_base (NaN = none), withheld words, is_count) for each row."""
    if "indicator_id" in frame:
        ids = frame["indicator_id"]
        min_count = ids.map({k: r.min_count for k, (r, _) in rules.items()}) \
            .fillna(DEFAULT_RULE.min_count).to_numpy(dtype=float)
        base = ids.map({k: r.rounding_base for k, (r, _) in rules.items()
                        if r.rounding_base is not None}).to_numpy(dtype=float, na_value=np.nan)
        text = ids.map({k: r.text for k, (r, _) in rules.items()}).astype(object)
        text = text.where(text.notna(), DEFAULT_RULE.text)
        value_type = ids.map({k: t for k, (_, t) in rules.items() if t is not None}) \
            .astype(object)
        if "value_type" in frame:  # the table's value type first, else the frame's
            value_type = value_type.where(value_type.notna(), frame["value_type"])
    else:
        size = len(frame)
        min_count = np.full(size, float(DEFAULT_RULE.min_count))
        base = np.full(size, np.nan if DEFAULT_RULE.rounding_base is None
                       else float(DEFAULT_RULE.rounding_base))
        text = pd.Series(DEFAULT_RULE.text, index=frame.index, dtype=object)
        value_type = frame["value_type"] if "value_type" in frame else \
            pd.Series(np.full(size, None, dtype=object), index=frame.index)
    is_count = (value_type == "count").to_numpy(dtype=bool, na_value=False)
    return min_count, base, text, is_count


@dataclass(frozen=True)
class _CellIndex:
    """The listed cells, indexed for lookups by whole frames."""

    indicators: frozenset[str]
    cells: pd.MultiIndex    # (indicator_id, area_code, period_start as a date)
    pairs: pd.MultiIndex    # (indicator_id, area_code) with a withheld cell in any period


@lru_cache(maxsize=8)
def _cell_index(cells: frozenset[tuple[str, str, object]]) -> _CellIndex:
    """The listed cells as indexes for whole-frame lookups."""
    # The store passes the same frozenset with every query: index it once, not per call.
    listed = list(cells)
    indicators = [c[0] for c in listed]
    areas = [c[1] for c in listed]
    return _CellIndex(frozenset(indicators),
                      pd.MultiIndex.from_arrays([indicators, areas,
                                                 pd.to_datetime([c[2] for c in listed])
                                                 .normalize()]),
                      pd.MultiIndex.from_arrays([indicators, areas]))


def _in_cells(frame: pd.DataFrame, cells: frozenset[tuple[str, str, object]],
              areas: pd.Series | None = None) -> np.ndarray:
    """Rows whose (indicator_id, area, period_start as a date) is in `cells`; the area is
    the row's area_code unless `areas` names another (its region, England)."""
    areas = frame["area_code"] if areas is None and "area_code" in frame else areas
    if not cells or areas is None or not {"indicator_id", "period_start"} <= set(frame):
        return np.zeros(len(frame), dtype=bool)
    index = _cell_index(cells)
    candidates = frame["indicator_id"].isin(index.indicators).to_numpy()
    if not candidates.any():
        return candidates
    have = pd.MultiIndex.from_arrays(
        [frame["indicator_id"], areas,
         pd.to_datetime(frame["period_start"], errors="coerce").dt.normalize()])
    return candidates & have.isin(index.cells)


def _in_pairs(frame: pd.DataFrame, cells: frozenset[tuple[str, str, object]]) -> np.ndarray:
    """Rows whose indicator and area have a listed cell in any period."""
    if not cells or not {"indicator_id", "area_code"} <= set(frame):
        return np.zeros(len(frame), dtype=bool)
    have = pd.MultiIndex.from_arrays([frame["indicator_id"], frame["area_code"]])
    return have.isin(_cell_index(cells).pairs)


_SUMMARIES: dict[int, tuple[Mapping, tuple[float, frozenset[str]]]] = {}


def _summary(rules: Mapping[str, tuple[Rule, str | None]]) -> tuple[float, frozenset[str]]:
    """(largest minimum count, indicators that are counts or rounded) for a rules mapping;
    the store passes the same mapping with every query, so this is worked out once."""
    cached = _SUMMARIES.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    ceiling = float(max([DEFAULT_RULE.min_count, *(r.min_count for r, _ in rules.values())]))
    special = frozenset(k for k, (r, t) in rules.items()
                        if t == "count" or r.rounding_base is not None)
    if len(_SUMMARIES) > 16:
        _SUMMARIES.clear()
    _SUMMARIES[id(rules)] = (rules, (ceiling, special))
    return ceiling, special


def nothing_to_protect(frame: pd.DataFrame, rules: Mapping[str, tuple[Rule, str | None]],
                       cells: frozenset[tuple[str, str, object]]) -> bool:
    """True when no row can need suppression or rounding: most frames (rates and
    percentages without small numerators) skip the row-by-row rules entirely."""
    if "indicator_id" not in frame or frame.empty:
        return False
    ceiling, special = _summary(rules)
    for column in COUNT_COLUMNS:
        if column in frame and _small(_numbers(frame, column), ceiling).any():
            return False
    ids = set(frame["indicator_id"].unique())
    if ids & special or not ids <= rules.keys():
        return False
    if "value_type" in frame and (frame["value_type"] == "count").any():
        return False
    return not (cells and ids & _cell_index(cells).indicators)


def protect(frame: pd.DataFrame, rules: Mapping[str, tuple[Rule, str | None]],
            suppressed_cells: frozenset[tuple[str, str, object]] = frozenset()) -> pd.DataFrame:
    """Public-output version of a frame (a new frame; input untouched).

    - Primary suppression: a row with a count from 1 to min_count - 1 (its numerator or
      denominator, or its value when the indicator is a count) is withheld, whole. A
      rate, percentage or proportion with a small numerator loses its value and interval
      too: the value times the denominator would give the numerator back.
    - Listed cells: rows whose (indicator_id, area_code, period_start) is in
      `suppressed_cells` (the `public_suppressions` table: small counts and the cells
      withheld so that they cannot be worked out) are withheld.
    - Rounding: where the rule has a rounding_base, count values, numerators and
      denominators are rounded to the nearest multiple of it, and a rate is recomputed
      from its rounded counts (or withheld), since the exact rate beside rounded counts
      gives the exact counts back (`_public_rates`).
    - Values of other cells a row carries (previous period, region, England, benchmark,
      peer summaries) are blanked where that cell is withheld (`_withhold_carried`).

    Withheld means value, intervals, numerator and denominator are blank, `status` is "c"
    and `note` is the rule's words, the same for every withheld cell (WITHHELD_LABEL
    unless the metadata gives others). `status` and `note` are added to any frame that
    carries values or counts. The rule for a row is its `indicator_id`'s; without one,
    DEFAULT_RULE applies (with the frame's `value_type` column, if any, saying whether
    values are counts).
    """
    if not [c for c in ("value", *COUNT_COLUMNS) if c in frame]:
        return frame.copy()
    out = frame.copy()
    quiet = nothing_to_protect(frame, rules, suppressed_cells)
    for column in ("status", "note"):
        if column not in out:
            out[column] = np.full(len(out), None, dtype=object)
        elif not quiet:
            out[column] = out[column].astype(object)
    if quiet or out.empty:
        return out
    min_count, base, text, is_count = _rule_columns(out, rules)
    numbers = {c: _numbers(out, c) for c in ("value", *COUNT_COLUMNS) if c in out}
    suppressed = _in_cells(out, suppressed_cells)
    for column in COUNT_COLUMNS:
        if column in numbers:
            suppressed |= _small(numbers[column], min_count)
    if "value" in numbers:
        suppressed |= is_count & _small(numbers["value"], min_count)
    rates, unpublishable = _public_rates(numbers, base, is_count, suppressed)
    suppressed |= unpublishable
    _blank_and_round(out, numbers, base, is_count, suppressed)
    _apply_rates(out, rates)
    _withhold_carried(out, is_count, min_count, suppressed_cells)
    if suppressed.any():
        _mark_withheld(out, suppressed, text)
    return out


def _blank_and_round(out: pd.DataFrame, numbers: dict[str, np.ndarray], base: np.ndarray,
                     is_count: np.ndarray, suppressed: np.ndarray) -> None:
    """Blank the withheld rows' values and counts; round the others' counts."""
    rounds = ~np.isnan(base) & ~suppressed
    for column in SUPPRESSED_COLUMNS:
        if column not in out:
            continue
        rounding = rounds & (True if column in COUNT_COLUMNS else is_count)
        if rounding.any():
            values = numbers[column] if column in numbers else _numbers(out, column)
            out[column] = np.where(suppressed, np.nan,
                                   np.where(rounding, _round_to(values, base), values))
        elif suppressed.any():
            out[column] = out[column].mask(suppressed)


def _decimals(values: np.ndarray, most: int = 6) -> np.ndarray:
    """How many decimal places each value is published with (up to `most`)."""
    places = np.full(values.shape, most)
    with np.errstate(invalid="ignore"):
        for n in range(most - 1, -1, -1):
            exact = np.abs(np.round(values, n) - values) <= 1e-9 * np.maximum(1, np.abs(values))
            places = np.where(exact, n, places)
    return places


def _rate_from_rounded(value: np.ndarray, numerator: np.ndarray, denominator: np.ndarray,
                       base: np.ndarray) -> np.ndarray:
    """Each rate recomputed from its rounded numerator and denominator, to the decimal
    places it was published with; NaN where the rate is not numerator / denominator times
    one of RATE_MULTIPLIERS (age-standardised, say), or the rounded denominator is 0."""
    places = _decimals(value)
    tolerance = 0.5 * 10.0 ** -places + 1e-9 * np.abs(value)
    multiplier = np.full(value.shape, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = numerator / denominator
        for k in RATE_MULTIPLIERS:
            match = np.isnan(multiplier) & (np.abs(value - k * ratio) <= tolerance)
            multiplier = np.where(match, k, multiplier)
        rounded_denominator = _round_to(denominator, base)
        rate = multiplier * _round_to(numerator, base) / rounded_denominator
        rate = np.where(rounded_denominator > 0, rate, np.nan)
        scale = 10.0 ** places
        return np.round(rate * scale) / scale


def _public_rates(numbers: dict[str, np.ndarray], base: np.ndarray, is_count: np.ndarray,
                  suppressed: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """(rates recomputed from rounded counts, NaN elsewhere; rows to withhold instead).

    Only for indicators with a rounding base whose values are not counts. Without the
    numerator and denominator beside it a rate is withheld: this frame cannot recompute
    it, and the exact rate here beside the rounded counts on another page would give the
    exact counts back."""
    concerned = ~np.isnan(base) & ~is_count & ~suppressed
    if "value" not in numbers or not concerned.any():
        return None, np.zeros(len(suppressed), dtype=bool)
    value = numbers["value"]
    concerned &= ~np.isnan(value)
    if "numerator" not in numbers or "denominator" not in numbers:
        return None, concerned
    numerator, denominator = numbers["numerator"], numbers["denominator"]
    with_counts = concerned & ~(np.isnan(numerator) & np.isnan(denominator))
    rates = np.where(with_counts, _rate_from_rounded(value, numerator, denominator, base),
                     np.nan)
    return rates, with_counts & np.isnan(rates)


def _apply_rates(out: pd.DataFrame, rates: np.ndarray | None) -> None:
    """Put recomputed rates in; their intervals and previous value were worked out from
    the exact counts, so they go."""
    if rates is None or not (~np.isnan(rates)).any():
        return
    recomputed = ~np.isnan(rates)
    out["value"] = np.where(recomputed, rates, _numbers(out, "value"))
    for column in (*INTERVAL_COLUMNS, "previous_value"):
        if column in out:
            out[column] = out[column].mask(recomputed)


def _withhold_carried(out: pd.DataFrame, is_count: np.ndarray, min_count: np.ndarray,
                      cells: frozenset[tuple[str, str, object]]) -> None:
    """Blank values of other cells that travel with a row where those cells are withheld:
    the previous period's value (when the area has any withheld cell, or it is a small
    count), the region's and England's values, the benchmark's, and summaries over
    peer areas (lowest ... highest, neighbours' average) of indicators with withheld
    cells, since a minimum or an average with the others published gives one back."""
    def hide(column: str, mask: np.ndarray) -> None:
        if column in out:
            small = is_count & _small(_numbers(out, column), min_count)
            out[column] = out[column].mask(mask | small)

    none = np.zeros(len(out), dtype=bool)
    index = _cell_index(cells) if cells else None
    with_cells = out["indicator_id"].isin(index.indicators).to_numpy() \
        if index is not None and "indicator_id" in out else none
    hide("previous_value", _in_pairs(out, cells))
    region = out.get("region_code")
    region_listed = _in_cells(out, cells, region) if region is not None else none
    england_listed = _in_cells(out, cells, pd.Series(ENGLAND, index=out.index))
    hide("region_value", region_listed)
    hide("england_value", england_listed)
    if "benchmark" in out:
        benchmark = out["benchmark"].to_numpy(dtype=object)
        hide("benchmark_value", ((benchmark == "england") & england_listed)
             | ((benchmark == "region") & region_listed)
             | ((benchmark == "neighbours") & with_cells))
    for column in PEER_COLUMNS:
        hide(column, with_cells)


def _mark_withheld(out: pd.DataFrame, suppressed: np.ndarray, text: pd.Series) -> None:
    """Status "c" and the one label; judgements quote the value they judge, so a withheld
    value takes its comparison and trend with it."""
    for column, replacement in WITHHELD_JUDGEMENT.items():
        if column in out:
            out[column] = out[column].astype(object)
            out.loc[suppressed, column] = replacement
    out.loc[suppressed, "status"] = SUPPRESSED_STATUS
    out.loc[suppressed, "note"] = text.to_numpy(dtype=object)[suppressed]


# -- the published tables: cells and the totals that link them ----------------------------
def _child_types(links: pd.DataFrame) -> pd.Series:
    """Each link's child area type, from the links or else from the child's code."""
    if "child_type" in links:
        return links["child_type"].fillna("other").astype(str)
    codes = links["child_code"].drop_duplicates()
    types = dict(zip(codes, (geography.classify(str(c))[0] for c in codes), strict=True))
    return links["child_code"].map(types)


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?$")


def _months(durations: pd.Series) -> np.ndarray:
    """ISO 8601 durations in whole months (P1Y -> 12, P3M -> 3); NaN for anything else."""
    def months(text: str) -> float:
        match = _DURATION.match(text)
        if not match or not any(match.groups()):
            return np.nan
        total = 12 * int(match.group(1) or 0) + int(match.group(2) or 0)
        return float(total) if total > 0 else np.nan

    distinct = durations.drop_duplicates()
    return durations.map(dict(zip(distinct, map(months, distinct), strict=True))) \
        .to_numpy(dtype=float)


def _members(cells: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """One row per (group, child cell): a group is the children of one type of one parent
    in one indicator and period, where the parent has a cell too (LSOAs of a ward, wards
    of a LAD and LSOAs of a LAD are three groups). Columns group, cell, parent_cell,
    area_code."""
    slices = cells.groupby(["indicator_id", "period", "duration"], sort=True).ngroup()
    by_code = pd.DataFrame({"slice": slices.to_numpy(), "area_code": cells["area_code"],
                            "cell": np.arange(len(cells))})
    links = pd.DataFrame({"child_code": links["child_code"], "parent_code": links["parent_code"],
                          "child_type": _child_types(links)}) \
        .dropna(subset=["child_code", "parent_code"]).drop_duplicates()
    links = links[links["child_code"] != links["parent_code"]]
    members = by_code.merge(links, left_on="area_code", right_on="child_code") \
        .merge(by_code.rename(columns={"area_code": "parent_code", "cell": "parent_cell"}),
               on=["slice", "parent_code"])
    members["group"] = members.groupby(["slice", "parent_code", "child_type"],
                                       sort=True).ngroup()
    members["kind"] = "area:" + members["child_type"]
    return members[["group", "cell", "parent_cell", "area_code", "kind"]]


def _period_members(cells: pd.DataFrame) -> pd.DataFrame:
    """Groups for period totals: a cell covering several periods of the same area that are
    published too, end to end (a two-year total and its two years; a year and its four
    quarters). Same columns as _members."""
    months = _months(cells["duration"])
    starts = cells["period"]
    base = pd.DataFrame({"indicator_id": cells["indicator_id"], "area_code": cells["area_code"],
                         "month": (starts.dt.year * 12 + starts.dt.month - 1).to_numpy(),
                         "day": starts.dt.day.to_numpy(), "months": months,
                         "cell": np.arange(len(cells))}).dropna(subset=["months"])
    found = []
    for step in np.unique(base["months"]).astype(int):
        whole = base[(base["months"] > step) & (base["months"] % step == 0)]
        if whole.empty:
            continue
        parts = (whole["months"] // step).astype(int).to_numpy()
        expand = whole.loc[whole.index.repeat(parts)].copy()
        expand["month"] += step * np.concatenate([np.arange(n) for n in parts])
        expand = expand.rename(columns={"cell": "parent_cell"}).drop(columns="months")
        matched = expand.merge(base[base["months"] == step].drop(columns="months"),
                               on=["indicator_id", "area_code", "month", "day"])
        complete = matched.groupby("parent_cell")["cell"].transform("size").to_numpy() == \
            months[matched["parent_cell"].to_numpy()] // step
        found.append(matched[complete].assign(kind=f"period:{step}"))
    if not found:
        return pd.DataFrame({"group": pd.Series(dtype=int), "cell": pd.Series(dtype=int),
                             "parent_cell": pd.Series(dtype=int),
                             "area_code": pd.Series(dtype=object),
                             "kind": pd.Series(dtype=object)})
    members = pd.concat(found, ignore_index=True)
    members["group"] = members.groupby(["parent_cell", "kind"], sort=True).ngroup()
    return members[["group", "cell", "parent_cell", "area_code", "kind"]]


def _equations(cells: pd.DataFrame, count: np.ndarray, members: pd.DataFrame
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(equation, cell, coefficient) of every total the public can use exactly: children
    +1, parent -1, summing to 0. A total is used where the true counts add up exactly;
    one with a count withheld at source (unknown) is used where every complete total of
    its kind (indicator and child type, or period length) adds up."""
    if members.empty:
        empty = np.zeros(0, dtype=int)
        return empty, empty, empty
    parents = members.drop_duplicates("group")
    eq = np.concatenate([members["group"].to_numpy(dtype=int),
                         parents["group"].to_numpy(dtype=int)])
    cell = np.concatenate([members["cell"].to_numpy(dtype=int),
                           parents["parent_cell"].to_numpy(dtype=int)])
    coef = np.concatenate([np.ones(len(members), dtype=int), -np.ones(len(parents), dtype=int)])
    frame = pd.DataFrame({"eq": eq, "cell": cell, "coef": coef,
                          "value": count[cell] * coef}).drop_duplicates(["eq", "cell"])
    sums = frame.groupby("eq").agg(total=("value", "sum"), known=("value", "count"),
                                   size=("value", "size"))
    sums["complete"] = sums["known"] == sums["size"]
    sums["holds"] = sums["complete"] & (sums["total"].abs() < 1e-6)
    kinds = parents.set_index("group")["kind"].astype(str) + "|" + \
        cells["indicator_id"].to_numpy()[parents["parent_cell"].to_numpy()]
    sums["kind"] = kinds.reindex(sums.index).to_numpy()
    complete = sums[sums["complete"]]
    additive = complete.groupby("kind")["holds"].all()
    sums["keep"] = sums["holds"] | (~sums["complete"]
                                    & sums["kind"].map(additive).fillna(False).astype(bool))
    frame = frame[frame["eq"].map(sums["keep"]).to_numpy()]
    return (frame["eq"].to_numpy(), frame["cell"].to_numpy(), frame["coef"].to_numpy())


# -- the "next smallest cell" heuristic: a quick first pattern ---------------------------
def _settle(members: pd.DataFrame, suppressed: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """The next-smallest-cell rules, until no group needs a change; returns the cells it
    withholds as complements.

    - R1: the parent is published and exactly one child is withheld: parent minus the
      other children would give it back, so withhold the smallest other eligible child
      (or, with none, the parent).
    - R2: the parent is withheld and none of its children is: adding the children up
      would give it back, so withhold the smallest eligible child.

    `members`: one row per (group, child cell), sorted by group then preference (smallest
    count first, ties by area code). Eligible cells have a count above 0: zeros are never
    withheld. Groups are settled smallest first (a heap), so a complement chosen for a
    ward also serves the LAD it sits in. This only makes sure no single total leaves one
    unknown; the audit (`_protect_by_audit`) then proves or extends the pattern.
    """
    size = len(suppressed)
    suppressed = suppressed.copy()
    added = np.zeros(size, dtype=bool)
    group = members["group"].to_numpy()
    kids = members["cell"].to_numpy()
    n_groups = int(group.max()) + 1
    start = np.searchsorted(group, np.arange(n_groups + 1))
    n_kids = np.diff(start)
    parent = members["parent_cell"].to_numpy()[start[:-1]]
    n_suppressed = np.bincount(group, weights=suppressed[kids], minlength=n_groups).astype(int)
    by_child = np.argsort(kids, kind="stable")  # cell -> groups it is a child of (CSR)
    child_groups = group[by_child]
    child_start = np.searchsorted(kids[by_child], np.arange(size + 1))
    parent_groups = np.argsort(parent, kind="stable")  # cell -> groups it heads
    parent_start = np.searchsorted(parent[parent_groups], np.arange(size + 1))

    def needs_change(g: int) -> bool:
        return n_suppressed[g] == (0 if suppressed[parent[g]] else 1)

    heap = [(int(n_kids[g]), int(g)) for g in range(n_groups) if needs_change(g)]
    heapq.heapify(heap)

    def suppress(cell: int) -> None:
        suppressed[cell] = added[cell] = True
        for g in child_groups[child_start[cell]:child_start[cell + 1]]:
            n_suppressed[g] += 1
            if needs_change(g):
                heapq.heappush(heap, (int(n_kids[g]), int(g)))
        for g in parent_groups[parent_start[cell]:parent_start[cell + 1]]:
            if needs_change(g):
                heapq.heappush(heap, (int(n_kids[g]), int(g)))

    while heap:
        _, g = heapq.heappop(heap)
        if not needs_change(g):
            continue
        block = kids[start[g]:start[g + 1]]
        free = block[~suppressed[block] & eligible[block]]
        if not suppressed[parent[g]] and (n_kids[g] == 1 or free.size == 0):
            if eligible[parent[g]]:
                suppress(int(parent[g]))
        elif free.size:
            suppress(int(free[0]))
    return added


# -- the audit: what an intruder can work out from everything published -------------------
LOCAL_DEPTH = 2        # totals away from a cell for the quick (restricted) check
CANDIDATES_TRIED = 6   # complements tried for each cell that fails, smallest first


@dataclass
class _Table:
    """Cells, what the public knows of each, and the totals linking them (CSR arrays)."""

    count: np.ndarray       # true counts; NaN: withheld at source (unknown to us too)
    min_count: np.ndarray
    low: np.ndarray         # a published cell lies in [low, high]: one value, or the
    high: np.ndarray        # interval a rounded count could have come from
    key: np.ndarray         # protect's key (indicator, area, period start) as a number
    rank: np.ndarray        # order of area codes, to break ties
    withheld: np.ndarray    # grows as complements are added
    eq_ptr: np.ndarray
    eq_cells: np.ndarray
    eq_coefs: np.ndarray
    cell_ptr: np.ndarray
    cell_eqs: np.ndarray

    def in_totals(self, cell: int) -> bool:
        """Whether the cell is part of any total (if not, nothing narrows it)."""
        return bool(self.cell_ptr[cell + 1] > self.cell_ptr[cell])

    def unknown(self, cells: np.ndarray) -> np.ndarray:
        """Which of `cells` the public has to solve for (withheld, or rounded)."""
        return self.withheld[cells] | (self.low[cells] < self.high[cells])

    def withhold(self, cell: int) -> None:
        """Withhold a cell and every cell protect matches with it (same indicator, area
        and period start, whatever the period's length)."""
        self.withheld |= self.key == self.key[cell]


def _gather(ptr: np.ndarray, data: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """data[ptr[r]:ptr[r + 1]] for each r in rows, concatenated."""
    pieces = [data[ptr[r]:ptr[r + 1]] for r in rows]
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=data.dtype)


def _published_bounds(count: np.ndarray, base: np.ndarray, min_count: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
    """What the public knows of each cell if published: the count itself, or for a
    rounded one every count that rounds to the published value and is not small (a
    small count would have been withheld)."""
    rounded = ~np.isnan(base) & ~np.isnan(count)
    with np.errstate(invalid="ignore"):
        shown = _round_to(count, base)
        low = np.where(shown > 0, np.maximum(np.ceil(shown - base / 2), min_count), 0)
        zero_high = np.ceil(base / 2) - 1
        high = np.where(shown > 0, np.ceil(shown + base / 2) - 1,
                        np.where(zero_high >= min_count, zero_high, 0))
    return np.where(rounded, low, count), np.where(rounded, high, count)


def _table(prepared: pd.DataFrame, count: np.ndarray, min_count: np.ndarray,
           base: np.ndarray, equations: tuple[np.ndarray, np.ndarray, np.ndarray],
           withheld: np.ndarray) -> _Table:
    """Index the cells and the equations (equation, cell, coefficient) for the audit."""
    eq, cell, coef = equations
    _, eq = np.unique(eq, return_inverse=True)
    order = np.lexsort((cell, eq))
    eq, cell, coef = eq[order], cell[order], coef[order]
    size = len(count)
    n_eq = int(eq.max()) + 1 if eq.size else 0
    by_cell = np.argsort(cell, kind="stable")
    low, high = _published_bounds(count, base, min_count)
    key = prepared.groupby(["indicator_id", "area_code", "period"], sort=False).ngroup()
    return _Table(count=count, min_count=min_count, low=low, high=high,
                  key=key.to_numpy(),
                  rank=prepared["area_code"].rank(method="dense").to_numpy(),
                  withheld=withheld.copy(),
                  eq_ptr=np.searchsorted(eq, np.arange(n_eq + 1)), eq_cells=cell,
                  eq_coefs=coef, cell_ptr=np.searchsorted(cell[by_cell], np.arange(size + 1)),
                  cell_eqs=eq[by_cell])


def _linked(t: _Table, cell: int, depth: int | None) -> tuple[np.ndarray, bool]:
    """The unknown cells an intruder must solve for together with `cell`: linked to it by
    totals through other unknown cells, at most `depth` totals away (None: all). Returns
    them sorted, and whether that is all of them."""
    seen = {cell}
    frontier = np.array([cell])
    level = 0
    while frontier.size:
        if depth is not None and level == depth:
            return np.array(sorted(seen)), False
        equations = np.unique(_gather(t.cell_ptr, t.cell_eqs, frontier))
        members = np.unique(_gather(t.eq_ptr, t.eq_cells, equations))
        members = members[t.unknown(members)]
        frontier = np.array([m for m in members if m not in seen], dtype=int)
        seen.update(frontier.tolist())
        level += 1
    return np.array(sorted(seen)), True


def _range(t: _Table, cell: int, variables: np.ndarray, need: float | None = None
           ) -> tuple[float, float] | None:
    """Smallest and largest value of `cell` (one of `variables`) subject to every total
    touching the variables, with the cells outside `variables` fixed at their true
    values (published, or a restriction of the intruder's problem). None when a fixed cell
    is unknown to us (withheld at source) or the totals cannot all hold.

    With `need` (a number of possible values) the smallest value is not solved for when
    the largest already decides (no largest, or too few values even from the cell's
    lowest bound): the range returned is then wider below, never on the other side of
    `need`."""
    equations = np.unique(_gather(t.cell_ptr, t.cell_eqs, variables))
    sizes = t.eq_ptr[equations + 1] - t.eq_ptr[equations]
    rows = np.repeat(np.arange(len(equations)), sizes)
    members = _gather(t.eq_ptr, t.eq_cells, equations)
    coefs = _gather(t.eq_ptr, t.eq_coefs, equations).astype(float)
    position = np.minimum(np.searchsorted(variables, members), len(variables) - 1)
    is_variable = variables[position] == members
    fixed = t.count[members[~is_variable]]
    if np.isnan(fixed).any():
        return None
    rhs = -np.bincount(rows[~is_variable], weights=coefs[~is_variable] * fixed,
                       minlength=len(equations))
    matrix = coo_matrix((coefs[is_variable], (rows[is_variable], position[is_variable])),
                        shape=(len(equations), len(variables)))
    # scipy's own checks cost more than HiGHS's solving for small tables: dense is quicker
    matrix = matrix.toarray() if matrix.shape[0] * matrix.shape[1] <= 40_000 else matrix.tocsr()
    known = t.count[variables]
    lower = np.where(t.withheld[variables], np.where(np.isnan(known), 0, np.minimum(known, 1)),
                     t.low[variables])
    upper = np.where(t.withheld[variables], np.inf, t.high[variables])
    bounds = list(zip(lower, [None if np.isinf(u) else u for u in upper], strict=True))
    objective = (variables == cell).astype(float)
    most = linprog(-objective, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
    if most.status not in (0, 3):
        return None
    floor = float(lower[objective > 0][0])
    high = np.inf if most.status == 3 else float(-most.fun)
    if need is not None and _count_values((floor, high)) < need or np.isinf(high):
        return floor, high
    least = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
    return (float(least.fun), high) if least.status == 0 else None


def _count_values(found: tuple[float, float] | None) -> float:
    """How many whole numbers lie in a feasible range (0 when there is none)."""
    if found is None:
        return 0.0
    low, high = found
    if np.isinf(high):
        return np.inf
    return float(np.floor(high + 1e-6) - np.ceil(low - 1e-6) + 1)


def _possible(t: _Table, cell: int) -> float:
    """How many values the public cannot rule out for `cell`, or at least as many as its
    minimum count needs. Quick first: the cells a few totals away as unknowns and the
    rest fixed at their true values only narrows the range, so enough there is enough."""
    if not t.in_totals(cell):
        return np.inf
    need = t.min_count[cell]
    variables, complete = _linked(t, cell, LOCAL_DEPTH)
    found = _count_values(_range(t, cell, variables, need))
    if found >= need or complete:
        return found
    return _count_values(_range(t, cell, _linked(t, cell, None)[0], need))


def _nearness(t: _Table, cell: int) -> dict[int, int]:
    """For cells sharing a total with `cell`: the size of the smallest such total (a
    sibling LSOA in its ward comes before one elsewhere in the LAD's total)."""
    near: dict[int, int] = {}
    for equation in t.cell_eqs[t.cell_ptr[cell]:t.cell_ptr[cell + 1]]:
        members = t.eq_cells[t.eq_ptr[equation]:t.eq_ptr[equation + 1]]
        for member in members.tolist():
            near[member] = min(near.get(member, len(members)), len(members))
    return near


def _choose_complement(t: _Table, cell: int) -> int | None:
    """A published, non-zero cell to withhold so that `cell` gains possible values: from
    the totals linked to it, those in its own smallest totals first, then smallest
    counts; the first that is enough on its own, else the one that widens its range
    most."""
    variables, _ = _linked(t, cell, None)
    equations = np.unique(_gather(t.cell_ptr, t.cell_eqs, variables))
    members = np.unique(_gather(t.eq_ptr, t.eq_cells, equations))
    free = members[~t.withheld[members] & (np.nan_to_num(t.count[members]) > 0)]
    if free.size == 0:
        return None
    near = _nearness(t, cell)
    far = len(t.count) + 1
    ordered = sorted(free.tolist(), key=lambda c: (near.get(c, far), t.count[c], t.rank[c]))
    best, widest = ordered[0], -1.0
    for candidate in ordered[:CANDIDATES_TRIED]:
        before = t.withheld.copy()
        t.withhold(candidate)
        values = _possible(t, cell)
        t.withheld = before
        if values >= t.min_count[cell]:
            return candidate
        if values > widest:
            best, widest = candidate, values
    return best


def _protect_by_audit(t: _Table, cells: list[int], settle: Callable[[], None]) -> None:
    """Withhold complements until every one of `cells` (the small counts) has at least
    its minimum count of possible values; `settle` re-applies the heuristic after each
    (a complement published alone beside its total would be given back by it).
    Withholding a cell only widens what the public cannot rule out, so a cell once
    protected stays protected: each is checked in turn, once."""
    for cell in cells:
        while _possible(t, cell) < t.min_count[cell]:
            choice = _choose_complement(t, cell)
            if choice is None:  # everything linked to it is withheld already
                break
            t.withhold(choice)
            settle()


# -- complementary suppression and its audit --------------------------------------------
@dataclass(frozen=True)
class _Prepared:
    """Cells with their rules, the totals among them, and the heuristic's groups."""

    cells: pd.DataFrame      # indicator_id, area_code, period (Timestamp), duration
    count: np.ndarray
    min_count: np.ndarray
    base: np.ndarray
    members: pd.DataFrame    # groups of children and their parent (_members, _period_members)
    equations: tuple[np.ndarray, np.ndarray, np.ndarray]


def _prepare(cells: pd.DataFrame, links: pd.DataFrame,
             rules: Mapping[str, tuple[Rule, str | None]]) -> _Prepared:
    """The cells (one per key), their rules, groups and the totals the public can use."""
    cells = cells.drop_duplicates(CELL_KEY).reset_index(drop=True)
    prepared = pd.DataFrame({
        "indicator_id": cells["indicator_id"].astype(str), "area_code": cells["area_code"],
        "period": pd.to_datetime(cells["period_start"]).dt.normalize(),
        "duration": cells["period_duration"].fillna("").astype(str)})
    count = pd.to_numeric(cells["count"], errors="coerce").to_numpy(dtype=float,
                                                                     na_value=np.nan)
    min_count = prepared["indicator_id"].map({k: r.min_count for k, (r, _) in rules.items()}) \
        .fillna(DEFAULT_RULE.min_count).to_numpy(dtype=float)
    base = prepared["indicator_id"].map({k: r.rounding_base for k, (r, _) in rules.items()
                                         if r.rounding_base is not None}) \
        .to_numpy(dtype=float, na_value=np.nan)
    members = _members(prepared, links)
    periods = _period_members(prepared)
    periods["group"] += int(members["group"].max()) + 1 if len(members) else 0
    members = pd.concat([members, periods], ignore_index=True)
    return _Prepared(prepared, count, min_count, base, members,
                     _equations(prepared, count, members))


def _settler(p: _Prepared, table: _Table) -> Callable[[], None]:
    """A function applying the next-smallest-cell heuristic (`_settle`) to the table's
    withheld cells, with protect's matching of cells by start, until nothing changes."""
    if p.members.empty:
        return lambda: None
    members = p.members.assign(count=p.count[p.members["cell"].to_numpy(dtype=int)])
    members["zero"] = members["count"] == 0
    members = members.sort_values(["group", "zero", "count", "area_code"],
                                  na_position="last", kind="stable")
    eligible = np.nan_to_num(p.count) > 0

    def settle() -> None:
        while True:
            added = np.flatnonzero(_settle(members, table.withheld, eligible))
            if not added.size:
                return
            for cell in added:
                table.withhold(int(cell))

    return settle


def complementary_suppression(cells: pd.DataFrame, links: pd.DataFrame,
                              rules: Mapping[str, tuple[Rule, str | None]]) -> pd.DataFrame:
    """Cells public outputs must withhold: small counts and the cells protecting them.

    `cells` has indicator_id, area_code, period_start, period_duration and `count` (the
    value for count indicators, else the numerator). `links` has child_code, parent_code
    and optionally child_type (else inferred from the code). Returns indicator_id,
    area_code, period_start (a date), period_duration and reason ("primary" or
    "complementary"). A cell with no count (NaN: withheld at source) is unknown to the
    public but not returned.

    1. Primary cells: counts from 1 to min_count - 1.
    2. A first pattern by the "next smallest cell" heuristic within nested geographies
       (`_settle`), never withholding a zero.
    3. Cells that protect shares a key with (same indicator, area and period start, any
       length) are withheld together, since the public tables match cells that way.
    4. The audit: every total the public can add up exactly (children of one type of one
       parent; a multi-period total whose periods are published too) is written down,
       and for each small count scipy's HiGHS solver finds the smallest and largest value
       it could take given everything published, every withheld count being at least 1
       (zeros are published). Until each small count could take at least min_count
       values, the smallest linked cell that widens its range most is withheld too
       (`_protect_by_audit`; docs/disclosure.md).
    """
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in SUPPRESSION_COLUMNS})
    if cells.empty:
        return empty
    p = _prepare(cells, links, rules)
    primary = _small(p.count, p.min_count)
    withheld = primary | np.isnan(p.count)
    table = _table(p.cells, p.count, p.min_count, p.base, p.equations, withheld)
    table.withheld |= np.isin(table.key, table.key[withheld])  # protect matches by start
    settle = _settler(p, table)
    settle()
    order = sorted(np.flatnonzero(primary).tolist(),
                   key=lambda c: (p.count[c], table.rank[c], c))
    _protect_by_audit(table, order, settle)
    keep = table.withheld & ~np.isnan(p.count)
    if not keep.any():
        return empty
    reason = np.where(primary, "primary", "complementary")
    out = pd.DataFrame({"indicator_id": p.cells["indicator_id"].to_numpy()[keep],
                        "area_code": p.cells["area_code"].to_numpy()[keep],
                        "period_start": p.cells["period"].dt.date.to_numpy()[keep],
                        "period_duration": p.cells["duration"].to_numpy()[keep],
                        "reason": reason[keep]})
    return out.sort_values(["indicator_id", "period_start", "period_duration", "area_code"],
                           kind="stable").reset_index(drop=True)


def audit(cells: pd.DataFrame, links: pd.DataFrame,
          rules: Mapping[str, tuple[Rule, str | None]],
          suppressions: pd.DataFrame) -> pd.DataFrame:
    """What the public can work out about every withheld cell: its feasible range.

    `cells`, `links` and `rules` as for complementary_suppression; `suppressions` lists
    the withheld cells (indicator_id, area_code, period_start, optionally reason), matched
    as protect matches them (indicator, area, period start). For each withheld cell with
    a known count: `low` and `high`, the smallest and largest value linear programming
    finds over every published total with every withheld count at least 1; `possible`,
    the whole numbers between; `protected`, whether that meets the rule (a count below
    min_count must have at least min_count possible values; larger counts have nothing
    to protect). Columns AUDIT_COLUMNS."""
    if cells.empty or suppressions.empty:
        return pd.DataFrame(columns=AUDIT_COLUMNS)
    p = _prepare(cells, links, rules)
    listed = pd.MultiIndex.from_arrays([
        suppressions["indicator_id"].astype(str), suppressions["area_code"],
        pd.to_datetime(suppressions["period_start"]).dt.normalize()])
    withheld = pd.MultiIndex.from_arrays([p.cells["indicator_id"], p.cells["area_code"],
                                          p.cells["period"]]).isin(listed)
    withheld |= np.isnan(p.count)
    table = _table(p.cells, p.count, p.min_count, p.base, p.equations, withheld)
    rows = []
    for cell in np.flatnonzero(withheld & ~np.isnan(p.count)):
        low, high = (min(1.0, p.count[cell]), np.inf)
        if table.in_totals(cell):
            low, high = _range(table, cell, _linked(table, cell, None)[0]) or (np.nan, np.nan)
        rows.append((cell, low, high, _count_values((low, high))))
    return _audit_frame(p, rows, suppressions)


def _audit_frame(p: _Prepared, rows: list[tuple[int, float, float, float]],
                 suppressions: pd.DataFrame) -> pd.DataFrame:
    """The audit's rows as a frame, with each cell's reason (from `suppressions` where
    given, else whether it is small)."""
    if not rows:
        return pd.DataFrame(columns=AUDIT_COLUMNS)
    cell, low, high, possible = (np.array(column) for column in zip(*rows, strict=True))
    count = p.count[cell]
    small = _small(count, p.min_count[cell])
    out = pd.DataFrame({"indicator_id": p.cells["indicator_id"].to_numpy()[cell],
                        "area_code": p.cells["area_code"].to_numpy()[cell],
                        "period_start": p.cells["period"].dt.date.to_numpy()[cell],
                        "period_duration": p.cells["duration"].to_numpy()[cell],
                        "reason": np.where(small, "primary", "complementary"),
                        "count": count, "low": low, "high": high, "possible": possible,
                        "protected": ~small | (possible >= p.min_count[cell])})
    if "reason" in suppressions:
        given = suppressions.assign(period_start=pd.to_datetime(
            suppressions["period_start"]).dt.date).drop_duplicates(CELL_KEY[:3])
        reasons = out[CELL_KEY[:3]].merge(given[[*CELL_KEY[:3], "reason"]], how="left",
                                          on=CELL_KEY[:3])["reason"]
        out["reason"] = reasons.fillna(out["reason"]).to_numpy()
    return out.sort_values(CELL_KEY, kind="stable").reset_index(drop=True)
