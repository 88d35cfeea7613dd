"""Server-side time of the explore pages' callbacks and page layouts, query cache cold and warm.

    python bench/bench_callbacks.py --store var/placeboard.duckdb [--repeat 20] [--cold 5]

Each case calls the pure function under a callback (or a page's layout function) inside a
Flask request context, as Dash would. "cold" clears the store's query cache before every
call (the DuckDB connection stays open, as in a running worker); "warm" repeats the call
with the cache filled. Times are medians and 95th percentiles in milliseconds; "payload"
is the size of the JSON Dash would send back. Not a timed test: numbers vary by machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import plotly

from dashboard.common.config import Settings
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache


def cases() -> list[tuple[str, Callable[[], Any]]]:
    """(name, call) for every callback and explore page layout."""
    from callbacks import compare as compare_callbacks
    from callbacks import home as home_callbacks
    from callbacks import indicator as indicator_callbacks
    from dashboard.views.explore import PARTNERSHIP_AREAS
    from layouts import area, compare, home, indicator

    partnership = [code for code, _ in PARTNERSHIP_AREAS]
    return [
        ("home: layout", lambda: home.layout()),
        ("home: choose area -> URL", lambda: home_callbacks.destination("E08000004")),
        ("area: layout Oldham (LAD)", lambda: area.layout(code="E08000004")),
        ("area: layout Lancashire (county)", lambda: area.layout(code="E10000017")),
        ("area: layout unknown code", lambda: area.layout(code="E08000099")),
        ("indicator: layout employment-rate", lambda: indicator.layout(
            indicator_id="employment-rate", area="E08000004")),
        ("indicator: switch area (callback)", lambda: indicator_callbacks.update_views(
            "employment-rate", "E08000010", ["E12000002"], "2023")),
        ("indicator: + neighbours (callback)", lambda: indicator_callbacks.update_views(
            "employment-rate", "E08000010", ["E12000002", "neighbours"], "2023")),
        ("indicator: claimant-count (callback)", lambda: indicator_callbacks.update_views(
            "claimant-count", "E08000004", [], None)),
        ("indicator: ranking table (callback)", lambda: indicator_callbacks.
         toggle_ranking_table(1, "employment-rate", "E08000010", ["E12000002"], "2023")),
        ("indicator: CSV download (callback)", lambda: indicator_callbacks.csv_download(
            "employment-rate", "E08000010", ["E12000002"], "2023")),
        ("compare: layout defaults", lambda: compare.layout()),
        ("compare: re-sort (callback)", lambda: compare_callbacks.update_matrix(
            partnership, compare.default_indicators(compare.indicator_choices(
                runtime_store().indicators())), "claimant-count", "desc")),
        ("compare: 8 areas x 8 indicators", lambda: compare_callbacks.update_matrix(
            partnership, ["claimant-count", "employment-rate", "economically-inactive",
                   "modelled-unemployment-rate", "gross-median-weekly-pay",
                   "gross-disposable-household-income", "no-qualifications",
                   "level-3-or-above-qualifications-great-britain"], "area", "asc")),
    ]


def runtime_store() -> Store:
    from dashboard.web import runtime

    return runtime.store()


def payload_kb(result: Any) -> float:
    return len(json.dumps(result, cls=plotly.utils.PlotlyJSONEncoder)) / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def measure(call: Callable[[], Any], repeat: int, before: Callable[[], None]) -> list[float]:
    times = []
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=str(ROOT / "var" / "placeboard.duckdb"))
    parser.add_argument("--repeat", type=int, default=20, help="warm repeats per case")
    parser.add_argument("--cold", type=int, default=5, help="cold repeats per case")
    args = parser.parse_args(argv)

    settings = Settings.from_env(store_path=Path(args.store))
    store = Store(settings.store_path, make_cache())
    app = create_app(settings, store=store)
    rows = []
    with app.server.test_request_context():
        first = time.perf_counter()
        for _, call in cases():  # imports, connection and first-query costs out of the way
            call()
        warmup = (time.perf_counter() - first) * 1000
        for name, call in cases():
            cold = measure(call, args.cold, store.cache.clear)
            call()
            warm = measure(call, args.repeat, lambda: None)
            rows.append((name, statistics.median(cold), percentile(cold, 0.95),
                         statistics.median(warm), percentile(warm, 0.95),
                         payload_kb(call())))

    print(f"store {args.store}; cold n={args.cold}, warm n={args.repeat}; first pass over "
          f"all cases (process start) {warmup:,.0f} ms")
    header = ("case", "cold median", "cold p95", "warm median", "warm p95", "payload")
    print(f"| {header[0]:<38} | {' | '.join(f'{h:>11}' for h in header[1:])} |")
    print(f"|{'-' * 40}|" + "|".join("-" * 13 for _ in header[1:]) + "|")
    for name, cold_median, cold_p95, warm_median, warm_p95, size in rows:
        print(f"| {name:<38} | {cold_median:>8.1f} ms | {cold_p95:>8.1f} ms | "
              f"{warm_median:>8.1f} ms | {warm_p95:>8.1f} ms | {size:>8.1f} KB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
