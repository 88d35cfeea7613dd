"""Data revisions kept: a load that replaces values keeps the rows it superseded (with
their load) in observation_revisions, so a series can be put back as it stood at any
load, the values revised since a time or a load can be listed, and the indicator page
marks a value revised lately ("revised on 2 December 2026: was 6.6%"). Old values are
protected as the cells they were: the public never gets an old small count.

Files are written here in tmp_path and loaded into a copy of the store, the derived
tables refreshed after each load as `placeboard load` does."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.cli.data import load_steps
from dashboard.common import clock
from dashboard.common.config import DATA_DIR, Settings
from dashboard.ingest.loader import load_files
from dashboard.methods.disclosure import WITHHELD_LABEL
from dashboard.security.access import Viewer
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.views.value_notes import revision_words

SHARE, SHARE_ID = "Revision test share", "revision-test-share"
PEOPLE, PEOPLE_ID = "Revision test people", "revision-test-people"
OLDHAM, WIGAN = "E08000004", "E08000010"
ANALYST = Viewer("analyst", frozenset(), "ann")
CLAIMANTS = DATA_DIR / "ons" / "claimant-count" / "claimant-count.csv"

# (indicator, area, year): (value, numerator, denominator, note)
FIRST = {
    (SHARE, OLDHAM, 2023): (6.4, 64, 1000, None),
    (SHARE, OLDHAM, 2024): (6.6, 66, 1000, None),
    (SHARE, WIGAN, 2024): (5.0, 50, 1000, None),
    (PEOPLE, OLDHAM, 2024): (3, None, None, None),
    (PEOPLE, WIGAN, 2024): (40, None, None, None),
}
SECOND = {
    **FIRST,
    (SHARE, OLDHAM, 2023): (6.4, 64, 1000, "Revised estimate"),  # the note only
    (SHARE, OLDHAM, 2024): (6.9, 69, 1000, None),
    (SHARE, OLDHAM, 2025): (6.5, 65, 1000, None),                 # new
    (PEOPLE, OLDHAM, 2024): (12, None, None, None),               # was a small count
}


def _write(folder: Path, rows: dict) -> Path:
    folder.mkdir(exist_ok=True)
    pd.DataFrame([{"indicator": indicator, "area_code": area, "period": f"{year}-04-01/P1Y",
                   "value": value, "numerator": numerator, "denominator": denominator,
                   "note": note}
                  for (indicator, area, year), (value, numerator, denominator, note)
                  in rows.items()]).to_csv(folder / "revision-test.csv", index=False)
    (folder / "revision-test.json").write_text(json.dumps({
        "dataset_title": "Revision test (test data)", "access": "public",
        "indicators": {
            SHARE: {"title": "Share (revision test data)", "unit": "%", "decimals": 1,
                    "polarity": "lower_is_better", "theme": "work and worklessness"},
            PEOPLE: {"title": "People (revision test data)", "unit": "people",
                     "decimals": 0, "polarity": "higher_is_better",
                     "theme": "work and worklessness"}}}))
    return folder / "revision-test.csv"


def _revised_claimants(folder: Path) -> Path:
    """The ONS claimant count with Oldham's 2025 value revised from 6.6% to 6.7%."""
    folder.mkdir(exist_ok=True)
    lines = CLAIMANTS.read_bytes().decode("utf-8-sig").split("\r\n")
    out = [line.replace(",6.6,", ",6.7,") if line.startswith("E08000004,")
           and ",2025-01-01/P1Y," in line else line for line in lines]
    path = folder / CLAIMANTS.name
    path.write_bytes(("\ufeff" + "\r\n".join(out)).encode("utf-8"))
    shutil.copy(CLAIMANTS.with_suffix(".json"), folder / "claimant-count.json")
    return path


@pytest.fixture(scope="module")
def loaded(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("revisions")
    path = folder / "store.duckdb"
    shutil.copy(built_store_path, path)
    first = load_files(path, [_write(folder / "first", FIRST)], DATA_DIR,
                       refresh_steps=load_steps())
    second = load_files(path, [_write(folder / "second", SECOND),
                               _revised_claimants(folder / "claimants")], DATA_DIR,
                        refresh_steps=load_steps())
    assert first.ok and second.ok
    return {"path": path, "first": first.files[0], "second": second.files[0],
            "claimants": second.files[1], "store": Store(path)}


def _stored(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_a_load_keeps_the_rows_it_replaced_with_their_load(loaded):
    first, second = loaded["first"], loaded["second"]
    assert (first.rows_added, first.rows_replaced, first.rows_unchanged) == (5, 0, 0)
    assert (second.rows_added, second.rows_replaced, second.rows_unchanged) == (1, 3, 2)
    kept = _stored(loaded["path"], """
        SELECT r.indicator_id, r.area_code, year(r.period_start), r.value, r.note,
               r.load_id, r.superseded_by_load, r.superseded_at = l.loaded_at
        FROM observation_revisions r JOIN loads l ON l.load_id = r.superseded_by_load
        WHERE r.indicator_id LIKE 'revision-test-%' ORDER BY ALL""")
    assert kept == [
        (PEOPLE_ID, OLDHAM, 2024, 3.0, None, first.load_id, second.load_id, True),
        (SHARE_ID, OLDHAM, 2023, 6.4, None, first.load_id, second.load_id, True),
        (SHARE_ID, OLDHAM, 2024, 6.6, None, first.load_id, second.load_id, True)]
    # an unchanged row is left as it was, with the load that wrote its value
    assert _stored(loaded["path"], "SELECT load_id FROM observations WHERE indicator_id = ? "
                   "AND area_code = ?", [PEOPLE_ID, WIGAN]) == [(first.load_id,)]
    # the claimant count's file changed one of its thousands of rows
    assert loaded["claimants"].rows_replaced == 1
    assert _stored(loaded["path"], "SELECT value FROM observation_revisions WHERE "
                   "indicator_id = 'claimant-count'") == [(6.6,)]


def test_a_store_built_from_scratch_has_no_revisions(built_store_path):
    assert _stored(built_store_path, "SELECT count(*) FROM observation_revisions") == [(0,)]


def test_the_series_as_it_stood_at_the_first_load_is_the_first_file(loaded):
    store = loaded["store"].for_viewer(ANALYST)
    areas = (OLDHAM, WIGAN)

    def values(frame: pd.DataFrame) -> dict:
        return {(row.area_code, row.period_start.year): (
            row.value, row.note if isinstance(row.note, str) else None)
            for row in frame.itertuples()}

    then = store.series_as_of(SHARE_ID, areas, loaded["first"].load_id)
    assert values(then) == {(area, year): (value, note) for (indicator, area, year),
                            (value, _, _, note) in FIRST.items() if indicator == SHARE}
    now = store.series_as_of(SHARE_ID, areas, loaded["second"].load_id)
    assert values(now) == {(area, year): (value, note) for (indicator, area, year),
                           (value, _, _, note) in SECOND.items() if indicator == SHARE}
    assert values(now) == values(store.series(SHARE_ID, areas))
    # before the indicator's first load there was nothing; by time, the same as by load
    assert store.series_as_of(SHARE_ID, areas, loaded["first"].load_id - 1).empty
    assert values(store.series_as_of(SHARE_ID, areas, at=clock.now())) == values(now)


def test_revisions_since_lists_exactly_the_changed_values(loaded):
    store = loaded["store"].for_viewer(ANALYST)
    revised = store.revisions_since((SHARE_ID, PEOPLE_ID))
    assert [(r["indicator_id"], r["area_code"], r["period_label"], r["previous_value"],
             r["value"], r["previous_note"], r["note"], r["revised_by_load"])
            for r in sorted(revised, key=lambda r: (r["indicator_id"], r["period_start"]))
            ] == [
        (PEOPLE_ID, OLDHAM, "2024/25", 3.0, 12.0, None, None, loaded["second"].load_id),
        (SHARE_ID, OLDHAM, "2023/24", 6.4, 6.4, None, "Revised estimate",
         loaded["second"].load_id),
        (SHARE_ID, OLDHAM, "2024/25", 6.6, 6.9, None, None, loaded["second"].load_id)]
    assert {r["previous_load_id"] for r in revised} == {loaded["first"].load_id}
    # since the second load, or since after it happened: none; one area only
    assert store.revisions_since((SHARE_ID,), since_load=loaded["second"].load_id) == []
    assert len(store.revisions_since((SHARE_ID,), since_load=loaded["first"].load_id)) == 2
    later = clock.now() + timedelta(minutes=1)
    assert store.revisions_since((SHARE_ID,), since=later) == []
    assert store.revisions_since((SHARE_ID,), (WIGAN,)) == []


def test_the_public_gets_the_withheld_label_not_an_old_small_count(loaded):
    [public] = loaded["store"].revisions_since((PEOPLE_ID,))
    assert public["value"] == 12
    assert public["previous_value"] is None
    assert (public["previous_status"], public["previous_note"]) == ("c", WITHHELD_LABEL)
    [analyst] = loaded["store"].for_viewer(ANALYST).revisions_since((PEOPLE_ID,))
    assert analyst["previous_value"] == 3
    # the pages' read protects it too
    [page] = loaded["store"].revised_values((PEOPLE_ID,), (OLDHAM,),
                                            (clock.now() - timedelta(days=90)).date())
    assert (page["value"], page["status"], page["note"]) == (None, "c", WITHHELD_LABEL)
    meta = {"unit": "people", "decimals": 0}
    assert revision_words(page["revised_at"], page, "12", meta, clock.now()) == \
        f"revised on {page['revised_at']:%-d %B %Y}: was {WITHHELD_LABEL}"


def test_a_partnerships_revisions_are_of_its_target_indicators(loaded):
    store = loaded["store"].for_viewer(ANALYST)
    revised = store.partnership_revisions_since("oldham")
    assert [(r["indicator_id"], r["area_code"], r["previous_value"], r["value"])
            for r in revised] == [("claimant-count", OLDHAM, 6.6, 6.7)]
    assert store.partnership_revisions_since(
        "oldham", since_load=loaded["claimants"].load_id) == []


def _page(loaded: dict, tmp_path: Path, render) -> str:
    """A page's component JSON as text, rendered for the public from the loaded store."""
    settings = Settings.from_env(store_path=loaded["path"], data_dir=DATA_DIR,
                                 accounts_path=tmp_path / "accounts.sqlite",
                                 secret_key="test-secret-key-not-for-production")
    app = create_app(settings, store=Store(loaded["path"], make_cache()))
    with app.server.test_request_context():
        return str(render().to_plotly_json())


def test_the_indicator_page_and_the_area_profile_say_what_a_revised_value_was(loaded,
                                                                              tmp_path):
    from layouts import area, indicator

    [(loaded_at,)] = _stored(loaded["path"], "SELECT loaded_at FROM loads WHERE load_id = ?",
                             [loaded["claimants"].load_id])
    revised_on = f"{loaded_at:%-d %B %Y}"
    text = _page(loaded, tmp_path,
                 lambda: indicator.layout(indicator_id="claimant-count", area=OLDHAM))
    assert f"revised on {revised_on}: was 6.6%" in text
    assert text.count("revised on") == 1  # England's and the region's values were not
    text = _page(loaded, tmp_path, lambda: area.layout(code=OLDHAM))
    assert f"revised on {revised_on}: was 6.6%" in text
    # a value the public sees withheld now, or was withheld then, never shows the number
    text = _page(loaded, tmp_path,
                 lambda: indicator.layout(indicator_id=PEOPLE_ID, area=OLDHAM))
    assert f"revised on {revised_on}: was {WITHHELD_LABEL}" in text


def _merge(tmp_path: Path, stored: list[tuple], incoming: list[tuple]) -> tuple:
    """(added, replaced, unchanged) and the revisions kept when `incoming` rows
    (indicator, area, value, numerator) are written over `stored` ones (load 1 -> 2)."""
    from dashboard.ingest.store_file import connect_new
    from dashboard.ingest.writer import _merge_observations

    def frame(rows: list[tuple], load_id: int) -> pd.DataFrame:
        return pd.DataFrame([{"indicator_id": i, "area_code": a,
                              "period_start": pd.Timestamp("2025-01-01").date(),
                              "period_duration": "", "period_label": "IoD 2025", "value": v,
                              "lci": None, "uci": None, "numerator": n, "denominator": None,
                              "status": None, "note": None, "load_id": load_id}
                             for i, a, v, n in rows])

    with connect_new(tmp_path / "merge.duckdb") as con:
        con.register("stored", frame(stored, 1))
        con.execute("INSERT INTO observations SELECT * FROM stored")
        con.register("incoming_obs", frame(incoming, 2))
        counts = _merge_observations(con, len(incoming), 2, clock.now())
        kept = con.execute("SELECT indicator_id, value, numerator FROM observation_revisions "
                           "ORDER BY ALL").fetchall()
    return counts, kept


def test_an_iod_score_brought_again_without_its_attached_numerator_is_unchanged(tmp_path):
    """The load attaches IoD income and employment scores' numerators after writing
    them: a score arriving without one has not been revised; any other value has."""
    counts, kept = _merge(
        tmp_path, [("iod-income-score", "E01000001", 0.1, 120.0),
                   ("iod-crime-score", "E01000001", 0.5, 7.0)],
        [("iod-income-score", "E01000001", 0.1, None), ("iod-crime-score", "E01000001", 0.5,
                                                          None)])
    assert counts == (0, 1, 1) and kept == [("iod-crime-score", 0.5, 7.0)]
