"""The read side of the store: one read-only DuckDB connection per process, a cursor
per call, named SQL files with ? parameters, results memoized and disclosure-checked."""

from __future__ import annotations

import math
import os
import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from flask_caching.backends.base import BaseCache

from dashboard.methods import disclosure
from dashboard.security import access
from dashboard.security.access import PUBLIC, Viewer
from dashboard.security.accounts import Accounts
from dashboard.store.cache import memoized, null_cache

SQL_DIR = Path(__file__).resolve().parent / "sql"

LA_TYPES = ("lad", "county", "combined_authority", "region", "nation", "country")
SEARCHABLE_TYPES = ("lad", "county", "combined_authority", "region", "nation")


DENIED = "\x00not-visible"  # stands in for an id the viewer may not see: matches nothing
ACCESS_KINDS = ("none", "rows", "indicator-param", "indicators-param", "partnership-param")
_ACCESS_LINE = re.compile(r"^--\s*access:\s*([a-z-]+)(?:\s+(\d+))?\s*$", re.MULTILINE)
FILTER_COLUMNS = ("indicator_id", "dataset_id", "partnership_id")
# Columns holding a cell's numbers, or numbers carried from other cells, that disclosure
# control may change: records without any (and no "*_value") have nothing to protect.
NUMBER_COLUMNS = frozenset(disclosure.SUPPRESSED_COLUMNS + disclosure.PEER_COLUMNS)
# The benchmarks and levels page_values is prepared for (dashboard/store/derived/pages.py).
PAGE_BENCHMARKS = ("england", "region")
PAGE_LEVELS = (0.95, 0.998)


@cache
def sql(name: str) -> str:
    """The text of dashboard/store/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text()


@dataclass(frozen=True)
class AccessRule:
    """How a query's result relates to access, declared in its SQL file's header:

    - ``-- access: none``: no indicator, dataset or partnership data (areas, boundaries);
    - ``-- access: rows``: rows are filtered by their indicator_id / dataset_id /
      partnership_id columns (at least one must be in the result);
    - ``-- access: indicator-param N``: parameter N is one indicator id; a hidden one is
      replaced by an id that matches nothing (rows are filtered too);
    - ``-- access: indicators-param N``: parameter N is a list of indicator ids; hidden
      ones are removed from it (rows are filtered too);
    - ``-- access: partnership-param N``: parameter N is a partnership id (as above).
    A SQL file without a declaration is refused, so a new query cannot forget access."""

    kind: str
    index: int = 0


@cache
def access_rule(name: str) -> AccessRule:
    match = _ACCESS_LINE.search(sql(name))
    if match is None or match.group(1) not in ACCESS_KINDS:
        raise RuntimeError(f"dashboard/store/sql/{name}.sql has no valid '-- access:' declaration "
                           f"(one of {', '.join(ACCESS_KINDS)})")
    return AccessRule(match.group(1), int(match.group(2) or 0))


@dataclass(frozen=True)
class AccessState:
    """What one viewer may see in one store file under the current access levels."""

    viewer: Viewer
    datasets: frozenset[str]
    indicators: frozenset[str]
    partnerships: frozenset[str]
    dataset_levels: dict[str, str]
    indicator_levels: dict[str, str]
    rules: dict
    suppressed: frozenset

    @cached_property
    def protection_summary(self) -> tuple[float, frozenset[str], frozenset[str]]:
        """(largest minimum count, indicators that are counts or rounded, indicators with a
        withheld cell): worked out once per access state, so checking plain records for
        anything to protect is a few set operations (see `needs_protection`)."""
        ceiling = float(max([disclosure.DEFAULT_RULE.min_count,
                             *(rule.min_count for rule, _ in self.rules.values())]))
        special = frozenset(k for k, (rule, kind) in self.rules.items()
                            if kind == "count" or rule.rounding_base is not None)
        return ceiling, special, frozenset(cell[0] for cell in self.suppressed)

    def needs_protection(self, rows: list[dict], columns: list[str]) -> bool:
        """Whether disclosure control could change any of these records: the same test as
        `disclosure.nothing_to_protect`, on plain records, so a page's rows reach pandas
        only when there is something to protect (most rates and percentages never do)."""
        if not rows:
            return False
        if not any(c in NUMBER_COLUMNS or c.endswith("_value") for c in columns):
            return False  # no values, counts or carried values (an area's name, links)
        if "indicator_id" not in columns:
            return True  # no rule to look up: protect() decides row by row
        ceiling, special, withheld = self.protection_summary
        for column in disclosure.COUNT_COLUMNS:
            if column in columns and any(_small(row[column], ceiling) for row in rows):
                return True
        ids = {row["indicator_id"] for row in rows}
        if ids & special or not ids <= self.rules.keys() or ids & withheld:
            return True
        return "value_type" in columns and any(row["value_type"] == "count" for row in rows)

    def filter_rows(self, frame: pd.DataFrame, name: str) -> pd.DataFrame:
        """Drop rows of indicators, datasets and partnerships the viewer may not see."""
        present = [c for c in FILTER_COLUMNS if c in frame.columns]
        if not present:
            raise RuntimeError(f"dashboard/store/sql/{name}.sql declares access by rows but returns "
                               f"none of {', '.join(FILTER_COLUMNS)}")
        keep = pd.Series(True, index=frame.index)
        for column, allowed in (("indicator_id", self.indicators),
                                ("dataset_id", self.datasets),
                                ("partnership_id", self.partnerships)):
            if column not in frame.columns:
                continue
            values = frame[column]
            # Look up the frame's distinct values, not the viewer's whole list: pandas'
            # isin on arrow strings converts every listed value (~10 ms for the indicators).
            hidden = [v for v in values.dropna().unique().tolist() if v not in allowed]
            if hidden:
                keep &= ~values.isin(hidden)
            if column == "indicator_id":
                keep &= values.notna()
        return frame if keep.all() else frame[keep].reset_index(drop=True)

    def filter_records(self, rows: list[dict], columns: list[str], name: str) -> list[dict]:
        """`filter_rows` for plain records."""
        present = [c for c in FILTER_COLUMNS if c in columns]
        if not present:
            raise RuntimeError(f"dashboard/store/sql/{name}.sql declares access by rows but returns "
                               f"none of {', '.join(FILTER_COLUMNS)}")
        allowed = {"indicator_id": self.indicators, "dataset_id": self.datasets,
                   "partnership_id": self.partnerships}

        def visible(row: dict) -> bool:
            for column in present:
                value = row.get(column)
                if value is None:
                    if column == "indicator_id":
                        return False
                elif value not in allowed[column]:
                    return False
            return True

        return [row for row in rows if visible(row)]


def _small(value: Any, ceiling: float) -> bool:
    """A count from 1 to below the largest minimum (as disclosure.rules.is_small, for one value:
    anything that reads as a number counts, DuckDB's DECIMAL and numeric text included,
    as pandas.to_numeric reads them there)."""
    if value is None:
        return False
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return not math.isnan(number) and 0 < number < ceiling


class StoreMissing(FileNotFoundError):
    """The store file does not exist yet (run `placeboard build`)."""


class _Connection:
    """The one read-only connection a process keeps to a store file, shared by every
    view of the store (each viewer's clone) and every thread of a worker, reopened when
    a new file is swapped in.

    The swap waits for the cursors other threads hold on the old file: closing a DuckDB
    connection ends its cursors' queries ("Connection already closed"), and it must be
    closed before the new file can be opened, because DuckDB keeps one database
    instance per path in a process and would hand the old file back."""

    SWAP_WAIT_SECONDS = 10.0  # a query still running after this is cut short

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Condition()
        self.connection: duckdb.DuckDBPyConnection | None = None
        self.identity: tuple[int, int] | None = None
        self.in_use = 0  # cursors handed out and not yet closed

    def cursor(self, identity: tuple[int, int]) -> _Cursor:
        with self.lock:
            if self.connection is None or self.identity != identity:
                self.lock.wait_for(lambda: self.in_use == 0, timeout=self.SWAP_WAIT_SECONDS)
            if self.connection is None or self.identity != identity:  # not done meanwhile
                if self.connection is not None:
                    self.connection.close()
                self.connection = duckdb.connect(str(self.path), read_only=True)
                # One thread per worker process: with several workers this served more
                # requests per second (../shared/MEASURED.md).
                self.connection.execute("SET threads = 1")
                self.identity = identity
            self.in_use += 1
            return _Cursor(self.connection.cursor(), self)

    def release(self) -> None:
        with self.lock:
            self.in_use -= 1
            self.lock.notify_all()

    def close(self) -> None:
        with self.lock:
            if self.connection is not None:
                self.connection.close()
                self.connection = None


class _Cursor:
    """A DuckDB cursor that tells its connection when it is closed (see _Connection)."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, owner: _Connection) -> None:
        self._cursor = cursor
        self._owner: _Connection | None = owner

    def execute(self, *args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        return self._cursor.execute(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._cursor, name)

    def close(self) -> None:
        try:
            self._cursor.close()
        finally:
            if self._owner is not None:
                self._owner.release()
                self._owner = None

    def __del__(self) -> None:  # a cursor never closed must not hold up every swap
        if self._owner is not None:
            self.close()


class BaseStore:
    """Core queries. Returns fresh DataFrames; never mutates the store."""

    def __init__(self, path: Path | str, cache: BaseCache | None = None,
                 viewer: Viewer = PUBLIC, accounts: Accounts | None = None) -> None:
        self.path = Path(path)
        self.cache = cache if cache is not None else null_cache()
        self.viewer = viewer
        self.accounts = accounts
        self._shared = _Connection(self.path)
        self._access_states: dict[tuple, AccessState] = {}

    def for_viewer(self, viewer: Viewer) -> BaseStore:
        """The same store seen by another viewer (shares connection and cache: a clone
        per request must not open a connection of its own)."""
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.viewer = viewer
        return clone

    # -- connection -------------------------------------------------------------------
    def identity(self) -> tuple[int, int]:
        """(inode, mtime) of the store file: changes when a new build is swapped in."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            raise StoreMissing(f"No store at {self.path}: run `placeboard build` first")
        return (stat.st_ino, stat.st_mtime_ns)

    def _cursor(self) -> _Cursor:
        return self._shared.cursor(self.identity())

    def close(self) -> None:
        self._shared.close()

    def query(self, name: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run a named SQL file with ? parameters, as the store's viewer may see it.

        Access rules and disclosure control are applied here, where data leaves the
        store, so no page, callback, download or export can bypass them. Each SQL file
        declares how its result relates to access (see `access_rule`)."""
        rule, state, params = self._checked(name, params)
        cursor = self._cursor()
        try:
            frame = cursor.execute(sql(name), params).df()
        finally:
            cursor.close()
        return self._released(frame, name, rule, state)

    def records(self, name: str, params: list[Any] | None = None) -> list[dict]:
        """`query` as plain records (None for NULL), for pages that render row by row.

        The same access rules and disclosure control apply; rows reach pandas only when
        disclosure control has something to protect, because building a DataFrame costs
        a small page more than its query (an area profile: 7 ms to read, 18 ms more to
        convert). The check for anything to protect runs on the records themselves
        (AccessState.needs_protection)."""
        rule, state, params = self._checked(name, params)
        cursor = self._cursor()
        try:
            result = cursor.execute(sql(name), params)
            columns = [d[0] for d in result.description]
            rows = [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
        finally:
            cursor.close()
        if rule.kind == "rows" or (rule.kind != "none" and
                                   any(c in columns for c in FILTER_COLUMNS)):
            rows = state.filter_records(rows, columns, name)
        if self.viewer.disclosure_controlled and state.needs_protection(rows, columns):
            frame = disclosure.protect(pd.DataFrame(rows, columns=columns), state.rules,
                                       state.suppressed)
            rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
        return rows

    def _checked(self, name: str, params: list[Any] | None) -> tuple[AccessRule, AccessState,
                                                                      list[Any]]:
        """The query's access rule, the viewer's access state and the parameters with
        anything the viewer may not see replaced (see `access_rule`)."""
        rule = access_rule(name)
        state = self.access_state()
        params = list(params or [])
        if rule.kind == "indicator-param":
            if params[rule.index] not in state.indicators:
                params[rule.index] = DENIED
        elif rule.kind == "indicators-param":
            params[rule.index] = [i for i in params[rule.index] if i in state.indicators]
        elif rule.kind == "partnership-param" and params[rule.index] not in state.partnerships:
            params[rule.index] = DENIED
        return rule, state, params

    def _released(self, frame: pd.DataFrame, name: str, rule: AccessRule,
                  state: AccessState) -> pd.DataFrame:
        """A query's frame as the viewer may see it: rows filtered, small numbers
        protected."""
        if rule.kind == "rows" or (rule.kind != "none" and
                                   any(c in frame.columns for c in FILTER_COLUMNS)):
            frame = state.filter_rows(frame, name)
        if self.viewer.disclosure_controlled:
            frame = disclosure.protect(frame, state.rules, state.suppressed)
        return frame

    def access_state(self) -> AccessState:
        """What the viewer may see in this store file, under the current access levels
        (the store's defaults with any admin changes from the accounts database)."""
        version = self.accounts.access_version() if self.accounts else "0"
        key = (self.identity(), version, self.viewer.cache_key())
        state = self._access_states.get(key)
        if state is None:  # the overrides are read only when the levels have changed
            overrides = self.accounts.access_overrides()[1] if self.accounts else {}
            state = self._build_access_state(overrides)
            if len(self._access_states) > 64:
                self._access_states.clear()
            self._access_states[key] = state
        return state

    def access_levels(self) -> dict[str, dict[str, str]]:
        """Current access level of each dataset and indicator the viewer can see."""
        state = self.access_state()
        return {"dataset": {k: v for k, v in state.dataset_levels.items()
                            if k in state.datasets},
                "indicator": {k: v for k, v in state.indicator_levels.items()
                              if k in state.indicators}}

    def access_key(self) -> str:
        """Part of every memoized query's cache key: results differ by viewer and by
        access levels, never by anything else about the person."""
        version = self.accounts.access_version() if self.accounts else "0"
        return f"{self.viewer.cache_key()}|{version}"

    def _raw(self, text: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Fixed SQL for the store's own bookkeeping (never returned to callers)."""
        cursor = self._cursor()
        try:
            return cursor.execute(text, params or []).df()
        finally:
            cursor.close()

    def _build_access_state(self, overrides: dict[tuple[str, str], str]) -> AccessState:
        datasets = self._raw("SELECT dataset_id, access_level FROM datasets")
        indicators = self._raw(
            "SELECT indicator_id, dataset_id, access_level, min_count, rounding_base, "
            "suppression_words, value_type, unit, measure FROM indicators")
        dataset_levels = {d: overrides.get(("dataset", d), level)
                          for d, level in zip(datasets["dataset_id"], datasets["access_level"])}
        visible_datasets = access.visible(self.viewer, dataset_levels)
        indicator_levels = {i: overrides.get(("indicator", i), level)
                            for i, level in zip(indicators["indicator_id"],
                                                indicators["access_level"])}
        visible_indicators = {
            i for i, d in zip(indicators["indicator_id"], indicators["dataset_id"])
            if d in visible_datasets and access.can_see(self.viewer, indicator_levels[i])}
        try:
            partnerships = self._raw("SELECT partnership_id, access_level FROM partnerships")
        except duckdb.Error:
            partnerships = pd.DataFrame(columns=["partnership_id", "access_level"])
        visible_partnerships = {
            p for p, level in zip(partnerships["partnership_id"], partnerships["access_level"])
            if access.can_see(self.viewer, level) or p in self.viewer.partnerships}
        suppressed: frozenset = frozenset()
        if self.viewer.disclosure_controlled:
            try:
                cells = self._raw("SELECT indicator_id, area_code, period_start "
                                  "FROM public_suppressions")
            except duckdb.Error:  # a store built before disclosure control existed
                cells = pd.DataFrame(columns=["indicator_id", "area_code", "period_start"])
            suppressed = frozenset(zip(cells["indicator_id"], cells["area_code"],
                                       pd.to_datetime(cells["period_start"]).dt.date))
        return AccessState(
            viewer=self.viewer, datasets=frozenset(visible_datasets),
            indicators=frozenset(visible_indicators), partnerships=frozenset(visible_partnerships),
            dataset_levels=dataset_levels, indicator_levels=indicator_levels,
            rules=disclosure.rules_from_indicators(indicators), suppressed=suppressed)

    def scalar(self, text: str, params: list[Any] | None = None) -> Any:
        """One value from a fixed SQL statement (no values formatted into it)."""
        cursor = self._cursor()
        try:
            row = cursor.execute(text, params or []).fetchone()
        finally:
            cursor.close()
        return row[0] if row else None

    # -- areas ------------------------------------------------------------------------
    @memoized
    def area(self, code: str) -> dict | None:
        rows = self.records("area", [code])  # one row: plain values, None for NULL
        return rows[0] if rows else None

    @memoized
    def areas(self, area_types: tuple[str, ...] = LA_TYPES) -> pd.DataFrame:
        return self.query("areas_by_type", [list(area_types)])

    @memoized
    def search_areas(self, text: str, limit: int = 20,
                     area_types: tuple[str, ...] = SEARCHABLE_TYPES) -> pd.DataFrame:
        text = (text or "").strip()
        return self.query("search_areas", [text, text, text, list(area_types), text, text,
                                           int(limit)])

    @memoized
    def parents(self, code: str) -> dict[str, dict]:
        return {row["parent_type"]: {"code": row["parent_code"], "name": row["parent_name"]}
                for row in self.records("parents", [code])}

    @memoized
    def children(self, code: str, child_type: str) -> pd.DataFrame:
        return self.query("children", [code, child_type])

    # -- indicators -------------------------------------------------------------------
    @memoized
    def indicators(self) -> pd.DataFrame:
        return self.query("indicators")

    @memoized
    def catalogue_records(self) -> dict[str, dict]:
        """`indicators` as records by indicator id (None for NULL): a page that looks up
        an indicator's title or format reads the catalogue without building a DataFrame.
        Dates are pd.Timestamp, as `indicators()` has them."""
        rows = self.records("indicators")
        dates = [key for key in (rows[0] if rows else ()) if isinstance(
            next((row[key] for row in rows if row[key] is not None), None), date)]
        for row in rows:
            for key in dates:
                if row[key] is not None:
                    row[key] = pd.Timestamp(row[key])
        return {row["indicator_id"]: row for row in rows}

    @memoized
    def indicator(self, indicator_id: str) -> dict | None:
        """One catalogue row (kept on its own: a warm lookup unpickles one row, not the
        whole catalogue)."""
        return self.catalogue_records().get(indicator_id)

    @memoized
    def periods(self, indicator_id: str) -> pd.DataFrame:
        return self.query("periods", [indicator_id])

    def latest_period(self, indicator_id: str) -> pd.Timestamp | None:
        periods = self.periods(indicator_id)
        with_values = periods[periods["n_values"] > 0]
        return None if with_values.empty else pd.Timestamp(with_values["period_start"].iloc[-1])

    # -- observations -----------------------------------------------------------------
    @memoized
    def series(self, indicator_id: str, area_codes: tuple[str, ...]) -> pd.DataFrame:
        """Every period of one indicator for the given areas. LSOAs' series come from the
        prepared lsoa_series table (ordered by indicator, LSOA and period, so one LSOA's
        monthly series is a row group, not a scan of the indicator) where it has them."""
        frame = None
        if area_codes and all(code[:3] in ("E01", "W01") for code in area_codes):
            try:
                frame = self.query("lsoa_series", [indicator_id, list(area_codes)])
            except duckdb.CatalogException:  # a store built before lsoa_series existed
                frame = None
        if frame is None or frame.empty:
            frame = self.query("series", [indicator_id, list(area_codes)])
        return self._with_value_type(frame, indicator_id)

    @memoized
    def period_values(self, indicator_id: str, period_start: Any = None,
                      area_types: tuple[str, ...] = ("lad",), benchmark: str = "england",
                      level: float = 0.95) -> pd.DataFrame:
        """One period (latest if None) for every area of the given types, with England,
        region and neighbours' values and the stored comparison with ``benchmark`` at
        ``level`` (judgements prepared at build time)."""
        period = pd.Timestamp(period_start) if period_start is not None else \
            self.latest_period(indicator_id)
        if period is None:
            return pd.DataFrame()
        frame = self._page_table_query(
            "period_values", [indicator_id, period.date(), list(area_types), benchmark,
                              float(level)],
            "period_values_computed", [indicator_id, period.date(), list(area_types),
                                       float(level), benchmark, benchmark],
            prepared=benchmark in PAGE_BENCHMARKS and float(level) in PAGE_LEVELS)
        return self._with_value_type(frame, indicator_id)

    def _page_table_query(self, name: str, params: list[Any], fallback: str,
                          fallback_params: list[Any], prepared: bool = True) -> pd.DataFrame:
        """`name` (a read of a page table, dashboard/store/derived/pages.py), or the same answer
        worked out by `fallback` when the table does not hold it: a choice it was not
        prepared for, or a store built before it existed."""
        if prepared:
            try:
                return self.query(name, params)
            except duckdb.CatalogException:
                pass
        return self.query(fallback, fallback_params)

    @memoized
    def area_profile(self, code: str, benchmark: str = "england",
                     level: float = 0.95) -> list[dict]:
        """Everything an area profile shows, one record per indicator, read from the
        table prepared at build time: latest value, England and region, the comparison
        with ``benchmark`` at ``level`` and its reason, the recent trend and its reason,
        the spread across peer areas."""
        rows = self.records("area_profile", [code, benchmark, float(level)])
        return sorted(rows, key=lambda row: row["indicator_id"])

    @memoized
    def lsoa_values(self, indicator_id: str, within: str,
                    period_start: Any = None) -> pd.DataFrame:
        """One LSOA-level indicator for every LSOA within a LAD, county or region (or
        England, E92000001), at its latest period, or at ``period_start`` if given: one
        row per LSOA, whatever the series' length (a monthly national series has 120)."""
        if period_start is not None:
            return self.query("lsoa_period_values", [indicator_id,
                                                     pd.Timestamp(period_start).date(),
                                                     within, within, within, within, within])
        area = [within, within, within, within, within]
        return self._page_table_query("lsoa_values", [[indicator_id], self.place_lads(within)],
                                      "lsoa_values_computed", [[indicator_id], *area])

    @memoized
    def place_lads(self, within: str) -> list[str]:
        """The LADs whose LSOAs make up a place (every LAD with LSOAs for England)."""
        try:
            rows = self.records("place_lads", [within])
        except duckdb.CatalogException:  # a store built before the place_lads table
            rows = self.records("place_lads_computed", [within] * 5)
        return [row["lad_code"] for row in rows]

    def lsoa_records(self, indicator_ids: tuple[str, ...], within: str) -> list[dict]:
        """Several LSOA-level indicators at their latest period for every LSOA within a
        place (as `lsoa_values`), in one read: records, one per indicator and LSOA,
        ordered by indicator and LSOA code. Indicators the viewer may not see have none.
        Not memoized: the read is a few row groups (16 ms for four measures of one LAD at
        national scale), while pickling England's 135,000 records for the query cache
        took longer than reading them (1.7 s)."""
        ids = sorted(set(indicator_ids))
        area = [within, within, within, within, within]
        try:
            return self.records("lsoa_values", [ids, self.place_lads(within)])
        except duckdb.CatalogException:  # a store built before lsoa_latest
            return self.records("lsoa_values_computed", [ids, *area])

    def _with_value_type(self, frame: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
        meta = self.indicator(indicator_id) or {}
        return frame.assign(value_type=meta.get("value_type"))

    # -- catalogue and quality --------------------------------------------------------
    @memoized
    def datasets(self) -> pd.DataFrame:
        return self.query("datasets")

    @memoized
    def loads(self) -> pd.DataFrame:
        return self.query("loads")

    @memoized
    def quality_summary(self) -> pd.DataFrame:
        return self.query("quality_summary")

    @memoized
    def quality_findings(self, load_id: int, limit: int = 20) -> pd.DataFrame:
        """Up to `limit` findings of each rule for one load."""
        return self.query("quality_findings", [int(load_id), int(limit)])

    def built_at(self) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = 'built_at'")
