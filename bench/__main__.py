"""Run every benchmark: python -m bench [--store PATH]."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).parent

if __name__ == "__main__":
    args = sys.argv[1:]
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        sys.argv = [str(script), *args] if "--store" in " ".join(args) and \
            script.name != "bench_stats.py" else [str(script)]
        try:
            runpy.run_path(str(script), run_name="__main__")
        except SystemExit:
            pass
