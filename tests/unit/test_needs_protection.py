"""AccessState.needs_protection (dashboard/store/base.py): the store's check, on plain
records, for anything disclosure control could change. It must never skip protection
where `disclosure.nothing_to_protect` on the same rows would not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.methods.disclosure import Rule, nothing_to_protect
from dashboard.security.access import PUBLIC
from dashboard.store.base import AccessState

RULES = {"rate": (Rule(), "rate"), "starts": (Rule(), "count"),
         "rounded": (Rule(rounding_base=5), "rate"), "strict": (Rule(min_count=10), "rate")}
WITHHELD = frozenset({("strict", "E01000001", date(2023, 4, 1))})


def state(suppressed: frozenset = WITHHELD) -> AccessState:
    return AccessState(viewer=PUBLIC, datasets=frozenset(), indicators=frozenset(RULES),
                       partnerships=frozenset(), dataset_levels={}, indicator_levels={},
                       rules=RULES, suppressed=suppressed)


def row(indicator_id: str = "rate", **extra: object) -> dict:
    return {"indicator_id": indicator_id, "area_code": "E08000004",
            "period_start": date(2023, 4, 1), "value": 61.2, **extra}


def test_rates_without_small_numbers_need_nothing():
    rows = [row(numerator=120, denominator=400), row(numerator=0, denominator=30)]
    assert not state().needs_protection(rows, list(rows[0]))


def test_a_small_numerator_needs_protection_whatever_its_type():
    # DuckDB returns DECIMAL columns as Decimal: still a number to disclosure control
    for small in (3, 3.0, Decimal(3), "3"):
        rows = [row(numerator=small, denominator=400)]
        assert state().needs_protection(rows, list(rows[0])), small


def test_counts_rounded_indicators_withheld_cells_and_unknown_indicators_need_protection():
    for indicator_id in ("starts", "rounded", "strict", "not-in-the-rules"):
        rows = [row(indicator_id)]
        assert state().needs_protection(rows, list(rows[0])), indicator_id
    rows = [row(value_type="count")]
    assert state().needs_protection(rows, list(rows[0]))


def test_rows_without_an_indicator_go_to_protect():
    # protect() still blanks carried values (England, region, peers) in such rows
    rows = [{"area_code": "E08000004", "england_value": 3.0}]
    assert state().needs_protection(rows, list(rows[0]))
    assert not state().needs_protection([], ["indicator_id", "value"])


cells = st.fixed_dictionaries({
    "indicator_id": st.sampled_from([*RULES, "other"]),
    "period_start": st.just(date(2023, 4, 1)),
    "area_code": st.sampled_from(["E01000001", "E08000004"]),
    "value": st.one_of(st.none(), st.floats(0, 100)),
    "numerator": st.one_of(st.none(), st.integers(0, 30), st.floats(0, 30)),
    "denominator": st.one_of(st.none(), st.integers(0, 30)),
    "value_type": st.sampled_from(["rate", "count", None]),
})


@settings(max_examples=300, deadline=None)
@given(st.lists(cells, min_size=1, max_size=6),
       st.sets(st.sampled_from(["indicator_id", "numerator", "denominator", "value_type"])),
       st.booleans())
def test_never_skips_protection_that_nothing_to_protect_would_not(rows, dropped, withheld):
    keep = [c for c in rows[0] if c not in dropped]
    records = [{c: r[c] for c in keep} for r in rows]
    access = state(WITHHELD if withheld else frozenset())
    frame = pd.DataFrame(records, columns=keep)
    if not nothing_to_protect(frame, access.rules, access.suppressed):
        assert access.needs_protection(records, keep)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([*RULES, "hidden", None]),
                          st.sampled_from(["public-data", "partners-data", None])),
                min_size=0, max_size=8))
def test_filter_rows_keeps_exactly_what_the_viewer_may_see(cells):
    frame = pd.DataFrame(cells, columns=["indicator_id", "dataset_id"])
    access = AccessState(viewer=PUBLIC, datasets=frozenset({"public-data"}),
                         indicators=frozenset(RULES), partnerships=frozenset(),
                         dataset_levels={}, indicator_levels={}, rules=RULES,
                         suppressed=frozenset())
    kept = [tuple(None if pd.isna(v) else v for v in row)
            for row in access.filter_rows(frame, "test").itertuples(index=False, name=None)]
    # an indicator the viewer may see, from a dataset they may see (or none named)
    assert kept == [(i, d) for i, d in cells if i in RULES and d in ("public-data", None)]
