"""The read side of the store (`BaseStore`): named SQL files with ? parameters
(dashboard.store.sql_files) run on the process's one read-only connection
(dashboard.store.connection), a cursor per call; access rules and disclosure control
applied where data leaves the store, for the viewer's access state
(dashboard.store.access_state); the partners' shared datasets whose values leave noted
for the data-sharing ledger (dashboard.store.shared_reads); the core reads (areas,
indicators, observations, catalogue and quality) memoized."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from flask_caching.backends.base import BaseCache

from dashboard.methods import disclosure
from dashboard.security import access
from dashboard.security.access import PUBLIC, AccessError, AccessLevel, Viewer
from dashboard.security.accounts import Accounts
from dashboard.store.access_state import FILTER_COLUMNS, AccessState, shared_read
from dashboard.store.cache import memoized, null_cache
from dashboard.store.connection import SharedConnection, SharedCursor, StoreMissing
from dashboard.store.shared_reads import note
from dashboard.store.sql_files import AccessRule, access_rule, sql

LA_TYPES = ("lad", "county", "combined_authority", "region", "nation", "country")
SEARCHABLE_TYPES = ("lad", "county", "combined_authority", "region", "nation")
DENIED = "\x00not-visible"  # stands in for an id the viewer may not see: matches nothing
# The benchmarks and levels page_values is prepared for (dashboard/store/derived/pages.py).
PAGE_BENCHMARKS = ("england", "region")
PAGE_LEVELS = (0.95, 0.998)


# The areas of some partnerships: members, own areas, and every area within them.
OWN_AREAS = """
WITH own AS (
    SELECT area_code FROM partnership_members WHERE list_contains(?, partnership_id)
    UNION SELECT area_code FROM partnerships
    WHERE list_contains(?, partnership_id) AND area_code IS NOT NULL)
SELECT area_code FROM own
UNION
SELECT g.area_code FROM area_geography g JOIN own o
  ON o.area_code IN (g.ward_code, g.lad_code, g.upper_tier_code, g.ca_code)
"""

def _indicator_params(rule: AccessRule, params: list[Any]) -> list[str]:
    """The indicator ids a read's parameters name (as the viewer may see them)."""
    if rule.kind == "indicator-param":
        return [params[rule.index]]
    if rule.kind == "indicators-param":
        return list(params[rule.index])
    return []


class BaseStore:
    """Core queries. Returns fresh DataFrames; never mutates the store."""

    def __init__(self, path: Path | str, cache: BaseCache | None = None,
                 viewer: Viewer = PUBLIC, accounts: Accounts | None = None) -> None:
        self.path = Path(path)
        self.cache = cache if cache is not None else null_cache()
        self.viewer = viewer
        self.accounts = accounts
        self._shared = SharedConnection(self.path)
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

    def _cursor(self) -> SharedCursor:
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
        frame = self._released(frame, name, rule, state)
        if state.shared and not frame.empty:  # the ledger: only who sees shared data
            note(shared_read(
                state, list(frame.columns), lambda c: frame[c].dropna().unique().tolist(),
                rule.kind, _indicator_params(rule, params)))
        return frame

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
                                       state.suppressed, state.exempt_areas)
            rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
        if state.shared and rows:  # the ledger: only who sees shared data
            note(shared_read(state, columns, lambda c: {r[c] for r in rows}, rule.kind,
                             _indicator_params(rule, params)))
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
            frame = disclosure.protect(frame, state.rules, state.suppressed,
                                       state.exempt_areas)
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
        shared = self._shared_datasets(visible_datasets, dataset_levels)
        return AccessState(
            viewer=self.viewer, datasets=frozenset(visible_datasets),
            indicators=frozenset(visible_indicators), partnerships=frozenset(visible_partnerships),
            dataset_levels=dataset_levels, indicator_levels=indicator_levels,
            rules=disclosure.rules_from_indicators(indicators), suppressed=suppressed,
            exempt_areas=self._own_areas(), shared=shared,
            shared_indicators={i: d for i, d in zip(indicators["indicator_id"],
                                                    indicators["dataset_id"])
                               if d in shared and i in visible_indicators})

    def _shared_datasets(self, visible: set[str], levels: dict[str, str]
                         ) -> dict[str, tuple[str, ...]]:
        """The partners' shared datasets (level partners:<ids>) the viewer sees, with
        their owners. None for the public, who cannot see them."""
        if not self.viewer.signed_in:
            return {}
        shared = {}
        for dataset in visible:
            try:
                level = AccessLevel.parse(levels[dataset])
            except AccessError:
                continue
            if level.kind == "partners":
                shared[dataset] = tuple(sorted(level.members))
        return shared

    def _own_areas(self) -> frozenset[str]:
        """A partner's partnerships' areas: their member areas and own area, and every
        area within those (wards, LSOAs, the districts of a county, a combined authority's
        local authorities)."""
        if self.viewer.role != "partner" or not self.viewer.partnerships:
            return frozenset()
        try:
            rows = self._raw(OWN_AREAS, [sorted(self.viewer.partnerships)] * 2)
        except duckdb.Error:  # a store without partnerships
            return frozenset()
        return frozenset(rows["area_code"])

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
        if "area_name" in frame:  # the prepared read is unsorted (period_values.sql)
            frame = frame.sort_values("area_name", kind="stable", ignore_index=True)
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

    @memoized
    def dataset_quality(self, dataset_ids: tuple[str, ...]) -> list[dict]:
        """The quality checks of each given dataset the viewer may see, as records
        (dataset_id, publisher, licence, loads, errors, warnings, last_loaded): the
        findings of each of its files' latest load."""
        ids = sorted({str(d) for d in dataset_ids if d})
        return self.records("dataset_quality", [ids]) if ids else []

    def built_at(self) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = 'built_at'")
