"""The indicator and compare pages' reads (dashboard/store/explore.py) against the real
built store: the prepared tables (dashboard/store/derived/pages_indicator.py) give what the
per-call computation and the frames the pages read before give, for the public and a
partner; a store built before the tables existed is answered by the computation; access
rules hold on every new read; and the pages' record-based view model gives what the
frame-based functions give on real areas."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.common.geography import ENGLAND
from dashboard.security.access import PUBLIC, Viewer
from dashboard.store import Store, make_cache
from dashboard.views import explore, indicator

PARTNER = Viewer("partner", frozenset({"oldham"}), "pat")
SYNTHETIC = "synthetic-example-employment-support-starts"  # a partner-only dataset
OLDHAM, WIGAN, LANCASHIRE, NORTH_WEST = "E08000004", "E08000010", "E10000017", "E12000002"
VIEWERS = pytest.mark.parametrize("viewer", [PUBLIC, PARTNER], ids=["public", "partner"])


def every_indicator(store: Store) -> list[str]:
    return store.indicators()["indicator_id"].tolist()


def computed_by_indicator(store: Store, name: str, ids: list[str]) -> dict[str, list[dict]]:
    """A ``*_computed`` read of every indicator at once (each takes a list of ids and
    keeps every indicator's rows in order), grouped by indicator: the same rows, row for
    row, as one call per indicator, in one scan instead of one per indicator."""
    grouped: dict[str, list[dict]] = {indicator_id: [] for indicator_id in ids}
    for row in store.records(name, [ids]):
        grouped[row["indicator_id"]].append(row)
    return grouped


@VIEWERS
def test_indicator_areas_read_equals_the_per_call_computation(built_store_path: Path, viewer):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    ids = every_indicator(store)
    assert len(ids) > 50
    every_computed = computed_by_indicator(store, "page_indicator_areas_computed", ids)
    for indicator_id in ids:
        prepared = store.records("page_indicator_areas", [indicator_id])
        computed = every_computed[indicator_id]
        assert prepared == [{k: r[k] for k in prepared[0]} for r in computed], indicator_id
        assert [r["position"] for r in computed] == list(range(1, len(computed) + 1))


@VIEWERS
def test_indicator_areas_are_the_areas_the_page_read_before_with_their_regions(
        built_store_path: Path, viewer):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    for indicator_id in every_indicator(store):
        rows = store.indicator_area_list(indicator_id)
        old = store.indicator_areas(indicator_id)
        new = pd.DataFrame(rows, columns=["area_code", "area_name", "area_type", "valid_to",
                                          "n_values"])
        assert len(new) == len(old), indicator_id
        # the same areas and counts; the same order, up to areas with the same name and
        # type (the old query left their order to chance, the table orders them by code)
        key = ["area_code", "area_name", "area_type", "n_values"]
        assert sorted(map(tuple, new[key].astype(str).to_numpy())) == \
            sorted(map(tuple, old[key].astype(str).to_numpy())), indicator_id
        assert new["area_name"].tolist() == old["area_name"].tolist(), indicator_id
        assert [r["valid_to"] for r in rows] == [
            None if pd.isna(v) else v for v in old["valid_to"]], indicator_id
    for code in (OLDHAM, WIGAN, LANCASHIRE, NORTH_WEST, ENGLAND):
        [row] = [r for r in store.indicator_area_list("claimant-count")
                 if r["area_code"] == code]
        assert row["region_code"] == store.parents(code).get("region", {}).get("code"), code
    assert any(r["region_code"] == NORTH_WEST
               for r in store.indicator_area_list("claimant-count"))


@VIEWERS
def test_indicator_periods_read_equals_the_per_call_computation_and_periods(
        built_store_path: Path, viewer):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    ids = every_indicator(store)
    every_computed = computed_by_indicator(store, "page_indicator_periods_computed", ids)
    for indicator_id in ids:
        rows = store.indicator_periods(indicator_id)
        computed = every_computed[indicator_id]
        assert rows == [{k: r[k] for k in rows[0]} for r in computed], indicator_id
        old = store.periods(indicator_id)
        assert [(pd.Timestamp(r["period_start"]), r["period_duration"], r["period_label"],
                 r["n_values"]) for r in rows] == list(zip(
                     old["period_start"], old["period_duration"], old["period_label"],
                     old["n_values"], strict=True)), indicator_id
        assert indicator.period_choices(rows) == indicator.period_options(old)


@VIEWERS
def test_indicator_meta_is_the_catalogue_row(built_store_path: Path, viewer):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    ids = every_indicator(store)
    every_computed = computed_by_indicator(store, "page_indicator_meta_computed", ids)
    for indicator_id in ids:
        assert store.records("page_indicator_meta", [indicator_id]) == \
            every_computed[indicator_id], indicator_id
        assert store.indicator_meta(indicator_id) == store.indicator(indicator_id), \
            indicator_id
    assert store.indicator_meta("no-such-indicator") is None


@VIEWERS
def test_ranking_read_equals_the_read_of_page_values(built_store_path: Path, viewer):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    for indicator_id in every_indicator(store):
        periods = store.indicator_periods(indicator_id)
        for period in {periods[0]["period_start"], periods[-1]["period_start"]}:
            for area_type in ("lad", "county", "region", "police_force_area"):
                params = [indicator_id, period, area_type]
                assert store.records("page_indicator_ranking", params) == \
                    store.records("explore_ranking", params), (indicator_id, area_type)


@VIEWERS
@pytest.mark.parametrize("indicator_id, area_type", [
    ("employment-rate", "lad"), ("claimant-count", "lad"), ("claimant-count", "county"),
    ("no-qualifications", "region")])
def test_ranking_values_are_period_values_columns(built_store_path: Path, viewer,
                                                  indicator_id, area_type):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    period = store.latest_period(indicator_id)
    rows = store.ranking_values(indicator_id, period, area_type)
    assert rows
    full = store.period_values(indicator_id, period, (area_type,))
    old = [explore.clean_record(r) for r in full[list(rows[0])].to_dict("records")]
    assert [{**r, "period_start": pd.Timestamp(r["period_start"])} for r in rows] == old


def test_partner_only_indicator_is_invisible_to_the_public_on_every_new_read(store):
    public, partner = store.for_viewer(PUBLIC), store.for_viewer(PARTNER)
    assert partner.indicator_meta(SYNTHETIC) is not None
    assert partner.indicator_area_list(SYNTHETIC) and partner.indicator_periods(SYNTHETIC)
    assert SYNTHETIC in {r["indicator_id"] for r in partner.indicator_list()}
    assert public.indicator_meta(SYNTHETIC) is None
    assert public.indicator_area_list(SYNTHETIC) == []
    assert public.indicator_periods(SYNTHETIC) == []
    assert public.indicator_series(SYNTHETIC, (OLDHAM,)) == []
    start = partner.indicator_periods(SYNTHETIC)[-1]["period_start"]
    assert public.ranking_values(SYNTHETIC, start, "lad") == []
    assert SYNTHETIC not in {r["indicator_id"] for r in public.indicator_list()}
    latest = public.latest_value_records((OLDHAM,), (SYNTHETIC, "claimant-count"))
    assert {r["indicator_id"] for r in latest} == {"claimant-count"}


@pytest.fixture(scope="module")
def store_without_page_tables(built_store_path: Path, tmp_path_factory) -> Store:
    """The built store as one built before the indicator page's tables existed."""
    path = tmp_path_factory.mktemp("old_store") / "store.duckdb"
    shutil.copy(built_store_path, path)
    with duckdb.connect(str(path)) as con:
        for table in ("page_indicator_meta", "page_indicator_areas", "page_indicator_periods",
                      "page_indicator_ranking", "page_values"):
            con.execute(f"DROP TABLE {table}")
    return Store(path, make_cache())


def test_a_store_without_the_tables_is_answered_by_the_computation(
        store: Store, store_without_page_tables: Store):
    old = store_without_page_tables
    def same(worked_out: list[dict], prepared: list[dict]) -> bool:
        """The prepared read's columns of the worked-out answer (it may carry more)."""
        return bool(prepared) and [{c: r[c] for c in prepared[0]} for r in worked_out] \
            == prepared

    for indicator_id in ("employment-rate", "claimant-count", "no-qualifications"):
        assert old.indicator_meta(indicator_id) == store.indicator_meta(indicator_id)
        assert same(old.indicator_area_list(indicator_id),
                    store.indicator_area_list(indicator_id))
        assert same(old.indicator_periods(indicator_id), store.indicator_periods(indicator_id))
        period = store.latest_period(indicator_id)
        assert same(old.ranking_values(indicator_id, period, "lad"),
                    store.ranking_values(indicator_id, period, "lad"))


@pytest.mark.parametrize("indicator_id", ["employment-rate", "claimant-count",
                                          "gross-median-weekly-pay", "no-qualifications"])
@pytest.mark.parametrize("area", [OLDHAM, WIGAN, LANCASHIRE, ENGLAND])
def test_record_view_model_equals_the_frame_functions_on_real_areas(store, indicator_id,
                                                                    area):
    """The page builds its trend, ranking, table, sentences and download from records;
    the frame functions (the same rules, as other callers use them) agree."""
    meta = store.indicator(indicator_id)
    region = store.parents(area).get("region", {}).get("code")
    areas = store.indicator_areas(indicator_id)
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    codes = tuple(sorted({area, ENGLAND, NORTH_WEST} | ({region} if region else set())))
    neighbours = store.neighbours(area, explore.NEIGHBOURS_K)
    compare = [NORTH_WEST, explore.NEIGHBOURS]
    long_frame = indicator.trend_series(
        store.series(indicator_id, codes), area, region, compare, names,
        store.series(indicator_id, tuple(sorted(neighbours))) if neighbours else None)
    long = indicator.trend_lines(
        store.indicator_series(indicator_id, codes), area, region, compare, names,
        store.indicator_series(indicator_id, tuple(sorted(neighbours))) or None)
    assert len(long) == len(long_frame) > 0
    assert [r["name"] for r in long] == long_frame["name"].tolist()
    assert [r["value"] for r in long] == [None if pd.isna(v) else v
                                          for v in long_frame["value"]]
    assert indicator.trend_table_rows(long, meta) == (
        indicator.trend_table(long_frame, meta).columns.tolist(),
        indicator.trend_table(long_frame, meta).to_numpy().tolist())
    assert indicator.trend_sentence(long, meta) == indicator.trend_sentence(long_frame, meta)
    period = store.latest_period(indicator_id)
    area_type = indicator.ranking_type(store.area(area), set(areas["area_type"]))
    ranked = indicator.ranked_areas(store.ranking_values(indicator_id, period, area_type), area,
                                    area_type)
    ranked_frame = indicator.ranking(store.period_values(indicator_id, period, (area_type,)),
                                     area, area_type)
    assert [(r["area_code"], r["rank"], r["highlight"]) for r in ranked] == list(zip(
        ranked_frame["area_code"], ranked_frame["rank"], ranked_frame["highlight"],
        strict=True))
    words = ("Oldham", "areas", "2023")
    assert indicator.ranking_sentence(ranked, meta, *words) == \
        indicator.ranking_sentence(ranked_frame, meta, *words)
    pd.testing.assert_frame_equal(indicator.csv_frame(long, ranked, meta),
                                  indicator.csv_frame(long_frame, ranked_frame, meta))
