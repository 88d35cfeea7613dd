"""Store queries for the explore feature (mixin; SQL in dashboard/sql/explore_*.sql)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.store.cache import memoized


class ExploreQueries:
    """Mixed into Store; uses BaseStore.query(name, params) and @memoized."""

    query: Any
    indicators: Any
    neighbour_features: Any

    @memoized
    def indicator_areas(self, indicator_id: str) -> pd.DataFrame:
        """Areas (LAs and above, police force areas...) with values for one indicator."""
        return self.query("explore_indicator_areas", [indicator_id])

    @memoized
    def peer_values(self, code: str) -> pd.DataFrame:
        """Values of every area of the same kind as `code`, for each indicator at the
        period of the area's latest value (the spread behind spine charts)."""
        return self.query("explore_peer_values", [code, code])

    @memoized
    def latest_values(self, area_codes: tuple[str, ...],
                      indicator_ids: tuple[str, ...]) -> pd.DataFrame:
        """Latest value of each indicator for each area, with England and the stored
        comparison with England (the compare page's matrix)."""
        frame = self.query("explore_latest_values", [list(indicator_ids), list(area_codes)])
        meta = self.indicators()[["indicator_id", "title", "theme", "polarity", "unit",
                                  "suffix", "prefix", "decimals", "value_type", "source_org"]]
        return frame.merge(meta, on="indicator_id", how="left")

    @memoized
    def neighbours(self, code: str, k: int = 15) -> tuple[str, ...]:
        """Codes of the k nearest statistical neighbours of an area, nearest first; empty
        when the area has no neighbour features (e.g. a region or a Welsh LA)."""
        from dashboard import stats

        if not hasattr(self, "neighbour_features"):
            return ()
        try:
            nearest = stats.statistical_neighbours(self, code, k)  # type: ignore[arg-type]
        except (KeyError, ValueError):
            return ()
        return tuple(nearest["area_code"])
