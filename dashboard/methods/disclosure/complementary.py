"""Complementary suppression and its audit: the cells public outputs must withhold.

`complementary_suppression` works out the small counts and the cells withheld to protect
them (the `public_suppressions` table, built in dashboard/store/derived/disclosure.py);
`audit` reports what the public can work out about every withheld cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.methods.disclosure import next_smallest
from dashboard.methods.disclosure.intruder import (
    Table,
    count_values,
    feasible_range,
    index_table,
    linked,
    protect_by_audit,
)
from dashboard.methods.disclosure.rules import DEFAULT_RULE, Rule, is_small
from dashboard.methods.disclosure.tables import area_members, period_members, total_equations

CELL_KEY = ["indicator_id", "area_code", "period_start", "period_duration"]
SUPPRESSION_COLUMNS = [*CELL_KEY, "reason"]
AUDIT_COLUMNS = [*SUPPRESSION_COLUMNS, "count", "low", "high", "possible", "protected"]


@dataclass(frozen=True)
class _Prepared:
    """Cells with their rules, the totals among them, and the heuristic's groups."""

    cells: pd.DataFrame      # indicator_id, area_code, period (Timestamp), duration
    count: np.ndarray
    min_count: np.ndarray
    base: np.ndarray
    members: pd.DataFrame    # groups of children and their parent (area_members, period_members)
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
    members = area_members(prepared, links)
    periods = period_members(prepared)
    periods["group"] += int(members["group"].max()) + 1 if len(members) else 0
    members = pd.concat([members, periods], ignore_index=True)
    return _Prepared(prepared, count, min_count, base, members,
                     total_equations(prepared, count, members))


def _settler(p: _Prepared, table: Table) -> Callable[[], None]:
    """A function applying the next-smallest-cell heuristic (`next_smallest.settle`) to the table's
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
            added = np.flatnonzero(next_smallest.settle(members, table.withheld, eligible))
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
       (`next_smallest.settle`), never withholding a zero.
    3. Cells that protect shares a key with (same indicator, area and period start, any
       length) are withheld together, since the public tables match cells that way.
    4. The audit: every total the public can add up exactly (children of one type of one
       parent; a multi-period total whose periods are published too) is written down,
       and for each small count scipy's HiGHS solver finds the smallest and largest value
       it could take given everything published, every withheld count being at least 1
       (zeros are published). Until each small count could take at least min_count
       values, the smallest linked cell that widens its range most is withheld too
       (`protect_by_audit`; docs/disclosure.md).
    """
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in SUPPRESSION_COLUMNS})
    if cells.empty:
        return empty
    p = _prepare(cells, links, rules)
    primary = is_small(p.count, p.min_count)
    withheld = primary | np.isnan(p.count)
    table = index_table(p.cells, p.count, p.min_count, p.base, p.equations, withheld)
    table.withheld |= np.isin(table.key, table.key[withheld])  # protect matches by start
    settle = _settler(p, table)
    settle()
    order = sorted(np.flatnonzero(primary).tolist(),
                   key=lambda c: (p.count[c], table.rank[c], c))
    protect_by_audit(table, order, settle)
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
    table = index_table(p.cells, p.count, p.min_count, p.base, p.equations, withheld)
    rows = []
    for cell in np.flatnonzero(withheld & ~np.isnan(p.count)):
        low, high = (min(1.0, p.count[cell]), np.inf)
        if table.in_totals(cell):
            low, high = feasible_range(table, cell, linked(table, cell, None)[0]) \
                or (np.nan, np.nan)
        rows.append((cell, low, high, count_values((low, high))))
    return _audit_frame(p, rows, suppressions)


def _audit_frame(p: _Prepared, rows: list[tuple[int, float, float, float]],
                 suppressions: pd.DataFrame) -> pd.DataFrame:
    """The audit's rows as a frame, with each cell's reason (from `suppressions` where
    given, else whether it is small)."""
    if not rows:
        return pd.DataFrame(columns=AUDIT_COLUMNS)
    cell, low, high, possible = (np.array(column) for column in zip(*rows, strict=True))
    count = p.count[cell]
    small = is_small(count, p.min_count[cell])
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
