"""What the accounts database costs per request, on SQLite (the embedded default) and on
PostgreSQL (the database several instances share), beside the same statements run on the
raw driver in the same run.

    python bench/bench_accounts.py [--accounts-url postgresql+psycopg://...] [--repeats 200]

PostgreSQL is measured when --accounts-url (or $PLACEBOARD_ACCOUNTS_URL) names an EMPTY
database that may be written to; without one only SQLite is measured.

Per operation, median and p95 in milliseconds:
- ours: dashboard.security.accounts.Accounts (SQLAlchemy Core, a pool per process);
- raw driver: the same SQL on one open sqlite3 / psycopg connection (the floor);
- naive: the same SQL on a new connection per call (what a per-request connect costs).
Reads: the access version (every store query) and the session check (every signed-in
request). Writes: starting a session and one audit entry (every sign-in, every export).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_store import timed
from dashboard.security.accounts import Accounts, session_hash

ACCESS_VERSION = "SELECT value FROM meta WHERE key = 'access_version'"
SESSION = ("SELECT u.username, u.role, u.partnerships FROM sessions s "
           "JOIN users u ON u.username = s.username "
           "WHERE s.session_hash = {p} AND s.username = {p} AND s.created_at > {p}")
AUDIT = ("INSERT INTO audit_log (at, actor, action, target, detail, ip) "
         "VALUES ({p}, {p}, {p}, {p}, {p}, {p})")


def _driver(accounts: Accounts) -> tuple[Callable[[], object], str]:
    """(a function opening a raw driver connection, its parameter placeholder)."""
    url = accounts.url
    if url.get_backend_name() == "sqlite":
        return (lambda: sqlite3.connect(url.database, isolation_level=None)), "?"
    import psycopg

    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return (lambda: psycopg.connect(dsn, autocommit=True)), "%s"


def measure(label: str, location: Path | str, repeats: int) -> None:
    accounts = Accounts(location)
    accounts.add_user("bench", "a long enough bench passphrase", "analyst")
    session_id = accounts.start_session("bench", "192.0.2.1")
    connect, p = _driver(accounts)
    session_args = (session_hash(session_id), "bench", time.time() - 3600)
    audit_args = ("2026-01-01T00:00:00+00:00", "bench", "export", "x", "{}", "192.0.2.1")
    raw = connect()

    def on(connection_of: Callable[[], object], sql: str, args: tuple = ()
           ) -> Callable[[], object]:
        def run() -> object:
            connection = connection_of()
            try:
                return connection.execute(sql, args).fetchall() if sql.startswith(
                    "SELECT") else connection.execute(sql, args)
            finally:
                if connection is not raw:
                    connection.close()
        return run

    cases = [
        ("access version (every query)", accounts.access_version, ACCESS_VERSION, ()),
        ("session check (every request)",
         lambda: accounts.session_user("bench", session_id), SESSION.format(p=p),
         session_args),
        ("audit entry (a write)",
         lambda: accounts.audit("bench", "export", "x", {}, "192.0.2.1"),
         AUDIT.format(p=p), audit_args),
        ("start a session (a write)", lambda: accounts.start_session("bench"), None, ()),
    ]
    for name, ours, sql, args in cases:
        ours()  # warm the pool
        mine = timed(ours, repeats)
        if sql is None:
            print(f"{label:<11} {name:<32} {mine[0]:8.3f} {mine[1]:8.3f} {'-':>17} {'-':>17}")
            continue
        floor = timed(on(lambda: raw, sql, args), repeats)
        naive = timed(on(connect, sql, args), max(10, repeats // 10))
        print(f"{label:<11} {name:<32} {mine[0]:8.3f} {mine[1]:8.3f} "
              f"{floor[0]:8.3f} {floor[1]:8.3f} {naive[0]:8.3f} {naive[1]:8.3f}")
    raw.close()
    accounts.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts-url", default=os.environ.get("PLACEBOARD_ACCOUNTS_URL"),
                        help="an empty PostgreSQL database to measure (written to)")
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--store", help="ignored (python -m bench passes it to every bench)")
    args = parser.parse_args()

    print(f"median and p95 (ms) of {args.repeats} calls; naive: a new connection per call\n")
    print(f"{'database':<11} {'operation':<32} {'ours':>17} {'raw driver':>17} "
          f"{'naive':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        measure("SQLite", Path(tmp) / "accounts.sqlite", args.repeats)
    if args.accounts_url:
        measure("PostgreSQL", args.accounts_url, args.repeats)
    else:
        print("PostgreSQL: not measured (give --accounts-url postgresql+psycopg://... of an "
              "empty database)")


if __name__ == "__main__":
    main()
