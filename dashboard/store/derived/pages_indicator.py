"""The indicator page's tables, prepared at build time and after every load, so that
opening the page reads a few blocks instead of grouping every observation of the
indicator on each view (docs/store.md, "Page tables").

- ``page_indicator_meta``: each indicator with its coverage and last load (the page's
  title, definition and "about" list);
- ``page_indicator_areas``: the areas (above neighbourhood level) with values for each
  indicator, in the pickers' order, with each area's region (the trend's benchmark line);
- ``page_indicator_periods``: each indicator's periods and how many values each has;
- ``page_indicator_ranking``: the rows and columns of ``page_values`` the ranking reads
  (so runs after dashboard/store/derived/pages.py: modules run in name order).

The first three are stored from the same SELECT that works them out per call for a store
built before the table existed (page_indicator_*_computed.sql, given every indicator);
for the ranking, explore_ranking.sql reads the same from page_values.
"""

from __future__ import annotations

import duckdb

from dashboard.store.base import sql

REFRESH_ON_LOAD = True  # derived from observations and areas: re-run after a load

COMPUTED = ("page_indicator_meta", "page_indicator_areas", "page_indicator_periods")
TABLES = (*COMPUTED, "page_indicator_ranking")


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the indicator page's tables inside the store being built or loaded."""
    every = [row[0] for row in con.execute("SELECT indicator_id FROM indicators").fetchall()]
    for table in COMPUTED:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS\n" + sql(f"{table}_computed"),
                    [every])
    con.execute(sql("page_build_indicator_ranking"))
