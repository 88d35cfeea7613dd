"""The data rows of an indicator file (ONS or tidy), validated a batch at a time.

`Rows.read` is the one definition of what a row must be and of every finding a row can
get (missing fields, invalid code, bad period, non-numeric value, blank indicator, bad
status). It costs ~40 us a row in Python, an hour for a national monthly LSOA series, so
`Rows.batch` first checks whole columns with pyarrow: a row whose every field is plainly
valid (a well-formed code, a period already understood, numbers made of digits, a known
status) becomes a record directly, and only the other rows go through `read`, in line
order, so their findings are exactly the ones `read` has always given. Distinct values
(indicator names, codes, periods, statuses, notes) are interpreted once each by the same
functions `read` uses.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.common.periods import Period, parse_period
from dashboard.ingest.columns import OBSERVATION_COLUMNS
from dashboard.ingest.files import is_code, slug
from dashboard.ingest.stream import Batch
from dashboard.methods.quality import QualityReport

STATUS_FLAGS = {"x": "not available", "u": "low reliability", "c": "confidential"}
UNRELIABLE_NOTE = re.compile(r"\bunreliable\b", re.IGNORECASE)
NUMBER_FIELDS = ("value", "lci", "uci", "numerator", "denominator")
# Numbers the fast path reads (pyarrow's cast and float() agree on them: both round
# correctly); anything else ('1e3', ' 12', '+5', 'inf', '１２') goes through `read`.
PLAIN_NUMBER = r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"
# Columns of a batch's records: the observation and what the file-level bookkeeping needs.
EXTRA = ["name", "measure", "unit", "area_name", "geography"]
RECORD_SCHEMA = pa.schema(
    [("line", pa.int64()), ("indicator_id", pa.string()), ("area_code", pa.string()),
     ("period_start", pa.date32()), ("period_duration", pa.string()),
     ("period_label", pa.string())] + [(n, pa.float64()) for n in NUMBER_FIELDS] +
    [("status", pa.string()), ("note", pa.string())] + [(n, pa.string()) for n in EXTRA])
assert RECORD_SCHEMA.names[1:13] == OBSERVATION_COLUMNS


def number(text: str) -> float | None:
    """A finite number written in ASCII (float() also reads '１２' and 'inf')."""
    text = text.strip().replace(",", "")
    if text == "":
        return None
    if not text.isascii():
        raise ValueError("not ASCII digits")
    value = float(text)
    if math.isnan(value) or math.isinf(value):
        raise ValueError("not a finite number")
    return value


def non_ascii(text: str) -> str | None:
    """The first character that is not ASCII, described (e.g. 'U+FF10 FULLWIDTH DIGIT
    ZERO at position 2'), or None: codes, periods and numbers must be ASCII, because a
    regular expression's \\d and Python's int() accept digits of every script."""
    for position, char in enumerate(text, start=1):
        if not char.isascii():
            return f"{char!r} (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}) at " \
                   f"position {position}"
    return None


def _lookup(column: pa.Array, func: Callable[[str], tuple], types: list[pa.DataType]
            ) -> list[pa.Array]:
    """func applied once per distinct value of a string column, spread back to rows:
    one array per element of func's result."""
    encoded = column.dictionary_encode()
    results = [func(raw) for raw in encoded.dictionary.to_pylist()]
    return [pa.array([r[k] for r in results], kind).take(encoded.indices)
            for k, kind in enumerate(types)]


class Rows:
    """Reads the data rows of one indicator file into records, reporting each bad row,
    and remembers each indicator's name and each area's first name, geography and note."""

    def __init__(self, report: QualityReport, header: list[str], names: dict[str, str]
                 ) -> None:
        self.report, self.header, self.names = report, header, names
        self.position = {logical: header.index(col) for logical, col in names.items()
                         if col in header}
        self.last_line = -1
        self.areas: dict[str, dict] = {}
        self.first_line: dict[str, int] = {}
        self.series: dict[str, tuple[str, str, str]] = {}
        self.periods: dict[str, Period] = {}

    # -- one row at a time (the definition) ------------------------------------------
    def get(self, fields: list[str], logical: str) -> str:
        index = self.position.get(logical)
        return fields[index].strip() if index is not None and index < len(fields) else ""

    def read(self, line: int, fields: list[str]) -> dict | None:
        """One row: its record, or None after errors saying what is wrong where."""
        if len(fields) != len(self.header):
            cut = "; the file may be cut short (truncated)" \
                if line == self.last_line and len(fields) < len(self.header) else ""
            self.report.error("missing_columns", f"row has {len(fields)} fields but the "
                              f"header has {len(self.header)}{cut}", line=line,
                              value=",".join(fields)[:80])
            return None
        code, period, numbers = self.code(line, fields), self.period(line, fields), \
            self.numbers(line, fields)
        name = self.get(fields, "indicator")
        indicator_id = slug(name)
        if not indicator_id:
            self.report.error("missing_columns", "indicator name is blank", line=line,
                              column=self.names["indicator"], value=name)
        if code is None or period is None or numbers is None or not indicator_id:
            return None
        return {"line": line, "indicator_id": indicator_id, "area_code": code,
                "period_start": period.start, "period_duration": period.duration,
                "period_label": period.label, **numbers, **self.status(line, fields),
                "name": name, "measure": self.get(fields, "measure"),
                "unit": self.get(fields, "unit"),
                "area_name": self.get(fields, "area_name") or None,
                "geography": self.get(fields, "geography") or None}

    def code(self, line: int, fields: list[str]) -> str | None:
        code = self.get(fields, "area_code")
        if is_code(code):
            return code
        odd = non_ascii(code)
        why = f"holds a character that is not ASCII, {odd}; " if odd else ""
        self.report.error("invalid_code", f"not a valid GSS code: {why}expected a letter E, "
                          "W, S, N or K followed by 8 digits 0-9 (or an ITL code TL...)",
                          line=line, column=self.names["area_code"], value=code)
        return None

    def period(self, line: int, fields: list[str]) -> Period | None:
        text = self.get(fields, "period")
        if text in self.periods:
            return self.periods[text]
        odd = non_ascii(text)
        try:
            if odd:
                raise ValueError(f"{text!r} holds a character that is not ASCII, {odd}: "
                                 "type periods with the digits 0-9")
            period = parse_period(text)
        except ValueError as exc:
            self.report.error("bad_period", str(exc), line=line,
                              column=self.names["period"], value=text)
            return None
        self.periods[text] = period
        return period

    def numbers(self, line: int, fields: list[str]) -> dict[str, float | None] | None:
        numbers: dict[str, float | None] = {}
        for logical in NUMBER_FIELDS:
            text = self.get(fields, logical)
            try:
                numbers[logical] = number(text)
            except ValueError:
                self.report.error("non_numeric", "expected a number written with the digits "
                                  "0-9 (or blank with a status flag)", line=line,
                                  column=self.names.get(logical, logical), value=text)
        return numbers if len(numbers) == 5 else None

    def status(self, line: int, fields: list[str]) -> dict[str, str | None]:
        status = self.get(fields, "status").lower() or None
        if status is not None and status not in STATUS_FLAGS:
            self.report.warning("bad_status", "unrecognised status flag; expected x (not "
                                "available), u (low reliability) or c (confidential)",
                                line=line, column=self.names["status"], value=status)
        note = self.get(fields, "note") or None
        if status is None and note and UNRELIABLE_NOTE.search(note):
            # ONS notes small-sample estimates ("Estimate and confidence interval
            # unreliable since the group sample size is small") without the u flag;
            # the flag is what every judgement reads, so set it.
            status = "u"
        return {"status": status, "note": note}

    # -- a batch at a time --------------------------------------------------------------
    def batch(self, batch: Batch) -> pa.Table:
        """The batch's records (RECORD_SCHEMA, in line order): plainly valid rows from
        whole columns, the rest through `read`, then the names and areas remembered."""
        if batch.last_line is not None:
            self.last_line = batch.last_line
        fast, ok = self._fast(batch)
        slow = [(int(batch.lines[i]), [c[i].as_py() for c in batch.columns])
                for i in np.flatnonzero(~ok)]
        slow = sorted(slow + batch.ragged, key=lambda item: item[0])
        records = [r for r in (self.read(line, fields) for line, fields in slow) if r]
        table = fast.filter(pa.array(ok))
        if records:
            table = pa.concat_tables([table, pa.Table.from_pylist(records, RECORD_SCHEMA)])
            table = table.take(pc.sort_indices(table["line"]))
        self._remember(table)
        return table

    def _column(self, batch: Batch, logical: str) -> pa.Array:
        index = self.position.get(logical)
        if index is None:
            return pa.repeat("", len(batch.lines)).cast(pa.string())
        return batch.columns[index]

    def _fast(self, batch: Batch) -> tuple[pa.Table, np.ndarray]:
        """Every row's record as the columns give it, and which rows are plainly valid
        (the others' records are discarded: `read` decides about them)."""
        def column(logical: str) -> pa.Array:
            return self._column(batch, logical)

        name, iid, name_ok = _lookup(column("indicator"), _indicator,
                                     [pa.string(), pa.string(), pa.bool_()])
        code, code_ok = _lookup(column("area_code"), _code, [pa.string(), pa.bool_()])
        start, duration, label, period_ok = _lookup(
            column("period"), self._period, [pa.date32(), pa.string(), pa.string(),
                                             pa.bool_()])
        status, status_ok = _lookup(column("status"), _status, [pa.string(), pa.bool_()])
        note, unreliable, _ = _lookup(column("note"), _note,
                                      [pa.string(), pa.bool_(), pa.bool_()])
        status = pc.if_else(pc.and_(pc.is_null(status), unreliable), "u", status)
        ok = np.ones(len(batch.lines), dtype=bool)
        for flags in (name_ok, code_ok, period_ok, status_ok):
            ok &= flags.to_numpy(zero_copy_only=False)
        numbers = {}
        for logical in NUMBER_FIELDS:
            numbers[logical], plain = _numbers(column(logical))
            ok &= plain
        texts = {k: _lookup(column(k), _text, [pa.string()])[0]
                 for k in ("measure", "unit")}
        blanks = {k: _lookup(column(k), _text_or_none, [pa.string()])[0]
                  for k in ("area_name", "geography")}
        table = pa.table({"line": pa.array(batch.lines), "indicator_id": iid,
                          "area_code": code, "period_start": start,
                          "period_duration": duration, "period_label": label, **numbers,
                          "status": status, "note": note, "name": name, **texts, **blanks},
                         schema=RECORD_SCHEMA)
        return table, ok

    def _period(self, raw: str) -> tuple[date | None, str | None, str | None, bool]:
        """A distinct period text as `period` reads it; errors are left to `read`, which
        reports them on every row that has them."""
        text = raw.strip()
        period = self.periods.get(text)
        if period is None and not non_ascii(text):
            try:
                period = self.periods[text] = parse_period(text)
            except ValueError:
                period = None
        if period is None:
            return None, None, None, False
        return period.start, period.duration, period.label, True

    def _remember(self, table: pa.Table) -> None:
        """Each new indicator's name (its first row), each new area's first name and
        geography, and the last note calling an area obsolete, as `read` order gives."""
        for position in _firsts(table["indicator_id"], set(self.series)):
            row = {k: table[k][position].as_py() for k in ("indicator_id", "name",
                                                           "measure", "unit")}
            self.series[row["indicator_id"]] = (row["name"], row["measure"], row["unit"])
        for position in _firsts(table["area_code"], set(self.areas)):
            code = table["area_code"][position].as_py()
            self.first_line[code] = table["line"][position].as_py()
            self.areas[code] = {"area_code": code,
                                "area_name": table["area_name"][position].as_py(),
                                "geography": table["geography"][position].as_py(),
                                "note": None}
        obsolete = pc.match_substring(pc.utf8_lower(table["note"]), "obsolete")
        for code, note in zip(*(table[k].filter(obsolete).to_pylist()
                                for k in ("area_code", "note")), strict=True):
            self.areas[code]["note"] = note


def _firsts(column: pa.ChunkedArray, seen: set[str]) -> list[int]:
    """Row positions of the first appearance of each value not yet seen, in order."""
    encoded = column.combine_chunks().dictionary_encode()
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    _, first = np.unique(indices, return_index=True)
    values = encoded.dictionary.to_pylist()
    return sorted(int(first[k]) for k in range(len(first))
                  if values[indices[first[k]]] not in seen)


def _indicator(raw: str) -> tuple[str, str, bool]:
    name = raw.strip()
    indicator_id = slug(name)
    return name, indicator_id, bool(indicator_id)


def _code(raw: str) -> tuple[str, bool]:
    code = raw.strip()
    return code, is_code(code)


def _status(raw: str) -> tuple[str | None, bool]:
    status = raw.strip().lower() or None
    return status, status is None or status in STATUS_FLAGS


def _note(raw: str) -> tuple[str | None, bool, bool]:
    note = raw.strip() or None
    return note, bool(note and UNRELIABLE_NOTE.search(note)), True


def _text(raw: str) -> tuple[str]:
    return (raw.strip(),)


def _text_or_none(raw: str) -> tuple[str | None]:
    return (raw.strip() or None,)


def _numbers(column: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """A number column as floats, and which rows are plainly valid (blank, or digits
    with an optional sign and decimal point)."""
    blank = pc.equal(column, "")
    plain = pc.match_substring_regex(column, PLAIN_NUMBER)
    values = pc.cast(pc.if_else(plain, column, pa.scalar(None, pa.string())), pa.float64())
    return values, pc.or_(blank, plain).to_numpy(zero_copy_only=False)
