"""Cells public outputs suppress (table `public_suppressions`), computed at build time.

Small counts, and the cells that must be withheld with them so that they cannot be
worked out from published totals (dashboard.disclosure.complementary_suppression), for
every indicator that is a count or carries numerators. The store passes these cells to
dashboard.disclosure.protect for public viewers. Working this out needs every area of
an indicator and period at once, so it is done once here rather than per query.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard import disclosure
from dashboard.store.base import sql


def public_suppressions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The cells to suppress, from an open store connection (read only)."""
    rules = disclosure.rules_from_indicators(con.execute(sql("disclosure_rules")).df())
    cells = con.execute(sql("disclosure_cells")).df()
    if cells.empty:
        return pd.DataFrame(columns=disclosure.SUPPRESSION_COLUMNS)
    links = con.execute(sql("disclosure_links")).df()
    return disclosure.complementary_suppression(cells, links, rules)


REFRESH_ON_LOAD = True  # derived from observations only: re-run after a load

def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create `public_suppressions` inside the store being built."""
    suppressions = public_suppressions(con)
    con.execute(sql("disclosure_schema"))
    if suppressions.empty:
        return
    con.register("incoming_suppressions", suppressions)
    con.execute(sql("disclosure_insert"))
    con.unregister("incoming_suppressions")
