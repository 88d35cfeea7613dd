"""Timing of the neighbourhood map's hot spots, funnel plot and slope index of inequality
on a real store, for a council (Oldham, 142 LSOAs) and a region (the North West, 4,567):

    python bench/bench_clusters.py [--store PATH] [--repeats 3]

Cold: a fresh store cache, so Queen contiguity weights and Gi* (999 permutations) are
built; warm: the same call again, read back from the store's cache (SimpleCache here;
Redis when the app is configured with one). Medians of ``--repeats`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from dashboard.common.config import DEFAULT_STORE
from dashboard.store import Store, make_cache
from layouts import neighbourhood_clusters

PLACES = {"Oldham": "E08000004", "North West": "E12000002"}
RATE = "iod-employment-score"


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def measure(path: Path, code: str) -> dict[str, float]:
    store = Store(path, make_cache())
    weights = timed(lambda: store.lsoa_contiguity(code))
    gi = timed(lambda: store.lsoa_hot_spots(RATE, code))
    warm = timed(lambda: store.lsoa_hot_spots(RATE, code))
    layer = timed(lambda: neighbourhood_clusters.hotspot_layer(store, code, RATE, "on"))
    section = timed(lambda: neighbourhood_clusters.clusters_section(store, code, RATE))
    return {"weights (cold)": weights, "Gi* (cold, weights cached)": gi,
            "Gi* (warm, from the cache)": warm, "layer (legend and list)": layer,
            "funnel + SII section": section}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for name, code in PLACES.items():
        runs = [measure(args.store, code) for _ in range(args.repeats)]
        print(f"{name} ({code}):")
        for key in runs[0]:
            print(f"  {key:<30} {1000 * statistics.median(r[key] for r in runs):8.0f} ms")


if __name__ == "__main__":
    main()
