"""Settings, read once from the environment (and overridden by CLI options)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
DEFAULT_STORE = ROOT / "var" / "placeboard.duckdb"
DEFAULT_ACCOUNTS = ROOT / "var" / "placeboard-accounts.sqlite"


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to know about its environment."""

    store_path: Path = DEFAULT_STORE
    data_dir: Path = DATA_DIR
    redis_url: str | None = None
    cache_timeout: int = 600
    basemap_tiles: str | None = None  # URL template for an optional tile basemap
    accounts_path: Path = DEFAULT_ACCOUNTS  # users, access-level changes, audit log (SQLite)
    secret_key: str | None = None  # signs session cookies; generated and kept in var/ if unset
    trusted_user_header: str | None = None  # e.g. X-Remote-User behind a single sign-on proxy
    login_rate_limit: str = "10 per minute"  # sign-in attempts per client address
    hsts_seconds: int = 31_536_000  # Strict-Transport-Security max-age, only over HTTPS
    max_request_bytes: int = 1_048_576  # larger request bodies answer 413

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
            accounts_path=Path(env.get("PLACEBOARD_ACCOUNTS", str(DEFAULT_ACCOUNTS))),
            secret_key=env.get("PLACEBOARD_SECRET_KEY") or None,
            trusted_user_header=env.get("PLACEBOARD_TRUSTED_USER_HEADER") or None,
            login_rate_limit=env.get("PLACEBOARD_LOGIN_RATE_LIMIT", "10 per minute"),
            hsts_seconds=int(env.get("PLACEBOARD_HSTS_SECONDS", "31536000")),
            max_request_bytes=int(env.get("PLACEBOARD_MAX_REQUEST_BYTES", "1048576")),
        )
        clean = {k: v for k, v in overrides.items() if v is not None}
        for key in ("store_path", "accounts_path"):
            if key in clean:
                clean[key] = Path(str(clean[key]))
        return replace(settings, **clean)
