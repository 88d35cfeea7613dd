"""Store queries for a target's context (mixin): the population it is a rate of, the
LSOA measure its gap is apportioned by, and the values of every comparable area its
ambition is set against (SQL in dashboard/store/sql/targets_*.sql)."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.store.cache import memoized


class TargetContextQueries:
    """Mixed into Store; uses BaseStore.query / records. A store built before the
    populations table existed answers with None or an empty frame."""

    @memoized
    def population(self, area_code: str) -> dict | None:
        """The area's ONS mid-2021 population estimate (year, all_ages, aged_16_64 and
        the 2021 codes it was made from), or None where there is none."""
        try:
            rows = self.records("targets_population",  # type: ignore[attr-defined]
                                [area_code, area_code, area_code])
        except duckdb.CatalogException:
            return None
        if not rows:
            return None
        row = dict(rows[0])
        row["made_from"] = [str(c) for c in row.get("made_from") or []]
        return row

    @memoized
    def neighbourhood_measure(self, indicator_id: str, area_code: str) -> pd.DataFrame:
        """One LSOA indicator's latest values in every LSOA of an area, largest first,
        with ward and Census 2021 residents aged 16 to 64."""
        try:
            lads = self.place_lads(area_code)  # type: ignore[attr-defined]
            return self.query("targets_neighbourhood_measure",  # type: ignore[attr-defined]
                              [indicator_id, lads])
        except duckdb.CatalogException:
            return pd.DataFrame()

    @memoized
    def comparator_periods(self, indicator_id: str, area_type: str) -> pd.DataFrame:
        """The period starts with a published value of an indicator for England's current
        areas of a type (period_start, period_label, value: how many areas)."""
        return self.query("targets_comparator_periods",  # type: ignore[attr-defined]
                          [indicator_id, area_type])

    @memoized
    def comparator_values(self, indicator_id: str, area_type: str,
                          starts: tuple) -> pd.DataFrame:
        """An indicator's published values at two period starts for England's current
        areas of a type."""
        return self.query("targets_comparator_span",  # type: ignore[attr-defined]
                          [indicator_id, area_type, *starts])
