"""Excel workbooks of indicator data (dashboard/ingest/workbook.py): read as the CSV of
their sheet would be, with findings that name the workbook, the sheet, the row and the
column as a person sees them, and a clear refusal, never a traceback, for anything that
cannot be read. Every workbook is built here with openpyxl in tmp_path."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from dashboard.common.config import DATA_DIR
from dashboard.ingest import workbook
from dashboard.ingest.files import UnreadableFile
from dashboard.ingest.loader import parse_file
from dashboard.ingest.observations import ONS_COLUMNS
from dashboard.ingest.workbook import cell_text

TIDY = ["indicator", "area_code", "area_name", "period", "value", "status", "note"]
SHEET = "xl/worksheets/sheet1.xml"


def make_workbook(path: Path, rows: list[list], *, title: str = "data",
                  others: tuple[str, ...] = (), formats: dict[str, str] | None = None
                  ) -> Path:
    """A workbook whose sheet `title` holds `rows` from A1 (None: a blank cell; []: a
    blank row), and other sheets named `others`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    for name in others:
        book.create_sheet(name).append(["notes about the data"])
    book.save(path)
    return path


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def with_saved_results(path: Path, results: dict[str, tuple[str | None, str]]) -> Path:
    """The workbook as Excel would save it after working its formulas out: each formula
    cell (coordinate -> (type, saved text)) gets its result. openpyxl saves none."""
    parts = parts_of(path)
    xml = parts[SHEET].decode()
    for coordinate, (kind, text) in results.items():
        typed = f' t="{kind}"' if kind else ""
        xml, found = re.subn(rf'<c r="{coordinate}"><f>(.*?)</f><v\s*/?>(</v>)?</c>',
                             rf'<c r="{coordinate}"{typed}><f>\1</f><v>{text}</v></c>', xml)
        assert found == 1, coordinate
    parts[SHEET] = xml.encode()
    return write_parts(path, parts)


def refusal(path: Path) -> str:
    with pytest.raises(UnreadableFile) as caught:
        parse_file(path, DATA_DIR)
    return str(caught.value)


# -- cells --------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "number_format", "text"), [
    (12.3, "General", "12.3"),
    (0.1 + 0.2, "General", "0.3"),                   # 0.30000000000000004 as saved
    (12.300000000000001, "0.0", "12.3"),
    (7.0, "General", "7"),
    (7, "General", "7"),
    (-1250000.0, "#,##0", "-1250000"),
    (123456789012345.0, "General", "123456789012345"),
    (1e20, "General", "1e+20"),
    (1e15, "General", "1e+15"),
    (999999999999999.0, "General", "999999999999999"),
    (0.000123, "General", "0.000123"),
    (None, "General", ""),
    ("  Oldham ", "General", "  Oldham "),
    (True, "General", "TRUE"),
    (datetime(2024, 4, 1), "dd/mm/yyyy", "2024-04-01"),
    (datetime(2024, 4, 1), "mmm-yy", "2024-04"),     # typed 2024-04, Excel made it a date
    (datetime(2024, 4, 15), "mmm-yy", "2024-04-15"),
    (datetime(2024, 1, 1), "yyyy", "2024"),
    (datetime(2024, 4, 1, 9, 30), "dd/mm/yyyy hh:mm", "2024-04-01T09:30:00"),
    (date(2025, 4, 30), "[$-809]dd mmmm yyyy", "2025-04-30"),
])
def test_cells_become_the_text_a_person_reads_in_them(value, number_format, text):
    assert cell_text(value, number_format) == text


# -- workbooks that read ------------------------------------------------------------------

def test_an_ons_layout_workbook_parses_with_its_metadata(tmp_path: Path):
    path = make_workbook(tmp_path / "starts.xlsx", [
        ONS_COLUMNS,
        ["E08000004", "Oldham", "Local Authority District", "Apprenticeship starts",
         "2023-01-01/P1Y", 12.3, "Percentage", "%", 11.1, 13.5, None, None],
        ["E08000010", "Wigan", "Local Authority District", "Apprenticeship starts",
         "2023-01-01/P1Y", 7, "Percentage", "%", None, None, None, None],
    ])
    (tmp_path / "starts.json").write_text(json.dumps({"ess-beta-metadata": {
        "label": "Apprenticeship starts per 100 people", "decimalPlaces": 1}}))

    parsed = parse_file(path, DATA_DIR)

    assert parsed.report.ok, [f.text() for f in parsed.report.findings]
    assert (parsed.file, parsed.format, parsed.report.rows_read) == (str(path), "ons_xlsx", 2)
    assert parsed.datasets[0]["dataset_id"] == "starts"
    assert parsed.datasets[0]["file"] == "starts.xlsx"
    assert parsed.indicators[0]["title"] == "Apprenticeship starts per 100 people"
    rows = parsed.observations.sort_values("area_code")
    assert rows["value"].tolist() == [12.3, 7.0]
    assert rows["lci"].tolist()[0] == 11.1 and rows["line"].tolist() == [2, 3]


def test_the_sheet_named_data_is_read_when_there_are_several(tmp_path: Path):
    path = make_workbook(tmp_path / "starts.xlsx", [
        TIDY, ["Starts", "E08000004", "Oldham", "2023/24", 12.5, None, None]],
        title="Data", others=("Notes", "Chart data"))
    parsed = parse_file(path, DATA_DIR)
    assert parsed.report.ok and parsed.format == "tidy_xlsx"
    assert parsed.observations["value"].tolist() == [12.5]


def test_a_formula_with_its_saved_result_reads_as_the_result(tmp_path: Path):
    """Excel saves each formula's result: a number, or empty text (t="str") for
    =IF(...,"",...), which is a blank cell, not a formula without a result."""
    path = make_workbook(tmp_path / "starts.xlsx", [
        TIDY,
        ["Starts", "E08000004", "Oldham", "2023/24", 12.5, None, None],
        ["Starts", "E08000004", "Oldham", "2024/25", "=E2*2", None, '=IF(F3="","",F3)'],
    ])
    with_saved_results(path, {"E3": (None, "25.000000000000004"), "G3": ("str", "")})
    parsed = parse_file(path, DATA_DIR)
    assert parsed.report.ok
    rows = parsed.observations.sort_values("period_start")
    assert rows["value"].tolist() == [12.5, 25.0]
    assert rows["note"].isna().all()


# -- what a finding says ------------------------------------------------------------------

def test_a_bad_cell_is_named_by_workbook_sheet_row_column_and_value(tmp_path: Path):
    path = make_workbook(tmp_path / "starts.xlsx", [
        [],                                   # row 1 blank: the header is row 2
        TIDY,
        ["Starts", "E08000004", "Oldham", "2021", 10, None, "first line\nsecond line"],
        ["Starts", "E08000004", "Oldham", "2022", 11, None, None],
        [],
        ["Starts", "E08000004", "Oldham", "2022", 11.5, None, None],
        ["Starts", "E08000004", "Oldham", "2023", "n/a", None, None],
    ])
    report = parse_file(path, DATA_DIR).report
    bad = next(f for f in report.errors if f.rule == "non_numeric")
    assert (bad.file, bad.sheet, bad.line, bad.column, bad.value) == \
        (str(path), "data", 7, "value", "n/a")
    assert f"{path}, sheet data, row 7, column value: value 'n/a':" in bad.text()
    twice = next(f for f in report.errors if f.rule == "duplicate_key")
    assert twice.line == 6
    assert "duplicate of row 4: the same indicator_id, area_code" in twice.message
    assert "appears on rows 4 and 6" in twice.message
    assert report.file == str(path)
    json_finding = report.to_dict()["groups"][0]["findings"][0]
    assert json_finding["sheet"] == "data" and json_finding["file"] == str(path)


def test_a_header_without_the_required_columns_names_its_row(tmp_path: Path):
    path = make_workbook(tmp_path / "starts.xlsx", [["indicator", "area_code", "period"],
                                                    ["Starts", "E08000004", "2024"]])
    report = parse_file(path, DATA_DIR).report
    assert [f.text() for f in report.errors] == [
        f"ERROR {path}, sheet data, row 1: required column(s) value not found; the header "
        "has indicator, area_code, period; expected indicator, area_code, period, value"]


def test_a_sheet_of_another_layout_is_an_error_not_a_guess(tmp_path: Path):
    path = make_workbook(tmp_path / "budget.xlsx", [["cost centre", "amount"], ["A1", 10]])
    report = parse_file(path, DATA_DIR).report
    assert not report.ok
    assert "unrecognised layout" in report.errors[0].message
    assert report.errors[0].location() == f"{path}, sheet data, row 1"


def test_numbers_shown_as_percentages_are_a_warning(tmp_path: Path):
    path = make_workbook(tmp_path / "starts.xlsx", [
        TIDY,
        ["Starts", "E08000004", "Oldham", "2023/24", 0.123, None, None],
        ["Starts", "E08000004", "Oldham", "2024/25", 0.125, None, None],
    ], formats={"E2": "0.0%", "E3": "0.0%"})
    report = parse_file(path, DATA_DIR).report
    warning = next(f for f in report.warnings if f.rule == "percent_cell")
    assert (warning.sheet, warning.line, warning.column, warning.value) == \
        ("data", 2, "value", "0.123")
    assert "shows 12.3% but holds the number 0.123" in warning.message
    assert "2 cell(s)" in warning.message


# -- what cannot be read ------------------------------------------------------------------

def test_several_sheets_none_named_data_is_refused_naming_them(tmp_path: Path):
    path = make_workbook(tmp_path / "starts.xlsx", [TIDY], title="2024",
                         others=("Notes",))
    message = refusal(path)
    assert str(path) in message
    assert "2 sheets ('2024', 'Notes') and none is named \"data\"" in message


def test_a_formula_without_a_saved_result_is_refused_naming_sheet_and_cell(tmp_path: Path):
    path = make_workbook(tmp_path / "starts.xlsx", [
        TIDY,
        ["Starts", "E08000004", "Oldham", "2023/24", 12.5, None, None],
        ["Starts", "E08000004", "Oldham", "2024/25", "=E2*2", None, None],
    ], title="Sheet1")
    message = refusal(path)
    assert f"{path}, sheet Sheet1, cell E3 (Sheet1!E3): the cell holds a formula whose " \
           "result was never saved" in message
    assert "save it again" in message


@pytest.mark.parametrize(("content", "says"), [
    (b"indicator,area_code,period,value\n", "not an Excel workbook: an .xlsx file is a zip"),
    (b"", "the file is empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le"),
     "old-format Excel 97-2003 file (.xls) named .xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le")
     + bytes(50) + "EncryptedPackage".encode("utf-16-le"), "protected with a password"),
], ids=["csv-renamed", "empty", "old-format", "encrypted"])
def test_a_file_that_is_not_a_workbook_is_refused_saying_what_it_is(tmp_path: Path, content,
                                                                     says):
    path = tmp_path / "starts.xlsx"
    path.write_bytes(content)
    message = refusal(path)
    assert message.startswith(str(path)) and says in message


def test_a_damaged_workbook_is_refused(tmp_path: Path):
    whole = make_workbook(tmp_path / "whole.xlsx", [TIDY])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert "damaged or cut short" in refusal(cut)

    other_zip = write_parts(tmp_path / "photos.xlsx", {"holiday.txt": b"not a workbook"})
    assert "a zip archive, but not an Excel workbook" in refusal(other_zip)
    parts = parts_of(whole)
    del parts["xl/workbook.xml"]
    assert "cannot be read as an Excel workbook (KeyError" in \
        refusal(write_parts(tmp_path / "no-workbook-part.xlsx", parts))

    parts = parts_of(whole)
    parts[SHEET] = parts[SHEET][:300]  # the sheet's XML cut off
    message = refusal(write_parts(tmp_path / "bad-xml.xlsx", parts))
    assert message.startswith(str(tmp_path / "bad-xml.xlsx"))
    assert "cannot be read" in message and "save it again" in message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path):
    parts = parts_of(make_workbook(tmp_path / "whole.xlsx", [TIDY]))
    parts[SHEET] = parts[SHEET].replace(b"</worksheet>", b" " * 50_000_000 + b"</worksheet>")
    bomb = write_parts(tmp_path / "bomb.xlsx", parts)
    assert bomb.stat().st_size < 1_000_000
    assert "times its packed size" in refusal(bomb)


def test_a_sheet_beyond_the_row_limit_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)
    path = make_workbook(tmp_path / "starts.xlsx", [TIDY] + [
        ["Starts", "E08000004", "Oldham", str(year), 1, None, None]
        for year in range(2020, 2024)])
    message = refusal(path)
    assert f"{path}, sheet data: row 4 is beyond row 3" in message
    assert "CSV" in message


@pytest.mark.parametrize("name", ["starts.xls", "STARTS.XLS"])
def test_an_old_xls_file_is_refused_asking_for_xlsx_or_csv(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    message = refusal(path)
    assert "old Excel 97-2003 format (.xls)" in message
    assert "Excel Workbook (.xlsx) or as CSV UTF-8" in message


def test_an_empty_sheet_is_refused(tmp_path: Path):
    path = make_workbook(tmp_path / "starts.xlsx", [[], [None, None]])
    assert refusal(path) == f"{path}, sheet data: the sheet is empty"


def test_a_row_beyond_the_column_limit_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_COLUMNS", 4)
    path = make_workbook(tmp_path / "starts.xlsx", [["indicator", "area_code", "period",
                                                     "value", "extra"]])
    assert f"{path}, sheet data: a cell of row 1 is beyond column 4" in refusal(path)


def test_metadata_that_is_not_json_is_named_beside_the_workbook(tmp_path: Path):
    path = make_workbook(tmp_path / "starts.xlsx", [
        TIDY, ["Starts", "E08000004", "Oldham", "2023/24", 12.5, None, None]])
    (tmp_path / "starts.json").write_text('{"indicators": ')
    message = refusal(path)
    assert message.startswith(f"{tmp_path / 'starts.json'}, line 1, column 16: metadata "
                              "is not valid JSON")
