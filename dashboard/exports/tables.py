"""What a view shows, as a download: CSV, an Excel workbook, and CSV on the Web metadata.

Every page's "Download this table" links end here. A `Table` holds what the view shows
(its columns with titles, units and datatypes, its rows in the page's order, a title, the
source and attribution lines and the view's URL); three pure writers turn it into
- CSV text, every cell made spreadsheet-safe by `cells.csv_text`, the header row the
  columns' titles;
- an XLSX workbook: a "data" sheet of the same rows (numbers stay numbers) and an
  "about" sheet with the title, source, licence, the view's URL, when it was downloaded
  and what each column holds;
- the CSV's metadata in the W3C "Metadata Vocabulary for Tabular Data" (CSVW): the
  CSV's URL, dc:title, dc:source, dc:license, and a tableSchema of the columns (name,
  titles, datatype) with the primary key where the rows have one.

Values arrive as the page has them from the store, so disclosure control has already
been applied: a withheld value is a blank number with the page's label in the column of
values as shown, never the number. Pure: no store, no Flask.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dashboard.common.attribution import OGL_URL
from dashboard.exports.cells import csv_text, safe_cell

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
LICENCE_NAME = "Open Government Licence v3.0"
DATATYPES = ("string", "decimal", "integer", "date")
FORMATS = ("csv", "xlsx", "csv-metadata.json")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8; header=present",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv-metadata.json": "application/csvm+json",
}
# Characters an XLSX cell cannot hold (openpyxl refuses them): control characters
# other than tab, line feed and carriage return.
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")


@dataclass(frozen=True)
class Column:
    """One column: `name` for programs (letters, digits and underscores), `title` as the
    CSV header and the page say it, its datatype, and the unit of its numbers."""

    name: str
    title: str
    datatype: str = "string"
    unit: str | None = None
    description: str | None = None

    def __post_init__(self) -> None:
        if self.datatype not in DATATYPES:
            raise ValueError(f"unknown datatype {self.datatype!r} for column {self.name}")
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_]*", self.name):
            raise ValueError(f"column name {self.name!r}: letters, digits and underscores")


@dataclass(frozen=True)
class Table:
    """What a view shows, ready to download."""

    view: str                 # the download's name: area-profile, compare, map, ...
    title: str                # what the table is, as the page says it
    columns: tuple[Column, ...]
    rows: list[list[Any]]     # in the page's order, one value per column
    source: tuple[str, ...] = ()  # source and attribution lines
    url: str = ""             # the view's own address (path and query)
    primary_key: tuple[str, ...] = ()
    name_parts: tuple[str, ...] = ()  # what the file name says after the view
    notes: tuple[str, ...] = ()  # anything else the page says about the rows
    licence: str = OGL_URL
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.view}: repeated column names")
        for key in self.primary_key:
            if key not in names:
                raise ValueError(f"{self.view}: primary key {key} is not a column")
        for row in self.rows:
            if len(row) != len(names):
                raise ValueError(f"{self.view}: a row of {len(row)} cells for "
                                 f"{len(names)} columns")


# -- cells --------------------------------------------------------------------------------

class _Plain:
    """A number written out in full (CSVW's decimal has no exponent: 1e-05 is 0.00001).
    Not text, so the CSV writer's formula guard leaves a negative number alone; the
    writer calls str() on it."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, float) and math.isnan(value)
    except TypeError:
        return False


def typed(value: Any, datatype: str) -> Any:
    """A value as its column's datatype holds it: float for decimal, int for integer,
    'YYYY-MM-DD' for date, text for string; None when missing (or not a number in a
    number column: nothing is invented)."""
    if _missing(value):
        return None
    if datatype == "string":
        return str(value)
    if datatype == "date":
        if isinstance(value, datetime):  # pandas' Timestamp too
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        return str(value)[:10]
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    if datatype == "integer":
        return round(number)
    return number


def _csv_number(value: Any) -> Any:
    if isinstance(value, float) and "e" in repr(value):
        return _Plain(format(Decimal(repr(value)), "f"))
    return value


def typed_rows(table: Table) -> list[list[Any]]:
    """The table's rows with every value as its column's datatype holds it."""
    kinds = [c.datatype for c in table.columns]
    return [[typed(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows]


# -- the three files -------------------------------------------------------------------------

def to_csv(table: Table) -> str:
    """CSV text: a header of the columns' titles, then the rows (numbers as numbers,
    missing values blank, text spreadsheet-safe)."""
    rows = [[_csv_number(v) for v in row] for row in typed_rows(table)]
    return csv_text([c.title for c in table.columns], rows)


def _xlsx_text(value: Any) -> Any:
    if isinstance(value, str):
        return safe_cell(_ILLEGAL.sub("", value))
    return value


def about_rows(table: Table, downloaded: str) -> list[list[str]]:
    """The 'about' sheet: what the table is, where it comes from, and its columns."""
    rows = [["Title", table.title],
            *[["Source", line] for line in table.source],
            ["Licence", f"{LICENCE_NAME}: {table.licence}"],
            ["View", table.url],
            ["Downloaded", downloaded],
            *[["Note", note] for note in table.notes],
            [],
            ["Column", "What it holds"]]
    for column in table.columns:
        what = column.datatype if column.datatype != "string" else "text"
        if column.unit:
            what += f" ({column.unit})"
        if column.description:
            what += f": {column.description}"
        rows.append([column.title, what])
    return rows


def to_xlsx(table: Table, downloaded: str) -> bytes:
    """An Excel workbook: the rows on a 'data' sheet (header in bold, frozen), and an
    'about' sheet. Text is spreadsheet-safe, as in the CSV."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    data = workbook.create_sheet("data")
    data.freeze_panes = "A2"
    for index, column in enumerate(table.columns):
        letter = _column_letter(index)
        data.column_dimensions[letter].width = _width(column)
    bold = Font(bold=True)

    def header(text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(data, value=_xlsx_text(text))
        cell.font = bold
        return cell

    data.append([header(c.title) for c in table.columns])
    for row in typed_rows(table):
        data.append([_xlsx_text(v) for v in row])
    about = workbook.create_sheet("about")
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 100
    for row in about_rows(table, downloaded):
        about.append([_xlsx_text(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _width(column: Column) -> float:
    if column.datatype in ("decimal", "integer"):
        return max(12, min(len(column.title) + 2, 24))
    return max(14, min(len(column.title) + 4, 48))


def csvw_metadata(table: Table, csv_url: str, downloaded: str | None = None) -> dict:
    """The CSV's metadata as CSV on the Web describes it (W3C Metadata Vocabulary for
    Tabular Data): `csv_url` is the address of the CSV it describes."""
    columns = []
    for column in table.columns:
        entry: dict[str, Any] = {"name": column.name, "titles": column.title,
                                 "datatype": column.datatype}
        description = column.description
        if column.unit:
            entry["schema:unitText"] = column.unit
            description = f"{description} ({column.unit})" if description else \
                f"Unit: {column.unit}"
        if description:
            entry["dc:description"] = description
        columns.append(entry)
    schema: dict[str, Any] = {"columns": columns}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key) if len(table.primary_key) > 1 \
            else table.primary_key[0]
    document: dict[str, Any] = {
        "@context": [CSVW_CONTEXT, {"@language": "en"}],
        "url": csv_url,
        "dc:title": table.title,
        "dc:source": list(table.source) if len(table.source) != 1 else table.source[0],
        "dc:license": {"@id": table.licence},
        "dialect": {"header": True, "encoding": "utf-8"},
        "tableSchema": schema,
    }
    if table.url:
        document["rdfs:seeAlso"] = {"@id": table.url}
    if table.notes:
        document["rdfs:comment"] = list(table.notes)
    if downloaded:
        document["dc:created"] = {"@value": downloaded, "@type": "xsd:dateTime"}
    return document


# -- names ------------------------------------------------------------------------------------

def file_stem(table: Table) -> str:
    """'area-profile_E08000004_latest': the view, then what it shows, safe in a file
    name on every system."""
    parts = [table.view, *[p for p in table.name_parts if p]]
    stem = "_".join(re.sub(r"[^A-Za-z0-9.-]+", "-", str(p)).strip("-.") for p in parts)
    return stem[:150] or "download"


def file_name(table: Table, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return f"{file_stem(table)}.{fmt}"


def split_name(name: str) -> tuple[str, str] | None:
    """'area-profile.csv-metadata.json' -> ('area-profile', 'csv-metadata.json'); None
    for a name without a known format."""
    for fmt in sorted(FORMATS, key=len, reverse=True):
        if name.endswith("." + fmt):
            view = name[:-len(fmt) - 1]
            return (view, fmt) if re.fullmatch(r"[a-z][a-z0-9-]*", view) else None
    return None


def column_values(table: Table, name: str) -> list[Any]:
    """One column's typed values (tests and callers reading a table back)."""
    index = [c.name for c in table.columns].index(name)
    return [row[index] for row in typed_rows(table)]


def columns(*specs: Sequence[Any]) -> tuple[Column, ...]:
    """Columns from (name, title[, datatype[, unit[, description]]]) tuples."""
    return tuple(Column(*spec) for spec in specs)
