"""Disclosure control: public outputs never show a small number that could identify people.

Pure functions, no I/O. The store applies `protect` to every frame a public viewer gets
(dashboard/store/), so no page, callback, download or export can bypass it; the build
step in dashboard/derived/disclosure.py runs `complementary_suppression` once per build
and keeps the result in the `public_suppressions` table.

Each indicator's rule comes from the `indicators` table: `min_count` (counts from 1 to
min_count - 1 are suppressed), `rounding_base` (public counts are rounded to a multiple
of it) and `suppression_words` (what a suppressed value reads).

Written here rather than taken from sdcMicro or tau-argus (the standard tools) because
neither is a Python library, and the rules needed are the few the ONS and OHID publish
local statistics with: small-count suppression, "next smallest cell" complementary
suppression within nested geographies, and rounding.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard import geography

SUPPRESSED_STATUS = "c"  # the ONS/GSS flag for confidential values
# A cell suppressed only because it could be used to work out a small number elsewhere
# is not itself "fewer than 5": saying so would be false, and would tell a reader that
# the cell and the small one it protects are both small (narrowing both).
COMPLEMENTARY_NOTE = "withheld so that small numbers cannot be worked out"
VALUE_COLUMNS = ("value", "lci", "uci")
COUNT_COLUMNS = ("numerator", "denominator")
SUPPRESSED_COLUMNS = VALUE_COLUMNS + COUNT_COLUMNS + ("lci_998", "uci_998", "previous_value")
WITHHELD_JUDGEMENT = {
    "comparison": "not_compared", "comparison_method": "none",
    "comparison_reason": "Not compared: the value is withheld to protect small numbers.",
    "trend": "cannot_be_calculated",
    "trend_reason": "Trend not calculated: values are withheld to protect small numbers.",
    "quintile": None,
}
CELL_KEY = ["indicator_id", "area_code", "period_start", "period_duration"]
SUPPRESSION_COLUMNS = [*CELL_KEY, "reason"]


@dataclass(frozen=True)
class Rule:
    """One indicator's disclosure rule."""

    min_count: int = 5
    rounding_base: int | None = None
    words: str | None = None          # None -> f"fewer than {min_count}"

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
        """What a suppressed value reads, e.g. "fewer than 5"."""
        return self.words or f"fewer than {self.min_count}"


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


def rules_from_indicators(indicators: pd.DataFrame) -> dict[str, tuple[Rule, str | None]]:
    """indicator_id -> (Rule, value_type) from the indicators table frame."""
    if indicators.empty or "indicator_id" not in indicators:
        return {}
    columns = ["indicator_id", "min_count", "rounding_base", "suppression_words", "value_type"]
    frame = indicators.reindex(columns=columns)
    rules: dict[str, tuple[Rule, str | None]] = {}
    # One pass over the indicators table (hundreds of rows), not over observations.
    for indicator_id, min_count, rounding_base, words, value_type in frame.itertuples(
            index=False):
        rule = Rule(min_count=DEFAULT_RULE.min_count if _blank(min_count) else int(min_count),
                    rounding_base=None if _blank(rounding_base) else int(rounding_base),
                    words=None if _blank(words) or not str(words).strip() else str(words))
        rules[str(indicator_id)] = (rule, None if _blank(value_type) else str(value_type))
    return rules


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as float (NaN for blanks and anything that is not a number)."""
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _small(numbers: np.ndarray, min_count: np.ndarray) -> np.ndarray:
    # Zero is not suppressed: "nobody" identifies nobody, and blanking zeros would hide
    # the places where something did not happen at all.
    with np.errstate(invalid="ignore"):
        return (numbers > 0) & (numbers < min_count)


def _round_to(numbers: np.ndarray, base: np.ndarray) -> np.ndarray:
    # Half up (12.5 -> 15 for base 5), as the ONS rounds published counts; NaN base = as is.
    with np.errstate(invalid="ignore"):
        rounded = np.floor(numbers / base + 0.5) * base
    return np.where(np.isnan(base), numbers, rounded)


def _rule_columns(frame: pd.DataFrame, rules: Mapping[str, tuple[Rule, str | None]]
                  ) -> tuple[np.ndarray, np.ndarray, pd.Series, np.ndarray]:
    """(min_count, rounding_base (NaN = none), suppressed text, is_count) for each row."""
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


@lru_cache(maxsize=8)
def _cell_index(cells: frozenset[tuple[str, str, object]]) -> tuple[frozenset[str],
                                                                    pd.MultiIndex]:
    # The store passes the same frozenset with every query: index it once, not per call.
    listed = list(cells)
    return (frozenset(c[0] for c in listed),
            pd.MultiIndex.from_arrays([[c[0] for c in listed], [c[1] for c in listed],
                                       pd.to_datetime([c[2] for c in listed]).normalize()]))


def _in_cells(frame: pd.DataFrame, cells: frozenset[tuple[str, str, object]]) -> np.ndarray:
    """Rows whose (indicator_id, area_code, period_start as a date) is in `cells`."""
    if not cells or not {"indicator_id", "area_code", "period_start"} <= set(frame.columns):
        return np.zeros(len(frame), dtype=bool)
    indicator_ids, wanted = _cell_index(cells)
    candidates = frame["indicator_id"].isin(indicator_ids).to_numpy()
    if not candidates.any():
        return candidates
    have = pd.MultiIndex.from_arrays(
        [frame["indicator_id"], frame["area_code"],
         pd.to_datetime(frame["period_start"], errors="coerce").dt.normalize()])
    return candidates & have.isin(wanted)


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
    return not (cells and ids & _cell_index(cells)[0])


def protect(frame: pd.DataFrame, rules: Mapping[str, tuple[Rule, str | None]],
            suppressed_cells: frozenset[tuple[str, str, object]] = frozenset()) -> pd.DataFrame:
    """Public-output version of a frame (a new frame; input untouched).

    - Primary suppression: a row with a count from 1 to min_count - 1 (its numerator or
      denominator, or its value when the indicator is a count) is suppressed, whole. A
      rate, percentage or proportion with a small numerator loses its value and interval
      too: the value times the denominator would give the numerator back.
    - Complementary suppression: rows whose (indicator_id, area_code, period_start) is in
      `suppressed_cells` (the `public_suppressions` table) are suppressed.
    - Rounding: where the rule has a rounding_base, count values (and their intervals),
      numerators and denominators are rounded to the nearest multiple of it.

    Suppressed means value, lci, uci, numerator and denominator are blank, `status` is
    "c" and `note` says why (the rule's words, e.g. "fewer than 5", for a small count;
    COMPLEMENTARY_NOTE for a cell withheld to protect another). `status` and `note` are
    added to any frame that carries values or counts, so the reason travels with the row.
    The rule for a row is its `indicator_id`'s; without one, DEFAULT_RULE applies (with
    the frame's `value_type` column, if any, saying whether values are counts).
    """
    judged = [c for c in ("value", *COUNT_COLUMNS) if c in frame]
    if not judged:
        return frame.copy()
    out = frame.copy()
    if nothing_to_protect(frame, rules, suppressed_cells):
        for column in ("status", "note"):
            if column not in out:
                out[column] = np.full(len(out), None, dtype=object)
        return out
    for column in ("status", "note"):
        out[column] = out[column].astype(object) if column in out else \
            np.full(len(out), None, dtype=object)
    if out.empty:
        return out
    min_count, base, text, is_count = _rule_columns(out, rules)
    numbers = {c: _numbers(out, c) for c in COUNT_COLUMNS if c in out}
    primary = np.zeros(len(out), dtype=bool)
    for column_numbers in numbers.values():
        primary |= _small(column_numbers, min_count)
    if "value" in out and is_count.any():
        numbers["value"] = _numbers(out, "value")
        primary |= is_count & _small(numbers["value"], min_count)
    suppressed = primary | _in_cells(out, suppressed_cells)
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
    if suppressed.any():
        # Judgements quote the value they judge, so a withheld value takes its
        # comparison and reason with it.
        for column, replacement in WITHHELD_JUDGEMENT.items():
            if column in out:
                out[column] = out[column].astype(object)
                out.loc[suppressed, column] = replacement
        out.loc[suppressed, "status"] = SUPPRESSED_STATUS
        out.loc[suppressed, "note"] = np.where(primary, text.to_numpy(dtype=object),
                                               COMPLEMENTARY_NOTE)[suppressed]
    return out


def _child_types(links: pd.DataFrame) -> pd.Series:
    if "child_type" in links:
        return links["child_type"].fillna("other").astype(str)
    codes = links["child_code"].drop_duplicates()
    types = dict(zip(codes, (geography.classify(str(c))[0] for c in codes), strict=True))
    return links["child_code"].map(types)


def complementary_suppression(cells: pd.DataFrame, links: pd.DataFrame,
                              rules: Mapping[str, tuple[Rule, str | None]]) -> pd.DataFrame:
    """Cells public outputs must suppress: small counts and the cells protecting them.

    `cells` has indicator_id, area_code, period_start, period_duration and `count` (the
    value for count indicators, else the numerator). `links` has child_code, parent_code
    and optionally child_type (else inferred from the code). Returns indicator_id,
    area_code, period_start (a date), period_duration and reason ("primary" or
    "complementary").

    The standard "next smallest cell" heuristic. Primary cells have counts in
    [1, min_count). A group is the children of one type (LSOAs, wards, ...) of one
    parent, in one indicator and period, where the parent has a cell too: LSOAs of a
    ward, wards of a LAD and LSOAs of the same LAD are three groups. Then, until nothing
    changes:

    - R1: the parent is published and exactly one child is suppressed: parent minus the
      other children would give it back, so suppress the smallest other unsuppressed
      child (smallest non-zero first: a zero adds no uncertainty to the sum; ties by area
      code, so the result is deterministic). With a single child, suppress the parent
      (its total is the child).
    - R2: the parent is suppressed and none of its children is: adding the children up
      would give it back, so suppress the smallest child.

    Groups are settled smallest first (LSOAs within a ward before LSOAs within a LAD), one
    at a time, so a complement chosen for a ward also covers the LAD it sits in instead
    of each level choosing its own. A cell with no count (NaN: withheld at source) counts
    as suppressed in the rules but is not returned.

    Limits: this only guarantees that no published total, minus its published children,
    leaves exactly one unknown. It does not solve the full system of equations across
    groups (a set of suppressed cells can sometimes be solved by combining several
    totals), nor guarantee a protection interval (a+b = 6 with a primary cell known to be
    1 to 4 still bounds b), nor look across periods, indicators, non-nesting geographies
    or differences between best-fit lookups and published totals, and it judges
    denominators only as primary cells. Tools such as tau-argus solve the full problem
    with linear programming; this heuristic is what the ONS and OHID use for local
    tables and is enough where small counts are few.
    """
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in SUPPRESSION_COLUMNS})
    if cells.empty:
        return empty
    cells = cells.drop_duplicates(CELL_KEY).reset_index(drop=True)
    size = len(cells)
    count = pd.to_numeric(cells["count"], errors="coerce").to_numpy(dtype=float,
                                                                     na_value=np.nan)
    min_count = cells["indicator_id"].map({k: r.min_count for k, (r, _) in rules.items()}) \
        .fillna(DEFAULT_RULE.min_count).to_numpy(dtype=float)
    withheld = np.isnan(count)
    primary = _small(count, min_count)
    period = pd.to_datetime(cells["period_start"]).dt.normalize()
    duration = cells["period_duration"].fillna("").astype(str)
    cell_slice = pd.DataFrame({"i": cells["indicator_id"], "p": period, "d": duration}) \
        .groupby(["i", "p", "d"], sort=True).ngroup().to_numpy()
    complementary = np.zeros(size, dtype=bool)

    by_code = pd.DataFrame({"slice": cell_slice, "area_code": cells["area_code"].to_numpy(),
                            "cell": np.arange(size)})
    links = pd.DataFrame({"child_code": links["child_code"], "parent_code": links["parent_code"],
                          "child_type": _child_types(links)}) \
        .dropna(subset=["child_code", "parent_code"]).drop_duplicates()
    links = links[links["child_code"] != links["parent_code"]]
    members = by_code.merge(links, left_on="area_code", right_on="child_code") \
        .merge(by_code.rename(columns={"area_code": "parent_code", "cell": "parent_cell"}),
               on=["slice", "parent_code"])
    if not members.empty:
        members["count"] = count[members["cell"].to_numpy()]
        members["group"] = members.groupby(["slice", "parent_code", "child_type"],
                                           sort=True).ngroup()
        # Preference order within each group: smallest non-zero count, then zeros, then
        # cells with no count (always suppressed already), ties by area code.
        members["zero"] = members["count"] == 0
        members = members.sort_values(["group", "zero", "count", "area_code"],
                                      na_position="last", kind="stable")
        complementary = _settle(members, primary | withheld, size)

    reason = np.where(primary, "primary", np.where(complementary, "complementary", None))
    keep = primary | complementary
    if not keep.any():
        return empty
    out = pd.DataFrame({"indicator_id": cells["indicator_id"].to_numpy()[keep],
                        "area_code": cells["area_code"].to_numpy()[keep],
                        "period_start": period.dt.date.to_numpy()[keep],
                        "period_duration": duration.to_numpy()[keep],
                        "reason": reason[keep]})
    return out.sort_values(["indicator_id", "period_start", "period_duration", "area_code"],
                           kind="stable").reset_index(drop=True)


def _settle(members: pd.DataFrame, suppressed: np.ndarray, size: int) -> np.ndarray:
    """Apply R1 and R2 (see complementary_suppression) until no group needs a change.

    `members`: one row per (group, child cell), sorted by group then preference. Returns
    the cells suppressed as complements. The loop visits only groups that need a change
    (a heap, smallest group first), so it costs little when small counts are few.
    """
    suppressed = suppressed.copy()
    added = np.zeros(size, dtype=bool)
    group = members["group"].to_numpy()
    kids = members["cell"].to_numpy()
    n_groups = int(group.max()) + 1
    start = np.searchsorted(group, np.arange(n_groups + 1))
    n_kids = np.diff(start)
    parent = members["parent_cell"].to_numpy()[start[:-1]]
    n_suppressed = np.bincount(group, weights=suppressed[kids], minlength=n_groups).astype(int)
    # cell -> groups it is a child of, and groups it is the parent of (CSR layout)
    by_child = np.argsort(kids, kind="stable")
    child_groups = group[by_child]
    child_start = np.searchsorted(kids[by_child], np.arange(size + 1))
    parent_groups = np.argsort(parent, kind="stable")
    parent_start = np.searchsorted(parent[parent_groups], np.arange(size + 1))

    def needs_change(g: int) -> bool:
        if suppressed[parent[g]]:
            return n_suppressed[g] == 0
        return n_suppressed[g] == 1

    parent_suppressed = suppressed[parent]
    needy = np.flatnonzero(np.where(parent_suppressed, n_suppressed == 0, n_suppressed == 1))
    heap = [(int(n_kids[g]), int(g)) for g in needy]
    heapq.heapify(heap)

    def suppress(cell: int) -> None:
        suppressed[cell] = True
        added[cell] = True
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
        if not suppressed[parent[g]] and n_kids[g] == 1:
            suppress(int(parent[g]))
            continue
        block = kids[start[g]:start[g + 1]]
        free = block[~suppressed[block]]
        suppress(int(free[0]))
    return added
