"""Spreadsheet formula injection: text from data that starts like a formula (=, +, -, @,
tab, carriage return) leaves every CSV and XLSX export as text (OWASP: a leading single
quote), while real numbers, negative ones included, stay numbers."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard import cli
from dashboard.common.config import DATA_DIR, Settings
from dashboard.exports import cells as exports
from dashboard.exports import returns

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0",
           "@SUM(A1:A9)", "-2+3", "\t=1+1", "\r=1+1"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def assert_no_live_formula(cells: list[str]) -> None:
    """Every cell starting like a formula is a plain number (e.g. -2.5)."""
    for cell in cells:
        if cell.startswith(FORMULA_START):
            float(cell)  # raises for anything but a number


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_cell_quotes_text_that_starts_like_a_formula(text: str) -> None:
    assert exports.safe_cell(text) == "'" + text
    assert exports.safe_cell(exports.safe_cell(text)) == "'" + text  # idempotent


@pytest.mark.parametrize("value", [-2, -2.5, 0, 3.25, None, "Oldham", "2023/24", "'=quoted",
                                   "a=b", "E08000004"])
def test_safe_cell_leaves_numbers_and_ordinary_text_alone(value: object) -> None:
    assert exports.safe_cell(value) == value


def test_safe_frame_keeps_numeric_columns_numeric() -> None:
    frame = pd.DataFrame({"name": ["=1+1", "Oldham"], "value": [-2.5, 3.0],
                          "count": pd.array([-1, 4], dtype="Int64")})
    safe = exports.safe_frame(frame)
    assert safe["name"].tolist() == ["'=1+1", "Oldham"]
    assert safe["value"].tolist() == [-2.5, 3.0] and safe["value"].dtype == float
    assert safe["count"].dtype == frame["count"].dtype
    assert frame["name"].iloc[0] == "=1+1"  # the input is not changed


def test_the_indicator_pages_csv_is_neutralised() -> None:
    """The download's text: names, notes and titles that look like formulas are quoted,
    numbers (negative ones too) stay numbers."""
    from dashboard.views import indicator

    long = pd.DataFrame({"role": ["area"], "code": ["E08000004"], "name": [HOSTILE[0]],
                         "period_start": [pd.Timestamp("2024-01-01")], "period_label": ["2024"],
                         "value": [-2.0], "lci": [None], "uci": [None], "status": [None],
                         "note": [HOSTILE[2]]})
    text = exports.csv_text(*indicator.csv_rows(long, pd.DataFrame(),
                                                {"indicator_id": "x", "title": HOSTILE[3]}))
    out = next(csv.DictReader(io.StringIO(text)))
    assert out["area_name"] == "'" + HOSTILE[0]
    assert out["note"] == "'" + HOSTILE[2]
    assert out["indicator"] == "'" + HOSTILE[3]
    assert out["value"] == "-2.0"


def test_csv_text_writes_what_pandas_writes_of_the_safe_frame() -> None:
    """The records writer (one pass, no DataFrame) gives the bytes csv_ready(frame)
    .to_csv gave: formulas quoted, line breaks of one kind and quoted, numbers by repr,
    missing values blank."""
    from dashboard.views import indicator

    long = pd.DataFrame({"role": ["area", "area", "england"],
                         "code": ["E08000004", "E08000004", "E92000001"],
                         "name": [HOSTILE[0], "Old\r\nham", "England"],
                         "period_start": pd.to_datetime(["2023-01-01", "2024-01-01",
                                                         "2024-01-01"]),
                         "period_label": ["2023", "2024", "2024"],
                         "value": [-2.0, 0.1 + 0.2, None], "lci": [None, 1e-7, 3.0],
                         "uci": [None, 123456789012.5, 4.0], "status": [None, "x", None],
                         "note": [HOSTILE[5], "a, \"quoted\" note", None]})
    meta = {"indicator_id": "x", "title": HOSTILE[3], "unit": None, "licence": "OGL"}
    columns, rows = indicator.csv_rows(long, pd.DataFrame(), meta)
    frame = indicator.csv_frame(long, pd.DataFrame(), meta)
    expected = exports.csv_ready(frame).to_csv(index=False)
    assert exports.csv_text(columns, rows) == expected
    cells = [cell for row in csv.reader(io.StringIO(expected)) for cell in row]
    assert_no_live_formula(cells)
    assert "0.30000000000000004" in expected and "1e-07" in expected


@pytest.fixture()
def hostile_store(built_store_path: Path, tmp_path: Path, monkeypatch, capsys) -> Path:
    """The built store plus a public tidy file whose names, notes and title are formulas
    (loaded without the derived-table refresh: the trend reads observations)."""
    store = tmp_path / "store.duckdb"
    shutil.copy(built_store_path, store)
    data = tmp_path / "widgets.csv"
    rows = [["indicator", "area_code", "area_name", "period", "value", "note"],
            ["Widgets", "E08999999", HOSTILE[0], "2023", "-2", HOSTILE[2]],
            ["Widgets", "E08999999", HOSTILE[0], "2024", "-2.5", HOSTILE[1]],
            ["Widgets", "E92000001", "England", "2024", "4", HOSTILE[4]]]
    with data.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    (tmp_path / "widgets.json").write_text(json.dumps(
        {"source": HOSTILE[3], "indicators": {"Widgets": {"title": HOSTILE[5]}}}))
    monkeypatch.setattr(cli.data, "load_steps", list)
    assert cli.main(["load", str(data), "--store", str(store)]) == 0, capsys.readouterr().out
    return store


def test_indicator_csv_download_has_no_live_formulas(hostile_store: Path, tmp_path: Path
                                                     ) -> None:
    from callbacks.indicator import csv_download
    from dashboard.server.app import create_app
    from dashboard.store import Store, make_cache

    settings = Settings.from_env(store_path=hostile_store, data_dir=DATA_DIR,
                                 accounts_path=tmp_path / "accounts.sqlite",
                                 secret_key="test-secret-key-not-for-production")
    app = create_app(settings, store=Store(hostile_store, make_cache()))
    with app.server.test_request_context():
        sent = csv_download("widgets", "E08999999", None, None)
    rows = list(csv.reader(io.StringIO(sent["content"], newline="")))
    assert {len(row) for row in rows} == {len(rows[0])}  # no cell broke its row
    cells = [cell for row in rows for cell in row]
    assert_no_live_formula(cells)
    assert "'" + HOSTILE[0] in cells and "'" + HOSTILE[2] in cells
    assert "'" + HOSTILE[1] in cells
    assert "'\n=1+1" in cells  # "\r=1+1": quoted, its line break kept inside the cell
    assert "-2.0" in cells and "-2.5" in cells  # real negative numbers stay numbers


def hostile_return() -> dict:
    row = {column: None for column in returns.COLUMNS}
    row.update({"schema_version": returns.SCHEMA_VERSION, "partnership_id": "oldham",
                "partnership_name": HOSTILE[0], "indicator_id": "claimant-count",
                "indicator_title": HOSTILE[1], "area_code": "E08000004",
                "area_name": HOSTILE[2], "reason": HOSTILE[3], "source": HOSTILE[4],
                "status": HOSTILE[5], "value": -2.5, "target_value": -3, "load_id": 7})
    return {"schema": returns.SCHEMA_ID, "schema_version": returns.SCHEMA_VERSION,
            "extracted_at": "2026-12-01T00:00:00Z", "partnerships": ["=oldham"],
            "notes": "notes", "rows": [row]}


def test_return_csv_has_no_live_formulas() -> None:
    text = returns.to_csv(hostile_return()).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2 and len(rows[1]) == len(returns.COLUMNS)
    cells = [cell for row in rows for cell in row]
    assert_no_live_formula(cells)
    assert "'\n=1+1" in cells and "'\t=1+1" in cells
    assert "'" + HOSTILE[0] in cells and "'" + HOSTILE[3] in cells
    assert "-2.5" in cells and "-3" in cells


def test_return_xlsx_has_no_formula_cells() -> None:
    book = openpyxl.load_workbook(io.BytesIO(returns.to_xlsx(hostile_return())))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), cell.value
                values.append(cell.value)
    assert "'" + HOSTILE[0] in values and "'=oldham" in values
    assert -2.5 in values and -3 in values  # numbers stay numbers
