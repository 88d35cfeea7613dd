"""Tables derived at build time (comparisons, trends, partnerships and targets).

Each module in this package may define BUILD_STEP(con); `placeboard build` runs them
in module-name order after the source files are loaded, inside the new store file.
A module that derives only from observations also sets REFRESH_ON_LOAD = True, and
`placeboard load` re-runs it inside the new file, so derived tables (comparisons, public
suppressions) never go stale after a load.
"""

from __future__ import annotations

import importlib
import pkgutil

BUILD_STEPS = []
LOAD_STEPS = []
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    if hasattr(_module, "BUILD_STEP"):
        BUILD_STEPS.append(_module.BUILD_STEP)
        if getattr(_module, "REFRESH_ON_LOAD", False):
            LOAD_STEPS.append(_module.BUILD_STEP)
