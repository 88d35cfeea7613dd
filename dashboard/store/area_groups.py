"""Store queries for groups of LSOAs (mixin): wards and custom areas made from their
LSOAs' counts and Census 2021 populations (SQL in dashboard/store/sql/area_group_*.sql
and lsoa_populations.sql). The figures themselves are worked out by
dashboard/methods/area_aggregates.py. A store built before the populations or
lsoa_latest tables answers with empty frames."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.store.cache import memoized


class AreaGroupQueries:
    """Mixed into Store; uses BaseStore.query / records and place_lads."""

    @memoized
    def group_members(self, codes: tuple[str, ...]) -> pd.DataFrame:
        """The LSOAs of a list of LSOA (E01) and ward (E05) codes, each once, with ward
        and local authority (wards by the best-fit lookup)."""
        wanted = sorted({str(c).upper() for c in codes})
        return self.query("area_group_members", [wanted, wanted])  # type: ignore[attr-defined]

    def group_rows(self, indicator_ids: tuple[str, ...], lsoas: tuple[str, ...]
                   ) -> pd.DataFrame:
        """LSOA-level indicators at their latest period for some LSOAs, with each LSOA's
        Census 2021 residents (all_ages, aged_16_64)."""
        try:
            return self.query("area_group_rows",  # type: ignore[attr-defined]
                              [sorted(set(indicator_ids)), sorted(set(lsoas))])
        except duckdb.CatalogException:
            return pd.DataFrame()

    @memoized
    def lad_group_rows(self, indicator_ids: tuple[str, ...], lads: tuple[str, ...]
                       ) -> pd.DataFrame:
        """As group_rows, for every LSOA of some local authorities."""
        try:
            return self.query("area_group_lad_rows",  # type: ignore[attr-defined]
                              [sorted(set(indicator_ids)), sorted(set(lads))])
        except duckdb.CatalogException:
            return pd.DataFrame()

    @memoized
    def england_group_sums(self, indicator_ids: tuple[str, ...]) -> list[dict]:
        """England's totals of LSOA-level indicators (area_group_england.sql)."""
        try:
            return self.records("area_group_england",  # type: ignore[attr-defined]
                                [sorted(set(indicator_ids))])
        except duckdb.CatalogException:
            return []

    @memoized
    def lsoa_populations(self, within: str) -> pd.DataFrame:
        """Census 2021 residents of every LSOA in a place (area_code, all_ages,
        aged_16_64): the denominators of its wards' rates."""
        try:
            lads = self.place_lads(within)  # type: ignore[attr-defined]
            return self.query("lsoa_populations", [lads])  # type: ignore[attr-defined]
        except duckdb.CatalogException:
            return pd.DataFrame(columns=["area_code", "all_ages", "aged_16_64"])
