"""Residents' page tables, prepared at build time and after every load, so that a
residents' area page reads its figures in two single-table reads (docs/store.md, "Page
tables").

Runs after ``judgements`` (modules run in name order), because the headlines carry its
comparisons with England.

- ``public_area_values``: every period of every indicator for each area with a public
  page, numbered from the latest, the latest two with the comparison with England
  (public_area_values_computed.sql, the SELECT a store built before the table works out
  per call); England's rows also in ``public_england_values``.
- ``public_area_deciles``: how many of each area's neighbourhoods are in each national
  decile of each decile indicator (public_build_deciles.sql; public_decile_counts.sql
  works out one per call).
- ``public_places``: every place a resident can search for, its name and code in lower
  case (public_places_computed.sql; public_search_places.sql searches without it, and
  public_place.sql reads a place without it).
"""

from __future__ import annotations

import duckdb

from dashboard.store.base import sql

REFRESH_ON_LOAD = True  # derived from observations and judgements: re-run after a load

TABLES = ("public_area_values", "public_england_values", "public_area_deciles",
          "public_places")


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the residents' page tables inside the store being built or loaded into."""
    # every area and indicator: the per-call SELECT with its parameters NULL
    con.execute("CREATE OR REPLACE TABLE public_area_values AS\n"
                + sql("public_area_values_computed"), [None, None, None])
    # England's rows on their own too: every area page reads them beside its own
    con.execute("CREATE OR REPLACE TABLE public_england_values AS SELECT * FROM "
                "public_area_values WHERE area_code = 'E92000001'")
    con.execute(sql("public_build_deciles"))
    con.execute("CREATE OR REPLACE TABLE public_places AS\n" + sql("public_places_computed"))
