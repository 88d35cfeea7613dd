"""Tables derived at build time (comparisons, trends, partnerships and targets).

Each module in this package may define BUILD_STEP(con); `placeboard build` runs them
in module-name order after the source files are loaded, inside the new store file.
A module that derives only from observations also sets REFRESH_ON_LOAD = True, and
`placeboard load` re-runs it inside the new file, so derived tables (comparisons, public
suppressions) never go stale after a load.

A load usually changes a few indicators. A module that can bring its tables up to date
for those alone defines REFRESH(con, indicators): it replaces the rows of those
indicators (and whatever else they affect) with what BUILD_STEP would now make of them.
The load step (``LOAD_STEPS``) runs REFRESH when the load says which indicators changed
(``changes.indicators``), and BUILD_STEP, the whole table, when areas or their hierarchy
changed (``changes.everything``), when it is not told or when the module has no REFRESH.
tests/store/test_incremental_refresh.py checks that both give the same tables.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any

import duckdb


def _load_step(module: ModuleType) -> Callable[..., None]:
    """The module's refresh after a load: REFRESH(con, indicators) for the indicators a
    load changed, else its whole BUILD_STEP (see the module docstring)."""
    refresh = getattr(module, "REFRESH", None)

    def step(con: duckdb.DuckDBPyConnection, changes: Any = None) -> None:
        if refresh is None or changes is None or changes.everything:
            module.BUILD_STEP(con)
        elif changes.indicators:
            refresh(con, frozenset(changes.indicators))

    step.__module__ = module.__name__
    step.__qualname__ = step.__name__ = "load_step"
    return step


BUILD_STEPS = []
LOAD_STEPS = []
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    if hasattr(_module, "BUILD_STEP"):
        BUILD_STEPS.append(_module.BUILD_STEP)
        if getattr(_module, "REFRESH_ON_LOAD", False):
            LOAD_STEPS.append(_load_step(_module))
