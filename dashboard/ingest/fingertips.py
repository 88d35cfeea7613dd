"""Fingertips CSV exports (Office for Health Improvement and Disparities, formerly Public
Health England): the website's `indicators-<AreaType>.data.csv` and the API's
`indicator-data.csv`, one row per indicator, area, sex, age, category and period.

Columns are found by name, not position (`COLUMNS`: the website's names, or fingertipsR's
with the spaces removed, both compared without case, spaces or punctuation), so the
26-column website layout and the 27-column API layout ("Column not used", "Time period
range") both read, whatever the parent comparison column is called. Records are read
with a real CSV parser: a line break inside a quoted indicator name, CRLF or LF, and rows
shorter than the header (missing trailing fields are blank; file 2 of the bundle has no
"Compared to goal" on any row). Blank fields are not available, never 0.

Every row goes to `breakdowns`; each indicator's headline rows (no category, and its one
sex and age, or Persons and All ages where it has several: dashboard.common.breakdowns)
also go to `observations`. Area codes are kept as published, superseded ones included,
each with a warning naming its successors.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.common.breakdowns import deprivation_order
from dashboard.ingest.columns import BREAKDOWN_COLUMNS, OBSERVATION_COLUMNS
from dashboard.ingest.files import (
    Parsed,
    base_name,
    csv_problem,
    first_record,
    is_code,
    read_text,
    sha256_of,
    slug,
)
from dashboard.ingest.fingertips_checks import check_areas, check_rows, headline_rows
from dashboard.ingest.fingertips_metadata import describe, fingertips_period
from dashboard.ingest.rows import non_ascii, number
from dashboard.methods.quality import EndedArea, QualityReport

# Logical name -> the header name, compared by `normalise` ('Lower CI 95.0 limit' and
# fingertipsR's 'LowerCI95.0limit' are both 'lowerci950limit').
COLUMNS = {
    "indicator": "Indicator ID", "name": "Indicator Name", "area_code": "Area Code",
    "area_name": "Area Name", "area_type": "Area Type", "sex": "Sex", "age": "Age",
    "category_type": "Category Type", "category": "Category", "period": "Time period",
    "value": "Value", "lci": "Lower CI 95.0 limit", "uci": "Upper CI 95.0 limit",
    "lci99": "Lower CI 99.8 limit", "uci99": "Upper CI 99.8 limit", "numerator": "Count",
    "denominator": "Denominator", "note": "Value note",
}
# Found by the start of their name: "Compared to England value or percentiles".
PREFIXED = {"compared": "Compared to England"}
REQUIRED = ("indicator", "name", "area_code", "period", "value")
NUMBERS = ("value", "lci", "uci", "lci99", "uci99", "numerator", "denominator")
TEXTS = ("name", "area_name", "sex", "age", "category_type", "category", "note", "compared")


def normalise(name: str) -> str:
    """A column name without case, spaces or punctuation."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def is_fingertips(header: list[str]) -> bool:
    """Whether a CSV header is a Fingertips export's."""
    names = {normalise(h) for h in header}
    return {normalise(COLUMNS[k]) for k in ("indicator", "area_code", "period", "value")} \
        <= names


@dataclass
class _Layout:
    """Where each logical column is in this file, and what the file calls it."""

    header: list[str]
    position: dict[str, int]

    def name(self, logical: str) -> str:
        index = self.position.get(logical)
        return self.header[index] if index is not None else \
            COLUMNS.get(logical, PREFIXED.get(logical, logical))

    def get(self, fields: list[str], logical: str) -> str:
        index = self.position.get(logical)
        return fields[index] if index is not None and index < len(fields) else ""


def _layout(report: QualityReport, header: list[str]) -> _Layout:
    """The file's columns by name; errors for a required column missing or a column
    named twice."""
    found: dict[str, int] = {}
    wanted = {normalise(v): k for k, v in COLUMNS.items()}
    for index, name in enumerate(header):
        key = normalise(name)
        logical = wanted.get(key) or next(
            (k for k, prefix in PREFIXED.items() if key.startswith(normalise(prefix))), None)
        if logical is None:
            continue
        if logical in found:
            report.error("duplicate_column", f"column {name!r} appears twice (columns "
                         f"{found[logical] + 1} and {index + 1}); name each column once",
                         line=1, column=name, value=name)
            continue
        found[logical] = index
    missing = [COLUMNS[k] for k in REQUIRED if k not in found]
    if missing:
        report.error("missing_columns", f"a Fingertips export needs the column(s) "
                     f"{', '.join(missing)}; the header has {', '.join(header)}", line=1)
    return _Layout(header, found)


def _records(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line where the record starts, fields) for each record: a record
    whose quoted field holds a line break spans two lines and is named by its first."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""), strict=True)
    header = first_record(path, reader)
    records = []
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise csv_problem(path, start, exc) from None
        if any(f.strip() for f in fields):
            records.append((start, fields))
    return header, records


def _row(report: QualityReport, layout: _Layout, line: int, fields: list[str]) -> dict | None:
    """One record, or None after errors naming the line, column and value."""
    row: dict = {"line": line}
    ok = True
    for logical in TEXTS:
        row[logical] = " ".join(layout.get(fields, logical).split())
    row["note"] = row["note"] or None
    fingertips_id = layout.get(fields, "indicator").strip()
    if not fingertips_id.isascii() or not fingertips_id.isdigit():
        report.error("missing_columns" if not fingertips_id else "non_numeric",
                     "expected the Fingertips indicator number (digits 0-9)", line=line,
                     column=layout.name("indicator"), value=fingertips_id)
        ok = False
    row["fingertips_id"] = str(int(fingertips_id)) if ok else fingertips_id
    row["indicator_id"] = f"fingertips-{row['fingertips_id']}"
    code = layout.get(fields, "area_code").strip()
    if not is_code(code):
        odd = non_ascii(code)
        why = f"holds a character that is not ASCII, {odd}; " if odd else ""
        report.error("invalid_code", f"not a valid GSS code: {why}expected a letter E, W, S, "
                     "N or K followed by 8 digits 0-9", line=line,
                     column=layout.name("area_code"), value=code)
        ok = False
    row["area_code"] = code
    return row if _period_and_numbers(report, layout, fields, row) and ok else None


def _period_and_numbers(report: QualityReport, layout: _Layout, fields: list[str],
                        row: dict) -> bool:
    """The row's period and numbers (blank is None, never 0); False after errors."""
    ok = True
    text = layout.get(fields, "period").strip()
    try:
        odd = non_ascii(text)
        if odd:
            raise ValueError(f"{text!r} holds a character that is not ASCII, {odd}")
        period = fingertips_period(text)
        row.update(period_start=period.start, period_duration=period.duration,
                   period_label=period.label)
    except ValueError as exc:
        report.error("bad_period", str(exc), line=row["line"], column=layout.name("period"),
                     value=text)
        ok = False
    for logical in NUMBERS:
        raw = layout.get(fields, logical)
        try:
            row[logical] = number(raw)
        except ValueError:
            report.error("non_numeric", "expected a number written with the digits 0-9, or "
                         "blank where it is not available", line=row["line"],
                         column=layout.name(logical), value=raw)
            ok = False
    # decimal places of the value as published: its limits are checked to half of the last
    value_text = layout.get(fields, "value").strip()
    row["places"] = len(value_text.split(".", 1)[1]) if "." in value_text else 0
    return ok


def _lengths(report: QualityReport, layout: _Layout,
             records: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Records of the header's length: a longer row, or one cut before a required
    column, is an error; shorter rows are padded with blanks, with one warning that
    names the missing column(s)."""
    width, needed = len(layout.header), max(layout.position[k] for k in REQUIRED) + 1
    kept, short = [], []
    for line, fields in records:
        if len(fields) > width or len(fields) < needed:
            cut = "; the file may be cut short" if len(fields) < needed else ""
            report.error("missing_columns", f"row has {len(fields)} fields but the header "
                         f"has {width}{cut}", line=line, value=",".join(fields)[:80])
            continue
        if len(fields) < width:
            short.append((line, len(fields)))
            fields = fields + [""] * (width - len(fields))
        kept.append((line, fields))
    if short:
        fewest = min(n for _, n in short)
        missing = ", ".join(layout.header[fewest:])
        report.warning("short_row", f"{len(short)} row(s) have fewer fields than the "
                       f"header's {width} (the fewest: {fewest}); the missing trailing "
                       f"field(s) ({missing}) are read as blank", line=short[0][0],
                       column=layout.header[fewest], value=str(len(short)))
    return kept


def _category_orders(frame: pd.DataFrame) -> pd.Series:
    """Each row's place within its category type: deprivation deciles (quintiles...)
    most deprived first, other categories in the order the file first gives them; None
    for a row without a category."""
    orders: dict[tuple[str, str, str], int] = {}
    for (indicator, kind), group in frame[frame["category"] != ""].groupby(
            ["indicator_id", "category_type"], sort=False):
        names = list(dict.fromkeys(group["category"]))
        ranks = [deprivation_order(name) for name in names]
        if any(r is None for r in ranks) or len(set(ranks)) != len(ranks):
            ranks = list(range(1, len(names) + 1))
        orders.update({(indicator, kind, name): rank for name, rank in zip(names, ranks,
                                                                            strict=True)})
    keys = zip(frame["indicator_id"], frame["category_type"], frame["category"], strict=True)
    return pd.Series([orders.get(key) for key in keys], index=frame.index, dtype="Int64")


def parse(path: Path, reviewed: Mapping[str, Mapping] | None = None,
          known_areas: set[str] | None = None,
          ended: Mapping[str, EndedArea] | None = None) -> Parsed:
    """Read and check a Fingertips export (see the module docstring)."""
    path = Path(path)
    report = QualityReport(str(path))
    parsed = Parsed(str(path), "fingertips_csv", sha256_of(path), report)
    header, records = _records(path)
    report.rows_read = len(records)
    layout = _layout(report, header)
    if not report.ok:
        return parsed
    rows = [row for row in (_row(report, layout, line, fields)
                            for line, fields in _lengths(report, layout, records)) if row]
    if not rows:
        if report.ok:
            report.error("missing_columns", "the file has no data rows", line=2)
        return parsed
    frame = pd.DataFrame(rows)
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    frame["category_order"] = _category_orders(frame)
    names = {logical: layout.name(logical) for logical in (*COLUMNS, *PREFIXED)}
    dataset_id = f"fingertips-{slug(base_name(path))}"
    described = describe(frame, dataset_id, path.name, reviewed or {}, report, names,
                         set(ended or {}))
    parsed.indicators, parsed.datasets = described.indicators, described.datasets
    headline = headline_rows(frame, described.headlines)
    check_rows(report, frame, headline, parsed.indicators, names)
    check_areas(report, frame, known_areas, ended or {}, names["area_code"])
    used = {i: dict(reviewed[i]) for i in sorted(frame["indicator_id"].unique())
            if reviewed and i in reviewed}
    parsed.sha256 = sha256_of(path, json.dumps(used, sort_keys=True, default=str))
    parsed.breakdowns = frame[BREAKDOWN_COLUMNS].copy()
    parsed.observations = headline.assign(
        status=headline["value"].isna().map({True: "x", False: None}))[
        ["line", *OBSERVATION_COLUMNS]].reset_index(drop=True)
    parsed.areas = (frame.drop_duplicates("area_code")[["area_code", "area_name"]]
                    .assign(area_name=lambda f: f["area_name"].replace("", None),
                            geography=None, note=None).reset_index(drop=True))
    return parsed
