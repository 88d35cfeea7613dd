"""Tables derived at build time (comparisons, trends, partnerships and targets).

Each module in this package may define BUILD_STEP(con); `placeboard build` runs them
in module-name order after the source files are loaded, inside the new store file.
A module that derives only from observations also sets REFRESH_ON_LOAD = True, and
`placeboard load` re-runs it inside the new file, so derived tables (comparisons, public
suppressions) never go stale after a load.

A load usually changes a few indicators. A module that can bring its tables up to date
for those alone defines REFRESH(con, indicators): it replaces the rows of those
indicators (and whatever else they affect) with what BUILD_STEP would now make of them.
The load step (``LOAD_STEPS``) runs REFRESH when the load says which indicators changed
(``changes.indicators``), and BUILD_STEP, the whole table, when areas or their hierarchy
changed (``changes.everything``), when it is not told or when the module has no REFRESH.
tests/store/test_incremental_refresh.py checks that both give the same tables.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable
from types import ModuleType
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


def _load_step(module: ModuleType) -> Callable[..., None]:
    """The module's refresh after a load: REFRESH(con, indicators) for the indicators a
    load changed, else its whole BUILD_STEP (see the module docstring)."""
    refresh = getattr(module, "REFRESH", None)

    def step(con: duckdb.DuckDBPyConnection, changes: Any = None) -> None:
        if refresh is None or changes is None or changes.everything:
            module.BUILD_STEP(con)
        elif changes.indicators:
            refresh(con, frozenset(changes.indicators))

    step.__module__ = module.__name__
    step.__qualname__ = step.__name__ = "load_step"
    return step


BUILD_STEPS = []
LOAD_STEPS = []
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    if hasattr(_module, "BUILD_STEP"):
        BUILD_STEPS.append(_module.BUILD_STEP)
        if getattr(_module, "REFRESH_ON_LOAD", False):
            LOAD_STEPS.append(_load_step(_module))
