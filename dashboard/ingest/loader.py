"""Check files and load them into the store: one transaction, copy-on-write, idempotent.

`parse_file` reads and validates any supported file; `load_files` checks every file (and
who owns its datasets) and, if none has errors, writes them all into a copy of the store
and swaps it in (dashboard.ingest.store_file), so a running app never reads a
half-written store and a failed load leaves the original file exactly as it was. The
refresh steps of the derived tables are told what changed (`Changes`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import geopandas as gpd

from dashboard.ingest import fingertips, iod, population
from dashboard.ingest.areas import ended_areas, known_area_codes
from dashboard.ingest.files import Parsed, UnreadableFile
from dashboard.ingest.geo import BOUNDARY_SUFFIXES, is_topology, parse_boundaries, parse_topology
from dashboard.ingest.metadata import load_reviewed_metadata
from dashboard.ingest.observations import parse_indicator_file
from dashboard.ingest.ownership import check_ownership
from dashboard.ingest.store_file import swapped_in
from dashboard.ingest.stream import csv_header
from dashboard.ingest.workbook import is_workbook, parse_workbook
from dashboard.ingest.writer import FileResult, LoadResult, write
from dashboard.methods.quality import EndedArea, QualityReport


def parse_file(path: Path, data_dir: Path, known_areas: set[str] | None = None,
               code_column: str | None = None, name_column: str | None = None,
               ended: dict[str, EndedArea] | None = None) -> Parsed:
    """Read and validate any supported file. Raises UnreadableFile if it cannot be read.

    A hostile or broken file must never end in a traceback: anything a reader raises that
    is not already UnreadableFile becomes one, naming the file and what went wrong."""
    path = Path(path)
    if not path.exists():
        raise UnreadableFile(f"{path}: no such file")
    if path.is_dir():
        raise UnreadableFile(f"{path}: is a folder, not a file")
    try:
        return _parse(path, data_dir, known_areas, code_column, name_column, ended)
    except UnreadableFile:
        raise
    except Exception as exc:  # any reader's failure: see the docstring
        raise UnreadableFile(f"{path}: cannot be read ({type(exc).__name__}: "
                             f"{str(exc)[:300]})") from exc


def _parse(path: Path, data_dir: Path, known_areas: set[str] | None,
           code_column: str | None, name_column: str | None,
           ended: dict[str, EndedArea] | None) -> Parsed:
    """Dispatch on the file's kind: TopoJSON, workbooks, boundaries, IoD/lookups,
    indicator CSVs."""
    if is_topology(path):
        lad = None
        lad_path = path.parent / "lad_2024_uk_generalised.geojson"
        if lad_path.exists():
            lad = gpd.read_file(lad_path)[["LAD24CD", "geometry"]].rename(
                columns={"LAD24CD": "area_code"})
        return parse_topology(path, lad)
    if is_workbook(path):  # .xlsx: its sheet as a CSV (.xls: refused, saying what to do)
        return parse_workbook(path, data_dir, known_areas, ended)
    suffixes = "".join(path.suffixes[-2:])
    if path.suffix in BOUNDARY_SUFFIXES:
        return parse_boundaries(path, code_column, name_column)
    if not suffixes.endswith((".csv", ".csv.gz")):
        raise UnreadableFile(f"{path}: unsupported file type; expected .csv, .csv.gz, "
                             ".xlsx, .geojson, .gpkg, .shp, .parquet or an ONS TopoJSON")
    header = csv_header(path)
    parsed = iod.parse(path) or population.parse(path)
    if parsed is not None:
        return parsed
    if fingertips.is_fingertips(header):
        return fingertips.parse(path, load_reviewed_metadata(data_dir), known_areas, ended)
    if "areacd" in header or {"indicator", "area_code"} & set(header):
        # An indicator file (perhaps missing a column, which its parser names)
        return parse_indicator_file(path, load_reviewed_metadata(data_dir), known_areas,
                                    ended)
    report = QualityReport(str(path), rows_read=0)
    report.error("missing_columns", "unrecognised CSV layout; expected an ONS indicator file "
                 "(areacd, areanm, geography, indicator, period, observation, ...), a tidy "
                 "file (indicator, area_code, period, value, ...), a Fingertips export "
                 "(Indicator ID, Area Code, Time period, Value, ...) or an IoD/lookup file",
                 line=1, value=",".join(header)[:120])
    return Parsed(str(path), "unknown", "", report)


def load_files(store_path: Path, paths: Iterable[Path], data_dir: Path,
               progress: Callable[[str], None] | None = None,
               refresh_steps: Iterable[Callable[[duckdb.DuckDBPyConnection, Changes], None]]
               = (), replace_dataset: bool = False, access_level: str | None = None,
               **options: str | None) -> LoadResult:
    """Validate all files; if none has errors, write them all into the store at once.

    `access_level` (a submission's, chosen by the data manager who approved it) replaces
    what the files say for every dataset and indicator they write.

    A file may not take over another publisher's dataset or indicators unless
    `replace_dataset` says so (check_ownership)."""
    store_path = Path(store_path)
    known = known_area_codes(store_path)
    ended = ended_areas(store_path)
    parsed: list[Parsed] = []
    try:
        for path in paths:
            parsed.append(parse_file(Path(path), data_dir, known, ended=ended, **options))
        if access_level is not None:
            for item in parsed:
                for record in (*item.datasets, *item.indicators):
                    record["access_level"] = access_level
        return _write_parsed(store_path, parsed, progress, refresh_steps, replace_dataset)
    finally:  # a large file's rows staged on disk go whatever happened
        for p in parsed:
            if p.staged is not None:
                p.staged.cleanup()


def _write_parsed(store_path: Path, parsed: list[Parsed],
                  progress: Callable[[str], None] | None,
                  refresh_steps: Iterable[Callable[[duckdb.DuckDBPyConnection, Changes],
                                                   None]],
                  replace_dataset: bool) -> LoadResult:
    """load_files once every file is parsed: nothing written if any has errors."""
    check_ownership(store_path, parsed, replace_dataset)
    result = LoadResult()
    if any(not p.report.ok for p in parsed):
        result.files = [FileResult(p.file, "rejected" if not p.report.ok else "not loaded",
                                   p.report) for p in parsed]
        return result
    with swapped_in(store_path, copy=True) as con:
        before = _sources(con)
        result.files = write(con, parsed, progress)
        changes = Changes.between(before, _sources(con))
        if changes:
            for step in refresh_steps:  # derived tables follow the new rows
                step(con, changes)
    return result


@dataclass(frozen=True)
class Changes:
    """What a load changed of what the derived tables are made from, for the refresh
    steps (dashboard/store/derived/__init__.py): the indicators whose values or metadata (or
    their dataset's) changed, and whether areas (names, validity) or their hierarchy
    changed, which may change every derived row."""

    indicators: frozenset[str]
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.indicators)

    @classmethod
    def between(cls, before: tuple[tuple, dict], after: tuple[tuple, dict]) -> Changes:
        """From two _sources fingerprints, before and after a write."""
        (reference, indicators), (reference_after, indicators_after) = before, after
        return cls(frozenset(i for i in indicators.keys() | indicators_after.keys()
                             if indicators.get(i) != indicators_after.get(i)),
                   reference != reference_after)


def _sources(con: duckdb.DuckDBPyConnection) -> tuple[tuple, dict[str, tuple]]:
    """Fingerprints of what the derived tables are made from: areas (names, validity)
    and their hierarchy, and each indicator's observations and metadata. A load that
    changes none of these (a boundaries file, say) does not wait for every judgement to
    be worked out again, and one that changes a few indicators refreshes their rows.
    `breakdowns` are not in them: no derived table is made from breakdowns (the page
    reads them as stored), so a load that revises only breakdown rows refreshes nothing."""
    reference = con.execute("""
        SELECT (SELECT bit_xor(hash(area_code, area_name, area_type, valid_from, valid_to,
                                    replaced_by, is_lower_tier, is_upper_tier)) FROM areas),
               (SELECT bit_xor(hash(child_code, parent_code, parent_type)) FROM area_links)
    """).fetchone()
    rows = con.execute("""
        WITH values_of AS (
            SELECT indicator_id, count(*) AS n,
                   bit_xor(hash(area_code, period_start, period_duration, period_label, value,
                                lci, uci, numerator, denominator, status, note, load_id)) AS h
            FROM observations GROUP BY indicator_id
        ),
        metadata AS (
            SELECT i.indicator_id, hash(i::VARCHAR, d::VARCHAR) AS h
            FROM indicators i LEFT JOIN datasets d USING (dataset_id)
        )
        SELECT coalesce(m.indicator_id, v.indicator_id), v.n, v.h, m.h
        FROM metadata m FULL JOIN values_of v USING (indicator_id)
    """).fetchall()
    return reference, {indicator: tuple(fingerprint) for indicator, *fingerprint in rows}
