"""The prepared LSOA series table (``lsoa_series``), made at build time and after a load
that changes an LSOA series.

Observations are stored ordered by (indicator, period, area), so a map of one period
reads a few row groups; but one LSOA's trend over a national monthly series would read
every row of the indicator (4M for 33,755 LSOAs x 120 months: ~270 ms). lsoa_series holds
the LSOA rows of indicators with more than one LSOA period, ordered by (indicator, LSOA,
period), so a trend reads a row group or two. Bundled data has no such series (IoD 2025
is one period), so the table is empty until one is loaded.
"""

from __future__ import annotations

import duckdb

from dashboard.store.base import sql

REFRESH_ON_LOAD = True


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)make lsoa_series unless the rows it is made from are unchanged."""
    fingerprint, stored = con.execute(sql("lsoa_series_fingerprint")).fetchone()
    if stored != fingerprint:
        con.execute(sql("lsoa_series_build"), [fingerprint])
