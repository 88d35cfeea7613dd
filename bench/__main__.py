"""Run every benchmark: python -m bench [--store PATH] [--build-national | --national PATH].

The national-scale benchmark (bench_national.py) is opt-in, because building its store
takes minutes: --build-national builds var/national.duckdb once and measures it,
--national PATH measures a store already built; without either it only says how.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).parent
NATIONAL_FLAGS = ("--national", "--build-national", "--rebuild")


def _split(args: list[str]) -> tuple[list[str], list[str]]:
    """(arguments for every benchmark, the national benchmark's own)."""
    common, own = [], []
    values = iter(args)
    for arg in values:
        if arg.split("=")[0] in NATIONAL_FLAGS:
            own.append(arg)
            if arg == "--national":
                own.append(next(values, ""))
        else:
            common.append(arg)
    return common, own


if __name__ == "__main__":
    common, national = _split(sys.argv[1:])
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        if script.name == "bench_national.py":
            sys.argv = [str(script), *common, *national]
        else:
            sys.argv = [str(script), *common] if "--store" in " ".join(common) and \
                script.name != "bench_stats.py" else [str(script)]
        try:
            runpy.run_path(str(script), run_name="__main__")
        except SystemExit:
            pass
