"""Users, access-level changes and the audit log: the small database the app writes.

The DuckDB store is read-only under a running app (a writer would lock every reader
out, see ../shared/MEASURED.md), so what the app itself must write - sign-ins, failed
attempts, access-level changes by an admin, the audit log - lives in a separate SQLite
file (stdlib, safe for several worker processes writing at once with WAL). Access-level
changes are kept here, apart from the store, so a rebuild never undoes an admin's
decision.

Passwords are stored only as salted hashes (werkzeug's scrypt), never in clear.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.access import SIGNED_IN_ROLES, AccessError, AccessLevel, Viewer

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    partnerships  TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (
    username TEXT NOT NULL,
    at       REAL NOT NULL,
    ip       TEXT
);
CREATE INDEX IF NOT EXISTS login_failures_user ON login_failures (username, at);
CREATE TABLE IF NOT EXISTS access_overrides (
    kind       TEXT NOT NULL,          -- dataset or indicator
    key        TEXT NOT NULL,
    level      TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,             -- login, login_failed, logout, access_change, load, export, user_add, user_remove
    target TEXT,
    detail TEXT,
    ip     TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""

USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._@-")
MIN_PASSWORD = 12
LOCKOUT_FAILURES = 5          # failed sign-ins for one account ...
LOCKOUT_WINDOW_S = 15 * 60    # ... within this window lock it for the rest of the window
OVERRIDE_KINDS = ("dataset", "indicator")


class AccountError(ValueError):
    """A user or change that cannot be accepted (the message says why)."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    partnerships: tuple[str, ...]

    def viewer(self) -> Viewer:
        return Viewer(role=self.role, partnerships=frozenset(self.partnerships),
                      user=self.username)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Accounts:
    """The accounts database at `path` (created on first use)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._ready = False
        self._ready_lock = threading.Lock()

    # -- connection ----------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA busy_timeout=10000")
            self._local.con = con
        with self._ready_lock:
            if not self._ready:
                con.executescript(SCHEMA)
                self._ready = True
        return con

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        con = self._connect()
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    # -- users -----------------------------------------------------------------------
    def add_user(self, username: str, password: str, role: str,
                 partnerships: Iterable[str] = (), actor: str = "system") -> User:
        """Create a user (or replace their password, role and partnerships)."""
        username = (username or "").strip().lower()
        partnerships = tuple(sorted({p.strip() for p in partnerships if p.strip()}))
        if not username or not set(username) <= USERNAME_CHARS:
            raise AccountError("a username uses lower-case letters, digits and . _ @ - only")
        if role not in SIGNED_IN_ROLES:
            raise AccountError(f"role must be one of {', '.join(SIGNED_IN_ROLES)}")
        if len(password or "") < MIN_PASSWORD:
            raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
        if role == "partner" and not partnerships:
            raise AccountError("a partner must belong to at least one partnership "
                               "(--partnership ID)")
        if partnerships:
            try:  # validates the ids
                AccessLevel.parse("partners:" + ",".join(partnerships))
            except AccessError as exc:
                raise AccountError(str(exc)) from exc
        with self._transaction() as con:
            con.execute("INSERT OR REPLACE INTO users VALUES (?, ?, ?, ?, ?)",
                        [username, generate_password_hash(password), role,
                         ",".join(partnerships), _now()])
            self._audit(con, actor, "user_add", username,
                        {"role": role, "partnerships": list(partnerships)})
        return User(username, role, partnerships)

    def remove_user(self, username: str, actor: str = "system") -> bool:
        with self._transaction() as con:
            gone = con.execute("DELETE FROM users WHERE username = ?",
                               [username.strip().lower()]).rowcount
            if gone:
                self._audit(con, actor, "user_remove", username.strip().lower(), {})
        return bool(gone)

    def users(self) -> list[User]:
        rows = self._connect().execute(
            "SELECT username, role, partnerships FROM users ORDER BY username").fetchall()
        return [User(u, r, tuple(p for p in ps.split(",") if p)) for u, r, ps in rows]

    def user(self, username: str | None) -> User | None:
        if not username:
            return None
        row = self._connect().execute(
            "SELECT username, role, partnerships FROM users WHERE username = ?",
            [username.strip().lower()]).fetchone()
        if row is None:
            return None
        return User(row[0], row[1], tuple(p for p in row[2].split(",") if p))

    def locked_out(self, username: str) -> bool:
        """Too many recent failed sign-ins for this account (brute-force protection that
        holds across worker processes, unlike a per-process counter)."""
        since = time.time() - LOCKOUT_WINDOW_S
        (failures,) = self._connect().execute(
            "SELECT count(*) FROM login_failures WHERE username = ? AND at > ?",
            [username.strip().lower(), since]).fetchone()
        return failures >= LOCKOUT_FAILURES

    def authenticate(self, username: str, password: str, ip: str | None = None) -> User | None:
        """The user if the password is right and the account is not locked out. Every
        attempt is audited; the reason for a refusal is not told to the caller."""
        name = (username or "").strip().lower()
        if self.locked_out(name):
            self.audit(name or "(blank)", "login_refused", name, {"reason": "locked out"}, ip)
            return None
        row = self._connect().execute(
            "SELECT password_hash FROM users WHERE username = ?", [name]).fetchone()
        # Check a hash even for unknown users so timing does not reveal who exists.
        stored = row[0] if row else generate_password_hash("not a real password")
        if check_password_hash(stored, password or "") and row is not None:
            with self._transaction() as con:
                con.execute("DELETE FROM login_failures WHERE username = ?", [name])
                self._audit(con, name, "login", name, {}, ip)
            return self.user(name)
        with self._transaction() as con:
            con.execute("INSERT INTO login_failures VALUES (?, ?, ?)", [name, time.time(), ip])
            self._audit(con, name or "(blank)", "login_failed", name, {}, ip)
        return None

    # -- access levels ---------------------------------------------------------------
    def set_access(self, kind: str, key: str, level: str, actor: Viewer) -> str:
        """Change a dataset's or indicator's access level (admins only). Returns the
        normalised level."""
        from dashboard.access import PermissionDenied

        if not actor.is_admin:
            raise PermissionDenied("only an administrator can change access levels")
        if kind not in OVERRIDE_KINDS:
            raise AccountError(f"kind must be one of {', '.join(OVERRIDE_KINDS)}")
        try:
            normalised = str(AccessLevel.parse(level))
        except AccessError as exc:
            raise AccountError(str(exc)) from exc
        with self._transaction() as con:
            before = con.execute("SELECT level FROM access_overrides WHERE kind = ? AND key = ?",
                                 [kind, key]).fetchone()
            con.execute("INSERT OR REPLACE INTO access_overrides VALUES (?, ?, ?, ?, ?)",
                        [kind, key, normalised, actor.label(), _now()])
            con.execute("INSERT OR REPLACE INTO meta VALUES ('access_version', ?)",
                        [str(time.time_ns())])
            self._audit(con, actor.label(), "access_change", f"{kind}:{key}",
                        {"from": before[0] if before else None, "to": normalised})
        return normalised

    def access_version(self) -> str:
        """Changes with every access-level change (one indexed read, done per query)."""
        row = self._connect().execute(
            "SELECT value FROM meta WHERE key = 'access_version'").fetchone()
        return row[0] if row else "0"

    def access_overrides(self) -> tuple[str, dict[tuple[str, str], str]]:
        """(version, {(kind, key): level}); the version changes with every change, so
        cached query results keyed on it are never stale."""
        con = self._connect()
        row = con.execute("SELECT value FROM meta WHERE key = 'access_version'").fetchone()
        rows = con.execute("SELECT kind, key, level FROM access_overrides").fetchall()
        return (row[0] if row else "0", {(k, key): level for k, key, level in rows})

    # -- audit -----------------------------------------------------------------------
    def _audit(self, con: sqlite3.Connection, actor: str, action: str, target: str | None,
               detail: dict, ip: str | None = None) -> None:
        con.execute("INSERT INTO audit_log (at, actor, action, target, detail, ip) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [_now(), actor, action, target, json.dumps(detail, sort_keys=True), ip])

    def audit(self, actor: str, action: str, target: str | None = None,
              detail: dict | None = None, ip: str | None = None) -> None:
        with self._transaction() as con:
            self._audit(con, actor, action, target, detail or {}, ip)

    def audit_log(self, limit: int = 200, action: str | None = None) -> pd.DataFrame:
        """Newest first."""
        con = self._connect()
        if action:
            rows = con.execute("SELECT id, at, actor, action, target, detail, ip FROM audit_log "
                               "WHERE action = ? ORDER BY id DESC LIMIT ?",
                               [action, int(limit)]).fetchall()
        else:
            rows = con.execute("SELECT id, at, actor, action, target, detail, ip FROM audit_log "
                               "ORDER BY id DESC LIMIT ?", [int(limit)]).fetchall()
        return pd.DataFrame(rows, columns=["id", "at", "actor", "action", "target", "detail",
                                           "ip"])
