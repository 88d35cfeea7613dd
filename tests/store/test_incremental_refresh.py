"""After `placeboard load`, derived tables are refreshed for the indicators the load
changed only (dashboard/store/derived/__init__.py, REFRESH); what they hold must be exactly what
the whole build steps make of the same store, row for row, in every table."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.cli.data import load_steps
from dashboard.common.config import DATA_DIR
from dashboard.ingest.loader import Changes, _sources, load_files
from dashboard.store import derived
from dashboard.store.derived import judgements, targets_status
from dashboard.store.derived.refresh import replace_rows

CLAIMANTS = DATA_DIR / "ons" / "claimant-count" / "claimant-count.csv"
EXAMPLE = DATA_DIR / "examples" / "example-employment-support-starts.csv"
EXAMPLE_ID = "synthetic-example-employment-support-starts"
NEW_ID = "refresh-test-people-starting"
RATES_ID = "refresh-test-neighbourhood-rate"
WARD = "E05014658"


def _revised_claimants(folder: Path) -> Path:
    """Oldham's 2025 claimant count revised and a 2026 value added: an ONS series with
    targets in every example partnership."""
    lines = CLAIMANTS.read_bytes().decode("utf-8-sig").split("\r\n")
    out = []
    for line in lines:
        if line.startswith("E08000004,") and ",2025-01-01/P1Y," in line:
            out.append(line.replace(",6.6,", ",6.7,"))
            out.append(line.replace("2025-01-01/P1Y", "2026-01-01/P1Y"))
        else:
            out.append(line)
    path = folder / CLAIMANTS.name
    path.write_bytes(("\ufeff" + "\r\n".join(out)).encode("utf-8"))
    shutil.copy(CLAIMANTS.with_suffix(".json"), folder / "claimant-count.json")
    return path


def _revised_example(folder: Path) -> Path:
    """The synthetic count example (it has suppressed cells) with two counts changed."""
    frame = pd.read_csv(EXAMPLE)
    frame.loc[frame.index[[3, 7]], "value"] = [2, 250]
    path = folder / EXAMPLE.name
    frame.to_csv(path, index=False)
    shutil.copy(EXAMPLE.with_suffix(".json"), folder / EXAMPLE.with_suffix(".json").name)
    return path


def _new_counts(folder: Path, lsoas: list[str]) -> Path:
    """A new count indicator with small numbers for a ward, its LSOAs and authorities."""
    counts = dict(zip(lsoas, [1, 9, 0, 1, 1, 5, 17], strict=False))
    rows = [("E08000004", 3), ("E08000010", 40), ("E08000001", 12),
            (WARD, sum(counts.values())), *counts.items()]
    pd.DataFrame([{"indicator": "Refresh test people starting", "area_code": code,
                   "period": "2024-04-01/P1Y", "value": value} for code, value in rows]
                 ).to_csv(folder / "refresh-test-people.csv", index=False)
    (folder / "refresh-test-people.json").write_text(json.dumps({
        "dataset_title": "Refresh test (test data)", "access": "public",
        "indicators": {"Refresh test people starting": {
            "title": "People starting (refresh test data)", "unit": "people",
            "decimals": 0, "polarity": "higher_is_better",
            "theme": "work and worklessness"}}}))
    return folder / "refresh-test-people.csv"


def _neighbourhood_rates(folder: Path, lsoas: list[str]) -> Path:
    """A new indicator published for LSOAs only: no judgements, trends or page rows."""
    pd.DataFrame([{"indicator": "Refresh test neighbourhood rate", "area_code": code,
                   "period": period, "value": 10 + n + year}
                  for n, code in enumerate(lsoas)
                  for year, period in enumerate(("2023-04-01/P1Y", "2024-04-01/P1Y"))]
                 ).to_csv(folder / "refresh-test-rates.csv", index=False)
    (folder / "refresh-test-rates.json").write_text(json.dumps({
        "dataset_title": "Refresh test rates (test data)", "access": "public",
        "indicators": {"Refresh test neighbourhood rate": {
            "title": "Neighbourhood rate (refresh test data)", "unit": "%",
            "polarity": "lower_is_better", "theme": "work and worklessness"}}}))
    return folder / "refresh-test-rates.csv"


@pytest.fixture(scope="module")
def stores(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A copy of the store after one load refreshed incrementally, and a copy of that
    with every load step run whole (BUILD_STEP)."""
    folder = tmp_path_factory.mktemp("refresh")
    incremental = folder / "incremental.duckdb"
    shutil.copy2(built_store_path, incremental)
    with duckdb.connect(str(incremental), read_only=True) as con:
        lsoas = [r[0] for r in con.execute("SELECT child_code FROM area_links WHERE "
                                           "parent_code = ? ORDER BY child_code",
                                           [WARD]).fetchall()]
    files = [_revised_claimants(folder), _revised_example(folder), _new_counts(folder, lsoas),
             _neighbourhood_rates(folder, lsoas)]
    seen: list[Changes] = []
    whole: list[str] = []
    steps = []
    for step in load_steps():
        def spied(con, changes=None, step=step):
            seen.append(changes)
            return step(con, changes)
        steps.append(spied)
    with pytest.MonkeyPatch.context() as patch:
        for module in (judgements, targets_status, derived.disclosure, derived.pages):
            patch.setattr(module, "BUILD_STEP", lambda con, name=module.__name__:
                          whole.append(name))
        result = load_files(incremental, files, DATA_DIR, refresh_steps=steps)
    assert result.ok and [f.status for f in result.files] == ["loaded"] * 4
    full = folder / "full.duckdb"
    shutil.copy2(incremental, full)
    with duckdb.connect(str(full)) as con:
        # lsoa_latest's whole step skips a table made from the same data: forget what it
        # was made from, so the full copy's table is made again, not the refreshed one kept
        con.execute("DELETE FROM meta WHERE key = 'lsoa_latest_source'")
        for step in load_steps():
            step(con)  # not told what changed: the whole BUILD_STEP
        con.execute("CHECKPOINT")
    return {"incremental": incremental, "full": full, "changes": seen, "whole": whole}


def test_the_load_refreshes_only_the_indicators_it_changed(stores):
    expected = Changes(frozenset({"claimant-count", EXAMPLE_ID, NEW_ID, RATES_ID}))
    assert stores["changes"] and all(c == expected for c in stores["changes"])
    assert stores["whole"] == []  # no step fell back to its whole BUILD_STEP


def _tables(con: duckdb.DuckDBPyConnection, database: str) -> dict[str, list]:
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND NOT temporary "
        "ORDER BY table_name", [database]).fetchall()]
    return {name: con.execute(f"DESCRIBE {database}.{name}").fetchall() for name in names}


def test_incremental_refresh_gives_exactly_the_tables_of_a_full_rebuild(stores):
    con = duckdb.connect()
    con.execute(f"ATTACH '{stores['incremental']}' AS incremental (READ_ONLY)")
    con.execute(f"ATTACH '{stores['full']}' AS full_build (READ_ONLY)")
    tables = _tables(con, "incremental")
    assert tables == _tables(con, "full_build")  # same tables, columns and types
    assert {"area_values", "judgements", "trends", "distributions", "area_profiles",
            "page_values", "page_map_indicators", "public_suppressions",
            "target_status"} <= set(tables)
    different = {}
    for name in tables:
        # One scan each for a fingerprint of the table's rows as a multiset (most tables
        # are not touched by the refresh); rows are compared one by one only where the
        # fingerprints differ.
        fingerprint = "SELECT count(*), sum(hash(t)::HUGEINT) FROM {}.{} t"
        if con.execute(fingerprint.format("incremental", name)).fetchone() == \
                con.execute(fingerprint.format("full_build", name)).fetchone():
            continue
        counts = con.execute(f"""
            SELECT (SELECT count(*) FROM incremental.{name}),
                   (SELECT count(*) FROM (SELECT * FROM incremental.{name}
                                          EXCEPT ALL SELECT * FROM full_build.{name})),
                   (SELECT count(*) FROM (SELECT * FROM full_build.{name}
                                          EXCEPT ALL SELECT * FROM incremental.{name}))
        """).fetchone()
        if counts[1] or counts[2]:
            different[name] = counts
    assert different == {}
    # the load did change derived rows, so the comparison above is not of untouched tables
    for table, indicator in (("area_values", NEW_ID), ("public_suppressions", NEW_ID),
                             ("page_values", "claimant-count"), ("lsoa_latest", RATES_ID),
                             ("lsoa_latest", NEW_ID)):
        assert con.execute(f"SELECT count(*) FROM incremental.{table} WHERE indicator_id = ?",
                           [indicator]).fetchone()[0] > 0
    assert con.execute("SELECT value FROM incremental.area_values WHERE indicator_id = "
                       "'claimant-count' AND area_code = 'E08000004' AND period_start = "
                       "'2025-01-01'").fetchone()[0] == pytest.approx(6.7)


def test_a_neighbour_feature_means_the_whole_judgements_step(monkeypatch):
    """Neighbours are chosen by the feature indicators' latest values: a load of one may
    change every area's neighbours, so its refresh is the whole step."""
    calls = []
    monkeypatch.setattr(judgements, "BUILD_STEP", lambda con: calls.append(con))
    monkeypatch.setattr(judgements, "_derive", lambda con, only: calls.append(only))
    judgements.REFRESH("con", frozenset({"gross-median-weekly-pay", "claimant-count"}))
    judgements.REFRESH("con", frozenset({"claimant-count"}))
    assert calls == ["con", frozenset({"claimant-count"})]


def test_target_statuses_of_another_day_are_worked_out_whole(monkeypatch):
    con = duckdb.connect()
    con.execute("CREATE TABLE targets (partnership_id VARCHAR, indicator_id VARCHAR)")
    con.execute("INSERT INTO targets VALUES ('p', 'claimant-count')")
    con.execute("CREATE TABLE target_status AS SELECT 'p' AS partnership_id, "
                "?::TIMESTAMP AS assessed_on", [date.today() - timedelta(days=1)])
    calls = []
    monkeypatch.setattr(targets_status, "BUILD_STEP", lambda con: calls.append("whole"))
    monkeypatch.setattr(targets_status, "status_table",
                        lambda con, today, only: calls.append(only) or pd.DataFrame())
    monkeypatch.setattr(targets_status, "_build_pages", lambda con: calls.append("pages"))
    targets_status.REFRESH(con, frozenset({"claimant-count"}))
    assert calls == ["whole"]
    con.execute("UPDATE target_status SET assessed_on = ?", [date.today()])
    targets_status.REFRESH(con, frozenset({"employment-rate"}))  # no target on it
    targets_status.REFRESH(con, frozenset({"claimant-count"}))
    # the affected partnership's statuses, then the target pages made from them
    assert calls == ["whole", frozenset({"p"}), "pages"]


def test_replace_rows_keeps_other_rows_and_widens_a_column_that_was_empty():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('a', 1, NULL), ('b', 2, NULL), "
                "('c', 3, NULL)) v(indicator_id, n, note)")
    assert con.execute("SELECT typeof(note) FROM t LIMIT 1").fetchone()[0] == "INTEGER"
    replace_rows(con, "t", "SELECT 'b' AS indicator_id, 20 AS n, NULL AS note", {},
                 {"b"}, "indicator_id")
    assert con.execute("SELECT * FROM t ORDER BY indicator_id").fetchall() == [
        ("a", 1, None), ("b", 20, None), ("c", 3, None)]
    replace_rows(con, "t", "SELECT $id AS indicator_id, 30 AS n, 'new' AS note",
                 {"id": "c"}, {"c"}, "indicator_id")
    assert con.execute("SELECT * FROM t").fetchall() == [  # the build's order again
        ("a", 1, None), ("b", 20, None), ("c", 30, "new")]
    assert con.execute("SELECT typeof(note) FROM t LIMIT 1").fetchone()[0] == "VARCHAR"


def test_changes_are_the_fingerprints_that_differ(built_store_path):
    """Nothing changed (a boundaries file, say): no refresh; areas: everything; an
    indicator's values or metadata: that indicator."""
    with duckdb.connect(str(built_store_path), read_only=True) as con:
        before = _sources(con)
    assert not Changes.between(before, before)
    reference, indicators = before
    assert Changes.between(before, ((reference[0] + 1, reference[1]), indicators)).everything
    changed = dict(indicators, **{"claimant-count": (0, 0, 0)})
    assert Changes.between(before, (reference, changed)) == \
        Changes(frozenset({"claimant-count"}))


def test_a_refresh_that_fails_leaves_the_store_exactly_as_it_was(built_store_path, tmp_path):
    """The refresh runs in the copy the load writes into, before it is swapped in."""
    store = tmp_path / "store.duckdb"
    shutil.copy2(built_store_path, store)
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    told = []

    def failing(con, changes):
        told.append(changes)
        raise RuntimeError("refresh failed")

    with pytest.raises(RuntimeError, match="refresh failed"):
        load_files(store, [_revised_example(tmp_path)], DATA_DIR, refresh_steps=[failing])
    assert told == [Changes(frozenset({EXAMPLE_ID}))]
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("*.tmp"))
