"""The audit: what an intruder can work out from everything published.

The cells, what the public knows of each and the totals linking them (`Table`,
`index_table`); the smallest and largest value a withheld cell could take given every
published total, by scipy's HiGHS linear programming solver (`feasible_range`); and the
complements withheld until every small count could take at least its minimum count of
values (`protect_by_audit`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from dashboard.methods.disclosure.rules import round_to

LOCAL_DEPTH = 2        # totals away from a cell for the quick (restricted) check
CANDIDATES_TRIED = 6   # complements tried for each cell that fails, smallest first


@dataclass
class Table:
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
        shown = round_to(count, base)
        low = np.where(shown > 0, np.maximum(np.ceil(shown - base / 2), min_count), 0)
        zero_high = np.ceil(base / 2) - 1
        high = np.where(shown > 0, np.ceil(shown + base / 2) - 1,
                        np.where(zero_high >= min_count, zero_high, 0))
    return np.where(rounded, low, count), np.where(rounded, high, count)


def index_table(prepared: pd.DataFrame, count: np.ndarray, min_count: np.ndarray,
           base: np.ndarray, equations: tuple[np.ndarray, np.ndarray, np.ndarray],
           withheld: np.ndarray) -> Table:
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
    return Table(count=count, min_count=min_count, low=low, high=high,
                  key=key.to_numpy(),
                  rank=prepared["area_code"].rank(method="dense").to_numpy(),
                  withheld=withheld.copy(),
                  eq_ptr=np.searchsorted(eq, np.arange(n_eq + 1)), eq_cells=cell,
                  eq_coefs=coef, cell_ptr=np.searchsorted(cell[by_cell], np.arange(size + 1)),
                  cell_eqs=eq[by_cell])


def linked(t: Table, cell: int, depth: int | None) -> tuple[np.ndarray, bool]:
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


def feasible_range(t: Table, cell: int, variables: np.ndarray, need: float | None = None
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
    if need is not None and count_values((floor, high)) < need or np.isinf(high):
        return floor, high
    least = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
    return (float(least.fun), high) if least.status == 0 else None


def count_values(found: tuple[float, float] | None) -> float:
    """How many whole numbers lie in a feasible range (0 when there is none)."""
    if found is None:
        return 0.0
    low, high = found
    if np.isinf(high):
        return np.inf
    return float(np.floor(high + 1e-6) - np.ceil(low - 1e-6) + 1)


def _possible(t: Table, cell: int) -> float:
    """How many values the public cannot rule out for `cell`, or at least as many as its
    minimum count needs. Quick first: the cells a few totals away as unknowns and the
    rest fixed at their true values only narrows the range, so enough there is enough."""
    if not t.in_totals(cell):
        return np.inf
    need = t.min_count[cell]
    variables, complete = linked(t, cell, LOCAL_DEPTH)
    found = count_values(feasible_range(t, cell, variables, need))
    if found >= need or complete:
        return found
    return count_values(feasible_range(t, cell, linked(t, cell, None)[0], need))


def _nearness(t: Table, cell: int) -> dict[int, int]:
    """For cells sharing a total with `cell`: the size of the smallest such total (a
    sibling LSOA in its ward comes before one elsewhere in the LAD's total)."""
    near: dict[int, int] = {}
    for equation in t.cell_eqs[t.cell_ptr[cell]:t.cell_ptr[cell + 1]]:
        members = t.eq_cells[t.eq_ptr[equation]:t.eq_ptr[equation + 1]]
        for member in members.tolist():
            near[member] = min(near.get(member, len(members)), len(members))
    return near


def _choose_complement(t: Table, cell: int) -> int | None:
    """A published, non-zero cell to withhold so that `cell` gains possible values: from
    the totals linked to it, those in its own smallest totals first, then smallest
    counts; the first that is enough on its own, else the one that widens its range
    most."""
    variables, _ = linked(t, cell, None)
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


def protect_by_audit(t: Table, cells: list[int], settle: Callable[[], None]) -> None:
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
