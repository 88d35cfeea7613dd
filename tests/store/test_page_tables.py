"""Page tables (dashboard/store/derived/pages.py) against the real built store: what a page reads
from them is what the per-view computation gave, for the public (disclosure control
applied to both) and a partner. Small counts loaded with `placeboard load` reach the
public withheld through page_values too: tests/store/test_disclosure_load.py (the ranking
and the map read store.period_values)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.security.access import PUBLIC, Viewer
from dashboard.store import Store, make_cache

PARTNER = Viewer("partner", {"oldham"}, "pat")
CHOICES = [("employment-rate", "england", 0.95, ("lad",)),
           ("employment-rate", "region", 0.998, ("lad",)),
           ("claimant-count", "england", 0.998, ("county", "lad")),
           ("no-qualifications", "region", 0.95, ("region",))]


def computed(store: Store, indicator_id: str, benchmark: str, level: float,
             area_types: tuple[str, ...]) -> pd.DataFrame:
    """The old per-view answer: area_values joined to judgements on each call."""
    period = store.latest_period(indicator_id)
    return store.query("period_values_computed", [indicator_id, period.date(),
                                                  list(area_types), float(level),
                                                  benchmark, benchmark])


@pytest.mark.parametrize("viewer", [PUBLIC, PARTNER], ids=["public", "partner"])
@pytest.mark.parametrize("choice", CHOICES, ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}")
def test_page_values_read_equals_the_per_view_computation(built_store_path: Path, viewer,
                                                          choice):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    indicator_id, benchmark, level, area_types = choice
    prepared = store.period_values(indicator_id, None, area_types, benchmark, level)
    old = computed(store, indicator_id, benchmark, level, area_types)
    assert len(prepared) > 0
    pd.testing.assert_frame_equal(prepared.drop(columns="value_type"), old)


def test_a_choice_the_table_does_not_hold_is_worked_out(built_store_path: Path):
    store = Store(built_store_path, make_cache())
    values = store.period_values("employment-rate", None, ("lad",), "neighbours", 0.95)
    assert values.equals(computed(store, "employment-rate", "neighbours", 0.95, ("lad",))
                         .assign(value_type=values["value_type"]))


@pytest.mark.parametrize("viewer", [PUBLIC, PARTNER], ids=["public", "partner"])
def test_map_indicators_read_equals_the_scan_of_every_observation(built_store_path: Path,
                                                                   viewer):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    prepared = store.map_indicators()
    assert len(prepared) > 50
    pd.testing.assert_frame_equal(prepared, store.query("maps_la_indicators_computed"))


LSOA_CHOICES = [("iod-employment-score", "E08000004"),  # a metropolitan district
                ("iod-imd-decile", "E10000017"),  # a county (Lancashire)
                ("iod-employment-rank", "E12000002"),  # a region
                ("iod-income-score", "E47000001"),  # a combined authority
                ("iod-health-score", "E92000001")]  # England


@pytest.mark.parametrize("viewer", [PUBLIC, PARTNER], ids=["public", "partner"])
@pytest.mark.parametrize("choice", LSOA_CHOICES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_lsoa_latest_read_equals_the_per_view_computation(built_store_path: Path, viewer,
                                                          choice):
    """The neighbourhood map and the explorer read the prepared lsoa_latest table: the
    same rows, in the same order, as working the latest period out of observations."""
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    indicator_id, within = choice
    prepared = store.lsoa_values(indicator_id, within)
    old = store.query("lsoa_values_computed", [[indicator_id], *[within] * 5])
    assert len(prepared) > 100
    pd.testing.assert_frame_equal(prepared, old)


@pytest.mark.parametrize("viewer", [PUBLIC, PARTNER], ids=["public", "partner"])
def test_several_lsoa_indicators_read_at_once_equal_their_reads_one_by_one(
        built_store_path: Path, viewer):
    """The worklessness explorer's one read of four measures (store.lsoa_records) is the
    rows of each measure's own read, for every kind of place, and the per-call
    computation for a store without the prepared tables."""
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    ids = ("iod-employment-score", "iod-employment-decile", "iod-employment-rank",
           "iod-health-score")
    for _, within in LSOA_CHOICES:
        together = store.lsoa_records(ids, within)
        one_by_one = pd.concat([store.lsoa_values(i, within) for i in sorted(ids)],
                               ignore_index=True)
        assert len(together) == len(one_by_one) > 400
        frame = pd.DataFrame(together)  # records: dates as dates, None for no value
        frame["period_start"] = pd.to_datetime(frame["period_start"])
        pd.testing.assert_frame_equal(frame, one_by_one, check_dtype=False)
        computed_rows = store.records("lsoa_values_computed",
                                      [list(ids), *[within] * 5])
        assert computed_rows == together


def test_place_tables_equal_their_per_call_computation(built_store_path: Path):
    """place_lads and map_places (made with lsoa_latest) hold what the per-call queries
    work out from the geography of every LSOA."""
    store = Store(built_store_path, make_cache())
    for _, within in LSOA_CHOICES:
        lads = store.place_lads(within)
        assert lads and lads == [row["lad_code"] for row in store.records(
            "place_lads_computed", [within] * 5)]
    assert len(store.place_lads("E92000001")) > 290
    assert store.place_lads("E08000004") == ["E08000004"]
    assert store.map_places() == store.records("maps_places_computed")
