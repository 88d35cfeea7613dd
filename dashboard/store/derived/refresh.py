"""Helpers the derived-table modules share to bring a table up to date for a few
indicators (REFRESH) instead of rebuilding it whole."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import duckdb


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, select: str,
                 params: dict[str, Any], indicators: Iterable[str], order: str,
                 key: str = "indicator_id") -> None:
    """Replace the rows of ``table`` whose ``key`` is in ``indicators`` with the rows of
    ``select`` (run with the named ``params``), matching columns by name.

    The new rows go in after the others, in ``order``: a table stored in indicator order
    stays so, and one stored in area order gains a row group or two that its area
    queries also read, until the next build. Where the new rows need a column type the
    table does not have (a column that was empty until now), the table is made again
    with the types the build would give it (UNION ALL BY NAME). ``table``, ``key`` and
    ``order`` come from the calling module, never from a file."""
    params = {**params, "replaced": sorted(indicators)}
    keep = f"SELECT * FROM {table} WHERE NOT list_contains($replaced::VARCHAR[], {key})"
    both = f"{keep} UNION ALL BY NAME SELECT * FROM ({select})"
    stored = [column[:2] for column in con.execute(f"DESCRIBE {table}").fetchall()]
    if [column[:2] for column in con.execute(f"DESCRIBE {both}", params).fetchall()] \
            == stored:  # (name, type) of every column
        con.execute(f"DELETE FROM {table} WHERE list_contains(?::VARCHAR[], {key})",
                    [params["replaced"]])
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM ({select}) ORDER BY {order}",
                    {k: v for k, v in params.items() if k != "replaced"})
        return
    con.execute(f"CREATE OR REPLACE TEMP TABLE refresh_rows AS {both}", params)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS "
                    f"SELECT * FROM refresh_rows ORDER BY {order}")
    finally:
        con.execute("DROP TABLE IF EXISTS refresh_rows")


_CREATE_AS = re.compile(r"\s*CREATE\s+OR\s+REPLACE\s+TABLE\s+\w+\s+AS\s+(.*)",
                        re.IGNORECASE | re.DOTALL)


def select_of(create_sql: str) -> str:
    """The SELECT of a ``CREATE OR REPLACE TABLE name AS SELECT ...`` build statement
    (after its leading comment lines), to be run for some indicators only."""
    body = "\n".join(line for line in create_sql.splitlines()
                     if not line.lstrip().startswith("--"))
    found = _CREATE_AS.match(body)
    if found is None:
        raise ValueError(f"not a CREATE OR REPLACE TABLE ... AS statement: {body[:80]!r}")
    return found.group(1).strip().rstrip(";")
