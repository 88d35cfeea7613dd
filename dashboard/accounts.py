"""Users, access-level changes and the audit log: the small database the app writes.

The DuckDB store is read-only under a running app (a writer would lock every reader
out, see ../shared/MEASURED.md), so what the app itself must write - sign-ins, failed
attempts, access-level changes by an admin, the audit log - lives in a separate SQLite
file (stdlib, safe for several worker processes writing at once with WAL). Access-level
changes are kept here, apart from the store, so a rebuild never undoes an admin's
decision.

Passwords are stored only as salted hashes (werkzeug's scrypt), never in clear.

Sessions are kept here too (a hash of each session's id, never the id itself), so signing
out, a password change and an administrator removing someone end their sessions on every
worker at once: a copied session cookie stops working (dashboard.auth checks it on every
request).

Sign-in throttling cannot be used to lock someone else out: failures are counted per
account *and address* (5 in 15 minutes stop that address trying that account) and per
address (after 10 failures in 15 minutes, each further attempt from that address waits
twice as long as the one before, up to 15 minutes). Nobody signing in from another
address is affected. IPv6 addresses count per /64 network (one machine usually has a
whole /64), IPv4 addresses one by one.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import secrets
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
CREATE INDEX IF NOT EXISTS login_failures_address ON login_failures (ip, at);
CREATE TABLE IF NOT EXISTS sessions (
    session_hash TEXT PRIMARY KEY,     -- sha256 of the session id kept in the cookie
    username     TEXT NOT NULL,
    created_at   REAL NOT NULL,
    ip           TEXT
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (username);
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
LOCKOUT_FAILURES = 5          # failed sign-ins for one account from one address ...
LOCKOUT_WINDOW_S = 15 * 60    # ... within this window stop that address trying it
ADDRESS_FREE_FAILURES = 10    # failures from one address (any accounts) before back-off
SESSION_LIFETIME_S = 12 * 3600  # a session ends this long after signing in, whatever
UNKNOWN_ADDRESS = "unknown"
OVERRIDE_KINDS = ("dataset", "indicator")


class AccountError(ValueError):
    """A user or change that cannot be accepted (the message says why)."""


@dataclass(frozen=True)
class Refusal:
    """Why sign-in attempts from an address are refused for now, and for how long."""

    reason: str          # "account and address" or "address back-off"
    retry_after_s: int   # seconds until an attempt will be considered again


def address_key(ip: str | None) -> str:
    """The address sign-in limits count: an IPv4 address, or an IPv6 /64 network (one
    machine usually holds a whole /64, so counting single IPv6 addresses is no limit)."""
    if not ip:
        return UNKNOWN_ADDRESS
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ip.strip()[:64] or UNKNOWN_ADDRESS
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address.ipv4_mapped or address) if isinstance(
        address, ipaddress.IPv6Address) else str(address)


def address_backoff_s(failures: int) -> int:
    """Seconds an address must wait after its latest failure: none for the first
    ADDRESS_FREE_FAILURES, then 2, 4, 8, ... seconds, never more than the window."""
    extra = failures - ADDRESS_FREE_FAILURES
    if extra <= 0:
        return 0
    return min(LOCKOUT_WINDOW_S, 2 ** min(extra, 20))


_dummy_hash_lock = threading.Lock()
_dummy_hash_value: list[str] = []


def dummy_hash() -> str:
    """A password hash of the same method and cost as real ones, checked for unknown
    usernames so that a sign-in takes as long whether or not the user exists (made once
    per process: making it per attempt doubled the time for unknown users)."""
    with _dummy_hash_lock:
        if not _dummy_hash_value:
            _dummy_hash_value.append(generate_password_hash(secrets.token_hex(16)))
        return _dummy_hash_value[0]


def session_hash(session_id: str) -> str:
    """What the accounts database keeps of a session id (a leaked copy of the database
    does not hand out working sessions)."""
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


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
        new_password = self._password_changes(username, password)
        with self._transaction() as con:
            con.execute("INSERT OR REPLACE INTO users VALUES (?, ?, ?, ?, ?)",
                        [username, generate_password_hash(password), role,
                         ",".join(partnerships), _now()])
            detail: dict = {"role": role, "partnerships": list(partnerships)}
            if new_password:
                # Whoever held a session under the old password is signed out.
                ended = con.execute("DELETE FROM sessions WHERE username = ?",
                                    [username]).rowcount
                detail["sessions_ended"] = ended
            self._audit(con, actor, "user_add", username, detail)
        return User(username, role, partnerships)

    def _password_changes(self, username: str, password: str) -> bool:
        """Whether replacing an existing user changes their password (a role or
        partnership change keeps their sessions: it applies at their next request)."""
        row = self._connect().execute(
            "SELECT password_hash FROM users WHERE username = ?", [username]).fetchone()
        return row is not None and not check_password_hash(row[0], password)

    def remove_user(self, username: str, actor: str = "system") -> bool:
        """Remove a user and end their sessions (so re-adding the name later does not
        bring an old cookie back to life)."""
        name = username.strip().lower()
        with self._transaction() as con:
            gone = con.execute("DELETE FROM users WHERE username = ?", [name]).rowcount
            con.execute("DELETE FROM sessions WHERE username = ?", [name])
            if gone:
                self._audit(con, actor, "user_remove", name, {})
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

    def locked_out(self, username: str, ip: str | None = None) -> bool:
        """Too many recent failed sign-ins for this account from this address (held in
        the database, so across worker processes). Other addresses are not affected."""
        return self._account_failures(username, ip) >= LOCKOUT_FAILURES

    def _account_failures(self, username: str, ip: str | None) -> int:
        since = time.time() - LOCKOUT_WINDOW_S
        (failures,) = self._connect().execute(
            "SELECT count(*) FROM login_failures WHERE username = ? AND ip = ? AND at > ?",
            [username.strip().lower(), address_key(ip), since]).fetchone()
        return int(failures)

    def refusal(self, username: str, ip: str | None = None) -> Refusal | None:
        """Why an attempt for `username` from `ip` is refused without checking the
        password, or None: the account and address are locked, or the address is in its
        back-off."""
        now = time.time()
        con = self._connect()
        key = address_key(ip)
        rows = con.execute(
            "SELECT min(at), count(*) FROM (SELECT at FROM login_failures "
            "WHERE username = ? AND ip = ? AND at > ? ORDER BY at DESC LIMIT ?)",
            [username.strip().lower(), key, now - LOCKOUT_WINDOW_S, LOCKOUT_FAILURES]
        ).fetchone()
        if rows[1] >= LOCKOUT_FAILURES:
            return Refusal("account and address",
                           max(1, int(rows[0] + LOCKOUT_WINDOW_S - now) + 1))
        count, latest = con.execute(
            "SELECT count(*), max(at) FROM login_failures WHERE ip = ? AND at > ?",
            [key, now - LOCKOUT_WINDOW_S]).fetchone()
        wait = address_backoff_s(int(count))
        if wait and latest is not None and now < latest + wait:
            return Refusal("address back-off", max(1, int(latest + wait - now) + 1))
        return None

    def authenticate(self, username: str, password: str, ip: str | None = None) -> User | None:
        """The user if the password is right and attempts from this address are not
        refused. Every attempt is audited; the reason for a refusal is not told to the
        caller. Known and unknown usernames cost one password check each."""
        name = (username or "").strip().lower()
        refused = self.refusal(name, ip)
        if refused is not None:
            self.audit(name or "(blank)", "login_refused", name,
                       {"reason": refused.reason, "retry_after_s": refused.retry_after_s},
                       ip)
            return None
        row = self._connect().execute(
            "SELECT password_hash FROM users WHERE username = ?", [name]).fetchone()
        stored = row[0] if row else dummy_hash()
        if check_password_hash(stored, password or "") and row is not None:
            with self._transaction() as con:
                con.execute("DELETE FROM login_failures WHERE username = ? AND ip = ?",
                            [name, address_key(ip)])
                self._audit(con, name, "login", name, {}, ip)
            return self.user(name)
        now = time.time()
        with self._transaction() as con:
            con.execute("DELETE FROM login_failures WHERE at < ?", [now - LOCKOUT_WINDOW_S])
            con.execute("INSERT INTO login_failures VALUES (?, ?, ?)",
                        [name, now, address_key(ip)])
            self._audit(con, name or "(blank)", "login_failed", name, {}, ip)
        return None

    # -- sessions --------------------------------------------------------------------
    def start_session(self, username: str, ip: str | None = None) -> str:
        """A new session id for a signed-in user (kept in their cookie; only its hash is
        stored). Sessions older than SESSION_LIFETIME_S are cleared on the way."""
        session_id = secrets.token_urlsafe(32)
        now = time.time()
        with self._transaction() as con:
            con.execute("DELETE FROM sessions WHERE created_at < ?",
                        [now - SESSION_LIFETIME_S])
            con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)",
                        [session_hash(session_id), username.strip().lower(), now, ip])
        return session_id

    def session_user(self, username: str, session_id: str) -> User | None:
        """The user of a live session, or None when it was ended (signed out, password
        changed, user removed) or has expired. One indexed read, done per request."""
        row = self._connect().execute(
            "SELECT u.username, u.role, u.partnerships FROM sessions s "
            "JOIN users u ON u.username = s.username "
            "WHERE s.session_hash = ? AND s.username = ? AND s.created_at > ?",
            [session_hash(session_id), (username or "").strip().lower(),
             time.time() - SESSION_LIFETIME_S]).fetchone()
        if row is None:
            return None
        return User(row[0], row[1], tuple(p for p in row[2].split(",") if p))

    def end_session(self, session_id: str) -> None:
        """Sign one session out everywhere (its cookie no longer opens anything)."""
        with self._transaction() as con:
            con.execute("DELETE FROM sessions WHERE session_hash = ?",
                        [session_hash(session_id)])

    def end_sessions(self, username: str) -> int:
        """End every session of a user; the number ended."""
        with self._transaction() as con:
            return con.execute("DELETE FROM sessions WHERE username = ?",
                               [username.strip().lower()]).rowcount

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
