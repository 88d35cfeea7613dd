"""Shared fixtures: one real DuckDB store built from data/ per test run (shared by
parallel workers)."""

from __future__ import annotations

import os
from pathlib import Path

import dash
import pytest
from filelock import FileLock

from dashboard.config import DATA_DIR, Settings
from dashboard.store import Store, make_cache

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _accounts_outside_the_repository(tmp_path_factory: pytest.TempPathFactory):
    """Commands run by tests (loads, exports) audit into a temporary accounts database,
    never the developer's var/placeboard-accounts.sqlite."""
    previous = os.environ.get("PLACEBOARD_ACCOUNTS")
    os.environ["PLACEBOARD_ACCOUNTS"] = str(tmp_path_factory.mktemp("accounts") /
                                            "accounts.sqlite")
    yield
    if previous is None:
        os.environ.pop("PLACEBOARD_ACCOUNTS", None)
    else:
        os.environ["PLACEBOARD_ACCOUNTS"] = previous


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default store, built once per test session from the bundled data."""
    from dashboard.cli import build_store

    reuse = os.environ.get("PLACEBOARD_TEST_STORE")
    if reuse and Path(reuse).exists():
        return Path(reuse)
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        path = tmp_path_factory.mktemp("store") / "placeboard.duckdb"
        build_store(Settings.from_env(store_path=path), quiet=True)
        return path
    # Parallel workers (pytest-xdist) share one store: the first to take the lock builds it
    # under a temporary name and renames it into place; the others wait, then read it.
    shared = tmp_path_factory.getbasetemp().parent
    path = shared / "store" / "placeboard.duckdb"
    with FileLock(str(shared / "store.lock")):
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            building = path.with_name("building.duckdb")
            build_store(Settings.from_env(store_path=building), quiet=True)
            os.replace(building, path)
    return path


@pytest.fixture(scope="session")
def store(built_store_path: Path) -> Store:
    return Store(built_store_path, make_cache())


@pytest.fixture()
def settings(built_store_path: Path, tmp_path: Path) -> Settings:
    """Settings for one test: the shared built store, and a fresh accounts database."""
    return Settings.from_env(store_path=built_store_path, data_dir=DATA_DIR,
                             accounts_path=tmp_path / "accounts.sqlite",
                             secret_key="test-secret-key-not-for-production")


@pytest.fixture(autouse=True)
def _reset_dash_registries():
    """Dash keeps pages and callbacks in process globals; each test starts clean."""
    yield
    dash._pages.PAGE_REGISTRY.clear()
    dash._callback.GLOBAL_CALLBACK_LIST.clear()
    dash._callback.GLOBAL_CALLBACK_MAP.clear()
