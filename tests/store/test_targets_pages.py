"""The scorecard and target pages' prepared reads (dashboard/store/derived/targets_status.py:
partnership_list, target_pages, target_series; the narrow targets_scorecard read) against
the per-call answers they replace, for every partnership and target of the real built
store, as the public and as partners see them."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dashboard.figures.targets import target_figure, text_alternative
from dashboard.methods import targets as model
from dashboard.methods.targets.store_reads import _series_for
from dashboard.security.access import PUBLIC, Viewer
from dashboard.store import Store, make_cache

VIEWERS = {"public": PUBLIC, "oldham-partner": Viewer("partner", {"oldham"}, "pat"),
           "wigan-partner": Viewer("partner", {"wigan"}, "wyn")}


def plain(value: Any) -> Any:
    """A value as the page shows it, whatever carried it: NaN and NaT as None, midnight
    datetimes and Timestamps as dates, numpy scalars and arrays as Python ones."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    return value


def per_call(store: Store) -> Store:
    """The same view of the store with the prepared target pages switched off."""
    clone = store.for_viewer(store.viewer)
    clone.target_pages = lambda partnership_id: None  # type: ignore[method-assign]
    return clone


@pytest.fixture(scope="module", params=list(VIEWERS), ids=list(VIEWERS))
def view(request, built_store_path: Path) -> Store:
    return Store(built_store_path, make_cache()).for_viewer(VIEWERS[request.param])


def every_target(store: Store) -> list[tuple[str, str, str]]:
    return [(pid, row.indicator_id, row.area_code)
            for pid in store.partnerships()["partnership_id"]
            for row in store.partnership_targets(pid).itertuples()]


def test_the_partnership_list_read_equals_the_query_that_works_it_out(view: Store):
    prepared = view.partnership_records()
    assert prepared and prepared == view.records("targets_partnerships")
    assert [r["partnership_id"] for r in prepared] == \
        list(view.partnerships()["partnership_id"])


def test_scorecard_records_are_the_scorecard(view: Store):
    for pid in view.partnerships()["partnership_id"]:
        records = view.scorecard_records(pid)
        card = view.scorecard(pid)
        assert len(records) == len(card) > 0
        for record, row in zip(records, card.to_dict("records"), strict=True):
            assert {k: plain(v) for k, v in record.items()} == \
                {k: plain(row[k]) for k in record}


def test_the_list_statuses_are_each_scorecards(view: Store):
    statuses = view.scorecard_statuses()
    assert list(statuses) == list(view.partnerships()["partnership_id"])
    for pid, shown in statuses.items():
        assert shown == list(view.scorecard(pid)["status"])


def test_every_target_page_from_the_prepared_tables_equals_the_per_call_page(view: Store):
    targets = every_target(view)
    assert len(targets) >= 40
    slow_store = per_call(view)
    for pid, indicator_id, area_code in targets:
        fast = model.target_view(view, pid, indicator_id, area_code)
        slow = model.target_view(slow_store, pid, indicator_id, area_code)
        assert view.target_pages(pid) is not None, "the prepared pages were not read"
        assert model.encode_detail(fast) == model.encode_detail(slow)
        assert fast["assessment"].status == view.scorecard(pid).set_index(
            ["indicator_id", "area_code"]).loc[(indicator_id, area_code), "status"]
        # the per-call series carries the indicator's value_type, which no page shows
        assert plain(fast["series"]) == plain([
            {k: v for k, v in row.items() if k != "value_type"} for row in slow["series"]])
        assert plain(target_figure(fast)) == plain(target_figure(slow))
        assert text_alternative(fast) == text_alternative(slow)


def test_target_series_are_the_series_query(view: Store):
    for pid, indicator_id, area_code in every_target(view):
        row = next(r for r in view.target_pages(pid) or []
                   if (r["indicator_id"], r["area_code"]) == (indicator_id, area_code))
        region = model.decode_detail(row["detail"])["region"]
        codes = tuple(sorted({area_code, model.ENGLAND,
                              *([region["code"]] if region else [])}))
        prepared = view.target_series(indicator_id, codes)
        assert prepared and prepared == view.records("series", [indicator_id, list(codes)])


def test_a_target_in_several_areas_offers_the_choice_and_unknown_ones_are_none(view: Store):
    assert view.partnership("cumbria") is not None  # public: every viewer sees it
    choices = model.target_view(view, "cumbria", "claimant-count")
    assert choices == model.target_view(per_call(view), "cumbria", "claimant-count")
    assert len(choices["choices"]) == 2
    assert model.target_view(view, "cumbria", "no-such-indicator") is None
    assert model.target_view(view, "cumbria", "claimant-count", "E99999999") is None


def test_the_public_gets_no_prepared_page_of_a_partnership_it_cannot_see(
        built_store_path: Path):
    public = Store(built_store_path, make_cache())
    assert public.target_pages("wigan") == []
    assert public.scorecard_records("wigan") == []
    assert "wigan" not in public.scorecard_statuses()
    assert model.target_view(public, "wigan", "claimant-count") is None


def test_series_with_anything_to_protect_are_not_used_for_the_public(
        built_store_path: Path, monkeypatch):
    """Where disclosure control changes a value of the series, the page is worked out
    per call from the values the public may see (the prepared assessment rests on the
    values as stored)."""
    public = Store(built_store_path, make_cache())
    codes = ("E08000004", model.ENGLAND)
    assert public.target_series("claimant-count", codes) is not None
    state = public.access_state()
    monkeypatch.setattr(type(state), "needs_protection", lambda self, rows, columns: True)
    assert public.for_viewer(PUBLIC).target_series("employment-rate", codes) is None
    # an analyst sees values as stored; a partner too, but only in their own areas, so
    # their series is worked out per call like the public's where protection could apply
    assert public.for_viewer(Viewer("analyst", frozenset(), "ann")).target_series(
        "employment-rate", codes) is not None
    assert public.for_viewer(Viewer("partner", {"oldham"}, "pat")).target_series(
        "employment-rate", codes) is None
    assert public.target_pages("oldham") is None  # statuses worked out per call too
    page = model.target_view(public, "oldham", "claimant-count")
    codes = ("E08000004", model.ENGLAND, "E12000002")
    assert page["series"] == model.frame_records(
        _series_for(public, "claimant-count", codes))


def test_old_stores_without_the_prepared_tables_still_answer(built_store_path: Path,
                                                             tmp_path: Path):
    import shutil

    import duckdb

    copy = tmp_path / "old.duckdb"
    shutil.copy(built_store_path, copy)
    with duckdb.connect(str(copy)) as con:
        for table in ("target_pages", "target_series", "partnership_list"):
            con.execute(f"DROP TABLE {table}")
    old, new = Store(copy, make_cache()), Store(built_store_path, make_cache())
    assert old.partnership_records() == new.partnership_records()
    assert old.target_pages("oldham") is None
    fast = model.target_view(new, "oldham", "claimant-count")
    slow = model.target_view(old, "oldham", "claimant-count")
    assert model.encode_detail(fast) == model.encode_detail(slow)
    assert plain(target_figure(fast)) == plain(target_figure(slow))


def test_records_without_values_counts_or_carried_values_need_no_protection(
        built_store_path: Path):
    from dashboard.methods import disclosure

    state = Store(built_store_path, make_cache()).access_state()
    rows = [{"partnership_id": "oldham", "name": "Oldham", "n_targets": 3,
             "latest_numerator": 2}]
    assert not state.needs_protection(rows, list(rows[0]))
    frame = pd.DataFrame(rows)  # protect() leaves such a frame as it is
    pd.testing.assert_frame_equal(disclosure.protect(frame, state.rules, state.suppressed),
                                  frame)
    assert state.needs_protection([{**rows[0], "england_value": 3.0}], [*rows[0],
                                                                        "england_value"])


def test_the_scorecard_worked_out_per_call_renders_as_the_stored_one(built_store_path: Path,
                                                                     monkeypatch):
    """Where the public's check finds something to protect, scorecard_records comes from
    `scorecard` (a frame): its grid rows, filters and sparklines read the same."""
    from layouts.scorecard import grid_rows, status_options, theme_options

    stored = Store(built_store_path, make_cache())
    fast = stored.scorecard_records("oldham")
    worked_out = Store(built_store_path, make_cache())
    state = worked_out.access_state()
    monkeypatch.setattr(type(state), "needs_protection", lambda self, rows, columns: True)
    slow = worked_out.scorecard_records("oldham")
    assert len(slow[0]) > len(fast[0])  # the whole scorecard frame, not the narrow read
    assert grid_rows(slow, "oldham") == grid_rows(fast, "oldham")
    assert status_options(slow) == status_options(fast)
    assert theme_options(slow) == theme_options(fast)
    assert [model.sparkline_svg(r["spark_values"], r["spark_trajectory"]) for r in slow] == \
        [model.sparkline_svg(r["spark_values"], r["spark_trajectory"]) for r in fast]


@pytest.mark.parametrize("statuses, themes", [
    (None, None), (["off_track"], None), (["on_track", "achieved"], None),
    ([], ["economy"]), (["at_risk", "off_track"], ["economy", "health"]), (["missed"], [])])
def test_filtering_records_keeps_the_rows_filtering_the_frame_keeps(store: Store, statuses,
                                                                    themes):
    card = store.scorecard("oldham")
    kept = model.filter_records(store.scorecard_records("oldham"), statuses, themes)
    expected = model.filter_scorecard(card, statuses, themes)
    assert [(r["indicator_id"], r["area_code"]) for r in kept] == \
        list(zip(expected["indicator_id"], expected["area_code"]))
