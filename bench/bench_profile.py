"""The Oldham area profile, server side, query cache cold: the page against the raw DuckDB
time of the same reads and against a naive baseline that computes the judgements per view.

    python bench/bench_profile.py [--store var/placeboard.duckdb] [--repeats 30]

Rows (median and 95th percentile, milliseconds, one process, one run):
- "page layout": `layouts.area.layout(code=...)` in a request context, as Dash calls it,
  with the store's query cache cleared before every call (the connection stays open, as
  in a running worker). Access rules, disclosure control, formatting and Dash components
  included. Budget: 100 ms.
- "raw DuckDB, same reads": the SQL the layout runs (area, parents, area_profiles), on a
  plain read-only connection, fetched as tuples: the floor for this design.
- "naive: judgements per view": what the page cost before the judgements were prepared
  at build time: read the area's values and its peers' values, then run the same rules
  (dashboard.methods.judgements and recent_trends: spreads, comparisons, trends) for the one
  area, per request.
Not a timed test: numbers vary by machine; run on a quiet machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb
import pandas as pd

from dashboard.common.config import DEFAULT_STORE, Settings
from dashboard.methods import judgements as rules
from dashboard.methods import recent_trends, stats
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.store.base import sql
from dashboard.store.derived import judgements as derived

AREA = "E08000004"  # Oldham


def timed(func: Callable[[], object], repeats: int, before: Callable[[], None] = lambda: None
          ) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    samples = []
    for _ in range(repeats):
        before()
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def raw_reads(con: duckdb.DuckDBPyConnection) -> None:
    """The layout's reads, as tuples on a plain connection."""
    con.execute(sql("area"), [AREA]).fetchall()
    con.execute(sql("parents"), [AREA]).fetchall()
    con.execute(sql("area_profile"), [AREA, "england", 0.95]).fetchall()


def naive_per_view(con: duckdb.DuckDBPyConnection) -> None:
    """Spreads, comparisons and trends for one area computed on request."""
    values = con.execute(f"SELECT * FROM ({derived.VALUES}) WHERE area_type = 'lad'").df()
    values["peer_group"] = rules.peer_group(values["area_type"])
    values["lci_998"], values["uci_998"] = stats.rescale_interval(
        values["value"], values["lci"], values["uci"])
    spreads = rules.distributions(values)
    mine = values[(values["area_code"] == AREA) & values["is_latest"]].merge(
        spreads[["indicator_id", "period_start", "period_duration", "peer_group", "spread"]],
        on=["indicator_id", "period_start", "period_duration", "peer_group"], how="left")
    rules.compare(mine.reset_index(drop=True), "england", 0.95)
    source = con.execute(f"SELECT * FROM ({derived.TREND_SOURCE}) WHERE area_code = ?",
                         [AREA]).df()
    source["period_start"] = pd.to_datetime(source["period_start"]).dt.date
    recent_trends.trends(source)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=str(DEFAULT_STORE))
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()

    from layouts import area

    settings = Settings.from_env(store_path=Path(args.store))
    store = Store(settings.store_path, make_cache())
    app = create_app(settings, store=store)
    con = duckdb.connect(args.store, read_only=True)
    con.execute("SET threads = 1")
    with app.server.test_request_context():
        area.layout(code=AREA)  # imports, connection, access state out of the way
        raw_reads(con)
        con.execute(derived.SUCCESSORS)  # temporary helper tables the naive reads use
        con.execute(derived.HISTORY)
        page = timed(lambda: area.layout(code=AREA), args.repeats, store.cache.clear)
        warm = timed(lambda: area.layout(code=AREA), args.repeats)
        raw = timed(lambda: raw_reads(con), args.repeats)
        naive = timed(lambda: naive_per_view(con), max(3, args.repeats // 5))
    print(f"store {args.store}; Oldham ({AREA}) area profile; {args.repeats} repeats")
    print(f"{'case':<44} {'median':>9} {'p95':>9}")
    for name, (median, p95) in (("page layout, query cache cold (budget 100)", page),
                                ("page layout, query cache warm", warm),
                                ("raw DuckDB, same reads (tuples)", raw),
                                ("naive: judgements computed per view", naive)):
        print(f"{name:<44} {median:7.1f} ms {p95:7.1f} ms")
    print(f"page / raw DuckDB: {page[0] / raw[0]:.1f}x; naive / page: {naive[0] / page[0]:.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
