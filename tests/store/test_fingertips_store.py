"""Each bundled Fingertips export loaded into a copy of the store (the `placeboard load`
path) reads back from `breakdowns` exactly as the file has it, row for row; its headline
rows are in `observations`; a re-load replaces rows by key; and the public never sees a
small count of a breakdown, only the one withheld label."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dashboard.common.config import DATA_DIR
from dashboard.ingest.loader import load_files
from dashboard.methods.disclosure import WITHHELD_LABEL
from dashboard.security.access import Viewer
from dashboard.store import Store, make_cache

FOLDER = DATA_DIR / "fingertips"
FILES = sorted(FOLDER.glob("*.csv"))
NUMBERS = {"value": "Value", "lci": "Lower CI 95.0 limit", "uci": "Upper CI 95.0 limit",
           "lci99": "Lower CI 99.8 limit", "uci99": "Upper CI 99.8 limit",
           "numerator": "Count", "denominator": "Denominator"}


@pytest.fixture(scope="module")
def loaded(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built store with the three exports loaded (or, where the store was
    built with them, already there: the same writer wrote them)."""
    path = tmp_path_factory.mktemp("fingertips") / "store.duckdb"
    shutil.copy2(built_store_path, path)
    result = load_files(path, FILES, DATA_DIR)
    assert result.ok and {f.status for f in result.files} <= {"loaded", "unchanged"}
    return path


def file_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(), newline="")))


def stored(store_path: Path, indicator_ids: list[str]) -> dict[tuple, dict]:
    """breakdowns rows by (Fingertips id, area, period label, sex, age, category type,
    category)."""
    with duckdb.connect(str(store_path), read_only=True) as con:
        cursor = con.execute("SELECT * FROM breakdowns WHERE list_contains(?, indicator_id)",
                             [indicator_ids])
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {(r["indicator_id"].removeprefix("fingertips-"), r["area_code"], r["period_label"],
             r["sex"], r["age"], r["category_type"], r["category"]): r for r in rows}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_row_of_the_export_reads_back_from_breakdowns(loaded: Path, path: Path) -> None:
    published = file_rows(path)
    ids = sorted({f"fingertips-{row['Indicator ID']}" for row in published})
    rows = stored(loaded, ids)
    assert len(rows) == len(published)
    for row in published:
        key = (row["Indicator ID"], row["Area Code"], row["Time period"], row["Sex"],
               row["Age"], row["Category Type"], row["Category"])
        mine = rows[key]
        for column, name in NUMBERS.items():
            expected = float(row[name]) if row[name].strip() else None
            assert mine[column] == expected, (key, column)
        assert mine["note"] == (row["Value note"] or None)


def test_headline_rows_are_the_observations(loaded: Path) -> None:
    with duckdb.connect(str(loaded), read_only=True) as con:
        counts = dict(con.execute(
            "SELECT indicator_id, count(*) FROM observations WHERE indicator_id LIKE "
            "'fingertips-%' GROUP BY 1").fetchall())
        england = con.execute(
            "SELECT value, lci, uci, numerator FROM observations WHERE indicator_id = "
            "'fingertips-93356' AND area_code = 'E92000001' AND period_start = ?",
            [date(2017, 1, 1)]).fetchone()
        dorset = con.execute("SELECT count(*) FROM observations WHERE area_code = 'E10000009'"
                             " AND indicator_id = 'fingertips-93356'").fetchone()[0]
    assert counts["fingertips-93356"] == 486 and counts["fingertips-93532"] == 17
    assert sum(counts.values()) == 486 + 17 + 87
    published = next(r for r in file_rows(FOLDER / "countyua_campylobacter_93356.csv")
                     if r["Area Code"] == "E92000001" and r["Time period"] == "2017"
                     and not r["Category"] and r["Age"] == "All ages")
    assert england == (float(published["Value"]), float(published["Lower CI 95.0 limit"]),
                       float(published["Upper CI 95.0 limit"]), float(published["Count"]))
    assert dorset == 3  # kept under the old code, never moved to E06000059


def test_a_reload_replaces_rows_by_key(loaded: Path, tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    shutil.copy2(loaded, store)
    source = FOLDER / "api_93532_unmet_alcohol_excerpt.csv"
    revised = tmp_path / "api_93532_unmet_alcohol_excerpt.csv"
    revised.write_text(source.read_text().replace("79.89793213", "79.5"))
    result = load_files(store, [revised], DATA_DIR)
    (item,) = result.files
    assert (item.status, item.rows_replaced, item.breakdown_rows) == ("loaded", 1, 17)
    with duckdb.connect(str(store), read_only=True) as con:
        n, value = con.execute("SELECT count(*), max(value) FILTER (WHERE area_code = "
                               "'E10000031') FROM breakdowns WHERE indicator_id = "
                               "'fingertips-93532'").fetchone()
    assert (n, value) == (17, 79.5)


@pytest.fixture(scope="module")
def public(loaded: Path) -> Store:
    return Store(loaded, make_cache())


def test_a_small_count_in_a_breakdown_is_withheld_for_the_public(public: Store) -> None:
    barking = "E09000002"  # 0-9 yrs, 2016: a count of 1 (line 1224 of file 2)
    rows = public.indicator_breakdowns("fingertips-93356", barking)
    small = next(r for r in rows if r["age"] == "0-9 yrs" and r["period_label"] == "2016")
    assert small["status"] == "c" and small["note"] == WITHHELD_LABEL
    for column in ("value", "lci", "uci", "lci_998", "uci_998", "numerator", "denominator"):
        assert small[column] is None, column
    everyone = next(r for r in rows if r["age"] == "All ages" and r["period_label"] == "2016")
    assert everyone["value"] is not None and everyone["status"] is None
    analyst = public.for_viewer(Viewer("analyst"))
    exact = next(r for r in analyst.indicator_breakdowns("fingertips-93356", barking)
                 if r["age"] == "0-9 yrs" and r["period_label"] == "2016")
    assert (exact["numerator"], exact["denominator"]) == (1, 39213)


def test_an_indicator_without_breakdowns_has_none(public: Store) -> None:
    assert public.indicator_breakdowns("claimant-count", "E08000004") == []
