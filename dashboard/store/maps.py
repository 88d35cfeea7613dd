"""Store queries for the maps feature (mixin; SQL in dashboard/sql/maps_*.sql)."""

from __future__ import annotations

import pandas as pd

from dashboard.store.cache import memoized

MAP_LEVELS = ("lad", "ctyua", "region")


class MapsQueries:
    """Mixed into Store; uses BaseStore.query(name, params) and @memoized."""

    def map_boundaries(self, level: str) -> pd.DataFrame:
        """Boundaries (WKB) of one local-authority map level: lad, ctyua or region.

        Not memoized: dashboard.geometry caches the prepared payload instead."""
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
    def map_places(self) -> pd.DataFrame:
        """England, regions, counties and LADs that an LSOA map can cover."""
        return self.query("maps_places")  # type: ignore[attr-defined]

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
