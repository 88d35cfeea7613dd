"""Page tables, prepared at build time and after every load, so that a page's view is a
read of a few blocks (docs/store.md, "Page tables").

Runs after ``judgements`` (modules run in name order), because the tables carry its
verdicts. The SQL is in dashboard/store/sql/page_build_*.sql.

- ``page_values``: what the indicator page's ranking and the map show for one indicator
  and period (period_values.sql), for every benchmark and level they offer.
- ``page_map_indicators``: the indicators the local authority map can show, with their
  latest period (maps_la_indicators.sql).
"""

from __future__ import annotations

import duckdb

from dashboard.store.base import PAGE_BENCHMARKS, PAGE_LEVELS, sql
from dashboard.store.derived.refresh import replace_rows, select_of

REFRESH_ON_LOAD = True  # derived from area_values and judgements: re-run after a load

TABLES = ("page_values", "page_map_indicators")
BENCHMARKS, LEVELS = PAGE_BENCHMARKS, PAGE_LEVELS  # what page_build_values.sql holds


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the page tables inside the store being built or loaded into."""
    con.execute(sql("page_build_values"))
    # the map's indicator list, stored: the same SELECT that works it out per call
    con.execute("CREATE OR REPLACE TABLE page_map_indicators AS\n"
                + sql("maps_la_indicators_computed"))


# Each page table's rows for some indicators: (the SELECT that makes it, its stored order)
_REFRESHED = {
    "page_values": (lambda: select_of(sql("page_build_values")),
                    "indicator_id, period_start, area_type, page_benchmark, page_level, "
                    "area_name"),
    "page_map_indicators": (lambda: sql("maps_la_indicators_computed"), "title"),
}


def REFRESH(con: duckdb.DuckDBPyConnection, indicators: frozenset[str]) -> None:
    """The page tables' rows of ``indicators`` made again after a load (every row of a
    table depends on its own indicator only); a table this does not know how to refresh
    means the whole BUILD_STEP."""
    if set(TABLES) != set(_REFRESHED):
        BUILD_STEP(con)
        return
    for table, (select, order) in _REFRESHED.items():
        replace_rows(con, table, f"SELECT * FROM ({select()}) "
                     "WHERE list_contains($only::VARCHAR[], indicator_id)",
                     {"only": sorted(indicators)}, indicators, order)
