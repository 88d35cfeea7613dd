"""Residents' page tables (dashboard/store/derived/public_pages.py) against the real built
store: what the residents' area page reads from them is what the per-call queries gave
(public_headlines, series, public_decile_counts, targets_partnerships), for the public
(disclosure control applied to both) and a partner; the page is the same when a store
predates the tables and they are worked out per call."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import plotly
import pytest

from dashboard.common.geography import ENGLAND
from dashboard.security.access import PUBLIC, Viewer
from dashboard.store import Store, make_cache
from dashboard.views import public, public_charts, public_headlines, public_scorecard

PARTNER = Viewer("partner", {"oldham"}, "pat")
IDS = tuple(dict.fromkeys(public.HEADLINE_IDS + public_charts.TREND_CHART_IDS))
HEADLINE_COLUMNS = ("indicator_id", "area_code", "role", "recency", "period_start",
                    "period_duration", "period_label", "value", "numerator", "denominator",
                    "status", "note", "comparison")
SERIES_COLUMNS = ("indicator_id", "area_code", "period_start", "period_duration",
                  "period_label", "value", "numerator", "denominator", "status", "note")


def areas(path: Path) -> list[str]:
    """Every region, combined authority and county, England, Cumbria (ended) and a
    spread of local authorities."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "SELECT area_code, area_type FROM area_geography WHERE area_code LIKE 'E%' "
            "AND area_type IN ('lad', 'county', 'combined_authority', 'region', 'nation') "
            "ORDER BY area_code").fetchall()
    finally:
        con.close()
    lads = [code for code, kind in rows if kind == "lad"]
    return [code for code, kind in rows if kind != "lad"] + lads[::12] + ["E08000004"]


def plain(value):
    """None for missing (NaN, NaT), Python numbers and dates, so records compare."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if hasattr(value, "date") and callable(value.date):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def rows_of(records, columns) -> list[tuple]:
    return sorted((tuple(plain(r.get(c)) for c in columns) for r in records), key=repr)


@pytest.fixture(scope="module")
def codes(built_store_path: Path) -> list[str]:
    return areas(built_store_path)


@pytest.mark.parametrize("viewer", [PUBLIC, PARTNER], ids=["public", "partner"])
def test_headlines_and_trends_read_equal_the_per_call_queries(built_store_path: Path,
                                                              codes, viewer):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    # each trend's series read once for every area (the per-call query takes a list of
    # areas; its rows are the area's own): each area's and England's rows picked out below
    every_code = tuple(dict.fromkeys([*codes, ENGLAND]))
    every_series = {indicator_id: store.series(indicator_id, every_code).to_dict("records")
                    for indicator_id in public_charts.TREND_CHART_IDS}
    compared = 0
    for code in codes:
        values = store.area_values(code, IDS)
        old = store.headline_values(code, IDS).to_dict("records")
        new = public_headlines.headline_rows(values, code)
        assert rows_of(new, HEADLINE_COLUMNS) == rows_of(old, HEADLINE_COLUMNS), code
        pair = (code,) if code == ENGLAND else (code, ENGLAND)
        for indicator_id in public_charts.TREND_CHART_IDS:
            series = [r for r in every_series[indicator_id] if r["area_code"] in pair]
            mine = public_charts.series_rows(values, indicator_id, pair)
            assert rows_of(mine, SERIES_COLUMNS) == rows_of(series, SERIES_COLUMNS), \
                (code, indicator_id)
        compared += len(old)
    assert compared > 500


def test_the_prepared_values_are_the_per_call_select_for_every_indicator(
        built_store_path: Path, codes):
    store = Store(built_store_path, make_cache())
    every = [i for i in store.indicators()["indicator_id"]]
    for code in codes[::3] + [ENGLAND]:
        england = "" if code == ENGLAND else ENGLAND  # England's rows once on its page
        prepared = store.records("public_area_values", [code, every, england, every])
        computed = store.records("public_area_values_computed", [code, ENGLAND, every])
        assert prepared and prepared == computed, code


@pytest.mark.parametrize("viewer", [PUBLIC, PARTNER], ids=["public", "partner"])
def test_decile_counts_read_equal_the_per_call_count(built_store_path: Path, codes, viewer):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    columns = ("indicator_id", "period_label", "decile", "neighbourhoods")
    for indicator_id in ("iod-employment-decile", "iod-imd-decile"):
        for code in codes:
            old = store.decile_counts(code, indicator_id).to_dict("records")
            new = store.records("public_area_deciles", [code, indicator_id])
            assert rows_of(new, columns) == rows_of(old, columns), (code, indicator_id)
            assert store.area_deciles(code, indicator_id) == new
    assert sum(r["neighbourhoods"] for r in store.area_deciles(ENGLAND)) > 30_000


def test_an_indicator_the_decile_table_does_not_hold_is_counted_per_call(
        built_store_path: Path):
    store = Store(built_store_path, make_cache())
    assert store.records("public_area_deciles", ["E08000004", "iod-employment-score"]) == []
    counted = store.area_deciles("E08000004", "iod-employment-score")
    assert counted == store.decile_counts("E08000004", "iod-employment-score") \
        .to_dict("records") and counted


@pytest.mark.parametrize("viewer", [PUBLIC, PARTNER], ids=["public", "partner"])
def test_partnerships_of_an_area_are_those_of_every_partnership(built_store_path: Path,
                                                                codes, viewer):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    found = 0
    for code in codes:
        area = store.public_place(code)
        wanted = (code, area.get("upper_tier_code"), area.get("ca_code"))
        old = public_scorecard.partnerships_for(store.partnerships(), wanted)
        new = [p for p in store.partnerships_of(tuple(c for c in wanted if c))
               if public_scorecard.is_public(p)]
        assert [(p["partnership_id"], p["name"], bool(p["illustrative"]),
                 bool(p["any_illustrative"])) for p in new] == \
            [(p["partnership_id"], p["name"], bool(p["illustrative"]),
              bool(p["any_illustrative"])) for p in old], code
        found += len(new)
    assert found > 0


def test_indicator_words_are_the_catalogue_metadata(built_store_path: Path):
    store = Store(built_store_path, make_cache())
    words = store.indicator_words(IDS + ("iod-employment-decile",))
    assert set(words) == set(IDS) | {"iod-employment-decile"}
    for indicator_id, meta in words.items():
        full = store.indicator(indicator_id)
        assert {k: full[k] for k in meta} == meta


def _page(store: Store, code: str) -> str:
    from layouts import public_area

    area = store.public_place(code)
    return json.dumps(public_area.area_page(store, area, None),
                      cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)


@pytest.mark.parametrize("code", ["E08000004", "E92000001", "E10000017", "E12000002"])
def test_the_page_is_the_same_from_a_store_built_before_the_tables(built_store_path: Path,
                                                                   monkeypatch, code):
    store = Store(built_store_path, make_cache())
    prepared = _page(store, code)
    records = Store.records

    def without_tables(self, name, params=None):
        if name in ("public_area_values", "public_area_deciles"):
            raise duckdb.CatalogException(f"Table with name {name} does not exist!")
        return records(self, name, params)

    monkeypatch.setattr(Store, "records", without_tables)
    older = Store(built_store_path, make_cache())
    assert _page(older, code) == prepared
    assert "public-area-deciles" in prepared and "public-area-trend-claimant-count" in prepared


@pytest.mark.parametrize("text", ["oldham", "wig", "E08000004", "e05", "coldhurst", "st",
                                  "leeds 0", "Oldham 012A", "zzzz", "of", "upon", "'"])
def test_a_search_of_the_prepared_names_finds_what_the_per_call_search_did(
        built_store_path: Path, text):
    store = Store(built_store_path, make_cache())
    from dashboard.store.public import NAMED_PLACE_TYPES, PLACE_TYPES

    for types, limit in ((PLACE_TYPES, 12), (NAMED_PLACE_TYPES, 50)):
        params = [text, list(types), limit]
        assert store.records("public_search_prepared", params) == \
            store.records("public_search_places", params)
    assert store.search_places(text) == store.records("public_search_places",
                                                      [text, list(PLACE_TYPES), 12])


PARTNERSHIPS = ("oldham", "wigan", "kent", "leeds", "lancashire", "cumbria",
                "liverpool-city-region")


@pytest.mark.parametrize("viewer", [PUBLIC, PARTNER], ids=["public", "partner"])
def test_the_narrow_scorecard_says_what_the_scorecard_says(built_store_path: Path, viewer):
    store = Store(built_store_path, make_cache()).for_viewer(viewer)
    said = 0
    for partnership_id in PARTNERSHIPS:
        narrow = store.public_scorecard(partnership_id)
        full = store.scorecard(partnership_id)
        assert [r["status"] for r in narrow] == list(full.get("status", []))
        assert public_scorecard.scorecard_items(narrow) == public_scorecard.scorecard_items(full)
        assert public_scorecard.is_illustrative({}, narrow) == \
            public_scorecard.is_illustrative({}, full)
        said += len(narrow)
    assert said > 20


def test_a_scorecard_with_anything_to_protect_is_the_worked_out_one(built_store_path: Path,
                                                                    monkeypatch):
    from dashboard.store.base import AccessState

    monkeypatch.setattr(AccessState, "needs_protection", lambda self, rows, columns: True)
    store = Store(built_store_path, make_cache())
    calls = []
    scorecard = Store.scorecard

    def counted(self, partnership_id):
        calls.append(partnership_id)
        return scorecard(self, partnership_id)

    monkeypatch.setattr(Store, "scorecard", counted)
    assert public_scorecard.scorecard_items(store.public_scorecard("oldham")) == \
        public_scorecard.scorecard_items(scorecard(store, "oldham"))
    assert calls == ["oldham"]


def test_a_place_read_from_the_prepared_places_is_the_per_call_one(built_store_path: Path,
                                                                   codes):
    store = Store(built_store_path, make_cache())
    con = duckdb.connect(str(built_store_path), read_only=True)
    try:
        others = [r[0] for r in con.execute(
            "SELECT min(area_code) FROM area_geography GROUP BY area_type").fetchall()]
    finally:
        con.close()
    prepared = 0
    for code in codes + others + ["W06000001", "E05000000", "nonsense"]:
        old = store.records("public_place", [code])
        new = store.records("public_place_prepared", [code])
        assert new in ([], old), code
        prepared += bool(new)
        assert store.public_place(code) == (old[0] if old else None), code
    assert prepared > len(codes)
