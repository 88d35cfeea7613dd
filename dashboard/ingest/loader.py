"""Write parsed files into the store: one transaction, copy-on-write, idempotent.

A load copies the store, writes into the copy and swaps it in with `os.replace`, so a
running app never reads a half-written store and a failed load leaves the original
file exactly as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import shapely

from dashboard.common import geography
from dashboard.ingest import iod
from dashboard.ingest.files import OBSERVATION_COLUMNS, Parsed, UnreadableFile
from dashboard.ingest.geo import BOUNDARY_SUFFIXES, is_topology, parse_boundaries, parse_topology
from dashboard.ingest.observations import load_reviewed_metadata, parse_indicator_file
from dashboard.ingest.staging import StagedRows
from dashboard.ingest.stream import csv_header
from dashboard.methods.quality import EndedArea, QualityReport

SQL_DIR = Path(__file__).resolve().parents[1] / "store" / "sql"
SCHEMA = (SQL_DIR / "schema.sql").read_text()


def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text()
_REPLACED_BY = re.compile(r"[EWSNK]\d{8}")
_OBSOLETE_SINCE = re.compile(r"bsolete code since (\d{4})")


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


@dataclass
class LoadResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.status != "rejected" for f in self.files)


def connect_new(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute("SET enable_progress_bar = false")
    con.execute(SCHEMA)
    return con


@contextmanager
def _read_only(store_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store opened read-only for checking files against it; a file that is not a
    store, or one a running process holds, is UnreadableFile (exit 2), not a traceback."""
    try:
        con = duckdb.connect(str(store_path), read_only=True)
    except duckdb.Error as exc:
        raise UnreadableFile(f"{store_path}: cannot open the store ({str(exc)[:300]})"
                             ) from None
    try:
        yield con
    except duckdb.CatalogException as exc:
        raise UnreadableFile(f"{store_path}: not a Placeboard store ({str(exc)[:200]})"
                             ) from None
    finally:
        con.close()


def known_area_codes(store_path: Path | None) -> set[str] | None:
    if store_path is None or not Path(store_path).exists():
        return None
    with _read_only(store_path) as con:
        return {row[0] for row in con.execute("SELECT area_code FROM areas").fetchall()}


def ended_areas(store_path: Path | None) -> dict[str, EndedArea]:
    """Codes in the store that have ended (valid_to set), with their successors' names:
    what the obsolete-code warning needs to name the replacement."""
    if store_path is None or not Path(store_path).exists():
        return {}
    with _read_only(store_path) as con:
        rows = con.execute("SELECT area_code, area_name, valid_to, replaced_by FROM areas "
                           "WHERE valid_to IS NOT NULL").fetchall()
        successors = {code for *_, replaced in rows for code in
                      _REPLACED_BY.findall(replaced or "")}
        names = dict(con.execute("SELECT area_code, area_name FROM areas WHERE area_code IN "
                                 "(SELECT unnest(?::VARCHAR[]))", [sorted(successors)]
                                 ).fetchall()) if successors else {}
    return {code: EndedArea(name or code, int(valid_to), tuple(
        (s, names.get(s, s)) for s in _REPLACED_BY.findall(replaced or "")))
        for code, name, valid_to, replaced in rows}


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
    """Dispatch on the file's kind: TopoJSON, boundaries, IoD/lookups, indicator CSVs."""
    if is_topology(path):
        lad = None
        lad_path = path.parent / "lad_2024_uk_generalised.geojson"
        if lad_path.exists():
            lad = gpd.read_file(lad_path)[["LAD24CD", "geometry"]].rename(
                columns={"LAD24CD": "area_code"})
        return parse_topology(path, lad)
    suffixes = "".join(path.suffixes[-2:])
    if path.suffix in BOUNDARY_SUFFIXES:
        return parse_boundaries(path, code_column, name_column)
    if not suffixes.endswith((".csv", ".csv.gz")):
        raise UnreadableFile(f"{path}: unsupported file type; expected .csv, .csv.gz, "
                             ".geojson, .gpkg, .shp, .parquet or an ONS TopoJSON")
    header = csv_header(path)
    parsed = iod.parse(path)
    if parsed is not None:
        return parsed
    if "areacd" in header or {"indicator", "area_code"} & set(header):
        # An indicator file (perhaps missing a column, which its parser names)
        return parse_indicator_file(path, load_reviewed_metadata(data_dir), known_areas,
                                    ended)
    report = QualityReport(str(path), rows_read=0)
    report.error("missing_columns", "unrecognised CSV layout; expected an ONS indicator file "
                 "(areacd, areanm, geography, indicator, period, observation, ...), a tidy "
                 "file (indicator, area_code, period, value, ...) or an IoD/lookup file",
                 line=1, value=",".join(header)[:120])
    return Parsed(str(path), "unknown", "", report)


# -- who a dataset belongs to ---------------------------------------------------------------

FAMILY_WORDS = {"ons": "an ONS indicator file", "tidy": "a tidy CSV file",
                "iod": "an IoD 2025 file", "unknown": "a file of unrecorded kind"}


@dataclass(frozen=True)
class Owner:
    """Who a dataset belongs to: its publisher and the kind of file it came from."""

    dataset_id: str
    publisher: str | None
    family: str
    title: str | None = None
    file: str | None = None

    def same(self, other: Owner) -> bool:
        def norm(text: str | None) -> str:
            return " ".join((text or "").split()).casefold()

        families = {self.family, other.family}
        return (len(families) == 1 or "unknown" in families) and \
            norm(self.publisher) == norm(other.publisher)

    def kind(self) -> str:
        return FAMILY_WORDS.get(self.family, f"a {self.family} file")

    def by(self) -> str:
        return f"published by {self.publisher or 'an unnamed publisher'}"

    def describe(self) -> str:
        title = f"{self.title!r}, " if self.title else ""
        origin = f", from {self.file}" if self.file else ""
        return f"{title}{self.by()} ({self.kind()}{origin})"


def _family(fmt: str | None) -> str:
    return (fmt or "unknown").split("_")[0]


def _stored_owners(store_path: Path | None) -> tuple[dict[str, Owner], dict[str, str]]:
    """(dataset id -> Owner, indicator id -> dataset id) as the store has them."""
    if store_path is None or not Path(store_path).exists():
        return {}, {}
    with _read_only(store_path) as con:
        rows = con.execute("""
            SELECT d.dataset_id, d.publisher, d.title, d.file,
                   (SELECT l.format FROM loads l WHERE l.dataset_id = d.dataset_id
                    ORDER BY l.load_id DESC LIMIT 1)
            FROM datasets d""").fetchall()
        indicators = dict(con.execute("SELECT indicator_id, dataset_id FROM indicators"
                                      ).fetchall())
    owners = {d: Owner(d, publisher, _family(fmt), title, file)
              for d, publisher, title, file, fmt in rows}
    return owners, indicators


def check_ownership(store_path: Path | None, parsed: Iterable[Parsed],
                    replace: bool = False) -> None:
    """A file must not take over a dataset or indicator that belongs to another publisher
    (a tidy file named claimant-count.csv would otherwise replace the ONS dataset's title,
    publisher, access level and values). Each conflict is an error in the file's report,
    or, with `replace` (--replace-dataset), a warning saying what was replaced."""
    owners, indicator_of = _stored_owners(store_path)
    for p in parsed:
        if not p.datasets:
            continue
        mine = Owner(p.datasets[0]["dataset_id"], p.datasets[0].get("publisher"),
                     _family(p.format), p.datasets[0].get("title"), Path(p.file).name)
        theirs = owners.get(mine.dataset_id)
        if theirs is not None and not theirs.same(mine):
            _conflict(p, replace, mine.dataset_id, f"dataset {mine.dataset_id!r}",
                      f"another publisher: {theirs.describe()}",
                      f"this file, {mine.kind()} {mine.by()}, would replace its title, "
                      "publisher, access level and values. Give the file a name of its own "
                      "(the dataset id is the file's name)")
        for indicator in p.indicators:
            iid = indicator["indicator_id"]
            other = indicator_of.get(iid)
            if other is not None and other != mine.dataset_id:
                owner = owners.get(other, Owner(other, None, "unknown"))
                _conflict(p, replace, iid, f"indicator {iid!r}",
                          f"dataset {other!r}, {owner.describe()}",
                          f"this file would move it to dataset {mine.dataset_id!r} and "
                          "replace its values. Give the indicator a name of its own (its id "
                          "is the slug of its name)")
        owners[mine.dataset_id] = mine  # later files in the same load are checked too
        indicator_of.update({i["indicator_id"]: mine.dataset_id for i in p.indicators})


def _conflict(p: Parsed, replace: bool, value: str, subject: str, owner: str,
              consequence: str) -> None:
    """An ownership conflict: an error naming the owner and the way out, or (forced) a
    warning recording what was replaced."""
    if replace:
        p.report.warning("dataset_conflict", f"replaces {subject}, which belonged to "
                         f"{owner} (--replace-dataset)", value=value)
        return
    p.report.error("dataset_conflict", f"{subject} already belongs to {owner}; "
                   f"{consequence}, or, if this file really replaces it, load it with "
                   "--replace-dataset", value=value)


def _merge_areas(con: duckdb.DuckDBPyConnection, parsed: list[Parsed]) -> bool:
    """The files' areas merged into the table; whether that changed it (most indicator
    files name areas the store already has, as it has them)."""
    existing = con.execute("SELECT * FROM areas").df()
    incoming = [p.areas for p in parsed if p.areas is not None and not p.areas.empty]
    validity = [p.area_validity for p in parsed if p.area_validity is not None]
    if not incoming and not validity:
        return False
    frame = existing.set_index("area_code")
    for new in incoming:
        new = new.drop_duplicates("area_code").set_index("area_code")
        fresh = new.index.difference(frame.index)
        frame = pd.concat([frame, new.loc[fresh, ["area_name", "geography"]]])
        has = new.index.intersection(frame.index)
        for column in ("area_name", "geography"):
            if column in new:
                filler = new.loc[has, column].dropna()
                frame.loc[filler.index, column] = frame.loc[filler.index, column].fillna(filler)
        notes = new["note"].dropna() if "note" in new else pd.Series(dtype=object)
        for code, note in notes.items():
            frame.loc[code, "note"] = note
            since = _OBSOLETE_SINCE.search(note)
            if since:
                frame.loc[code, "valid_to"] = int(since.group(1)) - 1
            tail = note.split("replaced by", 1)[1] if "replaced by" in note else ""
            successors = _REPLACED_BY.findall(tail)
            if successors:
                frame.loc[code, "replaced_by"] = " ".join(successors)
    for new in validity:
        new = new.set_index("area_code")
        fresh = new.index.difference(frame.index)
        frame = pd.concat([frame, new.loc[fresh, ["area_name"]]])
        for column in ("valid_from", "valid_to"):
            values = pd.to_numeric(new[column], errors="coerce").dropna()
            frame.loc[values.index, column] = values
    frame.index.name = "area_code"
    frame = frame.reset_index()
    frame["area_name"] = frame["area_name"].fillna(frame["area_code"])
    kinds = frame["area_code"].map(geography.classify)
    frame["area_type"] = [k[0] for k in kinds]
    frame["is_lower_tier"] = [k[1] for k in kinds]
    frame["is_upper_tier"] = [k[2] for k in kinds]
    for column in ("valid_from", "valid_to"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    columns = ["area_code", "area_name", "area_type", "geography", "is_lower_tier",
               "is_upper_tier", "valid_from", "valid_to", "replaced_by", "note"]
    frame = frame[columns]
    con.register("incoming_areas", frame)
    try:
        changed = con.execute("""
            SELECT EXISTS (SELECT * FROM areas EXCEPT ALL SELECT * FROM incoming_areas)
                OR EXISTS (SELECT * FROM incoming_areas EXCEPT ALL SELECT * FROM areas)
        """).fetchone()[0]
        if changed:
            con.execute("DELETE FROM areas")
            con.execute("INSERT INTO areas SELECT * FROM incoming_areas")
    finally:
        con.unregister("incoming_areas")
    return changed


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
                        load_id: int) -> tuple[int, int, int]:
    """Replace rows with matching keys; return (added, replaced, unchanged).

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
        return _merge_observations(con, total)
    finally:
        if isinstance(rows, StagedRows):
            con.execute("DROP TABLE incoming_obs")
        else:
            con.unregister("incoming_obs")


def _merge_observations(con: duckdb.DuckDBPyConnection, total: int) -> tuple[int, int, int]:
    """incoming_obs into observations: (added, replaced, unchanged)."""
    overlap = con.execute(
        "SELECT count(*) FROM observations WHERE indicator_id IN "
        "(SELECT DISTINCT indicator_id FROM incoming_obs)").fetchone()[0]
    if overlap == 0:  # nothing stored for these indicators (every file of a fresh build)
        con.execute("INSERT INTO observations SELECT * FROM incoming_obs")
        return total, 0, 0
    added, replaced, unchanged = con.execute(
        """
        SELECT count(*) FILTER (WHERE o.indicator_id IS NULL),
               count(*) FILTER (WHERE o.indicator_id IS NOT NULL AND (
                   i.value IS DISTINCT FROM o.value OR i.lci IS DISTINCT FROM o.lci OR
                   i.uci IS DISTINCT FROM o.uci OR i.status IS DISTINCT FROM o.status)),
               count(*) FILTER (WHERE o.indicator_id IS NOT NULL AND
                   i.value IS NOT DISTINCT FROM o.value AND i.lci IS NOT DISTINCT FROM o.lci AND
                   i.uci IS NOT DISTINCT FROM o.uci AND i.status IS NOT DISTINCT FROM o.status)
        FROM incoming_obs i LEFT JOIN observations o USING
            (indicator_id, area_code, period_start, period_duration)
        """).fetchone()
    if added != total:
        con.execute("""
            DELETE FROM observations o USING incoming_obs i
            WHERE o.indicator_id = i.indicator_id AND o.area_code = i.area_code
              AND o.period_start = i.period_start AND o.period_duration = i.period_duration
        """)
    con.execute("INSERT INTO observations SELECT * FROM incoming_obs")
    return int(added), int(replaced), int(unchanged)


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
        areas_changed = _merge_areas(con, fresh)
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
    result = FileResult(p.file, "loaded", p.report, load_id=load_id)
    before = _metadata_signature(con, p)
    if p.area_links is not None:
        _upsert(con, "area_links", p.area_links,
                ["child_code", "parent_code", "parent_type", "source"])
    if p.lsoa_attributes is not None:
        _upsert(con, "lsoa_attributes", p.lsoa_attributes,
                ["lsoa_code", "ruc_code", "ruc_name", "urban_rural"])
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
         result.rows_unchanged) = _write_observations(con, rows, load_id)
    result.metadata_changed = any(b is not None for b in before) and \
        _metadata_signature(con, p) != before
    report = p.report
    con.execute(
        "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [load_id, p.file, p.sha256, p.format, datetime.now(UTC),
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


def _swap_in(tmp: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, target)


def load_files(store_path: Path, paths: Iterable[Path], data_dir: Path,
               progress: Callable[[str], None] | None = None,
               refresh_steps: Iterable[Callable[[duckdb.DuckDBPyConnection, Changes], None]]
               = (), replace_dataset: bool = False, **options: str | None) -> LoadResult:
    """Validate all files; if none has errors, write them all into the store at once.

    A file may not take over another publisher's dataset or indicators unless
    `replace_dataset` says so (check_ownership)."""
    store_path = Path(store_path)
    known = known_area_codes(store_path)
    ended = ended_areas(store_path)
    parsed: list[Parsed] = []
    try:
        for path in paths:
            parsed.append(parse_file(Path(path), data_dir, known, ended=ended, **options))
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
    fd, tmp_name = tempfile.mkstemp(prefix=store_path.name + ".", suffix=".tmp",
                                    dir=store_path.parent if store_path.parent.exists()
                                    else None)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if store_path.exists():
            shutil.copy2(store_path, tmp)
        else:
            tmp.unlink()
        with connect_new(tmp) as con:
            before = _sources(con)
            result.files = write(con, parsed, progress)
            changes = Changes.between(before, _sources(con))
            if changes:
                for step in refresh_steps:  # derived tables follow the new rows
                    step(con, changes)
            con.execute("CHECKPOINT")
        _swap_in(tmp, store_path)
    finally:
        if tmp.exists():
            tmp.unlink()
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
    be worked out again, and one that changes a few indicators refreshes their rows."""
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


def bundled_files(data_dir: Path) -> list[Path]:
    """The default store's source files, in dependency order (geography first)."""
    b, i = data_dir / "boundaries", data_dir / "iod"
    files = [b / "lookup_lad24_ctyua_rgn_ctry.csv", i / "lookup_lsoa21_ward24_lad24_rgn24.csv.gz",
             i / "ruc21_lsoa21.csv.gz", b / "lad_2024_uk_generalised.geojson",
             b / "ctyua_2024_uk_generalised.geojson", b / "rgn_2024_en_generalised.geojson",
             b / "lsoa21_england_bsc_simplified.parquet", b / "ons_els_multivintage_topo.json"]
    files += sorted((data_dir / "ons").glob("*/*.csv"))
    files += [i / "iod2025_lsoa21_scores_ranks_deciles.csv.gz",
              i / "iod2025_lsoa21_indicators.csv.gz", i / "iod2025_lad24_summaries.csv.gz"]
    # Clearly labelled synthetic examples (partner-only access, disclosure control).
    files += sorted((data_dir / "examples").glob("*.csv"))
    return files


def _is_lsoa_parquet(path: Path) -> bool:
    return path.suffix == ".parquet" and "lsoa" in path.name


def build(store_path: Path, data_dir: Path,
          progress: Callable[[str, int, int], None] | None = None,
          extra_steps: Iterable[Callable[[duckdb.DuckDBPyConnection], None]] = ()) -> LoadResult:
    """Build a new store from data/ and swap it in atomically."""
    store_path = Path(store_path)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    files = bundled_files(data_dir)
    fd, tmp_name = tempfile.mkstemp(prefix=store_path.name + ".", suffix=".tmp",
                                    dir=store_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    result = LoadResult()
    total = len(files) + 2
    try:
        with connect_new(tmp) as con:
            # Geography first: its codes are the "known areas" the indicator files are
            # checked against. Everything is parsed before one write, so areas are
            # merged once rather than once per file.
            parsed: list[Parsed] = []
            known: set[str] | None = None
            for n, path in enumerate(files, start=1):
                if progress:
                    progress(path.name, n, total)
                is_geography = path.suffix in BOUNDARY_SUFFIXES or "lookup" in path.name \
                    or path.name.startswith("ruc")
                if not is_geography and known is None:
                    known = set()
                    for p in parsed:
                        for frame in (p.areas, p.area_validity):
                            if frame is not None:
                                known |= set(frame["area_code"])
                item = parse_file(path, data_dir, known)
                if not item.report.ok:
                    raise UnreadableFile(f"bundled file {path} has errors: "
                                         + "; ".join(f.text() for f in item.report.errors[:5]))
                parsed.append(item)
            if progress:
                progress("writing the store", total - 1, total)
            result.files = write(con, parsed)
            if progress:
                progress("sorting and indexing", total, total)
            sort_observations(con)
            for step in extra_steps:
                step(con)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('built_at', ?)",
                        [datetime.now(UTC).isoformat(timespec="seconds")])
            con.execute("CHECKPOINT")
        _swap_in(tmp, store_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return result


def lsoa_geometry_frame(store_path: Path) -> gpd.GeoDataFrame:
    """LSOA polygons from the store (used to prepare map payloads)."""
    with duckdb.connect(str(store_path), read_only=True) as con:
        frame = con.execute("SELECT area_code, geometry FROM boundaries WHERE level = 'lsoa'"
                            ).df()
    return gpd.GeoDataFrame(frame[["area_code"]],
                            geometry=shapely.from_wkb(frame["geometry"].values), crs=4326)
