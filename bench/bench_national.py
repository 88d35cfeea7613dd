"""Pages at national scale: the synthetic monthly LSOA series (33,755 LSOAs x 120 months x
5 indicators, ~20M rows) loaded into a copy of the bundled store, then the neighbourhood
map, the worklessness explorer and an LSOA trend measured on it.

    python bench/bench_national.py --build-national      # build var/national.duckdb once
    python bench/bench_national.py --national var/national.duckdb [--repeat 20 --cold 5]
    python -m bench --build-national                     # or --national PATH: the same,
                                                         # beside every other benchmark

Building is slow (generating the file ~2 min, loading it several minutes), so it is
opt-in: without --national or --build-national this benchmark only says how to run it.
The built store is kept at var/national.duckdb (the generated file in var/bench/) and
reused; --rebuild makes both again. The load is `placeboard load` in a child process:
its wall time and peak memory (RSS) are printed, and kept in var/national.json for later
runs.

Each case is called as the page calls it (a layout function, or a callback's body) in a
Flask request context, with the query cache cleared before every "cold" call. Beside it:
"raw DuckDB", the same SQL statements the case ran, replayed on a plain read-only
connection (one thread, as the app's); and "naive pandas", the same data picked with
boolean masks from the LSOA observations held in a DataFrame (what a dashboard that
loads its data into memory would do). Target: p95 <= 150 ms server time per view.
Not a timed test: numbers vary with the machine and what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb
import pandas as pd
import plotly

from bench import national
from dashboard.common.config import Settings
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.store import connection as store_connection

OLDHAM = "E08000004"
MEASURE = "synthetic-claimant-rate"      # the generated series' first indicator
OTHER = "synthetic-out-of-work-benefit-rate"
TARGET_MS = 150.0
VAR = ROOT / "var"


# -- building the national store once -----------------------------------------------------

def build_national(bundled: Path, target: Path, rebuild: bool) -> dict:
    """var/national.duckdb: the bundled store with the synthetic series loaded (made once;
    `rebuild` makes the file and the store again). Returns the load's measurements."""
    facts_path = target.with_suffix(".json")
    if target.exists() and not rebuild:
        return json.loads(facts_path.read_text()) if facts_path.exists() else {}
    out = VAR / "bench"
    csv_path = out / f"{national.DATASET}.csv.gz"
    facts: dict[str, Any] = {}
    if rebuild or not csv_path.exists():
        started = time.perf_counter()
        national.write(bundled, out)
        facts["generate_s"] = time.perf_counter() - started
    facts["file_mb"] = csv_path.stat().st_size / 1e6
    work = target.with_name(target.name + ".building")
    shutil.copy2(bundled, work)
    started = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "dashboard.cli", "load", str(csv_path),
                           "--store", str(work)], check=False, env=env, cwd=ROOT,
                          capture_output=True,
                          text=True)
    facts["load_s"] = time.perf_counter() - started
    # The largest child so far; the load is this process's only big child.
    facts["load_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode != 0:
        work.unlink(missing_ok=True)
        raise SystemExit(f"placeboard load failed ({done.returncode}):\n{done.stdout}\n"
                         f"{done.stderr}")
    os.replace(work, target)
    with duckdb.connect(str(target), read_only=True) as con:
        facts["observations"] = con.execute("SELECT count(*) FROM observations").fetchone()[0]
    facts["store_mb"] = target.stat().st_size / 1e6
    facts["built_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    facts_path.write_text(json.dumps(facts, indent=2))
    return facts


# -- what each case reads from DuckDB -----------------------------------------------------

class _Recording:
    """A cursor that notes every statement it runs (for the raw DuckDB replay)."""

    statements: list[tuple[str, list]] | None = None

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self._cursor = cursor

    def execute(self, text: str, params: list | None = None):
        if _Recording.statements is not None:
            _Recording.statements.append((text, list(params or [])))
        return self._cursor.execute(text, params or [])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


def record_statements() -> Callable[[], None]:
    """Every store cursor notes its statements (while a list is set); returns the undo."""
    plain = store_connection.SharedConnection.cursor
    store_connection.SharedConnection.cursor = \
        lambda self, identity: _Recording(plain(self, identity))

    def undo() -> None:
        store_connection.SharedConnection.cursor = plain
    return undo


def statements_of(call: Callable[[], Any], store: Store) -> list[tuple[str, list]]:
    """The SQL a case runs with the query cache cold."""
    store.cache.clear()
    _Recording.statements = []
    try:
        call()
        return _Recording.statements
    finally:
        _Recording.statements = None


def raw_duckdb(con: duckdb.DuckDBPyConnection, statements: list[tuple[str, list]]) -> float:
    started = time.perf_counter()
    for text, params in statements:
        con.execute(text, params).fetchall()
    return (time.perf_counter() - started) * 1000


# -- the naive baseline -------------------------------------------------------------------

class Naive:
    """The LSOA observations and geography as pandas DataFrames, views picked by masks."""

    def __init__(self, path: Path) -> None:
        started = time.perf_counter()
        with duckdb.connect(str(path), read_only=True) as con:
            self.obs = con.execute("SELECT o.* FROM observations o JOIN areas a "
                                   "USING (area_code) WHERE a.area_type = 'lsoa'").df()
            self.geo = con.execute("SELECT * FROM area_geography WHERE area_type = 'lsoa'"
                                   ).df()
        self.load_s = time.perf_counter() - started
        self.mb = (self.obs.memory_usage(deep=True).sum() +
                   self.geo.memory_usage(deep=True).sum()) / 1e6

    def lsoas(self, lad: str) -> pd.DataFrame:
        return self.geo[self.geo["lad_code"] == lad]

    def latest(self, indicator: str, lad: str) -> pd.DataFrame:
        rows = self.obs[self.obs["indicator_id"] == indicator]
        rows = rows[rows["period_start"] == rows["period_start"].max()]
        return rows[rows["area_code"].isin(self.lsoas(lad)["area_code"])].merge(
            self.geo, on="area_code")

    def map(self, lad: str, indicator: str) -> pd.DataFrame:
        return self.latest(indicator, lad).sort_values("area_code")

    def explorer(self, lad: str, y: str) -> pd.DataFrame:
        frame = self.latest("iod-employment-score", lad)[["area_code", "area_name", "value",
                                                           "numerator"]]
        for name, indicator in (("decile", "iod-employment-decile"),
                                ("rank", "iod-employment-rank"), ("y", y)):
            part = self.latest(indicator, lad)[["area_code", "value"]]
            frame = frame.merge(part.rename(columns={"value": name}), on="area_code",
                                how="left")
        return frame.sort_values("rank")

    def trend(self, lsoa: str, indicator: str) -> pd.DataFrame:
        rows = self.obs[(self.obs["indicator_id"] == indicator) &
                        (self.obs["area_code"] == lsoa)]
        return rows.sort_values("period_start")


# -- the cases ----------------------------------------------------------------------------

def cases(store_of: Callable[[], Store], lsoa: str) -> list[tuple[str, Callable[[], Any],
                                                                  Callable[[Naive], Any]]]:
    """(name, the page's call, the naive version) for each view."""
    from dashboard.figures.explore import trend_figure
    from dashboard.views import indicator
    from dashboard.views import maps as mapping
    from layouts import neighbourhoods, worklessness

    def neighbourhood_map() -> Any:  # callbacks/neighbourhoods.py _map
        view = neighbourhoods.neighbourhood_view(store_of(), OLDHAM, MEASURE, "lsoa",
                                                 "quantiles", click_store="nb-click")
        return view["payload"], view["legend"], view["title"], view["source"]

    def explorer_place() -> Any:  # callbacks/worklessness.py _place
        store = store_of()
        view = neighbourhoods.neighbourhood_view(store, OLDHAM, mapping.DEFAULT_MEASURE,
                                                 "lsoa", "quantiles", click_store="wk-click")
        rows = worklessness.explorer_rows(store, OLDHAM, OTHER)
        name = neighbourhoods.place_name(store, OLDHAM)
        return (view["payload"], worklessness.summary_block(rows, name),
                worklessness.explorer_title(name, rows), worklessness.grid_rows(rows),
                worklessness.grid_columns(store, OTHER),
                worklessness.scatter_figure(store, rows, OTHER, []))

    def lsoa_trend() -> Any:  # an LSOA's monthly series, drawn as the trend chart
        store = store_of()
        series = store.series(MEASURE, (lsoa,))
        long = indicator.trend_series(series, lsoa, None, [], {lsoa: lsoa})
        return trend_figure(long, store.indicator(MEASURE) or {})

    return [
        ("neighbourhood map: layout, Oldham", lambda: neighbourhoods.layout(area=OLDHAM),
         lambda n: (n.map(OLDHAM, "iod-employment-score"),
                    n.map(OLDHAM, "iod-employment-decile"))),
        ("neighbourhood map: synthetic measure (callback)", neighbourhood_map,
         lambda n: (n.map(OLDHAM, MEASURE), n.map(OLDHAM, "iod-employment-decile"))),
        ("worklessness: layout, Oldham", lambda: worklessness.layout(area=OLDHAM),
         lambda n: n.explorer(OLDHAM, "iod-income-score")),
        ("worklessness: place + synthetic y (callback)", explorer_place,
         lambda n: n.explorer(OLDHAM, OTHER)),
        ("LSOA trend: 120 months (store + figure)", lsoa_trend,
         lambda n: n.trend(lsoa, MEASURE)),
    ]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def timed(call: Callable[[], Any], repeat: int, before: Callable[[], None] = lambda: None
          ) -> list[float]:
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def payload_kb(result: Any) -> float:
    return len(json.dumps(result, cls=plotly.utils.PlotlyJSONEncoder)) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national", help="a store with the national series loaded")
    parser.add_argument("--build-national", action="store_true",
                        help="build var/national.duckdb if it is not there, then measure")
    parser.add_argument("--rebuild", action="store_true",
                        help="with --build-national: generate and load again")
    parser.add_argument("--store", default=str(VAR / "placeboard.duckdb"),
                        help="the bundled store the national one starts from")
    parser.add_argument("--repeat", type=int, default=20, help="warm repeats per case")
    parser.add_argument("--cold", type=int, default=10, help="cold repeats per case")
    parser.add_argument("--skip-naive", action="store_true")
    args, _ = parser.parse_known_args(argv)

    if not args.national and not args.build_national:
        print("skipped: needs the national store (slow to build). Run with "
              "--build-national (makes var/national.duckdb once) or --national PATH.")
        return 0
    path = Path(args.national) if args.national else VAR / "national.duckdb"
    facts = {}
    if args.build_national:
        facts = build_national(Path(args.store), path, args.rebuild)
    elif path.with_suffix(".json").exists():
        facts = json.loads(path.with_suffix(".json").read_text())
    if facts:
        print("national store " + ", ".join(f"{k} {v:,.1f}" if isinstance(v, float) else
                                            f"{k} {v}" for k, v in facts.items()))

    undo = record_statements()
    try:
        return measure(path, args)
    finally:
        undo()


def measure(path: Path, args: argparse.Namespace) -> int:
    settings = Settings.from_env(store_path=path)
    store = Store(settings.store_path, make_cache())
    app = create_app(settings, store=store)
    with duckdb.connect(str(path), read_only=True) as con:
        con.execute("SET threads = 1")
        lsoa = con.execute("SELECT area_code FROM observations WHERE indicator_id = ? "
                           "AND area_code LIKE 'E01005%' LIMIT 1", [MEASURE]).fetchone()
        if lsoa is None:
            raise SystemExit(f"{path}: the synthetic series is not loaded")
        lsoa = lsoa[0]
        rows = []
        with app.server.test_request_context():
            from dashboard.web import runtime

            table = cases(runtime.store, lsoa)
            first = time.perf_counter()
            for _, call, _ in table:
                call()
            warmup = (time.perf_counter() - first) * 1000
            for name, call, _ in table:
                cold = timed(call, args.cold, store.cache.clear)
                warm = timed(call, args.repeat)
                statements = statements_of(call, store)
                raw = [raw_duckdb(con, statements) for _ in range(args.cold)]
                rows.append([name, cold, warm, raw, len(statements), payload_kb(call())])
    naive = None if args.skip_naive else Naive(path)
    if naive is not None:
        for row, (_, _, naive_call) in zip(rows, table, strict=True):
            row.append(timed(lambda c=naive_call: c(naive), max(3, args.cold // 2)))

    print(f"store {path}; LSOA for the trend {lsoa}; cold n={args.cold}, warm "
          f"n={args.repeat}; first pass over all cases {warmup:,.0f} ms")
    if naive is not None:
        print(f"naive pandas: LSOA observations in memory, {len(naive.obs):,} rows, "
              f"{naive.mb:,.0f} MB, loaded in {naive.load_s:.1f} s")
    head = ("cold p50", "cold p95", "warm p50", "warm p95", "raw DuckDB", "naive pandas")
    print(f"| {'case (ms)':<48} | " + " | ".join(f"{h:>12}" for h in head) +
          f" | {'queries':>7} | {'payload':>9} | target |")
    print(f"|{'-' * 50}|" + "|".join("-" * 14 for _ in head) + f"|{'-' * 9}|{'-' * 11}"
          "|--------|")
    for name, cold, warm, raw, n, size, *naive_times in rows:
        values = [statistics.median(cold), percentile(cold, 0.95), statistics.median(warm),
                  percentile(warm, 0.95), statistics.median(raw)]
        cells = [f"{v:>12.1f}" for v in values]
        cells.append(f"{statistics.median(naive_times[0]):>12.1f}" if naive_times
                     else f"{'-':>12}")
        verdict = "ok" if percentile(cold, 0.95) <= TARGET_MS else "OVER"
        print(f"| {name:<48} | " + " | ".join(cells) + f" | {n:>7} | {size:>6.1f} KB | "
              f"{verdict:>6} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
