"""Timing of dashboard.methods.stats: vectorised calls versus naive per-row Python loops.

Run with the project installed (the .venv):

    python bench/bench_stats.py [--areas 400] [--repeats 30]

The data are SYNTHETIC (random numbers for timing only, not real areas or indicators).
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable

import numpy as np

from dashboard.methods import stats


def synthetic(areas: int, seed: int = 20240401) -> dict[str, np.ndarray]:
    """Random proportions with Wilson CIs for ``areas`` made-up areas (timing data only)."""
    rng = np.random.default_rng(seed)
    den = rng.integers(200, 20_000, size=areas).astype(float)
    num = rng.binomial(den.astype(int), rng.uniform(0.55, 0.85, size=areas)).astype(float)
    num[rng.choice(areas, size=max(1, areas // 50), replace=False)] = np.nan  # some missing
    value = num / den * 100
    lo, hi = stats.wilson_ci(num, den)
    polarity = rng.choice(list(stats.POLARITIES), size=areas)
    return {
        "num": num,
        "den": den,
        "value": value,
        "lci": lo * 100,
        "uci": hi * 100,
        "benchmark": np.full(areas, 70.0),
        "polarity": polarity,
    }


def compare_scalar_reference(
    value: float, lci: float, uci: float, benchmark: float, polarity: str
) -> str:
    """Plain-Python, one-row version of compare_to_benchmark (the naive baseline)."""
    if any(math.isnan(x) for x in (value, lci, uci, benchmark)):
        return "not_compared"
    if lci > benchmark:
        side = "above"
    elif uci < benchmark:
        side = "below"
    else:
        return "similar"
    if polarity == "no_judgement":
        return "higher" if side == "above" else "lower"
    good = (side == "above") == (polarity == "higher_is_better")
    return "better" if good else "worse"


def median_time(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--areas", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    d = synthetic(args.areas)
    rows = list(zip(d["value"], d["lci"], d["uci"], d["benchmark"], d["polarity"], strict=True))
    counts = list(zip(d["num"], d["den"], strict=True))

    vector = stats.compare_to_benchmark(
        d["value"], d["lci"], d["uci"], d["benchmark"], d["polarity"]
    )
    assert list(vector) == [compare_scalar_reference(*r) for r in rows]
    assert list(vector) == [stats.compare_to_benchmark(*r) for r in rows]

    cases = {
        "compare_to_benchmark vectorised": lambda: stats.compare_to_benchmark(
            d["value"], d["lci"], d["uci"], d["benchmark"], d["polarity"]
        ),
        "compare_to_benchmark per-row (stats fn)": lambda: [
            stats.compare_to_benchmark(*r) for r in rows
        ],
        "compare_to_benchmark per-row (plain Python)": lambda: [
            compare_scalar_reference(*r) for r in rows
        ],
        "wilson_ci vectorised": lambda: stats.wilson_ci(d["num"], d["den"]),
        "wilson_ci per-row": lambda: [stats.wilson_ci(n, m) for n, m in counts],
    }
    print(f"{args.areas} synthetic areas, median of {args.repeats} repeats")
    results = {name: median_time(fn, args.repeats) for name, fn in cases.items()}
    for name, seconds in results.items():
        print(f"  {name:<45} {seconds * 1e3:9.3f} ms")
    vec = results["compare_to_benchmark vectorised"]
    print(
        "  ratio compare per-row/vectorised: "
        f"{results['compare_to_benchmark per-row (stats fn)'] / vec:.0f}x (stats fn), "
        f"{results['compare_to_benchmark per-row (plain Python)'] / vec:.1f}x (plain Python)"
    )
    wil = results["wilson_ci per-row"] / results["wilson_ci vectorised"]
    print(f"  ratio wilson_ci per-row/vectorised: {wil:.0f}x")


if __name__ == "__main__":
    main()
