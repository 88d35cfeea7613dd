"""What one frame may show the public (`protect`), and whether a frame needs it at all
(`nothing_to_protect`).

Primary suppression of small counts, the cells listed in `public_suppressions`, rounding,
rates recomputed from rounded counts, and the values of other cells a row carries
(previous period, region, England, benchmark, peer summaries). The store applies
`protect` to every frame a public viewer gets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard.methods.disclosure.rules import DEFAULT_RULE, Rule, is_small, round_to

SUPPRESSED_STATUS = "c"  # the ONS/GSS flag for confidential values
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
# Rates are a count over a count times one of these (a proportion, a percentage, per
# 1,000 ... per million).
RATE_MULTIPLIERS = (1.0, 100.0, 1_000.0, 10_000.0, 100_000.0, 1_000_000.0)


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as float (NaN for blanks and anything that is not a number)."""
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


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
    # a copy: the caller adds to it in place, and pandas hands out read-only views
    candidates = frame["indicator_id"].isin(index.indicators).to_numpy(copy=True)
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
        if column in frame and is_small(_numbers(frame, column), ceiling).any():
            return False
    ids = set(frame["indicator_id"].unique())
    if ids & special or not ids <= rules.keys():
        return False
    if "value_type" in frame and (frame["value_type"] == "count").any():
        return False
    return not (cells and ids & _cell_index(cells).indicators)


def protect(frame: pd.DataFrame, rules: Mapping[str, tuple[Rule, str | None]],
            suppressed_cells: frozenset[tuple[str, str, object]] = frozenset(),
            exempt_areas: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Public-output version of a frame (a new frame; input untouched).

    Rows of `exempt_areas` (a partner's own partnerships' areas) keep their own values,
    counts, judgements, status and note as stored (`_as_stored`); the values other cells
    carry into them (region, England, peers) are protected as for everyone.

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
    out = _protected(frame, rules, suppressed_cells)
    if exempt_areas and "area_code" in frame and not frame.empty:
        _as_stored(out, frame, frame["area_code"].isin(exempt_areas).to_numpy())
    return out


# A row's own cell: what a partner sees as stored in their own partnerships' areas.
OWN_COLUMNS = (*SUPPRESSED_COLUMNS, *WITHHELD_JUDGEMENT, "status", "note")


def _as_stored(out: pd.DataFrame, frame: pd.DataFrame, rows: np.ndarray) -> None:
    """Put the stored values of these rows' own cells back (in place)."""
    if not rows.any():
        return
    for column in OWN_COLUMNS:
        if column not in out:
            continue
        stored = frame[column] if column in frame else \
            pd.Series([None] * len(frame), index=frame.index, dtype=object)
        numeric = pd.api.types.is_numeric_dtype
        if numeric(out[column]) and numeric(stored):
            if out[column].dtype != stored.dtype:
                out[column] = out[column].astype("float64")
        elif out[column].dtype != object:
            out[column] = out[column].astype(object)
        out.loc[rows, column] = stored.to_numpy()[rows]


def _protected(frame: pd.DataFrame, rules: Mapping[str, tuple[Rule, str | None]],
               suppressed_cells: frozenset[tuple[str, str, object]]) -> pd.DataFrame:
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
            suppressed |= is_small(numbers[column], min_count)
    if "value" in numbers:
        suppressed |= is_count & is_small(numbers["value"], min_count)
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
                                   np.where(rounding, round_to(values, base), values))
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
        rounded_denominator = round_to(denominator, base)
        rate = multiplier * round_to(numerator, base) / rounded_denominator
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
            small = is_count & is_small(_numbers(out, column), min_count)
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
