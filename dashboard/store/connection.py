"""The store file's connection: one read-only DuckDB connection per process, shared by
every view of the store and every thread, with a cursor per call, reopened when a new
file is swapped in (`SharedConnection`); `StoreMissing` when there is no file yet."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb


class StoreMissing(FileNotFoundError):
    """The store file does not exist yet (run `placeboard build`)."""


class SharedConnection:
    """The one read-only connection a process keeps to a store file, shared by every
    view of the store (each viewer's clone) and every thread of a worker, reopened when
    a new file is swapped in.

    The swap waits for the cursors other threads hold on the old file: closing a DuckDB
    connection ends its cursors' queries ("Connection already closed"), and it must be
    closed before the new file can be opened, because DuckDB keeps one database
    instance per path in a process and would hand the old file back."""

    SWAP_WAIT_SECONDS = 10.0  # a query still running after this is cut short

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Condition()
        self.connection: duckdb.DuckDBPyConnection | None = None
        self.identity: tuple[int, int] | None = None
        self.in_use = 0  # cursors handed out and not yet closed

    def cursor(self, identity: tuple[int, int]) -> SharedCursor:
        with self.lock:
            if self.connection is None or self.identity != identity:
                self.lock.wait_for(lambda: self.in_use == 0, timeout=self.SWAP_WAIT_SECONDS)
            if self.connection is None or self.identity != identity:  # not done meanwhile
                if self.connection is not None:
                    self.connection.close()
                self.connection = duckdb.connect(str(self.path), read_only=True)
                # One thread per worker process: with several workers this served more
                # requests per second (../shared/MEASURED.md).
                self.connection.execute("SET threads = 1")
                self.identity = identity
            self.in_use += 1
            return SharedCursor(self.connection.cursor(), self)

    def release(self) -> None:
        with self.lock:
            self.in_use -= 1
            self.lock.notify_all()

    def close(self) -> None:
        with self.lock:
            if self.connection is not None:
                self.connection.close()
                self.connection = None


class SharedCursor:
    """A DuckDB cursor that tells its connection when it is closed (see SharedConnection)."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, owner: SharedConnection) -> None:
        self._cursor = cursor
        self._owner: SharedConnection | None = owner

    def execute(self, *args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        return self._cursor.execute(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._cursor, name)

    def close(self) -> None:
        try:
            self._cursor.close()
        finally:
            if self._owner is not None:
                self._owner.release()
                self._owner = None

    def __del__(self) -> None:  # a cursor never closed must not hold up every swap
        if self._owner is not None:
            self.close()
