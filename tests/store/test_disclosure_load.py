"""A count file loaded with `placeboard load` is protected for the public at once, even
when its metadata gives the unit ("people") but not `value_type: count`: on the
indicator page (store.series), the ranking and map (store.period_values, the map
payload) and the CSV download."""

from __future__ import annotations

import io
import json
import math
import shutil

import duckdb
import pandas as pd
import pytest

from dashboard.cli import main as placeboard
from dashboard.common.config import DATA_DIR, Settings
from dashboard.methods.disclosure import WITHHELD_LABEL
from dashboard.security.access import PUBLIC
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from tests.unit.test_disclosure_audit import feasible_ranges, possible_values

INDICATOR = "disclosure-test-people-starting"
OLDHAM, WIGAN, BOLTON = "E08000004", "E08000010", "E08000001"
WARD = "E05014658"
PERIOD = "2024-04-01/P1Y"


def _files(folder, lsoas: list[str]) -> tuple:
    counts = dict(zip(lsoas, [1, 9, 0, 1, 1, 5, 17], strict=True))
    rows = [(OLDHAM, 3), (WIGAN, 40), (BOLTON, 12), (WARD, sum(counts.values())),
            *counts.items()]
    frame = pd.DataFrame([{"indicator": "Disclosure test people starting",
                           "area_code": code, "period": PERIOD, "value": value}
                          for code, value in rows])
    path = folder / "disclosure-test-people.csv"
    frame.to_csv(path, index=False)
    (folder / "disclosure-test-people.json").write_text(json.dumps({
        "dataset_title": "Disclosure test (test data)", "access": "public",
        "indicators": {"Disclosure test people starting": {
            "title": "People starting (disclosure test data)", "unit": "people",
            "decimals": 0, "polarity": "no_judgement", "theme": "work and worklessness"}}}))
    return path, counts


@pytest.fixture(scope="module")
def loaded(built_store_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("people")
    path = folder / "store.duckdb"
    shutil.copy2(built_store_path, path)
    with duckdb.connect(str(path), read_only=True) as con:
        lsoas = [r[0] for r in con.execute(
            "SELECT child_code FROM area_links WHERE parent_code = ? ORDER BY child_code",
            [WARD]).fetchall()]
    csv_path, counts = _files(folder, lsoas)
    assert placeboard(["load", str(csv_path), "--store", str(path)]) == 0
    with duckdb.connect(str(path), read_only=True) as con:
        value_type = con.execute("SELECT value_type FROM indicators WHERE indicator_id = ?",
                                 [INDICATOR]).fetchone()[0]
    assert value_type != "count"  # the case at issue: only the unit says it is a count
    return {"path": path, "counts": counts,
            "store": Store(path, make_cache()).for_viewer(PUBLIC)}


def test_the_small_count_is_withheld_on_the_indicator_page(loaded):
    series = loaded["store"].series(INDICATOR, (OLDHAM, WIGAN))
    oldham = series.set_index("area_code").loc[OLDHAM]
    assert math.isnan(oldham["value"]) and oldham["note"] == WITHHELD_LABEL
    assert series.set_index("area_code").loc[WIGAN, "value"] == 40


def test_the_small_count_is_withheld_in_the_ranking_and_map(loaded):
    from layouts.map import la_map_view

    ranking = loaded["store"].period_values(INDICATOR).set_index("area_code")
    assert math.isnan(ranking.loc[OLDHAM, "value"]) and ranking.loc[BOLTON, "value"] == 12
    view = la_map_view(loaded["store"], INDICATOR, None, "lad", "england", "quantiles")
    values = dict(zip(view["codes"], view["payload"]["values"], strict=True))
    assert values[OLDHAM] is None and values[BOLTON] == 12
    assert view["status"][view["codes"].index(OLDHAM)] == "suppressed"


def test_the_small_count_is_withheld_in_the_csv_download(loaded, tmp_path):
    from callbacks.indicator import csv_download

    settings = Settings.from_env(store_path=loaded["path"], data_dir=DATA_DIR,
                                 accounts_path=tmp_path / "accounts.sqlite",
                                 secret_key="test-secret-key-not-for-production")
    app = create_app(settings, store=Store(loaded["path"], make_cache()))
    with app.server.test_request_context():
        download = csv_download(INDICATOR, OLDHAM, [WIGAN], None)
    frame = pd.read_csv(io.StringIO(download["content"]))
    oldham = frame[frame["area_code"] == OLDHAM]
    assert len(oldham) > 0 and oldham["value"].isna().all()
    assert set(oldham["note"]) == {WITHHELD_LABEL}
    assert (frame.loc[frame["area_code"] == WIGAN, "value"] == 40).all()


def test_complementary_cells_are_worked_out_by_the_load_itself(loaded):
    series = loaded["store"].series(INDICATOR, (WARD, *loaded["counts"]))
    values = {r.area_code: r.value for r in series.itertuples()}
    withheld = {code for code, value in values.items() if math.isnan(value)}
    ranges = feasible_ranges(values, withheld, [(WARD, list(loaded["counts"]))])
    for code, count in loaded["counts"].items():
        if 0 < count < 5:
            assert code in ranges and possible_values(*ranges[code]) >= 5, ranges[code]


def test_the_small_count_is_withheld_in_the_open_downloads(loaded, tmp_path):
    """The compare, map and area profile downloads, in CSV and XLSX, as the public: the
    withheld value reads the one label and its number cell is blank."""
    import csv

    import openpyxl

    settings = Settings.from_env(store_path=loaded["path"], data_dir=DATA_DIR,
                                 accounts_path=tmp_path / "accounts.sqlite",
                                 secret_key="test-secret-key-not-for-production")
    client = create_app(settings, store=Store(loaded["path"], make_cache())).server.test_client()
    for path, code_column in (
            (f"/download/compare.{{}}?areas={OLDHAM},{WIGAN},{BOLTON}&indicators={INDICATOR}",
             "Area code"),
            (f"/download/area-profile.{{}}?area={OLDHAM}&theme=work+and+worklessness",
             "Area code")):
        text = client.get(path.format("csv")).get_data(as_text=True)
        rows = [r for r in csv.DictReader(io.StringIO(text))
                if r[code_column] == OLDHAM and r["Indicator id"] == INDICATOR]
        assert len(rows) == 1, path
        assert rows[0]["Value"] == "" and rows[0]["Value as shown"] == WITHHELD_LABEL
        book = openpyxl.load_workbook(io.BytesIO(client.get(path.format("xlsx")).data))
        sheet = list(book["data"].iter_rows(values_only=True))
        header = list(sheet[0])
        row = next(r for r in sheet[1:] if r[header.index(code_column)] == OLDHAM
                   and r[header.index("Indicator id")] == INDICATOR)
        assert row[header.index("Value")] is None
        assert row[header.index("Value as shown")] == WITHHELD_LABEL
    text = client.get(f"/download/map.csv?indicator={INDICATOR}").get_data(as_text=True)
    by_code = {r["Area code"]: r for r in csv.DictReader(io.StringIO(text))}
    assert by_code[OLDHAM]["Value"] == "" and by_code[OLDHAM]["Value as shown"] == "suppressed"
    assert by_code[BOLTON]["Value"] == "12.0"
