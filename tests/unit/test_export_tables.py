"""The table exporter (dashboard/exports/tables.py) and the pages' tables
(page_tables, public_tables): CSV cells safe for spreadsheets, an XLSX workbook holding
the same rows, and CSV on the Web metadata that describes the CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import openpyxl
import pytest

from dashboard.common.attribution import OGL_URL
from dashboard.exports import page_tables, public_tables, tables
from dashboard.exports.tables import Column, Table
from dashboard.methods.disclosure import WITHHELD_LABEL
from dashboard.views import compare

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)",
           "-2+3", "\t=1+1"]


def table(rows: list[list] | None = None, **extra) -> Table:
    columns = (Column("area_code", "Area code"), Column("area_name", "Area"),
               Column("period", "Period"), Column("period_start", "Period starts", "date"),
               Column("value", "Value", "decimal", "%"), Column("value_shown", "Value as shown"),
               Column("rank", "Rank", "integer"))
    rows = rows if rows is not None else [
        ["E08000004", "Oldham", "2023/24", "2023-04-01", 6.6, "6.6%", 3.0],
        ["E08000010", HOSTILE[0], "2023/24", "2023-04-01", -2.5, "-2.5%", 1],
        ["E08000001", "Bolton", "2023/24", "2023-04-01", None, WITHHELD_LABEL, None],
        ["E08000002", "Bury", "2023/24", "2023-04-01", 0.00001, "0.0%", 2],
    ]
    return Table("test-view", "A test table, 2023/24", columns, rows,
                 ("Source: Office for National Statistics, Open Government Licence v3.0",),
                 "http://localhost/area/E08000004?benchmark=region",
                 ("area_code", "period"), ("E08000004", "2023/24"), **extra)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_has_the_titles_and_the_rows_with_numbers_as_numbers() -> None:
    rows = read_csv(tables.to_csv(table()))
    assert rows[0] == ["Area code", "Area", "Period", "Period starts", "Value",
                       "Value as shown", "Rank"]
    assert rows[1] == ["E08000004", "Oldham", "2023/24", "2023-04-01", "6.6", "6.6%", "3"]
    assert rows[2][4] == "-2.5"  # a negative number stays a number
    assert rows[3][4:7] == ["", WITHHELD_LABEL, ""]  # withheld: the label, never a number
    assert rows[4][4] == "0.00001"  # CSVW decimals have no exponent (1e-05)


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_and_xlsx_cells_that_start_like_a_formula_are_text(text: str) -> None:
    hostile = table([["E08000004", text, "2023/24", None, 1.0, text, 1]])
    cells = read_csv(tables.to_csv(hostile))[1]
    assert cells[1] == "'" + text and cells[5] == "'" + text
    book = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx(hostile, "2026-12-02T10:00:00")))
    row = [c.value for c in book["data"][2]]
    assert row[1] == "'" + text and row[4] == 1.0
    assert all(c.data_type != "f" for sheet in book for line in sheet.iter_rows()
               for c in line)


def test_the_workbook_holds_the_same_rows_and_says_what_they_are() -> None:
    source = table()
    book = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx(source, "2026-12-02T10:00:00")))
    assert book.sheetnames == ["data", "about"]
    data = [[c.value for c in row] for row in book["data"].iter_rows()]
    assert data[0] == [c.title for c in source.columns]
    expected = [["'" + v if isinstance(v, str) and v.startswith(("=", "-", "+", "@")) else v
                 for v in row] for row in tables.typed_rows(source)]
    assert data[1:] == expected
    assert data[1][6] == 3 and isinstance(data[1][6], int)
    about = {row[0].value: row[1].value for row in book["about"].iter_rows()
             if row[0].value and len(row) > 1}
    assert about["Title"] == source.title
    assert about["Source"] == source.source[0]
    assert OGL_URL in about["Licence"] and "Open Government Licence v3.0" in about["Licence"]
    assert about["View"] == source.url
    assert about["Downloaded"] == "2026-12-02T10:00:00"
    assert about["Value"] == "decimal (%)"


def test_the_csvw_metadata_describes_the_csv() -> None:
    source = table()
    url = "http://localhost/download/test-view.csv?area=E08000004"
    document = json.loads(json.dumps(tables.csvw_metadata(source, url, "2026-12-02T10:00:00")))
    assert document["@context"][0] == "http://www.w3.org/ns/csvw"
    assert document["url"] == url
    assert document["dc:title"] == source.title
    assert document["dc:source"] == source.source[0]
    assert document["dc:license"] == {"@id": OGL_URL}
    assert document["rdfs:seeAlso"] == {"@id": source.url}
    schema = document["tableSchema"]
    assert schema["primaryKey"] == ["area_code", "period"]
    columns = schema["columns"]
    assert [c["name"] for c in columns] == [c.name for c in source.columns]
    assert [c["datatype"] for c in columns] == ["string", "string", "string", "date",
                                                "decimal", "string", "integer"]
    assert columns[4]["schema:unitText"] == "%"
    # the CSV's header row is the columns' titles, and every cell fits its datatype
    rows = read_csv(tables.to_csv(source))
    assert rows[0] == [c["titles"] for c in columns]
    patterns = {"decimal": r"-?\d+(\.\d+)?", "integer": r"-?\d+", "date": r"\d{4}-\d\d-\d\d"}
    for row in rows[1:]:
        for cell, column in zip(row, columns, strict=True):
            if cell and column["datatype"] in patterns:
                assert re.fullmatch(patterns[column["datatype"]], cell), (cell, column)
                if column["datatype"] == "decimal":
                    Decimal(cell)


def test_a_single_key_and_several_sources() -> None:
    source = Table("v", "T", (Column("code", "Code"),), [["a"]], ("one", "two"), "",
                   ("code",))
    document = tables.csvw_metadata(source, "http://x/v.csv")
    assert document["tableSchema"]["primaryKey"] == "code"
    assert document["dc:source"] == ["one", "two"]


def test_a_table_that_does_not_fit_its_columns_is_refused() -> None:
    with pytest.raises(ValueError):
        Table("v", "T", (Column("a", "A"),), [["x", "y"]])
    with pytest.raises(ValueError):
        Table("v", "T", (Column("a", "A"),), [["x"]], primary_key=("b",))
    with pytest.raises(ValueError):
        Column("a b", "A")
    with pytest.raises(ValueError):
        Column("a", "A", "float")


def test_file_names_and_formats() -> None:
    source = table()
    assert tables.file_name(source, "csv") == "test-view_E08000004_2023-24.csv"
    assert tables.file_name(source, "csv-metadata.json").endswith(".csv-metadata.json")
    assert tables.split_name("area-profile.csv-metadata.json") == ("area-profile",
                                                                  "csv-metadata.json")
    assert tables.split_name("map.xlsx") == ("map", "xlsx")
    assert tables.split_name("map.pdf") is None
    assert tables.split_name("../etc.csv") is None


def test_typed_values() -> None:
    assert tables.typed(float("nan"), "decimal") is None
    assert tables.typed("not a number", "decimal") is None  # nothing is invented
    assert tables.typed(2.6, "integer") == 3
    assert tables.typed(None, "string") is None
    from datetime import datetime
    assert tables.typed(datetime(2024, 4, 1, 0, 0), "date") == "2024-04-01"


# -- the pages' tables ---------------------------------------------------------------------

def _latest(code: str, name: str, value: float | None, **extra) -> dict:
    return {"indicator_id": "claimant-count", "area_code": code, "area_name": name,
            "period_label": "2025", "value": value, "title": "Claimant Count", "unit": "%",
            "suffix": "%", "decimals": 1, "england_value": 4.0, "status": None, "note": None,
            "comparison": "worse" if value else None, "comparison_reason": "Worse.",
            **extra}


def test_the_compare_table_is_the_matrix_with_england_first_and_withheld_labels() -> None:
    latest = [_latest("E92000001", "England", 4.0),
              _latest("E08000004", "Oldham", 6.6),
              _latest("E08000010", "Wigan", None, status="c", note=WITHHELD_LABEL)]
    rows, columns = compare.compare_matrix(latest, ["E08000004", "E08000010"],
                                           ["claimant-count"],
                                           {r["area_code"]: r["area_name"] for r in latest})
    result = page_tables.compare_table(latest, rows, columns, benchmark_words="England",
                                       level="95", sources=["Source: ONS"], url="/compare")
    assert [r[0] for r in result.rows] == ["E92000001", "E08000004", "E08000010"]
    by_code = {r[0]: dict(zip([c.name for c in result.columns], r, strict=True))
               for r in result.rows}
    assert by_code["E08000004"]["value"] == 6.6 and by_code["E08000004"]["value_shown"] == "6.6%"
    assert by_code["E08000010"]["value"] is None
    assert by_code["E08000010"]["value_shown"] == WITHHELD_LABEL
    assert by_code["E08000004"]["comparison"] == "Worse"
    assert result.primary_key == ("area_code", "indicator_id")


def test_the_public_trend_table_reads_latest_first_area_then_england() -> None:
    series = [{"area_code": code, "period_label": label, "period_start": start, "value": value,
               "status": None, "note": None}
              for code, value in (("E08000004", 6.6), ("E92000001", 4.0))
              for label, start in (("2024", "2024-01-01"), ("2025", "2025-01-01"))]
    series[0]["value"], series[0]["status"], series[0]["note"] = None, "c", WITHHELD_LABEL
    meta = {"unit": "%", "suffix": "%", "decimals": 1, "source_org": "ONS", "title": "CC"}
    result = public_tables.trend_table({"area_code": "E08000004", "area_name": "Oldham"},
                                       "claimant-count", "A chart", series, meta, "/public")
    assert [(r[0], r[3]) for r in result.rows] == [
        ("E08000004", "2025"), ("E92000001", "2025"), ("E08000004", "2024"),
        ("E92000001", "2024")]
    assert result.rows[2][5] is None and WITHHELD_LABEL in result.rows[2][6]
    assert read_csv(tables.to_csv(result))[1][4] == "2025-01-01"
