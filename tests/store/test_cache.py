"""Query memoization: SimpleCache by default, a real Redis server when configured."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pandas as pd
import pytest
import redis

from dashboard.store import Store, make_cache


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    assert server, "redis-server is required (apt-get install redis-server)"
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_queries_are_memoized_in_redis(built_store_path, redis_url):
    store = Store(built_store_path, make_cache(redis_url))
    client = redis.Redis.from_url(redis_url)
    assert client.dbsize() == 0
    first = store.period_values("claimant-count", "2025-01-01", ("lad",))
    assert client.dbsize() >= 1
    # A second store (another worker process) gets the same result from Redis.
    other = Store(built_store_path, make_cache(redis_url))
    keys_before = client.dbsize()
    second = other.period_values("claimant-count", "2025-01-01", ("lad",))
    pd.testing.assert_frame_equal(first, second)
    assert client.dbsize() == keys_before


def test_equal_selections_share_one_cache_entry(built_store_path):
    store = Store(built_store_path, make_cache())
    calls = []
    original = Store.query

    def counting(self, name, params=None):
        calls.append(name)
        return original(self, name, params)

    Store.query = counting
    try:
        store.series("claimant-count", ("E08000004", "E92000001"))
        store.series("claimant-count", ["E92000001", "E08000004"])
    finally:
        Store.query = original
    assert calls.count("series") == 1


def test_results_are_fresh_copies(built_store_path):
    store = Store(built_store_path, make_cache())
    frame = store.series("claimant-count", ("E08000004",))
    frame["value"] = 0
    assert store.series("claimant-count", ("E08000004",))["value"].iloc[-1] == 6.6
