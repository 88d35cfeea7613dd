"""Store queries for the explore feature (mixin; SQL in dashboard/store/sql/explore_*.sql)."""

from __future__ import annotations

import datetime
from typing import Any

import duckdb
import pandas as pd

from dashboard.store.cache import memoized


class ExploreQueries:
    """Mixed into Store; uses BaseStore.query(name, params) and @memoized."""

    query: Any
    records: Any
    indicators: Any

    @memoized
    def indicator_areas(self, indicator_id: str) -> pd.DataFrame:
        """Areas (LAs and above, police force areas...) with values for one indicator."""
        return self.query("explore_indicator_areas", [indicator_id])

    @memoized
    def latest_values(self, area_codes: tuple[str, ...], indicator_ids: tuple[str, ...],
                      benchmark: str = "england", level: float = 0.95) -> pd.DataFrame:
        """Latest value of each indicator for each area, with England, the stored
        comparison with ``benchmark`` at ``level`` and the indicator's metadata (the
        compare page's matrix): one read of area_profiles, prepared at build time."""
        return self.query("explore_latest_values", [list(indicator_ids), list(area_codes),
                                                    benchmark, float(level)])

    @memoized
    def neighbour_list(self, code: str) -> pd.DataFrame:
        """The area's statistical neighbours, nearest first, with names, distance,
        similarity and the method (prepared at build time)."""
        return self.query("neighbours", [code])

    def neighbours(self, code: str, k: int = 15) -> tuple[str, ...]:
        """Codes of the k nearest statistical neighbours of an area, nearest first; empty
        when the area has none (e.g. a region or a Welsh LA)."""
        return self._neighbour_codes(code)[:k]

    @memoized
    def _neighbour_codes(self, code: str) -> tuple[str, ...]:
        """The neighbour_list's codes, read as records (no frame for a list of codes)."""
        return tuple(row["neighbour_code"] for row in self.records("neighbours", [code]))

    @memoized
    def judgement(self, indicator_id: str, area_code: str, period_start: Any,
                  benchmark: str = "england", level: float = 0.95) -> dict | None:
        """The stored judgement of one value against one benchmark, or None."""
        day = pd.Timestamp(period_start).date()
        rows = self.records("judgement", [indicator_id, area_code, day, benchmark,
                                          float(level)])
        return rows[0] if rows else None


    # -- the indicator page: records of prepared tables (no DataFrames on the page's path)
    @memoized
    def indicator_meta(self, indicator_id: str) -> dict | None:
        """One indicator with its coverage (what `indicator` gives), read on its own:
        the whole catalogue as a frame cost the indicator page more than its charts."""
        rows = self._page_records(("page_indicator_meta", [indicator_id]),
                                  ("page_indicator_meta_computed", [[indicator_id]]),
                                  when_empty=True)
        if not rows:
            return None
        # dates as Timestamps, as the catalogue's frame gives them
        return {k: pd.Timestamp(v) if isinstance(v, datetime.date) else v
                for k, v in rows[0].items()}

    @memoized
    def indicator_area_list(self, indicator_id: str) -> list[dict]:
        """The areas with values for one indicator in the pickers' order (as
        `indicator_areas`), each with its region's code (prepared at build time)."""
        return self._page_records(("page_indicator_areas", [indicator_id]),
                                  ("page_indicator_areas_computed", [[indicator_id]]),
                                  when_empty=True)

    @memoized
    def indicator_periods(self, indicator_id: str) -> list[dict]:
        """One indicator's periods, oldest first, with how many values each has (as
        `periods`; prepared at build time)."""
        return self._page_records(("page_indicator_periods", [indicator_id]),
                                  ("page_indicator_periods_computed", [[indicator_id]]),
                                  when_empty=True)

    @memoized
    def indicator_series(self, indicator_id: str,
                         area_codes: tuple[str, ...]) -> list[dict]:
        """Every period of one indicator for the given areas (above neighbourhood level),
        as published, ordered by area and period."""
        rows = self.records("explore_series", [indicator_id, list(area_codes)])
        return sorted(rows, key=lambda row: (row["area_code"], row["period_start"]))

    @memoized
    def ranking_values(self, indicator_id: str, period_start: Any,
                       area_type: str) -> list[dict]:
        """One period of one indicator for every area of one type, with England's value
        and the stored comparison with England at 95% (the columns of `period_values`
        the indicator page's ranking shows)."""
        day = pd.Timestamp(period_start).date()
        return self._page_records(
            ("page_indicator_ranking", [indicator_id, day, area_type]),
            ("explore_ranking", [indicator_id, day, area_type]),
            ("period_values_computed", [indicator_id, day, [area_type], 0.95, "england",
                                        "england"]))

    @memoized
    def indicator_breakdowns(self, indicator_id: str, area_code: str) -> list[dict]:
        """Every published row of one indicator for one area, all periods: its values by
        sex, age and category (deprivation decile...), as Fingertips publishes them, with
        their 95% (lci, uci) and 99.8% (lci_998, uci_998) limits. Empty for indicators
        without breakdowns, and in a store built before the table existed."""
        try:
            return self.records("breakdowns", [indicator_id, area_code])
        except duckdb.CatalogException:
            return []

    def _page_records(self, *reads: tuple[str, list[Any]],
                      when_empty: bool = False) -> list[dict]:
        """The first of these reads whose tables the store has: a read of a page table,
        then the same answer worked out for a store built before the table existed.
        `when_empty`: a page table with no rows for the indicator is also worked out (an
        indicator loaded without the derived-table refresh, or one the viewer may not
        see: then the answer is empty too)."""
        for name, params in reads[:-1]:
            try:
                rows = self.records(name, params)
            except duckdb.CatalogException:
                continue
            if rows or not when_empty:
                return rows
        name, params = reads[-1]
        return self.records(name, params)

    # -- the compare page: records (its matrix is built row by row)
    @memoized
    def indicator_list(self) -> list[dict]:
        """Every indicator the viewer may see, in the catalogue's order, with what the
        compare page's pickers show: id, dataset, title and theme."""
        return self.records("explore_indicator_list")

    @memoized
    def area_list(self, area_types: tuple[str, ...]) -> list[dict]:
        """`areas` as records."""
        return self.records("areas_by_type", [list(area_types)])

    @memoized
    def latest_value_records(self, area_codes: tuple[str, ...],
                             indicator_ids: tuple[str, ...], benchmark: str = "england",
                             level: float = 0.95) -> list[dict]:
        """`latest_values` as records."""
        return self.records("explore_latest_values", [list(indicator_ids), list(area_codes),
                                                      benchmark, float(level)])
