"""Shared fixtures: one real DuckDB store built from data/ per test run (shared by
parallel workers), and a real PostgreSQL server for the accounts database, started when a
test first asks for it (one per worker)."""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dash
import pytest
from filelock import FileLock

from dashboard.common.config import DATA_DIR, Settings
from dashboard.store import Store, make_cache

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _cheaper_password_hashes():
    """Test users' passwords are hashed with scrypt at a lower cost (n = 2**10, not
    2**15): the suite makes and checks hundreds of them, at about 0.1 s each at full
    cost. The method and the checks are the same; tests/unit/test_password_cost.py holds
    the production default."""
    from dashboard.security import throttling

    throttling.PASSWORD_METHOD = "scrypt:1024:8:1"
    yield
    throttling.PASSWORD_METHOD = throttling.DEFAULT_PASSWORD_METHOD


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
    from dashboard.cli.data import build_store

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


# -- a real PostgreSQL server, for the accounts database ------------------------------------
@dataclass
class PostgresServer:
    """A throw-away PostgreSQL server started by the tests (trust authentication on
    127.0.0.1 only, no durability: fsync off)."""

    port: int
    user: str = "placeboard"
    host: str = "127.0.0.1"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def admin(self) -> Any:
        """An autocommit psycopg connection to the server's own `postgres` database."""
        import psycopg

        return psycopg.connect(host=self.host, port=self.port, user=self.user,
                               dbname="postgres", autocommit=True, connect_timeout=2)

    def create_database(self) -> str:
        """A new, empty database; its SQLAlchemy URL."""
        from psycopg import sql

        name = f"placeboard_{secrets.token_hex(6)}"
        with self.admin() as con:
            con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        from psycopg import sql

        name = url.rsplit("/", 1)[1]
        with self.admin() as con:  # FORCE: connections a test left open are closed
            con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


def postgres_bin_dir() -> Path | None:
    """Where initdb and postgres are: on PATH, else Debian's /usr/lib/postgresql/<v>/bin
    (the postgresql package does not put them on PATH), newest version first."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("postgres"):
        return Path(on_path).resolve().parent
    candidates = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    candidates.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                    reverse=True)
    return next((p for p in candidates if (p / "postgres").exists()), None)


def _server_account() -> dict[str, Any]:
    """subprocess options that run the server as `postgres` when the tests run as root
    (PostgreSQL refuses to run as root), else as whoever runs the tests."""
    if os.geteuid() != 0:
        return {}
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail("running as root, PostgreSQL needs the `postgres` system user, which "
                    "Debian's postgresql package creates (apt-get install postgresql)")
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


def _initdb(bin_dir: Path, base: Path, account: dict[str, Any]) -> Path:
    """A new cluster in base/data, owned by the account the server runs as."""
    if account:
        os.chown(base, account["user"], account["group"])
    data = base / "data"
    done = subprocess.run([str(bin_dir / "initdb"), "-D", str(data), "-U", "placeboard",
                           "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                          check=False, cwd=base, capture_output=True, text=True,
                          timeout=120, **account)
    if done.returncode != 0:
        pytest.fail(f"initdb failed: {done.stderr[-2000:]}")
    return data


def _wait_for_postgres(server: PostgresServer, process: subprocess.Popen, log: Path,
                       timeout_s: float = 60) -> None:
    """Until the server accepts connections; fail with its log if it stops or is slow."""
    import psycopg

    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            pytest.fail(f"PostgreSQL stopped at start-up:\n{log.read_text()[-2000:]}")
        try:
            server.admin().close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                pytest.fail(f"PostgreSQL did not accept connections within {timeout_s} s:"
                            f"\n{log.read_text()[-2000:]}")
            time.sleep(0.1)


def _stop(process: subprocess.Popen) -> None:
    """Fast shutdown (SIGINT: open connections are closed, not waited for)."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session, started on first use and stopped at
    the end. Missing server binaries fail the tests that need it, never skip them
    (.ci/run and `make browser-deps` install Debian's postgresql)."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.fail("PostgreSQL server binaries not found: apt-get install postgresql")
    account = _server_account()
    # Not under pytest's tmp_path: that is private to root, and the server may run as
    # `postgres`.
    base = Path(tempfile.mkdtemp(prefix="placeboard-pg-"))
    try:
        data = _initdb(bin_dir, base, account)
        server = PostgresServer(port=free_port())
        log = base / "server.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [str(bin_dir / "postgres"), "-D", str(data), "-p", str(server.port),
                 "-h", server.host, "-k", str(base), "-c", "fsync=off",
                 "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                 "-c", "max_connections=200"],
                cwd=base, stdout=out, stderr=subprocess.STDOUT, **account)
        try:
            _wait_for_postgres(server, process, log)
            yield server
        finally:
            _stop(process)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture()
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; its SQLAlchemy URL."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
