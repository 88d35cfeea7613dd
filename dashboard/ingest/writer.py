"""Writing parsed files into an open store: every file in ONE transaction (`write`),
each file's rows, metadata, load record and findings, observations replaced by key (the
rows a load changes kept in observation_revisions), and the tables made from them (area_geography, indicator_coverage) brought up to date."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import pandas as pd

from dashboard.ingest import iod
from dashboard.ingest.areas import merge_areas
from dashboard.ingest.columns import BREAKDOWN_COLUMNS, BREAKDOWN_KEY, OBSERVATION_COLUMNS
from dashboard.ingest.files import Parsed
from dashboard.ingest.staging import StagedRows
from dashboard.ingest.store_file import SQL_DIR
from dashboard.methods.quality import QualityReport


def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text()


@dataclass
class FileResult:
    file: str
    status: str            # loaded, unchanged (already loaded), rejected
    report: QualityReport
    rows_added: int = 0
    rows_replaced: int = 0
    rows_unchanged: int = 0
    load_id: int | None = None
    metadata_changed: bool = False  # the dataset's or indicators' stored metadata changed
    breakdown_rows: int = 0         # rows written to breakdowns (all of a Fingertips file's)


@dataclass
class LoadResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.status != "rejected" for f in self.files)


def _upsert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame,
            columns: list[str]) -> None:
    if frame is None or frame.empty:
        return
    frame = frame.reindex(columns=columns)
    con.register("incoming", frame)
    column_list = ", ".join(columns)
    con.execute(f"INSERT OR REPLACE INTO {table} ({column_list}) "
                f"SELECT {column_list} FROM incoming")
    con.unregister("incoming")


INDICATOR_COLUMNS = ["indicator_id", "dataset_id", "title", "definition", "long_description",
                     "unit", "measure", "prefix", "suffix", "decimals", "polarity", "theme",
                     "value_type", "source_org", "source_url", "source_date", "licence",
                     "attribution", "caveats", "experimental", "access_level", "min_count",
                     "rounding_base", "suppression_words"]
POPULATION_COLUMNS = ["area_code", "source", "year", "all_ages", "aged_16_64"]
DATASET_COLUMNS = ["dataset_id", "title", "publisher", "licence", "attribution", "source_url",
                   "source_date", "file", "access_level"]


def _with_access_defaults(frame: pd.DataFrame, rules: bool = False) -> pd.DataFrame:
    """Public (and, for indicators, a minimum count of 5) unless the metadata says
    otherwise: the table's NOT NULL defaults, since blanks arrive as explicit NULLs."""
    frame = frame.copy()
    frame["access_level"] = frame["access_level"].fillna("public") \
        if "access_level" in frame else "public"
    if rules:
        frame["min_count"] = pd.to_numeric(frame["min_count"], errors="coerce").fillna(5) \
            .astype(int) if "min_count" in frame else 5
    return frame


def _write_observations(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame | StagedRows,
                        load_id: int, loaded_at: datetime) -> tuple[int, int, int]:
    """Replace rows with matching keys whose contents changed; return (added, replaced,
    unchanged).

    A large file's rows (StagedRows, Parquet on disk) are read by DuckDB directly and
    inserted ordered by (indicator, period, area), the order the store keeps, so
    one-indicator, one-period reads of them prune to a few row groups."""
    if isinstance(rows, StagedRows):
        con.execute(f"""
            CREATE TEMP TABLE incoming_obs AS
            SELECT {', '.join(OBSERVATION_COLUMNS)}, ?::INTEGER AS load_id
            FROM read_parquet(?) ORDER BY indicator_id, period_start, area_code
        """, [load_id, [str(path) for path in rows.paths]])
        total = con.execute("SELECT count(*) FROM incoming_obs").fetchone()[0]
    else:
        frame = rows[OBSERVATION_COLUMNS].copy()
        frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
        frame["load_id"] = load_id
        con.register("incoming_obs", frame)
        total = len(frame)
    try:
        return _merge_observations(con, total, load_id, loaded_at)
    finally:
        if isinstance(rows, StagedRows):
            con.execute("DROP TABLE incoming_obs")
        else:
            con.unregister("incoming_obs")


# What makes a stored row revised when a load brings its key again: any of these differ.
# An identical row is left as it was, its load_id that of the load that last changed it.
REVISED_COLUMNS = ("period_label", "value", "lci", "uci", "numerator", "denominator",
                   "status", "note")
_KEY_MATCH = ("o.indicator_id = i.indicator_id AND o.area_code = i.area_code AND "
              "o.period_start = i.period_start AND o.period_duration = i.period_duration")
_STORED_COLUMNS = ", ".join([*OBSERVATION_COLUMNS, "load_id"])


def _merge_observations(con: duckdb.DuckDBPyConnection, total: int, load_id: int,
                        loaded_at: datetime) -> tuple[int, int, int]:
    """incoming_obs into observations: (added, replaced, unchanged). Each stored row a
    changed one replaces is kept in observation_revisions with the replacing load and
    its time, so any past state of a series can be put back together."""
    overlap = con.execute(
        "SELECT count(*) FROM observations WHERE indicator_id IN "
        "(SELECT DISTINCT indicator_id FROM incoming_obs)").fetchone()[0]
    if overlap == 0:  # nothing stored for these indicators (every file of a fresh build)
        con.execute("INSERT INTO observations SELECT * FROM incoming_obs")
        return total, 0, 0
    # IoD scores arrive without the numerator the load attaches afterwards
    attached = [iod.domain_indicator_id(domain, "score") for domain in iod.NUMERATOR_FOR]
    changed = " OR ".join(
        f"i.{c} IS DISTINCT FROM o.{c}" if c != "numerator" else
        f"(i.{c} IS DISTINCT FROM o.{c} AND NOT (i.{c} IS NULL AND "
        f"list_contains($attached, i.indicator_id)))" for c in REVISED_COLUMNS)
    matched, replaced = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {changed}) FROM incoming_obs i "
        f"JOIN observations o ON {_KEY_MATCH}", {"attached": attached}).fetchone()
    if replaced:
        con.execute(f"""
            INSERT INTO observation_revisions ({_STORED_COLUMNS}, superseded_by_load,
                                               superseded_at)
            SELECT {', '.join('o.' + c for c in _STORED_COLUMNS.split(', '))},
                   $load_id, $loaded_at
            FROM observations o JOIN incoming_obs i ON {_KEY_MATCH} WHERE {changed}
        """, {"attached": attached, "load_id": load_id, "loaded_at": loaded_at})
        con.execute(f"DELETE FROM observations o USING observation_revisions i "
                    f"WHERE i.superseded_by_load = ? AND {_KEY_MATCH}", [load_id])
    if matched - replaced:  # rows that arrive unchanged stay as they are
        con.execute(f"""
            INSERT INTO observations SELECT * FROM incoming_obs i
            WHERE NOT EXISTS (SELECT 1 FROM observations o WHERE {_KEY_MATCH})
        """)
    else:
        con.execute("INSERT INTO observations SELECT * FROM incoming_obs")
    return int(total - matched), int(replaced), int(matched - replaced)


def _write_breakdowns(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame,
                      load_id: int) -> None:
    """Every published row of a file with breakdowns, replacing stored rows with the same
    key (indicator, area, period, sex, age, category type and category)."""
    frame = rows[BREAKDOWN_COLUMNS].copy()
    frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
    frame["load_id"] = load_id
    con.register("incoming_breakdowns", frame)
    try:
        matches = " AND ".join(f"b.{k} = i.{k}" for k in BREAKDOWN_KEY)
        con.execute(f"DELETE FROM breakdowns b USING incoming_breakdowns i WHERE {matches}")
        columns = ", ".join([*BREAKDOWN_COLUMNS, "load_id"])
        con.execute(f"INSERT INTO breakdowns ({columns}) SELECT {columns} "
                    "FROM incoming_breakdowns ORDER BY indicator_id, area_code, period_start")
    finally:
        con.unregister("incoming_breakdowns")


def _attach_iod_numerators(con: duckdb.DuckDBPyConnection) -> None:
    """Give IoD income/employment rates their published counts as numerators."""
    for domain, column in iod.NUMERATOR_FOR.items():
        con.execute("""
            UPDATE observations AS o SET numerator = c.value
            FROM observations AS c
            WHERE o.indicator_id = ? AND c.indicator_id = ?
              AND c.area_code = o.area_code AND c.period_start = o.period_start
        """, [iod.domain_indicator_id(domain, "score"), "iod-" + column.replace("_", "-")])


def write(con: duckdb.DuckDBPyConnection, parsed: list[Parsed],
          progress: Callable[[str], None] | None = None) -> list[FileResult]:
    """Write every parsed file in ONE transaction (caller guarantees no errors)."""
    results = []
    con.execute("BEGIN TRANSACTION")
    try:
        fresh: list[Parsed] = []
        for p in parsed:
            seen = con.execute("SELECT load_id FROM loads WHERE sha256 = ?", [p.sha256]).fetchone()
            if seen:
                results.append(FileResult(p.file, "unchanged", p.report, load_id=seen[0]))
            else:
                fresh.append(p)
        areas_changed = merge_areas(con, fresh)
        for p in fresh:
            results.append(_write_one(con, p))
            if progress:
                progress(p.file)
        if any(p.format.startswith("iod_lsoa") for p in fresh):
            _attach_iod_numerators(con)
        if areas_changed or any(p.area_links is not None or p.lsoa_attributes is not None
                                for p in fresh):
            con.execute(_sql("area_geography"))  # made from areas, links and attributes
        if fresh:
            con.execute(_sql("indicator_coverage"))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return results


def _metadata_signature(con: duckdb.DuckDBPyConnection, p: Parsed) -> tuple:
    """A hash of the stored rows of this file's dataset and indicators (None, None when
    none are stored): tells a data manager that a reload changed metadata only."""
    return con.execute("""
        SELECT (SELECT bit_xor(hash(i::VARCHAR)) FROM indicators i
                WHERE list_contains(?::VARCHAR[], i.indicator_id)),
               (SELECT bit_xor(hash(d::VARCHAR)) FROM datasets d WHERE d.dataset_id = ?)
    """, [[i["indicator_id"] for i in p.indicators],
          p.datasets[0]["dataset_id"] if p.datasets else None]).fetchone()


def _write_one(con: duckdb.DuckDBPyConnection, p: Parsed) -> FileResult:
    """One file's rows, its load record and its findings (inside write's transaction)."""
    load_id = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM loads").fetchone()[0]
    loaded_at = datetime.now(UTC)
    result = FileResult(p.file, "loaded", p.report, load_id=load_id)
    before = _metadata_signature(con, p)
    if p.area_links is not None:
        _upsert(con, "area_links", p.area_links,
                ["child_code", "parent_code", "parent_type", "source"])
    if p.lsoa_attributes is not None:
        _upsert(con, "lsoa_attributes", p.lsoa_attributes,
                ["lsoa_code", "ruc_code", "ruc_name", "urban_rural"])
    if p.populations is not None:
        _upsert(con, "populations", p.populations, POPULATION_COLUMNS)
    if p.datasets:
        _upsert(con, "datasets", _with_access_defaults(pd.DataFrame(p.datasets)),
                DATASET_COLUMNS)
    if p.indicators:
        _upsert(con, "indicators", _with_access_defaults(pd.DataFrame(p.indicators), rules=True),
                INDICATOR_COLUMNS)
    if p.boundaries is not None:
        _upsert(con, "boundaries", p.boundaries, ["area_code", "level", "vintage", "geometry"])
    rows = p.staged if p.staged is not None else p.observations
    if rows is not None and (p.staged is not None or not rows.empty):
        (result.rows_added, result.rows_replaced,
         result.rows_unchanged) = _write_observations(con, rows, load_id,
                                                               loaded_at)
    if p.breakdowns is not None and not p.breakdowns.empty:
        _write_breakdowns(con, p.breakdowns, load_id)
        result.breakdown_rows = len(p.breakdowns)
    result.metadata_changed = any(b is not None for b in before) and \
        _metadata_signature(con, p) != before
    report = p.report
    con.execute(
        "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [load_id, p.file, p.sha256, p.format, loaded_at,
         report.rows_read, result.rows_added, result.rows_replaced,
         result.rows_unchanged, len(report.errors), len(report.warnings),
         json.dumps(report.to_dict(limit_per_rule=50)),
         p.datasets[0]["dataset_id"] if p.datasets else None])
    if report.findings:
        findings = pd.DataFrame([{
            "load_id": load_id, "severity": f.severity, "rule": f.rule,
            "file": f.file, "line": f.line, "column_name": f.column, "value": f.value,
            "message": f.message} for f in report.findings])
        con.register("incoming_findings", findings)
        con.execute("INSERT INTO quality_findings SELECT * FROM incoming_findings")
        con.unregister("incoming_findings")
    return result


def sort_observations(con: duckdb.DuckDBPyConnection) -> None:
    """Store rows ordered by (indicator, period, area): DuckDB's block min/max pruning
    then makes one-indicator, one-period queries read a handful of row groups."""
    con.execute("""
        CREATE TABLE observations_sorted AS
        SELECT * FROM observations ORDER BY indicator_id, period_start, area_code;
        DROP TABLE observations;
        ALTER TABLE observations_sorted RENAME TO observations;
    """)
