"""Tables derived at build time (comparisons, trends, partnerships and targets).

Each module in this package may define BUILD_STEP(con); `placeboard build` runs them
in module-name order after the source files are loaded, inside the new store file.
"""

from __future__ import annotations

import importlib
import pkgutil

BUILD_STEPS = []
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    if hasattr(_module, "BUILD_STEP"):
        BUILD_STEPS.append(_module.BUILD_STEP)
