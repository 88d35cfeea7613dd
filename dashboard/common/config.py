"""Settings, read once from the environment (and overridden by CLI options)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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
    # A shared accounts database for several instances, e.g.
    # postgresql+psycopg://placeboard@db/placeboard; when set, accounts_path is not used.
    accounts_url: str | None = None
    proxy_hops: int = 0  # proxies (load balancers) in front that set X-Forwarded-For
    secret_key: str | None = None  # signs session cookies; generated and kept in var/ if unset
    trusted_user_header: str | None = None  # e.g. X-Remote-User behind a single sign-on proxy
    login_rate_limit: str = "10 per minute"  # sign-in attempts per client address
    api_rate_limit: str = "300 per minute"  # /api/v1 requests per token (or client address)
    hsts_seconds: int = 31_536_000  # Strict-Transport-Security max-age, only over HTTPS
    max_request_bytes: int = 1_048_576  # larger request bodies answer 413
    max_upload_bytes: int = 20 * 1_048_576  # a submitted file (/submit, the API) at most
    publish_every_s: int = 60  # how often scheduled submissions are looked for (0: never)

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
            accounts_url=env.get("PLACEBOARD_ACCOUNTS_URL") or None,
            proxy_hops=int(env.get("PLACEBOARD_PROXY_HOPS", "0")),
            secret_key=env.get("PLACEBOARD_SECRET_KEY") or None,
            trusted_user_header=env.get("PLACEBOARD_TRUSTED_USER_HEADER") or None,
            login_rate_limit=env.get("PLACEBOARD_LOGIN_RATE_LIMIT", "10 per minute"),
            api_rate_limit=env.get("PLACEBOARD_API_RATE_LIMIT", "300 per minute"),
            hsts_seconds=int(env.get("PLACEBOARD_HSTS_SECONDS", "31536000")),
            max_request_bytes=int(env.get("PLACEBOARD_MAX_REQUEST_BYTES", "1048576")),
            max_upload_bytes=int(env.get("PLACEBOARD_MAX_UPLOAD_BYTES", str(20 * 1048576))),
            publish_every_s=int(env.get("PLACEBOARD_PUBLISH_EVERY_S", "60")),
        )
        clean = {k: v for k, v in overrides.items() if v is not None}
        if "store_path" in clean:
            clean["store_path"] = Path(str(clean["store_path"]))
        if "accounts_path" in clean:
            clean.update(_accounts_override(str(clean.pop("accounts_path"))))
        return replace(settings, **clean)

    @property
    def accounts_database(self) -> Path | str:
        """What dashboard.security.accounts.Accounts opens: the shared database's URL when one is
        set, else the SQLite file."""
        return self.accounts_url or self.accounts_path


def _accounts_override(location: str) -> dict[str, object]:
    """An explicit accounts database (a command's --accounts, a test's file) wins over
    PLACEBOARD_ACCOUNTS_URL: a URL replaces the URL, a path means that SQLite file."""
    if "://" in location:
        return {"accounts_url": location}
    return {"accounts_path": Path(location), "accounts_url": None}
