"""Store queries for the "worse and getting worse" finder (mixin; SQL in
dashboard/store/sql/finder_*.sql). Every row comes with its stored judgement and trend; the
pure helpers in dashboard/views/finder.py pick the rows that are both."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.store.cache import memoized


class FinderQueries:
    """Mixed into Store; uses BaseStore.query(name, params) and @memoized."""

    query: Any

    @memoized
    def judged_indicators(self, code: str, benchmark: str = "england",
                          level: float = 0.95) -> pd.DataFrame:
        """Every indicator's latest value for one area, with its comparison with
        ``benchmark`` at ``level`` and its recent trend (one row per indicator)."""
        return self.query("finder_area", [code, code, benchmark, float(level), code])

    @memoized
    def judged_areas(self, indicator_id: str, area_type: str = "lad",
                     benchmark: str = "england", level: float = 0.95) -> pd.DataFrame:
        """Every current English area of one type with its latest value of one indicator,
        its comparison with ``benchmark`` at ``level`` and its recent trend."""
        return self.query("finder_indicator", [indicator_id, area_type, benchmark,
                                               float(level)])

    @memoized
    def trend_coverage(self, area_type: str = "lad") -> pd.DataFrame:
        """For each indicator, how many current English areas of one type have a latest
        value (n_areas) and a recent trend that could be calculated (n_trends)."""
        return self.query("finder_trend_coverage", [area_type])
