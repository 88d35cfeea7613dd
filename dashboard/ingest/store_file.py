"""The store file as loads open it: read-only to check files against (`read_only`), or a
new copy to write into and swap in whole (`swapped_in`), so a running app never reads a
half-written store and a failed load leaves the original file exactly as it was."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dashboard.ingest.files import UnreadableFile

SQL_DIR = Path(__file__).resolve().parents[1] / "store" / "sql"
SCHEMA = (SQL_DIR / "schema.sql").read_text()


def connect_new(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute("SET enable_progress_bar = false")
    con.execute(SCHEMA)
    return con


@contextmanager
def read_only(store_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store opened read-only for checking files against it; a file that is not a
    store, or one a running process holds, is UnreadableFile (exit 2), not a traceback."""
    try:
        con = duckdb.connect(str(store_path), read_only=True)
    except duckdb.Error as exc:
        raise UnreadableFile(f"{store_path}: cannot open the store ({str(exc)[:300]})"
                             ) from None
    try:
        yield con
    except duckdb.CatalogException as exc:
        raise UnreadableFile(f"{store_path}: not a Placeboard store ({str(exc)[:200]})"
                             ) from None
    finally:
        con.close()


@contextmanager
def swapped_in(store_path: Path, copy: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a new file beside the store (a copy of it with `copy` when it
    exists, else a new store of the schema), checkpointed and swapped in over the store
    with `os.replace` when the block ends; if it raises, the file is removed and the store
    is left as it was. Writers take turns (a lock file beside the store): two loads at
    once (a command and a submission's publication) would otherwise each copy the old
    store, and the second swap would undo the first."""
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with open(store_path.with_name(store_path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with _swapped_in(store_path, copy) as con:
                yield con
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def _swapped_in(store_path: Path, copy: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    fd, tmp_name = tempfile.mkstemp(prefix=store_path.name + ".", suffix=".tmp",
                                    dir=store_path.parent if store_path.parent.exists()
                                    else None)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if copy and store_path.exists():
            shutil.copy2(store_path, tmp)
        else:
            tmp.unlink()
        with connect_new(tmp) as con:
            yield con
            con.execute("CHECKPOINT")
        _swap_in(tmp, store_path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _swap_in(tmp: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, target)
