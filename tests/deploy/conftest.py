"""Real services for the deployment tests: a Redis server (PostgreSQL comes from
tests/conftest.py), started and stopped by the tests themselves."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import free_port


class RedisServer:
    """A throw-away redis-server on 127.0.0.1 (nothing saved to disk)."""

    def __init__(self, folder: Path) -> None:
        server = shutil.which("redis-server")
        assert server, "redis-server is required (apt-get install redis-server)"
        self.url = f"redis://127.0.0.1:{free_port()}/0"
        port = self.url.rsplit(":", 1)[1].split("/")[0]
        self.process = subprocess.Popen([server, "--port", port, "--bind", "127.0.0.1",
                                         "--save", "", "--appendonly", "no",
                                         "--dir", str(folder)],
                                        stdout=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        self.stop()
                        pytest.fail("redis-server did not start")
                    time.sleep(0.05)
        finally:
            client.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One Redis server for the module's tests."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server.url
    server.stop()
