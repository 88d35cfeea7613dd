"""Settings, read once from the environment (and overridden by CLI options)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
DEFAULT_STORE = ROOT / "var" / "placeboard.duckdb"


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to know about its environment."""

    store_path: Path = DEFAULT_STORE
    data_dir: Path = DATA_DIR
    redis_url: str | None = None
    cache_timeout: int = 600
    audience: str = "analyst"  # "analyst" or "public": disclosure rules differ
    basemap_tiles: str | None = None  # URL template for an optional tile basemap

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Read PLACEBOARD_* variables, then apply explicit overrides (None = keep)."""
        env = os.environ
        settings = cls(
            store_path=Path(env.get("PLACEBOARD_STORE", str(DEFAULT_STORE))),
            data_dir=Path(env.get("PLACEBOARD_DATA", str(DATA_DIR))),
            redis_url=env.get("PLACEBOARD_REDIS_URL") or None,
            cache_timeout=int(env.get("PLACEBOARD_CACHE_TIMEOUT", "600")),
            basemap_tiles=env.get("PLACEBOARD_BASEMAP_TILES") or None,
        )
        clean = {k: v for k, v in overrides.items() if v is not None}
        if "store_path" in clean:
            clean["store_path"] = Path(str(clean["store_path"]))
        return replace(settings, **clean)
