"""Server time of every page layout and callback of the area, indicator, compare,
scorecard, target, public and map pages, and of the read API, query cache cold, beside the raw DuckDB time of
the reads each one made and a naive pandas version of what it shows.

    python bench/bench_pages.py [--store var/placeboard.duckdb] [--repeats 20] [--profile N]

Columns (milliseconds, one process, one run; bar: p95 <= 50 ms for every row):
- "p50"/"p95": the call as Dash makes it (a page's layout function, or the pure function
  under a callback) in a request context of a public viewer, with the store's query cache
  cleared before every call; the DuckDB connection stays open, as in a running worker.
  Access rules, disclosure control, formatting, figures and Dash components included.
- "reads": how many named queries the call ran.
- "raw DuckDB": the same queries with the same parameters on a plain read-only
  connection, fetched as tuples: the floor for the call's reads.
- "naive pandas": what the view shows computed from the observations held in memory as a
  pandas DataFrame with boolean masks (the usual dashboard pattern), without access rules
  or disclosure control.
- "response cache": the page as a public viewer's second request for the same URL gets it
  from the page response cache (layout rows only).
`--profile N` prints cProfile's top N functions for every case over the bar.
Not a timed test: numbers vary by machine; run on a quiet machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb
import pandas as pd

from dashboard.common.config import Settings
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.store.base import BaseStore, sql
from dashboard.web import page_cache

BAR_MS = 50.0
OLDHAM, WIGAN, BURY = "E08000004", "E08000010", "E08000002"
NORTH_WEST = "E12000002"
COMPARE_INDICATORS = ["claimant-count", "employment-rate", "economically-inactive",
                      "modelled-unemployment-rate", "gross-median-weekly-pay",
                      "gross-disposable-household-income", "no-qualifications",
                      "level-3-or-above-qualifications-great-britain"]


def cases() -> list[tuple[str, tuple[str, dict] | None, Callable[[], Any]]]:
    """(name, (page module, URL parameters) when the case is a page layout, call)."""
    from callbacks import compare as compare_callbacks
    from callbacks import indicator as indicator_callbacks
    from callbacks import public as public_callbacks
    from callbacks import scorecard as scorecard_callbacks
    from dashboard.views.explore import PARTNERSHIP_AREAS
    from dashboard.web import runtime
    from layouts import area, compare, indicator, public, public_area, scorecard, target
    from layouts import map as la_map

    partnership = [code for code, _ in PARTNERSHIP_AREAS]
    modules = {"area": area, "indicator": indicator, "compare": compare, "public": public,
               "public_area": public_area, "scorecard": scorecard, "target": target,
               "map": la_map}

    def page(name: str, **query: Any) -> tuple[tuple[str, dict], Callable[[], Any]]:
        return (f"layouts.{name}", query), lambda: modules[name].layout(**query)

    return [
        ("area: layout Oldham", *page("area", code=OLDHAM)),
        ("area: layout Oldham vs region 99.8%",
         *page("area", code=OLDHAM, benchmark="region", level="99.8")),
        ("area: layout Lancashire (county)", *page("area", code="E10000017")),
        ("indicator: layout employment-rate",
         *page("indicator", indicator_id="employment-rate", area=OLDHAM)),
        ("indicator: switch area", None, lambda: indicator_callbacks.update_views(
            "employment-rate", WIGAN, [NORTH_WEST], "2023")),
        ("indicator: + neighbours", None, lambda: indicator_callbacks.update_views(
            "employment-rate", WIGAN, [NORTH_WEST, "neighbours"], "2023")),
        ("indicator: claimant-count", None, lambda: indicator_callbacks.update_views(
            "claimant-count", OLDHAM, [], None)),
        ("indicator: ranking table", None, lambda: indicator_callbacks.toggle_ranking_table(
            1, "employment-rate", WIGAN, [NORTH_WEST], "2023")),
        ("indicator: CSV download", None, lambda: indicator_callbacks.csv_download(
            "employment-rate", WIGAN, [NORTH_WEST], "2023")),
        ("compare: layout defaults", *page("compare")),
        ("compare: 8 areas x 8 indicators", None, lambda: compare_callbacks.update_matrix(
            partnership, COMPARE_INDICATORS, "area", "asc")),
        ("compare: re-sort by claimant count", None, lambda: compare_callbacks.update_matrix(
            partnership, COMPARE_INDICATORS, "claimant-count", "desc")),
        ("scorecard: layout list", *page("scorecard")),
        ("scorecard: layout Oldham", *page("scorecard", partnership="oldham")),
        ("scorecard: filter (callback)", None, lambda: scorecard_callbacks.filtered_view(
            "oldham", ["behind"], None)),
        ("scorecard: sparkline image", None, lambda: scorecard_callbacks.sparkline(
            "oldham", "claimant-count", OLDHAM)),
        ("target: layout Oldham claimant count",
         *page("target", partnership="oldham", indicator="claimant-count")),
        ("public: layout search", *page("public", q="oldham")),
        ("public: type-ahead (callback)", None, lambda: public_callbacks.live_results("wig")),
        ("public: layout Oldham", *page("public_area", code=OLDHAM)),
        ("public: layout Bury", *page("public_area", code=BURY)),
        ("map: layout claimant count", *page("map", indicator="claimant-count")),
        ("map: switch indicator (callback)", None, lambda: la_map.la_map_view(
            runtime.store(), "employment-rate", None, "lad", "england", None)),
        ("map: region benchmark 99.8%", None, lambda: la_map.la_map_view(
            runtime.store(), "employment-rate", None, "lad", "england", None, "region",
            "99.8")),
        ("map: table (callback)", None, lambda: la_map.la_map_view(
            runtime.store(), "employment-rate", None, "lad", "england", None,
            with_table=True)),
        ("api: Oldham's claimant count series", None, lambda: _api(
            f"/api/v1/observations?indicator=claimant-count&area={OLDHAM}")),
        ("api: every LA's employment rate", None, lambda: _api(
            "/api/v1/observations?indicator=employment-rate&area_type=lad&page_size=1000")),
        ("api: Oldham's judgements", None, lambda: _api(
            f"/api/v1/judgements?area={OLDHAM}&benchmark=england&page_size=1000")),
        ("api: Oldham's targets", None, lambda: _api("/api/v1/partnerships/oldham/targets")),
    ]


def _api(url: str) -> Any:
    """An API request answered by the app in this process (WSGI, no network), as the
    public: the whole answer, parameters to JSON."""
    from flask import current_app

    response = current_app.test_client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


# -- naive pandas versions: what each view shows, from observations held in memory ------------
class Naive:
    """The observations, areas and indicators tables as pandas DataFrames (loaded once)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.obs = con.execute("SELECT indicator_id, area_code, period_start, "
                               "period_duration, period_label, value, lci, uci, numerator "
                               "FROM observations").df()
        self.areas = con.execute("SELECT area_code, area_name, area_type FROM areas").df()
        self.links = con.execute("SELECT child_code, parent_code, parent_type "
                                 "FROM area_links").df()
        self.indicators = con.execute("SELECT * FROM indicators").df()
        self.targets = con.execute("SELECT * FROM targets").df()
        la = self.areas[self.areas["area_type"] == "lad"]["area_code"]
        self.la_obs = self.obs[self.obs["area_code"].isin(la)]

    def latest(self, frame: pd.DataFrame) -> pd.DataFrame:
        order = frame.sort_values("period_start")
        return order.groupby(["indicator_id", "area_code"], as_index=False).tail(1)

    def area(self, code: str) -> pd.DataFrame:
        mine = self.latest(self.obs[self.obs["area_code"] == code])
        england = self.obs[self.obs["area_code"] == "E92000001"]
        merged = mine.merge(england[["indicator_id", "period_start", "value"]],
                            on=["indicator_id", "period_start"], suffixes=("", "_england"),
                            how="left")
        peers = self.la_obs.merge(mine[["indicator_id", "period_start"]])
        spread = peers.groupby("indicator_id")["value"].describe()
        return merged.merge(self.indicators[["indicator_id", "title", "polarity"]]).merge(
            spread, left_on="indicator_id", right_index=True, how="left")

    def indicator(self, indicator_id: str, codes: list[str]) -> pd.DataFrame:
        rows = self.obs[self.obs["indicator_id"] == indicator_id]
        series = rows[rows["area_code"].isin(codes)].sort_values("period_start")
        la = self.la_obs[self.la_obs["indicator_id"] == indicator_id]
        latest = la[la["period_start"] == la["period_start"].max()]
        ranked = latest.assign(rank=latest["value"].rank(ascending=False)).merge(
            self.areas, on="area_code")
        return pd.concat([series, ranked])

    def compare(self, codes: list[str], indicator_ids: list[str]) -> pd.DataFrame:
        rows = self.obs[self.obs["area_code"].isin(codes)
                        & self.obs["indicator_id"].isin(indicator_ids)]
        return self.latest(rows).pivot(index="area_code", columns="indicator_id",
                                       values="value")

    def scorecard(self, partnership: str) -> pd.DataFrame:
        mine = self.targets[self.targets["partnership_id"] == partnership]
        rows = self.obs.merge(mine[["indicator_id", "area_code"]])
        return self.latest(rows).merge(mine, on=["indicator_id", "area_code"]).merge(
            self.indicators[["indicator_id", "title", "polarity"]])

    def search(self, text: str) -> pd.DataFrame:
        names = self.areas[self.areas["area_type"].isin(["lad", "ward"])]
        return names[names["area_name"].str.contains(text, case=False)].head(10)

    def one_period(self, indicator_id: str) -> pd.DataFrame:
        la = self.la_obs[self.la_obs["indicator_id"] == indicator_id]
        latest = la[la["period_start"] == la["period_start"].max()]
        england = self.obs[(self.obs["indicator_id"] == indicator_id)
                           & (self.obs["area_code"] == "E92000001")
                           & (self.obs["period_start"] == latest["period_start"].max())]
        return latest.assign(england=england["value"].max()).merge(self.areas)


def naive_call(naive: Naive, name: str) -> Callable[[], Any]:
    """The naive pandas version of a case, by its page."""
    page = name.split(":")[0]
    if name.startswith("area") and "Lancashire" in name:
        return lambda: naive.area("E10000017")
    return {
        "area": lambda: naive.area(OLDHAM),
        "indicator": lambda: naive.indicator("employment-rate", [WIGAN, NORTH_WEST]),
        "compare": lambda: naive.compare([OLDHAM, WIGAN, BURY], COMPARE_INDICATORS),
        "scorecard": lambda: naive.scorecard("oldham"),
        "target": lambda: naive.scorecard("oldham"),
        "public": lambda: (naive.area(OLDHAM), naive.search("oldham")),
        "map": lambda: naive.one_period("employment-rate"),
        "api": lambda: naive.indicator("claimant-count", [OLDHAM]),
    }[page]


# -- measuring -------------------------------------------------------------------------------
class ReadLog:
    """Records (sql name, parameters) of every named query a call runs."""

    def __init__(self) -> None:
        self.reads: list[tuple[str, list[Any]]] = []
        self.on = False
        original_query, original_records = BaseStore.query, BaseStore.records
        log = self

        def query(store: BaseStore, name: str, params: list[Any] | None = None) -> Any:
            if log.on:
                log.reads.append((name, store._checked(name, params)[2]))
            return original_query(store, name, params)

        def records(store: BaseStore, name: str, params: list[Any] | None = None) -> Any:
            if log.on:
                log.reads.append((name, store._checked(name, params)[2]))
            return original_records(store, name, params)

        BaseStore.query, BaseStore.records = query, records  # type: ignore[method-assign]

    def capture(self, call: Callable[[], Any]) -> list[tuple[str, list[Any]]]:
        self.reads, self.on = [], True
        try:
            call()
        finally:
            self.on = False
        return self.reads


def timed(call: Callable[[], Any], repeats: int, before: Callable[[], None]) -> list[float]:
    samples = []
    for _ in range(repeats):
        before()
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=str(ROOT / "var" / "placeboard.duckdb"))
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print cProfile's top N functions of every case over the bar")
    parser.add_argument("--only", default="", help="cases whose name contains this")
    args = parser.parse_args(argv)

    settings = Settings.from_env(store_path=Path(args.store), api_rate_limit="100000 per minute")
    store = Store(settings.store_path, make_cache())
    app = create_app(settings, store=store)
    log = ReadLog()
    raw = duckdb.connect(args.store, read_only=True)
    raw.execute("SET threads = 1")
    naive = Naive(raw)
    chosen = [c for c in cases() if args.only in c[0]]
    rows, profiles = [], []
    with app.server.test_request_context():
        for _, _, call in chosen:  # imports and first-query costs out of the way
            call()
        for name, spec, call in chosen:
            store.cache.clear()
            reads = log.capture(call)
            samples = timed(call, args.repeats, store.cache.clear)

            def replay(reads: list[tuple[str, list[Any]]] = reads) -> None:
                for query_name, params in reads:
                    raw.execute(sql(query_name), params).fetchall()

            raw_samples = timed(replay, args.repeats, lambda: None)
            naive_samples = timed(naive_call(naive, name), max(3, args.repeats // 4),
                                  lambda: None)
            cached = ""
            if spec is not None:  # the public page cache's answer to a repeated URL
                module, query = spec
                answer = page_cache.cached_page(module, lambda c=call, **_: c())
                answer(**query)
                hits = timed(lambda a=answer, q=query: a(**q), args.repeats, lambda: None)
                cached = f"{p95(hits):.1f} ms"
            rows.append((name, statistics.median(samples), p95(samples), len(reads),
                         statistics.median(raw_samples), statistics.median(naive_samples),
                         cached))
            if args.profile and p95(samples) > BAR_MS:
                profiler = cProfile.Profile()
                store.cache.clear()
                profiler.runcall(call)
                text = io.StringIO()
                pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(
                    args.profile)
                profiles.append((name, text.getvalue()))

    print(f"store {args.store}; public viewer; query cache cleared before every call; "
          f"n={args.repeats}; bar p95 <= {BAR_MS:.0f} ms")
    header = ("case", "p50", "p95", "reads", "raw DuckDB", "naive pandas", "resp. cache p95",
              "bar")
    print(f"| {header[0]:<38} | " + " | ".join(f"{h:>10}" for h in header[1:]) + " |")
    print(f"|{'-' * 40}|" + "|".join("-" * 12 for _ in header[1:]) + "|")
    over = 0
    for name, median, high, n_reads, raw_ms, naive_ms, cached in rows:
        over += high > BAR_MS
        print(f"| {name:<38} | {median:>7.1f} ms | {high:>7.1f} ms | {n_reads:>10} | "
              f"{raw_ms:>7.1f} ms | {naive_ms:>7.1f} ms | {cached or '-':>13} | "
              f"{'ok' if high <= BAR_MS else 'OVER':>10} |")
    print(f"{len(rows) - over} of {len(rows)} within the bar")
    for name, text in profiles:
        print(f"\n--- cProfile: {name} ---\n{text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
