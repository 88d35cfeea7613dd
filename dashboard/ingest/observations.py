"""Indicator files: ONS 'Explore local statistics' CSVs and Placeboard's generic tidy CSV.

Both hold one row per (indicator, area, period). They differ only in column names and
in where indicator metadata comes from (the ONS sibling JSON, or an optional sibling
JSON for tidy files: dashboard.ingest.metadata reads both).

Files of any size: rows are read in batches (dashboard.ingest.stream, .rows); up to
STAGE_ROWS valid rows stay in memory as one DataFrame, and a larger file's rows go to
disk (dashboard.ingest.staging) and are checked one indicator at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.ingest import staging
from dashboard.ingest.columns import OBSERVATION_COLUMNS
from dashboard.ingest.files import Parsed, base_name, sha256_of
from dashboard.ingest.metadata import (
    dataset_record,
    ons_indicator_record,
    ons_metadata,
    sidecar,
    tidy_indicator_record,
    tidy_metadata,
)
from dashboard.ingest.rows import STATUS_FLAGS, UNRELIABLE_NOTE, Rows  # noqa: F401
from dashboard.ingest.stream import batches
from dashboard.methods.disclosure import DEFAULT_RULE, Rule, is_count_like
from dashboard.methods.quality import (
    EndedArea,
    QualityReport,
    check_blank_values,
    check_duplicates,
    check_future_periods,
    check_interval_order,
    check_jumps,
    check_missing_latest,
    check_negative_counts,
    check_obsolete_codes,
    check_percentages,
    check_small_counts,
)

ONS_COLUMNS = ["areacd", "areanm", "geography", "indicator", "period", "observation",
               "measure", "unit", "lci_95", "uci_95", "status", "notes"]
ONS_REQUIRED = ["areacd", "indicator", "period", "observation"]
TIDY_REQUIRED = ["indicator", "area_code", "period", "value"]
TIDY_OPTIONAL = ["area_name", "lci", "uci", "numerator", "denominator", "status", "note"]

# Per-format column names: logical name -> header name
ONS_NAMES = {"area_code": "areacd", "area_name": "areanm", "geography": "geography",
             "indicator": "indicator", "period": "period", "value": "observation",
             "measure": "measure", "unit": "unit", "lci": "lci_95", "uci": "uci_95",
             "status": "status", "note": "notes"}
TIDY_NAMES = {name: name for name in TIDY_REQUIRED + TIDY_OPTIONAL}


def _check_header(report: QualityReport, header: list[str], required: list[str]) -> bool:
    """Errors for missing required columns and for a column named twice; True if usable."""
    missing = [c for c in required if c not in header]
    if missing:
        report.error("missing_columns",
                     f"required column(s) {', '.join(missing)} not found; the header has "
                     f"{', '.join(header)}; expected {', '.join(required)}", line=1)
    first: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name and name in first:
            report.error("duplicate_column", f"column {name!r} appears twice (columns "
                         f"{first[name]} and {position}); name each column once",
                         line=1, column=name, value=name)
        first.setdefault(name, position)
    return report.ok


@dataclass
class _Collected:
    """A file's valid records: in memory (`tables`) or, past STAGE_ROWS, on disk
    (`staged`); and the few rows the file-wide checks need (obsolete notes, codes that
    have ended)."""

    ended: pa.Array
    tables: list[pa.Table] = field(default_factory=list)
    staged: staging.StagedRows | None = None
    notes: list[pa.Table] = field(default_factory=list)
    late: list[pa.Table] = field(default_factory=list)
    rows: int = 0

    def add(self, table: pa.Table) -> None:
        table = table.select(["line", *OBSERVATION_COLUMNS])
        self.rows += len(table)
        self.notes.append(table.filter(pc.fill_null(
            pc.match_substring(table["note"], "bsolete"), False)))
        self.late.append(table.filter(pc.is_in(table["area_code"], value_set=self.ended)))
        if self.staged is None and self.rows > staging.STAGE_ROWS:
            self.staged = staging.StagedRows()
            for earlier in self.tables:
                self.staged.add(earlier)
            self.tables = []
        if self.staged is not None:
            self.staged.add(table)
        else:
            self.tables.append(table)

    def partitions(self) -> Iterator[pd.DataFrame]:
        """The records as frames for the row checks: all at once, or (staged) one
        indicator at a time."""
        if self.staged is None:
            yield records_frame(pa.concat_tables(self.tables) if self.tables else
                                _empty_records())
            return
        for table in self.staged.indicators():
            yield records_frame(table)


def _empty_records() -> pa.Table:
    from dashboard.ingest.rows import RECORD_SCHEMA

    return RECORD_SCHEMA.empty_table().select(["line", *OBSERVATION_COLUMNS])


def records_frame(table: pa.Table) -> pd.DataFrame:
    """Records as the DataFrame the quality checks and the loader read: periods as
    timestamps, blanks as NaN/None."""
    frame = table.to_pandas()
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    return frame


def _read_rows(reader: Rows, records: Iterable, ended: Mapping[str, EndedArea]
               ) -> _Collected:
    """Every batch through the reader, its records collected (see _Collected)."""
    collected = _Collected(pa.array(sorted(ended), pa.string()))
    rows_read = 0
    for batch in records:
        rows_read += batch.size
        collected.add(reader.batch(batch))
    reader.report.rows_read = rows_read
    return collected


def parse_indicator_file(path: Path, reviewed: dict[str, dict] | None = None,
                         known_areas: set[str] | None = None,
                         ended: Mapping[str, EndedArea] | None = None) -> Parsed:
    """Read and validate an ONS or tidy indicator CSV, of any size."""
    reviewed = reviewed or {}
    header, records = batches(path)
    report = QualityReport(str(path))
    is_ons = "areacd" in header
    names = ONS_NAMES if is_ons else TIDY_NAMES
    parsed = Parsed(str(path), "ons_csv" if is_ons else "tidy_csv", "", report)
    if not _check_header(report, header, ONS_REQUIRED if is_ons else TIDY_REQUIRED):
        report.rows_read = sum(batch.size for batch in records)  # reads it all, as before
        parsed.sha256 = sha256_of(path)
        return parsed
    reader = Rows(report, header, names)
    collected = _read_rows(reader, records, ended or {})
    if collected.rows == 0:
        if not report.errors:
            report.error("missing_columns", "the file has no data rows", line=2)
        parsed.sha256 = sha256_of(path)
        return parsed
    dataset_id = base_name(path)
    if is_ons:
        metadata = ons_metadata(path, report)
        indicators = [
            ons_indicator_record(iid, name, metadata.get(name) or metadata.get("*") or {},
                                 measure, unit, dataset_id, reviewed)
            for iid, (name, measure, unit) in reader.series.items()]
    else:
        metadata = tidy_metadata(path, report, set(reader.series))
        indicators = [tidy_indicator_record(report, iid, name, metadata, reviewed,
                                            dataset_id)
                      for iid, (name, _, _) in reader.series.items()]
    parsed.indicators = indicators
    parsed.datasets = [dataset_record(path, dataset_id, indicators,
                                      {} if is_ons else metadata.get("*", {}))]
    parsed.sha256 = file_identity(path, reviewed, reader.series)
    _check_frames(report, collected, reader, names, indicators, known_areas, ended or {})
    if collected.staged is not None:
        parsed.staged = collected.staged
    else:
        parsed.observations = next(collected.partitions())
    parsed.areas = pd.DataFrame(list(reader.areas.values()))
    return parsed


def file_identity(path: Path, reviewed: Mapping[str, dict], indicator_ids: Iterable[str]
                  ) -> str:
    """An indicator file's identity as loaded (loads.sha256): its bytes, its sidecar JSON
    and the reviewed metadata of its indicators (files.sha256_of)."""
    used = {iid: reviewed[iid] for iid in sorted(indicator_ids) if iid in reviewed}
    return sha256_of(path, sidecar(path), json.dumps(used, sort_keys=True, default=str))


# The rules the row checks report, in the order they run: findings from several
# partitions (indicators of a staged file) are put back in this order.
ROW_RULES = ("duplicate_key", "ci_order", "blank_without_status", "percentage_range",
             "negative_count", "small_count", "future_period", "jump", "missing_latest")


def _check_frames(report: QualityReport, collected: _Collected, reader: Rows,
                  names: dict[str, str], indicators: list[dict],
                  known_areas: set[str] | None, ended: Mapping[str, EndedArea]) -> None:
    """The checks that look across rows: per partition (every one of them compares rows
    of one indicator only), then those that look at areas across the whole file."""
    found = []
    for frame in collected.partitions():
        scratch = QualityReport(report.file)
        _check_rows(scratch, frame, names, indicators)
        found.extend(scratch.findings)
    report.findings.extend(sorted(found, key=lambda f: ROW_RULES.index(f.rule)))
    if known_areas is not None:
        for code in sorted(set(reader.areas) - known_areas):
            report.warning("unknown_area", "area code is not in the store's area list; it "
                           "will be added with the name given in the file",
                           line=reader.first_line[code], column=names["area_code"],
                           value=code)
    obsolete_notes = records_frame(pa.concat_tables(collected.notes))
    for code, group in obsolete_notes.groupby("area_code"):
        row = group.iloc[0]
        report.warning("obsolete_code", f"{row['note']}; historic periods are kept and "
                       "the area is shown with its successor", line=int(row["line"]),
                       column=names["area_code"], value=code)
    late = pa.concat_tables(collected.late)
    if len(late):  # only rows of codes that have ended can be late
        check_obsolete_codes(report, records_frame(late), ended, names["area_code"])


def _check_rows(report: QualityReport, frame: pd.DataFrame, names: dict[str, str],
                indicators: list[dict]) -> None:
    """The row checks (ROW_RULES) on records of one or more whole indicators."""
    check_duplicates(report, frame, ["indicator_id", "area_code", "period_start",
                                     "period_duration"], names["area_code"], "area_code")
    by_id = {i["indicator_id"]: i for i in indicators}
    decimals = {i: meta.get("decimals") for i, meta in by_id.items()}
    # Published limits are rounded to the published decimals: allow half a unit of the
    # last place (and a little float noise) before calling an interval inconsistent.
    # (mapped once per indicator, not per row: that costs seconds at 20M rows)
    tolerance = _per_indicator(frame, {
        i: 0.5 * 10 ** -(d if d is not None else 1) + 1e-9 for i, d in decimals.items()
    }).astype(float)
    check_interval_order(report, frame, tolerance)
    check_blank_values(report, frame, names["value"])
    percentage = {i for i, meta in by_id.items() if meta.get("value_type") == "percentage"}
    check_percentages(report, frame, frame["indicator_id"].isin(percentage), names["value"])
    _check_counts(report, frame, names, by_id)
    check_future_periods(report, frame, names["period"])
    check_jumps(report, frame, names["value"])
    check_missing_latest(report, frame, names["area_code"])


def _check_counts(report: QualityReport, frame: pd.DataFrame, names: dict[str, str],
                  by_id: dict[str, dict]) -> None:
    """Negative counts (errors) and small counts public outputs will withhold (warnings),
    judged with disclosure control's own idea of a count and its minimum."""
    count_like = {i for i, meta in by_id.items() if is_count_like(
        meta.get("value_type"), meta.get("unit"), meta.get("measure"))}
    is_count = frame["indicator_id"].isin(count_like)
    check_negative_counts(report, frame, is_count, names)
    rules = {i: Rule(min_count=meta.get("min_count") or DEFAULT_RULE.min_count,
                     words=meta.get("suppression_words")) for i, meta in by_id.items()}
    check_small_counts(report, frame, is_count,
                       _per_indicator(frame, {i: r.min_count for i, r in rules.items()})
                       .astype(float),
                       _per_indicator(frame, {i: r.text for i, r in rules.items()}), names)


def _per_indicator(frame: pd.DataFrame, by_indicator: dict) -> pd.Series:
    """Each row's indicator's value in ``by_indicator``, looked up once per indicator."""
    return frame["indicator_id"].astype("category").map(by_indicator)
