"""The prepared ``lsoa_latest`` table: every LSOA-level indicator at its latest period,
made at build time and after every load (the neighbourhood map and the worklessness
explorer read it through lsoa_values.sql).

Working the latest period out per view (lsoa_values_computed.sql) joins observations
with the coverage and geography tables: ~100 ms for one LAD once a national monthly LSOA
series is loaded (22M rows), and the explorer reads four indicators. The table holds one
row per (indicator, LSOA) with the LSOA's places beside it, so the same read is one
narrow scan (14 ms against 32 ms per call on the bundled store, busy machine). Bundled
data: 1.75M rows (52 IoD 2025 indicators, one period); made in ~11 s on a busy machine,
and only again when LSOA data or geography changes.
"""

from __future__ import annotations

import duckdb

from dashboard.store.base import sql

REFRESH_ON_LOAD = True  # derived from observations: re-run after a load

TABLES = ("lsoa_latest", "place_lads", "map_places")


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)make lsoa_latest unless what it is made from is unchanged (a load of local
    authority data leaves it as it is), and the small place_lads and map_places tables
    always (a few milliseconds; they follow the geography and the areas' names)."""
    fingerprint, stored = con.execute(sql("lsoa_latest_fingerprint")).fetchone()
    if stored != fingerprint:
        con.execute(sql("lsoa_latest_build"), [fingerprint])
    con.execute(sql("lsoa_places_build"))
    con.execute("CREATE OR REPLACE TABLE map_places AS " + sql("maps_places_computed"))
