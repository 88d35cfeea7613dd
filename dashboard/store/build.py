"""A store over one open connection, for build steps that compute with the store's
queries (target statuses) inside a file still being written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dashboard.security.access import Viewer
from dashboard.store import Store
from dashboard.store.base import sql
from dashboard.store.cache import make_cache

BUILD_VIEWER = Viewer(role="admin", user="build")


class BuildStore(Store):
    """Every row of an open (read-write) connection, without access rules or
    disclosure control: nothing it returns leaves the build; what pages show of the
    results is filtered when they are read back through a normal Store."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        super().__init__(Path("(build)"), make_cache(), viewer=BUILD_VIEWER)
        self._con = con

    def identity(self) -> tuple[int, int]:
        return (0, 0)

    def query(self, name: str, params: list[Any] | None = None) -> pd.DataFrame:
        return self._con.execute(sql(name), list(params or [])).df()

    def records(self, name: str, params: list[Any] | None = None) -> list[dict]:
        result = self._con.execute(sql(name), list(params or []))
        columns = [d[0] for d in result.description]
        return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
