"""The postcode lookup (data/postcodes/: ONS NSPL August 2024, England) loaded at build
time: ``postcodes`` (postcode without its space, LSOA 2021, ward May 2024; 2.2M rows
sorted by postcode, so finding one is a point read) and ``postcode_wards`` (the wards'
names and local authorities). Read by the place searches (PostcodeQueries).

The file is already sorted and compact (4 MB of zstd Parquet); loading it takes about a
second. A data folder without it gives empty tables, and the searches then find no
postcodes. It is not derived from observations, so a load leaves it as it is.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.common.config import Settings
from dashboard.store.base import sql

FOLDER = "postcodes"
LOOKUP = "postcode_lsoa21_wd24_england.parquet"
WARDS = "ward24_names_england.csv.gz"


def load_postcodes(con: duckdb.DuckDBPyConnection, data_dir: Path) -> int:
    """Load the lookup from ``data_dir``/postcodes; the number of postcodes loaded."""
    folder = Path(data_dir) / FOLDER
    lookup, wards = folder / LOOKUP, folder / WARDS
    if not (lookup.is_file() and wards.is_file()):
        con.execute(sql("postcodes_empty"))
        return 0
    con.execute(sql("postcodes_build"), [str(lookup)])
    con.execute(sql("postcode_wards_build"), [str(wards)])
    return int(con.execute("SELECT count(*) FROM postcodes").fetchone()[0])


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    load_postcodes(con, Settings.from_env().data_dir)
