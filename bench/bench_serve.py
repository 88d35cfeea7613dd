"""Concurrent clients against `placeboard serve` (gunicorn), also while `placeboard load`
swaps the store, beside Flask's development server (what `make run` used before).

    python bench/bench_serve.py [--store var/placeboard.duckdb] [--clients 30]
                                [--seconds 20] [--workers 2] [--threads 4]

The workload is what browsers send: page addresses (the HTML shell), the page-content
callback each page makes, and the callbacks of its controls (POSTs to
/_dash-update-component). Callback bodies are built from the server's own
/_dash-dependencies and the component values in each page's layout as the server sends
it, with one control changed as a person would. Pages: area profile, indicator (trend,
ranking table), compare, scorecard (filter), target, public (search, area) and map.

Each server runs on a copy of the store. Reported per phase: requests/s, median and 95th
percentile latency, failed requests (not 200, or no answer), and the largest resident
memory of each worker process seen during the phase. Not a timed test: numbers vary by
machine and by what else it is doing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.common.config import DATA_DIR, DEFAULT_STORE

PAGES = [  # (path, query): the pages of the issue, as people open them
    ("/area/E08000004", ""),
    ("/indicator/employment-rate", "?area=E08000004"),
    ("/compare", ""),
    ("/scorecard/oldham", ""),
    (None, ""),  # a target page: the first target of Oldham's scorecard (found at start)
    ("/public", ""),
    ("/public/area/E08000004", ""),
    ("/map", ""),
]
# Controls changed by people on those pages: (page path, component id, property, value).
CHANGES = [
    ("/indicator/employment-rate", "indicator-area", "value", "E08000010"),
    ("/indicator/employment-rate", "indicator-ranking-button", "n_clicks", 1),
    ("/compare", "compare-sort", "value", "claimant-count"),
    ("/scorecard/oldham", "scorecard-status", "value", ["off_track"]),
    ("/public", "public-search", "value", "Oldham"),
    ("/map", "map-indicator", "value", "claimant-count"),
]
BARS = {"requests/s": ">= 150", "p95": "<= 300 ms", "errors": "0", "RSS/worker": "<= 600 MB"}


@dataclass
class Call:
    """One request of the workload."""

    name: str
    method: str
    path: str
    body: dict | None = None


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    worker_rss: dict[int, int] = field(default_factory=dict)

    def row(self) -> str:
        n = len(self.latencies)
        rate = n / self.seconds if self.seconds else 0.0
        p50 = statistics.median(self.latencies) * 1000 if n else float("nan")
        p95 = (statistics.quantiles(self.latencies, n=20)[18] * 1000 if n >= 20
               else float("nan"))
        rss = " ".join(f"{v / 2**20:.0f}" for v in self.worker_rss.values()) or "-"
        return (f"{self.name:<44} {n:>7} {rate:>8.1f} {p50:>8.0f} {p95:>8.0f} "
                f"{len(self.errors):>6}  {rss}")


# -- servers -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(workdir: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT),
            "PLACEBOARD_ACCOUNTS": str(workdir / "accounts.sqlite"),
            "PLACEBOARD_SECRET_KEY": "bench-secret-key"}


DEV_SERVER = """
import sys
from dashboard.server.app import create_app
from dashboard.common.config import Settings
create_app(Settings.from_env(store_path=sys.argv[1])).run(port=int(sys.argv[2]))
"""


def start(kind: str, store: Path, port: int, workdir: Path, workers: int,
          threads: int) -> subprocess.Popen:
    """gunicorn through `placeboard serve`, or Flask's development server as `make run`
    ran it before (app.run, threaded, no reloader)."""
    if kind == "gunicorn":
        command = [sys.executable, "-m", "dashboard.cli", "serve", "--store", str(store),
                   "--port", str(port), "--workers", str(workers), "--threads", str(threads)]
    else:
        command = [sys.executable, "-c", DEV_SERVER, str(store), str(port)]
    with open(workdir / f"{kind}.log", "w") as log:  # the child keeps its own copy
        process = subprocess.Popen(command, cwd=workdir, env=environment(workdir),
                                   stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{kind} server stopped: see {workdir / f'{kind}.log'}")
        try:
            if requests.get(f"{base}/_dash-dependencies", timeout=60).ok:
                return process
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"{kind} server did not answer within 180 s")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def workers_of(process: subprocess.Popen) -> list[psutil.Process]:
    """gunicorn's worker processes, or the development server's own process."""
    master = psutil.Process(process.pid)
    return master.children() or [master]


# -- the workload, built from the server's own callbacks and layouts ------------------------

def outputs_of(output: str) -> list[dict] | dict:
    """The `outputs` of a callback request, from its dependency's output string."""
    def one(text: str) -> dict:
        component, prop = text.rsplit(".", 1)
        return {"id": component, "property": prop}

    if output.startswith(".."):
        return [one(part) for part in output.strip(".").split("...")]
    return one(output)


def components(tree: Any) -> Iterator[dict]:
    """Every component (type, namespace, props) in a serialised layout."""
    if isinstance(tree, dict):
        if "props" in tree and "type" in tree:
            yield tree
        for value in (tree.get("props", tree) or {}).values():
            yield from components(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from components(item)


def body(dependency: dict, values: dict[tuple[str, str], Any],
         changed: list[str]) -> dict:
    def filled(items: list[dict]) -> list[dict]:
        return [{"id": i["id"], "property": i["property"],
                 "value": values.get((i["id"], i["property"]))} for i in items]

    return {"output": dependency["output"], "outputs": outputs_of(dependency["output"]),
            "inputs": filled(dependency["inputs"]), "state": filled(dependency["state"]),
            "changedPropIds": changed}


def workload(base: str, target_path: str) -> list[Call]:
    """Page shells, page-content callbacks and control callbacks, as browsers send them."""
    dependencies = requests.get(f"{base}/_dash-dependencies", timeout=60).json()
    page_content = next(d for d in dependencies if "_pages_content.children" in d["output"])
    calls: list[Call] = []
    layouts: dict[str, dict[tuple[str, str], Any]] = {}
    for path, query in PAGES:
        path = path or target_path
        calls.append(Call(f"page {path}", "GET", path + query))
        request = body(page_content, {("_pages_location", "pathname"): path,
                                      ("_pages_location", "search"): query},
                       ["_pages_location.pathname"])
        calls.append(Call(f"layout {path}", "POST", "/_dash-update-component", request))
        answer = requests.post(f"{base}/_dash-update-component", json=request, timeout=120)
        answer.raise_for_status()
        content = answer.json()["response"]["_pages_content"]["children"]
        layouts[path] = {(c["props"]["id"], prop): value for c in components(content)
                         if isinstance(c["props"].get("id"), str)
                         for prop, value in c["props"].items()}
    for path, component, prop, value in CHANGES:
        dependency = next(d for d in dependencies
                          if any(i["id"] == component and i["property"] == prop
                                 for i in d["inputs"]) and "@" not in d["output"])
        values = {**layouts[path], (component, prop): value}
        calls.append(Call(f"callback {component}.{prop}", "POST", "/_dash-update-component",
                          body(dependency, values, [f"{component}.{prop}"])))
    for call in calls:  # every call answers before it is timed
        check = send(requests.Session(), base, call)
        if check.status_code != 200:
            raise SystemExit(f"{call.name} answered {check.status_code}: {check.text[:300]}")
    return calls


def send(session: requests.Session, base: str, call: Call) -> requests.Response:
    if call.method == "GET":
        return session.get(base + call.path, timeout=120)
    return session.post(base + call.path, data=json.dumps(call.body), timeout=120,
                        headers={"Content-Type": "application/json"})


def drive(base: str, calls: list[Call], clients: int, phase: Phase, until: threading.Event,
          process: subprocess.Popen) -> None:
    """`clients` threads, each sending the workload in its own shuffled order with no
    pause between requests, until `until` is set; worker memory sampled meanwhile."""
    lock = threading.Lock()

    def client(seed: int) -> None:
        order = list(calls)
        random.Random(seed).shuffle(order)
        with requests.Session() as session:
            i = 0
            while not until.is_set():
                call = order[i % len(order)]
                i += 1
                started = time.perf_counter()
                try:
                    status = send(session, base, call).status_code
                    problem = None if status == 200 else f"{call.name}: {status}"
                except requests.RequestException as exc:
                    problem = f"{call.name}: {type(exc).__name__}"
                elapsed = time.perf_counter() - started
                with lock:
                    phase.latencies.append(elapsed)
                    if problem:
                        phase.errors.append(problem)

    threads = [threading.Thread(target=client, args=(seed,), daemon=True)
               for seed in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    while not until.wait(0.5):
        for worker in workers_of(process):
            try:
                rss = worker.memory_info().rss
            except psutil.NoSuchProcess:
                continue
            phase.worker_rss[worker.pid] = max(phase.worker_rss.get(worker.pid, 0), rss)
    for thread in threads:
        thread.join(180)
    phase.seconds = time.perf_counter() - started


def timed_phase(name: str, base: str, calls: list[Call], clients: int, seconds: float,
                process: subprocess.Popen) -> Phase:
    phase = Phase(name)
    until = threading.Event()
    timer = threading.Timer(seconds, until.set)
    timer.start()
    drive(base, calls, clients, phase, until, process)
    return phase


def load_phase(base: str, calls: list[Call], clients: int, process: subprocess.Popen,
               store: Path, workdir: Path) -> tuple[Phase, float]:
    """The workload while `placeboard load` loads a changed file and swaps the store in;
    the phase lasts until the load has finished and 3 s more."""
    changed = workdir / "example-employment-support-starts.csv"
    source = DATA_DIR / "examples" / "example-employment-support-starts.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    bumped = [lines[0]] + [f"{line.rsplit(',', 1)[0]},{int(line.rsplit(',', 1)[1]) + 1}"
                           for line in lines[1:] if line.rsplit(",", 1)[1].isdigit()]
    changed.write_text("\n".join(bumped) + "\n", encoding="utf-8")
    shutil.copy(source.with_suffix(".json"), changed.with_suffix(".json"))
    identity = os.stat(store).st_ino
    phase = Phase("gunicorn, while `placeboard load` swaps the store")
    until = threading.Event()
    took: list[float] = []

    def load() -> None:
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "dashboard.cli", "load", str(changed),
                                 "--store", str(store)], cwd=workdir, env=environment(workdir),
                                capture_output=True, text=True, check=False)
        took.append(time.perf_counter() - started)
        if result.returncode != 0:
            print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
        threading.Timer(3.0, until.set).start()

    loader = threading.Timer(3.0, load)
    loader.start()
    drive(base, calls, clients, phase, until, process)
    loader.join()
    if os.stat(store).st_ino == identity:
        phase.errors.append("the store was not swapped")
    return phase, took[0] if took else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=str(DEFAULT_STORE))
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--baseline-seconds", type=float, default=15.0)
    args = parser.parse_args()

    from dashboard.store import Store

    source = Path(args.store)
    card = Store(source).scorecard("oldham")
    target_path = f"/target/oldham/{card.iloc[0]['indicator_id']}"
    phases: list[Phase] = []
    with tempfile.TemporaryDirectory(prefix="placeboard-bench-serve-") as folder:
        workdir = Path(folder)
        store = workdir / "placeboard.duckdb"
        shutil.copy(source, store)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start("gunicorn", store, port, workdir, args.workers, args.threads)
        try:
            calls = workload(base, target_path)
            print(f"workload: {len(calls)} requests ({sum(c.method == 'GET' for c in calls)} "
                  f"page addresses, {sum(c.method == 'POST' for c in calls)} callbacks), "
                  f"{args.clients} clients, no pause between requests", flush=True)
            timed_phase("warm-up", base, calls, args.clients, 5, server)
            phases.append(timed_phase(
                f"gunicorn {args.workers} workers x {args.threads} threads", base, calls,
                args.clients, args.seconds, server))
            swap_phase, load_seconds = load_phase(base, calls, args.clients, server, store,
                                                  workdir)
            phases.append(swap_phase)
        finally:
            stop(server)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start("flask-dev", store, port, workdir, 1, 1)
        try:
            workload(base, target_path)
            timed_phase("warm-up", base, calls, args.clients, 5, server)
            phases.append(timed_phase("naive: Flask development server (threaded)", base,
                                      calls, args.clients, args.baseline_seconds, server))
        finally:
            stop(server)

    print(f"\n{'server':<44} {'requests':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'errors':>6}  RSS per worker (MB, peak)")
    for phase in phases:
        print(phase.row())
    print(f"\n`placeboard load` of a changed example file took {load_seconds:.1f} s and "
          "swapped the store in while the clients ran.")
    print("bars: " + ", ".join(f"{k} {v}" for k, v in BARS.items()))
    for phase in phases:
        for error in sorted(set(phase.errors))[:10]:
            print(f"  {phase.name}: {error}")
    print("raw DuckDB time per page and callback: bench_callbacks.py and bench_profile.py "
          "print it beside each page's server time.")


if __name__ == "__main__":
    main()
