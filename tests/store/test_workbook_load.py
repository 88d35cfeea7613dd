"""A partner's Excel workbook loads into a copy of the store with the values its cells
hold, and `placeboard check starts.xlsx` prints its report (the workbook, sheet, row,
column and value of each finding). Workbooks are built with openpyxl in tmp_path."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest

from dashboard import cli
from dashboard.common.config import DATA_DIR
from dashboard.ingest.loader import load_files

TIDY = ["indicator", "area_code", "area_name", "period", "value", "numerator",
        "denominator", "status", "note"]


@pytest.fixture()
def store_copy(built_store_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.duckdb"
    shutil.copy(built_store_path, target)
    return target


def make_workbook(path: Path, rows: list[list], title: str = "data") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cell in sheet["D"][1:]:
        if isinstance(cell.value, date):
            cell.number_format = "mmm-yy"  # what Excel makes of a typed 2024-04
    book.save(path)
    return path


def starts_rows(oldham_2024: float = 0.1 + 0.2) -> list[list]:
    return [
        TIDY,
        ["Apprenticeship starts", "E08000004", "Oldham", "2023/24", 12.3, 123, 1000, None,
         None],
        ["Apprenticeship starts", "E08000004", "Oldham", 2024, oldham_2024, None, None, None,
         "first line\nsecond line"],
        ["Apprenticeship starts", "E08000010", "Wigan", date(2024, 4, 1), 7, None, None,
         None, None],
        ["Apprenticeship starts", "E08000010", "Wigan", "2023/24", None, None, None, "c",
         "fewer than 5"],
    ]


def stored(store_path: Path, sql: str, params: list) -> list[tuple]:
    with duckdb.connect(str(store_path), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_a_tidy_workbook_loads_and_its_values_are_the_cells(tmp_path: Path,
                                                            store_copy: Path):
    path = make_workbook(tmp_path / "starts.xlsx", starts_rows())
    (tmp_path / "starts.json").write_text(json.dumps({"indicators": {
        "Apprenticeship starts": {"title": "Apprenticeship starts per 100 people",
                                  "polarity": "higher_is_better",
                                  "source": "Oldham Council"}}}))

    result = load_files(store_copy, [path], DATA_DIR)

    assert result.ok and result.files[0].status == "loaded"
    assert result.files[0].rows_added == 4
    rows = stored(store_copy, """
        SELECT area_code, period_label, period_duration, value, numerator, denominator,
               status, note
        FROM observations WHERE indicator_id = 'apprenticeship-starts'
        ORDER BY area_code, period_start""", [])
    assert rows == [
        ("E08000004", "2023/24", "P1Y", 12.3, 123.0, 1000.0, None, None),
        ("E08000004", "2024", "P1Y", 0.3, None, None, None, "first line\nsecond line"),
        ("E08000010", "2023/24", "P1Y", None, None, None, "c", "fewer than 5"),
        ("E08000010", "Apr 2024", "P1M", 7.0, None, None, None, None),
    ]
    assert stored(store_copy, "SELECT title, polarity, source_org FROM indicators WHERE "
                  "indicator_id = 'apprenticeship-starts'", []) == [
        ("Apprenticeship starts per 100 people", "higher_is_better", "Oldham Council")]
    assert stored(store_copy, "SELECT file FROM datasets WHERE dataset_id = 'starts'",
                  []) == [("starts.xlsx",)]
    assert stored(store_copy, "SELECT file, format FROM loads WHERE dataset_id = 'starts'",
                  []) == [(str(path), "tidy_xlsx")]


def test_a_workbook_is_known_by_its_bytes(tmp_path: Path, store_copy: Path):
    """The same workbook again changes nothing; one changed cell replaces one row."""
    path = make_workbook(tmp_path / "starts.xlsx", starts_rows())
    assert load_files(store_copy, [path], DATA_DIR).files[0].status == "loaded"
    assert load_files(store_copy, [path], DATA_DIR).files[0].status == "unchanged"

    make_workbook(path, starts_rows(oldham_2024=0.4))
    again = load_files(store_copy, [path], DATA_DIR).files[0]
    assert (again.status, again.rows_added, again.rows_replaced, again.rows_unchanged) == \
        ("loaded", 0, 1, 3)


def test_placeboard_check_prints_the_workbooks_report(tmp_path: Path, built_store_path: Path,
                                                      capsys: pytest.CaptureFixture):
    rows = starts_rows()
    rows[2][4] = "n/a"   # sheet row 3: the value
    path = make_workbook(tmp_path / "starts.xlsx", rows)

    code = cli.main(["check", str(path), "--store", str(built_store_path)])

    out = capsys.readouterr().out
    assert code == 1, out
    assert f"{path}: 4 rows, 1 errors" in out
    assert f"ERROR {path}, sheet data, row 3, column value: value 'n/a': expected a number" \
        in out
    assert cli.main(["check", "--json", str(path), "--store", str(built_store_path)]) == 1
    report = json.loads(capsys.readouterr().out)["files"][0]
    finding = next(g for g in report["groups"] if g["rule"] == "non_numeric")["findings"][0]
    assert (finding["file"], finding["sheet"], finding["line"], finding["column"],
            finding["value"]) == (str(path), "data", 3, "value", "n/a")


def test_placeboard_check_refuses_an_old_xls_workbook(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture):
    path = tmp_path / "starts.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert cli.main(["check", str(path), "--store", "/nonexistent.duckdb"]) == 2
    out = capsys.readouterr().out
    assert "UNREADABLE" in out and "Traceback" not in out
    assert "save it from Excel as an Excel Workbook (.xlsx) or as CSV UTF-8" in out
