"""Store benchmarks at full-England scale, each beside a naive baseline in the same run.

    python bench/bench_store.py [--store var/placeboard.duckdb] [--repeats 20] [--build]

Measures (real bundled data: 1.9M observations, 33,755 LSOAs):
- `placeboard build` of the default store (with --build): wall time, budget 60 s;
- the LSOAs of one LA for one indicator, from the store (rows ordered by indicator,
  period, area) versus pandas boolean masks on the whole observations table in memory;
- one indicator and period for every LAD with England/region benchmarks and
  comparisons, cold versus memoized (flask-caching SimpleCache);
- LSOA -> LAD aggregate of employment-deprived people for all of England: SQL versus a
  pandas groupby on the in-memory table.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from dashboard.common.config import DATA_DIR, DEFAULT_STORE
from dashboard.store import Store, make_cache, null_cache


def timed(func: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def row(name: str, ours: tuple[float, float], naive: tuple[float, float] | None,
        budget: str = "") -> str:
    naive_text = f"{naive[0]:10.1f} {naive[1]:8.1f}" if naive else f"{'-':>10} {'-':>8}"
    ratio = f"{naive[0] / ours[0]:7.1f}x" if naive and ours[0] > 0 else f"{'-':>8}"
    return f"{name:<46} {ours[0]:9.2f} {ours[1]:8.2f} {naive_text} {ratio}  {budget}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", default=str(DEFAULT_STORE))
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--build", action="store_true", help="also time a full build")
    args = parser.parse_args()

    if args.build:
        from dashboard.cli.data import build_store
        from dashboard.common.config import Settings

        with tempfile.TemporaryDirectory() as tmp:
            seconds = build_store(Settings.from_env(store_path=Path(tmp) / "b.duckdb"),
                                  quiet=True)
        print(f"placeboard build (default store from data/): {seconds:.1f} s (budget 60 s)")

    store = Store(args.store, null_cache())
    cached = Store(args.store, make_cache())
    with duckdb.connect(args.store, read_only=True) as con:
        started = time.perf_counter()
        table = con.execute("SELECT o.indicator_id, o.area_code, o.period_start, o.value, "
                            "o.numerator, l.parent_code AS lad_code FROM observations o "
                            "LEFT JOIN area_links l ON l.child_code = o.area_code AND "
                            "l.parent_type = 'lad'").df()
        load_seconds = time.perf_counter() - started
    print(f"naive baseline: whole observations table in pandas: {len(table):,} rows, "
          f"{table.memory_usage(deep=True).sum() / 1e6:.0f} MB, loaded in {load_seconds:.1f} s")
    print()
    print(f"{'query (ms)':<46} {'median':>9} {'p95':>8} {'naive med':>10} {'p95':>8} "
          f"{'ratio':>8}")

    def lsoas_store() -> object:
        return store.lsoa_values("iod-employment-score", "E08000004")

    def lsoas_naive() -> object:
        mask = (table["indicator_id"] == "iod-employment-score") & (
            table["lad_code"] == "E08000004")
        return table[mask]

    assert len(lsoas_store()) == len(lsoas_naive())
    print(row("LSOAs of one LA, one indicator", timed(lsoas_store, args.repeats),
              timed(lsoas_naive, args.repeats)))

    def region_store() -> object:
        return store.lsoa_values("iod-employment-score", "E12000002")

    print(row("LSOAs of one region (North West)", timed(region_store, args.repeats), None))

    def period_cold() -> object:
        return store.period_values("employment-rate", "2023-01-01", ("lad",))

    cached.period_values("employment-rate", "2023-01-01", ("lad",))

    def period_warm() -> object:
        return cached.period_values("employment-rate", "2023-01-01", ("lad",))

    print(row("all LADs + benchmarks + comparisons (memoized)", timed(period_warm, args.repeats),
              timed(period_cold, args.repeats), "naive = uncached query"))

    def aggregate_sql() -> object:
        cursor = store._cursor()  # the store's own read-only connection, a cursor per call
        try:
            return cursor.execute(
                "SELECT l.parent_code, sum(o.numerator) FROM observations o JOIN area_links l "
                "ON l.child_code = o.area_code AND l.parent_type = 'lad' WHERE o.indicator_id "
                "= ? GROUP BY 1", ["iod-employment-score"]).fetchall()
        finally:
            cursor.close()

    def aggregate_naive() -> object:
        subset = table[table["indicator_id"] == "iod-employment-score"]
        return subset.groupby("lad_code")["numerator"].sum()

    print(row("LSOA -> LAD sum, all England", timed(aggregate_sql, args.repeats),
              timed(aggregate_naive, args.repeats)))
    print()
    print(f"data: {DATA_DIR}")


if __name__ == "__main__":
    main()
