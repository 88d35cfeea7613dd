"""Store queries for the explore feature (mixin; SQL in dashboard/sql/explore_*.sql)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.store.cache import memoized


class ExploreQueries:
    """Mixed into Store; uses BaseStore.query(name, params) and @memoized."""

    query: Any
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
        return tuple(self.neighbour_list(code)["neighbour_code"].head(k))

    @memoized
    def judgement(self, indicator_id: str, area_code: str, period_start: Any,
                  benchmark: str = "england", level: float = 0.95) -> dict | None:
        """The stored judgement of one value against one benchmark, or None."""
        day = pd.Timestamp(period_start).date()
        rows = self.records("judgement", [indicator_id, area_code, day, benchmark,
                                          float(level)])
        return rows[0] if rows else None

