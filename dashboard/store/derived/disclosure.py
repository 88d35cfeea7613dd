"""Cells public outputs withhold (table `public_suppressions`), at build and after loads.

Small counts, and the cells that must be withheld with them so that they cannot be
worked out from published totals (dashboard.methods.disclosure.complementary_suppression: a
first pattern by the "next smallest cell" rule, then a linear programming audit of every
published total that adds cells until each small count could still take at least its
minimum count of values), for every indicator that is a count (by value type, unit or
measure) or carries numerators. The store passes these cells to
dashboard.methods.disclosure.protect for public viewers. Working this out needs every area and
period of an indicator at once, so it is done here rather than per query; `placeboard
load` re-runs it in the new store file before swapping it in (REFRESH_ON_LOAD), so a
newly loaded small count is protected the moment the load finishes. docs/disclosure.md
describes the guarantee and its limits.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.methods import disclosure
from dashboard.store.base import sql


def public_suppressions(con: duckdb.DuckDBPyConnection,
                        indicators: frozenset[str] | None = None) -> pd.DataFrame:
    """The cells to withhold, from an open store connection (read only): of every
    indicator, or of ``indicators`` only."""
    rules = disclosure.rules_from_indicators(con.execute(sql("disclosure_rules")).df())
    counts = sorted(k for k, (_, value_type) in rules.items() if value_type == "count")
    if indicators is None:
        cells = con.execute(sql("disclosure_cells"), [counts]).df()
    else:
        cells = con.execute(f"SELECT * FROM ({sql('disclosure_cells')}) "
                            "WHERE list_contains(?::VARCHAR[], indicator_id)",
                            [counts, sorted(indicators)]).df()
    if cells.empty:
        return pd.DataFrame(columns=disclosure.SUPPRESSION_COLUMNS)
    links = con.execute(sql("disclosure_links")).df()
    return disclosure.complementary_suppression(cells, links, rules)


REFRESH_ON_LOAD = True  # derived from observations and indicators: re-run after a load


def _insert(con: duckdb.DuckDBPyConnection, suppressions: pd.DataFrame) -> None:
    if suppressions.empty:
        return
    con.register("incoming_suppressions", suppressions)
    try:
        con.execute(sql("disclosure_insert"))
    finally:
        con.unregister("incoming_suppressions")


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create `public_suppressions` inside the store being built or loaded into."""
    suppressions = public_suppressions(con)
    con.execute(sql("disclosure_schema"))
    _insert(con, suppressions)


def REFRESH(con: duckdb.DuckDBPyConnection, indicators: frozenset[str]) -> None:
    """After a load that changed ``indicators``: their cells worked out again. Every
    total the suppression protects adds up cells of one indicator and period
    (disclosure.tables.area_members), so no other indicator's cells change."""
    suppressions = public_suppressions(con, indicators)
    con.execute("DELETE FROM public_suppressions WHERE list_contains(?::VARCHAR[], "
                "indicator_id)", [sorted(indicators)])
    _insert(con, suppressions)
