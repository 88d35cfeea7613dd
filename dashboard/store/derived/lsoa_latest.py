"""The prepared ``lsoa_latest`` table: every LSOA-level indicator at its latest period,
made at build time and after every load (the neighbourhood map and the worklessness
explorer read it through lsoa_values.sql).

Working the latest period out per view (lsoa_values_computed.sql) joins observations
with the coverage and geography tables: ~100 ms for one LAD once a national monthly LSOA
series is loaded (22M rows), and the explorer reads four indicators. The table holds one
row per (indicator, LSOA) with the LSOA's places beside it, so the same read is one
narrow scan (14 ms against 32 ms per call on the bundled store, busy machine). Bundled
data: 1.75M rows (52 IoD 2025 indicators, one period); made in ~11 s on a busy machine,
and only again when the LSOAs' geography changes: a load of LSOA data replaces the rows
of the indicators it changed (REFRESH).
"""

from __future__ import annotations

import duckdb

from dashboard.store.base import sql
from dashboard.store.derived.refresh import replace_rows

REFRESH_ON_LOAD = True  # derived from observations: re-run after a load

TABLES = ("lsoa_latest", "place_lads", "map_places")


ORDER = "lad_code, indicator_id, area_code"


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)make lsoa_latest unless what it is made from is unchanged (a load of local
    authority data leaves it as it is), and the small place_lads and map_places tables
    always (a few milliseconds; they follow the geography and the areas' names)."""
    fingerprint, stored = con.execute(sql("lsoa_latest_fingerprint")).fetchone()
    if stored != fingerprint:
        con.execute(f"CREATE OR REPLACE TABLE lsoa_latest AS {sql('lsoa_latest_rows')} "
                    f"ORDER BY {ORDER}", {"indicators": None})
        _remember(con, fingerprint)
    _places(con)


def REFRESH(con: duckdb.DuckDBPyConnection, indicators: frozenset[str]) -> None:
    """After a load that changed these indicators (and not the areas): replace their rows
    only. Making the whole table again took 8-9 s on the bundled store, mostly writing
    1.75M rows, for a load of one LSOA indicator. A changed geography, or a store
    without the table, means the whole BUILD_STEP."""
    fingerprint, stored = con.execute(sql("lsoa_latest_fingerprint")).fetchone()
    if stored is None or _geography(stored) != _geography(fingerprint):
        BUILD_STEP(con)
        return
    if stored != fingerprint:
        replace_rows(con, "lsoa_latest", sql("lsoa_latest_rows"),
                     {"indicators": sorted(indicators)}, indicators, ORDER)
        _remember(con, fingerprint)
    _places(con)


def _geography(fingerprint: str) -> str:
    """The part of the fingerprint that stands for the LSOAs' geography."""
    return fingerprint.rsplit("|", 1)[-1]


def _remember(con: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES ('lsoa_latest_source', ?)",
                [fingerprint])


def _places(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql("lsoa_places_build"))
    con.execute("CREATE OR REPLACE TABLE map_places AS " + sql("maps_places_computed"))
