"""The prepared ``lsoa_latest`` table: every LSOA-level indicator at its latest period,
made at build time and after every load (the neighbourhood map and the worklessness
explorer read it through lsoa_values.sql).

Working the latest period out per view (lsoa_values_computed.sql) joins observations
with the coverage and geography tables: ~100 ms for one LAD once a national monthly LSOA
series is loaded (22M rows), and the explorer reads four indicators. The table holds one
row per (indicator, LSOA) ordered by (indicator, LAD, LSOA), so the same read is a scan
of one row group. Bundled data: ~470,000 rows (IoD 2025, one period).
"""

from __future__ import annotations

import duckdb

from dashboard.store.base import sql

REFRESH_ON_LOAD = True  # derived from observations: re-run after a load

TABLES = ("lsoa_latest",)


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)make lsoa_latest unless what it is made from is unchanged (a load of local
    authority data leaves it as it is)."""
    fingerprint, stored = con.execute(sql("lsoa_latest_fingerprint")).fetchone()
    if stored != fingerprint:
        con.execute(sql("lsoa_latest_build"), [fingerprint])
