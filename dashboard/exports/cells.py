"""Cells of every CSV and XLSX export, safe to open in a spreadsheet.

Text from data (an area name, a note, a title in a partner's file) that starts with =, +,
-, @, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a
formula: `=HYPERLINK(...)` or `+cmd|...` would run when an analyst opens the download.
OWASP's advice (CSV injection) is to prefix such text with a single quote, which makes
the spreadsheet show it as text. Real numbers, negative ones included, stay numbers: only
text is changed. Every XLSX writer passes its frame through `safe_frame`, every CSV
writer through `csv_ready` (which also writes line breaks inside text as \\n, so the CSV
writer quotes them: Python's writer does not quote a bare \\r when lines end in \\n, and a
reader would start a new row there, whose first cell could be a formula again).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with a single quote before text a spreadsheet would run as a formula.
    Idempotent (quoted text starts with the quote), and numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every text cell (and column name) passed through
    safe_cell; numeric columns keep their dtype and values."""
    out = _map_text(frame, safe_cell)
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def _map_text(frame: pd.DataFrame, function: Any) -> pd.DataFrame:
    """A copy with `function` applied to every cell of the text (object or string)
    columns, each column keeping its dtype: Series.map would re-infer it and turn an
    object column of whole numbers with a gap into floats (load_id 14 -> 14.0)."""
    out = frame.copy()
    for index, column in enumerate(out.columns):
        series = out.iloc[:, index]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            values = series.tolist()
            mapped = [function(v) for v in values]
            if mapped != values:  # only a column with something to change is rebuilt
                # isetitem: by position (names may repeat), without iloc's indexing
                # machinery (ten times slower on Arrow strings)
                out.isetitem(index, pd.Series(mapped, index=out.index, dtype=series.dtype))
    return out


def _one_kind_of_line_break(value: Any) -> Any:
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """safe_frame, with carriage returns inside text written as line feeds, so that
    every multi-line cell is quoted by the CSV writer and stays one cell."""
    out = _map_text(frame, lambda v: _one_kind_of_line_break(safe_cell(v)))
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Records as CSV text, as `csv_ready(frame).to_csv(index=False)` writes the same
    frame (floats by their shortest repr, None and NaN blank, lines ending in \\n), every
    text cell made safe and given one kind of line break, in one pass without a
    DataFrame: a download of a few thousand rows spent most of its time building one."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in columns])
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    kind = type(value)
    if kind is str:  # most cells: names, codes and labels with nothing to change
        if value.startswith(FORMULA_STARTS) or "\r" in value:
            return _one_kind_of_line_break(safe_cell(value))
        return value
    if kind is float:
        return "" if math.isnan(value) else value
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, str):
        return _one_kind_of_line_break(safe_cell(value))
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value
