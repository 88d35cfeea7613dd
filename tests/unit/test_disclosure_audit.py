"""Disclosure control against an intruder who solves the published tables.

Every check here works out what the public can deduce the same way an intruder would: it
takes the public version of a table (dashboard.methods.disclosure.protect with the cells that
complementary_suppression lists), writes down every total that is published (a ward is
the sum of its LSOAs, a LAD of its wards and of its LSOAs, a two-year total of its two
years) and asks scipy's linear programming solver for the smallest and largest value each
withheld cell can take. That solver is written out below independently of the code under
test, so the suppression cannot pass by agreeing with itself.

The rule (docs/disclosure.md): zeros are published, so the public knows every withheld
count is at least 1; every withheld count below the minimum must still have at least
`min_count` possible values, which means the public cannot even tell it is small.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from dashboard.methods.disclosure import (
    WITHHELD_LABEL,
    Rule,
    audit,
    complementary_suppression,
    protect,
)

Y1, Y2 = date(2023, 4, 1), date(2024, 4, 1)
LAD = "E08000099"
RULES = {"starts": (Rule(), "count")}


# -- an intruder, written independently of dashboard.methods.disclosure ----------------------------
def feasible_ranges(values: dict, withheld: set, equations: list[tuple[object, list]],
                    maybe_zero: frozenset = frozenset()) -> dict:
    """Smallest and largest value of each withheld cell, given the published cells
    (exact), the published equations (parent = sum of children) and withheld >= 1
    (>= 0 for the cells in `maybe_zero`)."""
    cells = sorted(set(values), key=str)
    index = {c: n for n, c in enumerate(cells)}
    rows, rhs = [], []
    for parent, children in equations:
        row = np.zeros(len(cells))
        row[index[parent]] -= 1
        for child in children:
            row[index[child]] += 1
        rows.append(row)
        rhs.append(0.0)
    bounds = [((0 if c in maybe_zero else 1), None) if c in withheld
              else (values[c], values[c]) for c in cells]
    out = {}
    for cell in withheld:
        objective = np.zeros(len(cells))
        objective[index[cell]] = 1
        low = linprog(objective, A_eq=np.array(rows), b_eq=rhs, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=np.array(rows), b_eq=rhs, bounds=bounds,
                       method="highs")
        assert low.status == 0, (cell, low.message)
        top = np.inf if high.status == 3 else -high.fun
        out[cell] = (int(np.ceil(low.fun - 1e-6)), top if top == np.inf
                     else int(np.floor(top + 1e-6)))
    return out


def possible_values(low: int, high: float) -> float:
    return np.inf if high == np.inf else high - low + 1


# -- building tables ----------------------------------------------------------------------
def table(lsoas: dict[str, dict[str, list[int]]], two_year: bool = False
          ) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Cells, links and equations for one LAD: {ward: {lsoa: [year 1, year 2]}}; wards and
    the LAD are exact sums; with `two_year`, every area also has a 2023-25 total."""
    counts: dict[tuple[str, date, str], int] = {}
    for ward, children in lsoas.items():
        for code, (a, b) in children.items():
            counts[(code, Y1, "P1Y")], counts[(code, Y2, "P1Y")] = a, b
    equations = []
    for start in (Y1, Y2):
        lad_children = []
        for ward, children in lsoas.items():
            keys = [(code, start, "P1Y") for code in children]
            counts[(ward, start, "P1Y")] = sum(counts[k] for k in keys)
            equations.append(((ward, start, "P1Y"), keys))
            lad_children.append((ward, start, "P1Y"))
        counts[(LAD, start, "P1Y")] = sum(counts[k] for k in lad_children)
        equations.append(((LAD, start, "P1Y"), lad_children))
        equations.append(((LAD, start, "P1Y"),
                          [(c, start, "P1Y") for ch in lsoas.values() for c in ch]))
    if two_year:
        for code in {k[0] for k in counts}:
            total = (code, Y1, "P2Y")
            counts[total] = counts[(code, Y1, "P1Y")] + counts[(code, Y2, "P1Y")]
            equations.append((total, [(code, Y1, "P1Y"), (code, Y2, "P1Y")]))
        for ward, children in lsoas.items():
            equations.append(((ward, Y1, "P2Y"), [(c, Y1, "P2Y") for c in children]))
        equations.append(((LAD, Y1, "P2Y"), [(w, Y1, "P2Y") for w in lsoas]))
    cells = pd.DataFrame([{"indicator_id": "starts", "area_code": a, "period_start": s,
                           "period_duration": d, "count": n}
                          for (a, s, d), n in counts.items()])
    links = [(c, w, "lsoa") for w, ch in lsoas.items() for c in ch]
    links += [(c, LAD, "lsoa") for ch in lsoas.values() for c in ch]
    links += [(w, LAD, "ward") for w in lsoas]
    return cells, pd.DataFrame(links, columns=["child_code", "parent_code", "child_type"]), \
        equations


def published(cells: pd.DataFrame, suppressions: pd.DataFrame, rules=RULES) -> pd.DataFrame:
    """The public version of the table, through protect as the store applies it."""
    frame = cells.rename(columns={"count": "value"})
    listed = frozenset(zip(suppressions["indicator_id"], suppressions["area_code"],
                           pd.to_datetime(suppressions["period_start"]).dt.date, strict=True))
    return protect(frame, rules, listed)


def intruder(cells: pd.DataFrame, suppressions: pd.DataFrame, equations: list,
             rules=RULES) -> tuple[dict, dict]:
    """(true counts, feasible range of every withheld cell) from the public table."""
    public = published(cells, suppressions, rules)
    truth = {(r.area_code, r.period_start, r.period_duration): r.count
             for r in cells.itertuples()}
    values = {(r.area_code, r.period_start, r.period_duration): r.value
              for r in public.itertuples()}
    withheld = {k for k, v in values.items() if np.isnan(v)}
    return truth, feasible_ranges(values, withheld, equations, shared_starts(withheld))


def shared_starts(withheld: set) -> frozenset:
    """Withheld cells sharing their area and start with another withheld cell of another
    length: protect matches cells by start, so a zero can be withheld with its neighbour
    and the public cannot assume these are at least 1."""
    starts: dict[tuple, int] = {}
    for area, start, _ in withheld:
        starts[(area, start)] = starts.get((area, start), 0) + 1
    return frozenset(c for c in withheld if starts[c[:2]] > 1)


def assert_protected(truth: dict, ranges: dict, min_count: int = 5) -> None:
    for cell, (low, high) in ranges.items():
        if truth[cell] == 0 and low == high == 0:
            # A zero withheld with a cell sharing its start (see shared_starts) that the
            # public can pin to zero: they learn what publishing it would have shown.
            continue
        assert high == np.inf or high >= min_count, ("public can tell it is small", cell,
                                                     truth[cell], low, high)
        if 0 < truth[cell] < min_count:
            assert possible_values(low, high) >= min_count, (cell, truth[cell], low, high)


# -- the tester's attacks -------------------------------------------------------------------
WARD_34 = {"E05000001": {"E01000011": [1, 9], "E01000012": [9, 9], "E01000013": [0, 9],
                         "E01000014": [1, 9], "E01000015": [1, 9], "E01000016": [5, 9],
                         "E01000017": [17, 9]},
           "E05000002": {"E01000021": [20, 20], "E01000022": [12, 4], "E01000023": [10, 10],
                         "E01000024": [9, 9], "E01000025": [9, 9], "E01000026": [11, 4],
                         "E01000027": [9, 9]}}


def test_three_ones_under_a_published_ward_total_of_34_cannot_be_pinned():
    # E05014658 2023/24 in the synthetic example: 34 - 31 = 3 over three withheld cells,
    # each known to be at least 1 because zeros are published: each was exactly 1.
    cells, links, equations = table(WARD_34)
    truth, ranges = intruder(cells, complementary_suppression(cells, links, RULES), equations)
    ones = [("E01000011", Y1, "P1Y"), ("E01000014", Y1, "P1Y"), ("E01000015", Y1, "P1Y")]
    assert all(cell in ranges for cell in ones)
    assert all(ranges[cell] != (1, 1) for cell in ones)
    assert_protected(truth, ranges)


def test_two_fours_under_a_published_ward_total_of_65_cannot_be_pinned():
    # E05014657 2024/25: 65 - 57 = 8 over two cells the old labels said were 1 to 4.
    cells, links, equations = table(WARD_34)
    truth, ranges = intruder(cells, complementary_suppression(cells, links, RULES), equations)
    fours = [("E01000022", Y2, "P1Y"), ("E01000026", Y2, "P1Y")]
    assert all(possible_values(*ranges[cell]) >= 5 for cell in fours)
    assert_protected(truth, ranges)


def test_a_small_year_cannot_be_recovered_from_a_two_year_total_and_the_other_year():
    lsoas = {"E05000001": {"E01000011": [3, 10], "E01000012": [8, 9], "E01000013": [12, 7]},
             "E05000002": {"E01000021": [6, 6], "E01000022": [8, 9]}}
    cells, links, equations = table(lsoas, two_year=True)
    truth, ranges = intruder(cells, complementary_suppression(cells, links, RULES), equations)
    assert ("E01000011", Y1, "P1Y") in ranges
    assert_protected(truth, ranges)


def test_the_audit_finds_what_the_next_smallest_cell_rule_leaves_open():
    cells, links, _ = table(WARD_34)
    primary_only = cells[(cells["count"] > 0) & (cells["count"] < 5)].assign(reason="primary")
    found = audit(cells, links, RULES, primary_only)
    exposed = found[~found["protected"]]
    assert {("E01000011", Y1), ("E01000014", Y1), ("E01000015", Y1)} <= set(
        zip(exposed["area_code"], exposed["period_start"], strict=True))
    assert (exposed["low"] == exposed["high"]).any()  # pinned exactly
    after = audit(cells, links, RULES, complementary_suppression(cells, links, RULES))
    assert after["protected"].all()
    assert {"low", "high", "possible", "reason"} <= set(after.columns)


# -- what the public is told ------------------------------------------------------------------
def test_every_withheld_cell_reads_the_same_words_and_zeros_are_published():
    cells, links, _ = table(WARD_34)
    suppressions = complementary_suppression(cells, links, RULES)
    assert set(suppressions["reason"]) == {"primary", "complementary"}
    public = published(cells, suppressions)
    withheld = public[public["value"].isna()]
    assert set(withheld["note"]) == {WITHHELD_LABEL}
    assert set(withheld["status"]) == {"c"}
    assert (public["value"] == 0).any()
    zeros = cells[cells["count"] == 0]
    assert not set(zeros["area_code"]) & set(suppressions["area_code"])


def test_cells_sharing_a_start_are_withheld_together():
    # protect matches cells by indicator, area and start: a withheld year withholds the
    # two-year total that starts with it, and the suppression lists both.
    cells, links, _ = table({"E05000001": {"E01000011": [3, 10], "E01000012": [8, 9]}},
                            two_year=True)
    suppressions = complementary_suppression(cells, links, RULES)
    listed = set(zip(suppressions["area_code"], suppressions["period_start"],
                     suppressions["period_duration"], strict=True))
    assert ("E01000011", Y1, "P1Y") in listed and ("E01000011", Y1, "P2Y") in listed


# -- property: random nested tables with period totals -----------------------------------------
@st.composite
def nested_tables(draw: st.DrawFn):
    small_heavy = st.one_of(st.integers(0, 4), st.integers(0, 4), st.integers(5, 30))
    lsoas = {}
    for w in range(draw(st.integers(1, 3))):
        lsoas[f"E0500000{w}"] = {f"E01000{w}{i}": [draw(small_heavy), draw(small_heavy)]
                                 for i in range(draw(st.integers(1, 4)))}
    return lsoas, draw(st.sampled_from([3, 5])), draw(st.booleans())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested_tables())
def test_no_withheld_small_cell_can_be_narrowed_below_the_rule(data):
    lsoas, min_count, two_year = data
    rules = {"starts": (Rule(min_count=min_count), "count")}
    cells, links, equations = table(lsoas, two_year)
    suppressions = complementary_suppression(cells, links, rules)
    truth, ranges = intruder(cells, suppressions, equations, rules)
    assert_protected(truth, ranges, min_count)
    small = {k for k, n in truth.items() if 0 < n < min_count}
    assert small <= set(ranges)  # every small count is withheld
    # and no zero is, unless it starts with a withheld cell of another length
    assert all(truth[k] > 0 for k in set(ranges) - shared_starts(set(ranges)))
