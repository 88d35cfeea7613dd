"""What access control and disclosure control cost, at full-England scale, beside the
same queries run with no enforcement at all (the naive baseline) in the same run.

    python bench/bench_access.py [--store var/placeboard.duckdb] [--repeats 20]

Uncached store queries (null cache), so the enforcement itself is measured:
- all 33,755 LSOAs of England for one IoD indicator (the largest frame a page asks for);
- one indicator, one period, every LAD with benchmarks;
each as the public (access rules + disclosure control with the public_suppressions
mask), as a signed-in partner (access rules only), and as a raw cursor running the same
SQL file with no filtering (baseline). Also the cost of reading the access levels from
the accounts database, which every query does so an admin's change applies at once.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_store import timed
from dashboard.common.config import DEFAULT_STORE
from dashboard.security.access import PUBLIC, Viewer
from dashboard.security.accounts import Accounts
from dashboard.store import Store, null_cache, sql

PARTNER = Viewer("partner", frozenset({"oldham"}), "bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", default=str(DEFAULT_STORE))
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        accounts = Accounts(Path(tmp) / "accounts.sqlite")
        accounts.access_overrides()  # create the database
        public = Store(args.store, null_cache(), viewer=PUBLIC, accounts=accounts)
        partner = public.for_viewer(PARTNER)

        def raw(name: str, params: list) -> Callable[[], object]:
            def run() -> object:
                cursor = public._cursor()
                try:
                    return cursor.execute(sql(name), params).df()
                finally:
                    cursor.close()
            return run

        period = public.latest_period("claimant-count").date()
        cases = [
            ("all England LSOAs, one IoD indicator",
             lambda s: s.query("lsoa_values_computed",
                               [["iod-employment-score"]] + ["E92000001"] * 5),
             raw("lsoa_values_computed", [["iod-employment-score"]] + ["E92000001"] * 5)),
            ("every LAD, one indicator and period",
             lambda s: s.query("period_values", ["claimant-count", period, ["lad"],
                                                 "england", 0.95]),
             raw("period_values", ["claimant-count", period, ["lad"], "england", 0.95])),
        ]
        print(f"store {args.store}; uncached queries, median and p95 of {args.repeats}\n")
        print(f"{'query (ms)':<40} {'public':>16} {'partner':>16} {'no enforcement':>16}"
              f" {'public/none':>12}")
        for name, ours, baseline in cases:
            ours(public)  # warm the connection and the access state
            pub = timed(lambda ours=ours: ours(public), args.repeats)
            par = timed(lambda ours=ours: ours(partner), args.repeats)
            base = timed(baseline, args.repeats)
            print(f"{name:<40} {pub[0]:8.1f} {pub[1]:7.1f} {par[0]:8.1f} {par[1]:7.1f} "
                  f"{base[0]:8.1f} {base[1]:7.1f} {pub[0] / base[0]:11.2f}x")
        overrides = timed(accounts.access_version, args.repeats * 10)
        print(f"\nreading access levels from the accounts database: "
              f"{overrides[0]:.3f} ms median, {overrides[1]:.3f} ms p95 (every query)")


if __name__ == "__main__":
    main()
