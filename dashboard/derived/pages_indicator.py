"""The indicator page's tables, prepared at build time and after every load, so that
opening the page reads a few blocks instead of grouping every observation of the
indicator on each view (docs/store.md, "Page tables").

- ``page_indicator_areas``: the areas (above neighbourhood level) with values for each
  indicator, in the pickers' order, with each area's region (the trend's benchmark line);
- ``page_indicator_periods``: each indicator's periods and how many values each has.

Each is stored from the same SELECT that works it out per call for a store built before
the table existed (page_indicator_*_computed.sql, given every indicator).
"""

from __future__ import annotations

import duckdb

from dashboard.store.base import sql

REFRESH_ON_LOAD = True  # derived from observations and areas: re-run after a load

TABLES = ("page_indicator_areas", "page_indicator_periods")


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the indicator page's tables inside the store being built or loaded."""
    every = [row[0] for row in con.execute("SELECT indicator_id FROM indicators").fetchall()]
    for table in TABLES:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS\n" + sql(f"{table}_computed"),
                    [every])
