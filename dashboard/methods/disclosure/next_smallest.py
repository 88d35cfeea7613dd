"""The "next smallest cell" heuristic: a quick first pattern of complements.

Within each published total, no withheld cell may be left as the only unknown
(`settle`); the audit (dashboard.methods.disclosure.intruder) then proves the
pattern or extends it.
"""

from __future__ import annotations

import heapq

import numpy as np
import pandas as pd


def settle(members: pd.DataFrame, suppressed: np.ndarray, eligible: np.ndarray) -> np.ndarray:
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
    unknown; the audit (`intruder.protect_by_audit`) then proves or extends the pattern.
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
