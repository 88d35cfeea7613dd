"""A new store file swapped in (os.replace, as `placeboard build` and `load` do) under a
worker whose threads are reading: queries in flight finish on the old file, later ones
read the new file, and none fails."""

from __future__ import annotations

import os
import shutil
import threading

import duckdb
import pytest

from dashboard.store import Store, make_cache

TIMEOUT = 30


def wait_until(condition, timeout: float = TIMEOUT) -> None:
    """Poll a condition (no fixed sleeps)."""
    done = threading.Event()
    for _ in range(int(timeout * 100)):
        if condition():
            return
        done.wait(0.01)
    raise AssertionError("condition not met")


@pytest.fixture()
def two_stores(built_store_path, tmp_path):
    """The live path holding the built store, and a second file that differs (one fewer
    dataset's observations) ready to be swapped in."""
    live = tmp_path / "live.duckdb"
    shutil.copy(built_store_path, live)
    newer = tmp_path / "newer.duckdb"
    shutil.copy(built_store_path, newer)
    with duckdb.connect(str(newer)) as con:
        con.execute("DELETE FROM observations WHERE indicator_id = 'claimant-count'")
    return live, newer


COUNT = "SELECT count(*) FROM observations"


def test_a_query_in_flight_survives_a_swap_and_the_next_reads_the_new_file(two_stores):
    live, newer = two_stores
    store = Store(live, make_cache())
    before = store.scalar(COUNT)
    cursor = store._cursor()  # another thread's query, still reading the old file
    result = cursor.execute("SELECT indicator_id FROM observations")
    os.replace(newer, live)
    seen: list = []
    other = threading.Thread(target=lambda: seen.append(store.scalar(COUNT)))
    other.start()
    # The swap waits for the cursor in flight rather than closing it under its reader.
    wait_until(lambda: len(store._shared.lock._waiters) == 1)
    assert len(result.fetchall()) == before
    cursor.close()
    other.join(TIMEOUT)
    assert seen and seen[0] < before  # the new file, with claimant-count removed
    assert store.scalar(COUNT) == seen[0]


def test_threads_reading_through_repeated_swaps_never_fail(two_stores, tmp_path):
    live, newer = two_stores
    spare = tmp_path / "spare.duckdb"
    shutil.copy(live, spare)
    store = Store(live, make_cache())
    counts = {store.scalar(COUNT)}
    shutil.copy(newer, tmp_path / "newer-copy.duckdb")
    stop = threading.Event()
    errors: list[BaseException] = []
    reads = [0] * 4

    def reader(slot: int) -> None:
        viewer_store = store.for_viewer(store.viewer)
        while not stop.is_set():
            try:
                viewer_store.scalar(COUNT)
                viewer_store.query("area", ["E08000004"])
                reads[slot] += 1
            except BaseException as exc:  # noqa: BLE001 - every failure is the finding
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for round_ in range(4):
        source = tmp_path / f"swap-{round_}.duckdb"
        shutil.copy(newer if round_ % 2 == 0 else spare, source)
        target = sum(reads)
        wait_until(lambda t=target: sum(reads) > t + 8)  # readers busy on this file
        os.replace(source, live)
        counts.add(store.scalar(COUNT))
    stop.set()
    for thread in threads:
        thread.join(TIMEOUT)
    assert errors == []
    assert len(counts) == 2  # both files were read
