"""Store queries for the maps feature (mixin; SQL in dashboard/store/sql/maps_*.sql)."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from dashboard.store.base import PAGE_BENCHMARKS, PAGE_LEVELS
from dashboard.store.cache import memoized

MAP_LEVELS = ("lad", "ctyua", "region")


class MapsQueries:
    """Mixed into Store; uses BaseStore.query(name, params) and @memoized."""

    def map_boundaries(self, level: str) -> pd.DataFrame:
        """Boundaries (WKB) of one local-authority map level: lad, ctyua or region.

        Not memoized: dashboard.views.geometry caches the prepared payload instead."""
        if level not in MAP_LEVELS:
            raise ValueError(f"unknown map level {level!r}; expected one of "
                             f"{', '.join(MAP_LEVELS)}")
        return self.query("maps_boundaries", [level, level])  # type: ignore[attr-defined]

    def lsoa_boundaries(self, within: str) -> pd.DataFrame:
        """LSOA boundaries (WKB) under a LAD, county or region, or all of England."""
        return self.query("maps_lsoa_boundaries",  # type: ignore[attr-defined]
                          [within, within, within, within])

    @memoized
    def map_indicators(self) -> pd.DataFrame:
        """Indicators with values for local authorities, counties or regions."""
        return self._page_table_query(  # type: ignore[attr-defined]
            "maps_la_indicators", [], "maps_la_indicators_computed", [])

    @memoized
    def map_indicator_list(self) -> list[dict]:
        """map_indicators() as plain records, for the map page's indicator list."""
        try:
            return self.records("maps_la_indicators")  # type: ignore[attr-defined]
        except duckdb.CatalogException:  # a store built before page_map_indicators
            return self.records("maps_la_indicators_computed")  # type: ignore

    @memoized
    def map_periods(self, indicator_id: str) -> list[dict]:
        """store.periods(indicator_id) as plain records: the period list and the latest."""
        return self.records("periods", [indicator_id])  # type: ignore[attr-defined]

    @memoized
    def map_indicator(self, indicator_id: str) -> dict | None:
        """One indicator's row of the indicators table (None where unknown or not visible
        to the viewer): what the map's view needs of store.indicator(), read alone."""
        rows = self.records("maps_indicator", [indicator_id])  # type: ignore[attr-defined]
        return rows[0] if rows else None

    @memoized
    def map_values(self, indicator_id: str, period_start: Any, area_types: tuple[str, ...],
                   benchmark: str, level: float) -> list[dict]:
        """store.period_values(...) as plain records (None for NULL), under the same access
        rules and disclosure control, for the map's view: a map is drawn from a few hundred
        rows, which cost more as a DataFrame than to read. In no particular order.
        ``period_start`` None is the latest period with a value (store.latest_period)."""
        if period_start is None:
            periods = [row for row in self.map_periods(indicator_id) if row["n_values"] > 0]
            if not periods:
                return []
            period_start = periods[-1]["period_start"]
        period = pd.Timestamp(period_start).date()
        if benchmark in PAGE_BENCHMARKS and float(level) in PAGE_LEVELS:
            try:
                return self.records(  # type: ignore[attr-defined]
                    "period_values", [indicator_id, period, list(area_types), benchmark,
                                        float(level)])
            except duckdb.CatalogException:  # a store built before page_values existed
                pass
        return self.records(  # type: ignore[attr-defined]
            "period_values_computed", [indicator_id, period, list(area_types),
                                       float(level), benchmark, benchmark])

    @memoized
    def map_places(self) -> list[dict]:
        """England, regions, counties and LADs that an LSOA map can cover (records)."""
        try:
            return self.records("maps_places")  # type: ignore[attr-defined]
        except duckdb.CatalogException:  # a store built before the map_places table
            return self.records("maps_places_computed")  # type: ignore[attr-defined]

    @memoized
    def lsoa_profile(self, lsoa_code: str) -> pd.DataFrame:
        """Every IoD 2025 value for one LSOA with its position among its LAD's LSOAs."""
        return self.query("maps_lsoa_profile", [lsoa_code, lsoa_code])  # type: ignore

    @memoized
    def lsoa(self, lsoa_code: str) -> dict | None:
        """One LSOA's name, ward, LAD, region and rural-urban class."""
        frame = self.query("maps_lsoa", [lsoa_code])  # type: ignore[attr-defined]
        if frame.empty:
            return None
        return {k: (None if pd.isna(v) else v) for k, v in frame.iloc[0].to_dict().items()}
