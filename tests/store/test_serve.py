"""`placeboard serve` for real: gunicorn with worker processes that each open their own
store connection, pages answering through it, a store swapped in under running requests
with none failing, and a clean stop."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import psutil
import pytest
import requests

from dashboard.server.serve import bind_address, gunicorn_options

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float = TIMEOUT) -> None:
    """Poll a condition (no fixed sleeps)."""
    pause = threading.Event()
    for _ in range(int(timeout * 10)):
        if condition():
            return
        pause.wait(0.1)
    raise AssertionError("condition not met")


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=30).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture()
def served(built_store_path, tmp_path):
    """`placeboard serve --workers 2 --threads 4` on a copy of the built store."""
    store = tmp_path / "live.duckdb"
    shutil.copy(built_store_path, store)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLACEBOARD_ACCOUNTS":
           str(tmp_path / "accounts.sqlite"), "PLACEBOARD_SECRET_KEY": "test-secret-key"}
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "serve", "--store", str(store),
         "--port", str(port), "--workers", "2", "--threads", "4"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(f"{base}/") or process.poll() is not None)
        assert process.poll() is None, process.communicate()[1]
        yield process, base, store
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()


def test_serve_runs_gunicorn_workers_that_answer_pages_and_stop_cleanly(served):
    process, base, store = served
    page = requests.get(f"{base}/area/E08000004", timeout=30)
    assert page.status_code == 200 and "Placeboard" in page.text
    workers = psutil.Process(process.pid).children()
    assert len(workers) == 2
    # Each worker opened the store itself (nothing inherited from the master, which never
    # opens it).
    wait_until(lambda: answers(f"{base}/area/E08000010") and all(
        str(store) in {f.path for f in w.open_files()} for w in workers))
    assert str(store) not in {f.path for f in psutil.Process(process.pid).open_files()}
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "gunicorn: 2 workers x 4 threads" in stderr
    assert "SIGABRT" not in stderr and "Traceback" not in stderr


def test_a_store_swapped_in_while_clients_read_fails_no_request(served, tmp_path):
    _, base, store = served
    spare = tmp_path / "spare.duckdb"
    shutil.copy(store, spare)
    urls = [f"{base}/area/E08000004", f"{base}/indicator/employment-rate?area=E08000010",
            f"{base}/public/area/E08000004", f"{base}/scorecard/oldham"]
    statuses: list[int] = []
    failures: list[str] = []
    stop = threading.Event()

    def client(offset: int) -> None:
        with requests.Session() as session:
            i = offset
            while not stop.is_set():
                url = urls[i % len(urls)]
                i += 1
                try:
                    response = session.get(url, timeout=60)
                    statuses.append(response.status_code)
                    if response.status_code != 200:
                        failures.append(f"{url}: {response.status_code}")
                except requests.RequestException as exc:
                    failures.append(f"{url}: {exc}")

    clients = [threading.Thread(target=client, args=(i,)) for i in range(6)]
    for thread in clients:
        thread.start()
    for round_ in range(3):
        before = len(statuses)
        wait_until(lambda b=before: len(statuses) >= b + 6)
        fresh = tmp_path / f"swap-{round_}.duckdb"
        shutil.copy(spare, fresh)
        os.replace(fresh, store)  # what `placeboard build` and `load` do
    before = len(statuses)
    wait_until(lambda: len(statuses) >= before + 12)
    stop.set()
    for thread in clients:
        thread.join(TIMEOUT)
    assert failures == []
    assert len(statuses) >= 30


def test_gunicorn_options():
    assert bind_address("::1", 8050) == "[::1]:8050"
    assert bind_address("0.0.0.0", 80) == "0.0.0.0:80"
    options = gunicorn_options("127.0.0.1", 8050, workers=3, threads=1)
    assert options["workers"] == 3 and options["worker_class"] == "sync"
    assert options["preload_app"] is False
    assert gunicorn_options("127.0.0.1", 8050, 2, 4)["worker_class"] == "gthread"
