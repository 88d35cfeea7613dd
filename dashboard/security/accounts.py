"""Users, access-level changes, sessions, sign-in throttling and the audit log: the small
database the app writes, through `Accounts` (personal API tokens are kept in it too, by
`tokens`).

The DuckDB store is read-only under a running app (a writer would lock every reader
out, see ../shared/MEASURED.md), so what the app itself must write - sign-ins, failed
attempts, access-level changes by an admin, the audit log - lives in a separate
database. Access-level changes are kept here, apart from the store, so a rebuild never
undoes an admin's decision. The database (its tables, SQLite or PostgreSQL, engines and
schema) is set up in `accounts_database`; the sign-in throttling rules are in
`throttling`.

Passwords are stored only as salted hashes (werkzeug's scrypt), never in clear.

Sessions are kept here too (a hash of each session's id, never the id itself), so signing
out, a password change and an administrator removing someone end their sessions on every
worker and every instance at once: a copied session cookie stops working (dashboard.web.auth
checks it on every request).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from flask import g, has_request_context
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.engine import Connection, Engine
from werkzeug.security import check_password_hash

from dashboard.security.access import SIGNED_IN_ROLES, AccessError, AccessLevel, Viewer
from dashboard.security.accounts_database import (
    ACCESS_OVERRIDES,
    ACCESS_VERSION_READ,
    API_TOKENS,
    AUDIT_COLUMNS,
    AUDIT_LOG,
    LOGIN_FAILURES,
    META,
    METADATA,
    SESSION_USER_READ,
    SESSIONS,
    USER_DUTIES,
    USERS,
    WRITE_OPTION,
    AccountError,
    create_schema,
    database_url,
    make_engine,
    upsert,
)
from dashboard.security.throttling import (
    LOCKOUT_FAILURES,
    LOCKOUT_WINDOW_S,
    Refusal,
    address_backoff_s,
    address_key,
    dummy_hash,
    password_hash,
)

_VERSION_MEMO = "_placeboard_access_versions"  # {id(accounts): version} on flask.g
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._@-")
MIN_PASSWORD = 12
SESSION_LIFETIME_S = 12 * 3600  # a session ends this long after signing in, whatever
OVERRIDE_KINDS = ("dataset", "indicator")


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


def _user(row: Any) -> User:
    return User(row[0], row[1], tuple(p for p in row[2].split(",") if p))


class Accounts:
    """The accounts database at `location`: a SQLite file path, or a database URL such as
    postgresql+psycopg://placeboard@db/placeboard (created on first use)."""

    def __init__(self, location: Path | str) -> None:
        self.url = database_url(location)
        # Where the database is, for messages: the SQLite file, or the URL without its
        # password.
        self.path: Path | str = (Path(self.url.database or "")
                                 if self.url.get_backend_name() == "sqlite"
                                 else self.url.render_as_string(hide_password=True))
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._writer: Engine | None = None
        self._pid = 0
        self._ready = False

    # -- connection ----------------------------------------------------------------
    def _engines(self) -> tuple[Engine, Engine]:
        """(engine for reads, engine for writes), made on first use in each process: a
        worker forked after the first use must not share its parent's connections."""
        with self._lock:
            if self._engine is None or self._pid != os.getpid():
                if self._engine is not None:
                    self._engine.dispose(close=False)  # the parent's, left to the parent
                self._engine = make_engine(self.url)
                self._writer = self._engine.execution_options(**{WRITE_OPTION: True})
                self._pid = os.getpid()
            if not self._ready:
                with self._writer.begin() as connection:
                    create_schema(connection)
                self._ready = True
            return self._engine, self._writer

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection for reads, which autocommit: each read is one statement (on
        PostgreSQL one round trip, not BEGIN, SELECT and ROLLBACK)."""
        engine, _writer = self._engines()
        with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            yield connection

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction (committed at the end, rolled back on any error)."""
        _engine, writer = self._engines()
        with writer.begin() as connection:
            yield connection

    def close(self) -> None:
        """Close this process's connections (tests and short-lived commands)."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = self._writer = None

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
            upsert(con, USERS, {"username": username,
                                 "password_hash": password_hash(password),
                                 "role": role, "partnerships": ",".join(partnerships),
                                 "created_at": _now()})
            detail: dict = {"role": role, "partnerships": list(partnerships)}
            if new_password:
                # Whoever held a session under the old password is signed out.
                ended = con.execute(delete(SESSIONS).where(
                    SESSIONS.c.username == username)).rowcount
                detail["sessions_ended"] = ended
            self._audit(con, actor, "user_add", username, detail)
        return User(username, role, partnerships)

    def _password_changes(self, username: str, password: str) -> bool:
        """Whether replacing an existing user changes their password (a role or
        partnership change keeps their sessions: it applies at their next request)."""
        with self._reading() as con:
            stored = con.execute(select(USERS.c.password_hash).where(
                USERS.c.username == username)).scalar()
        return stored is not None and not check_password_hash(stored, password)

    def remove_user(self, username: str, actor: str = "system") -> bool:
        """Remove a user, end their sessions and revoke their API tokens (so re-adding
        the name later does not bring an old cookie or token back to life)."""
        name = username.strip().lower()
        with self._transaction() as con:
            gone = con.execute(delete(USERS).where(USERS.c.username == name)).rowcount
            con.execute(delete(SESSIONS).where(SESSIONS.c.username == name))
            con.execute(delete(USER_DUTIES).where(USER_DUTIES.c.username == name))
            revoked = con.execute(update(API_TOKENS).where(
                API_TOKENS.c.username == name, API_TOKENS.c.revoked_at.is_(None))
                .values(revoked_at=_now())).rowcount
            if gone:
                self._audit(con, actor, "user_remove", name, {"tokens_revoked": revoked})
        return bool(gone)

    def users(self) -> list[User]:
        with self._reading() as con:
            rows = con.execute(select(USERS.c.username, USERS.c.role, USERS.c.partnerships)
                               .order_by(USERS.c.username)).all()
        return [_user(row) for row in rows]

    def user(self, username: str | None) -> User | None:
        if not username:
            return None
        with self._reading() as con:
            row = con.execute(select(USERS.c.username, USERS.c.role, USERS.c.partnerships)
                              .where(USERS.c.username == username.strip().lower())).first()
        return None if row is None else _user(row)

    # -- sign-in throttling ------------------------------------------------------------
    def locked_out(self, username: str, ip: str | None = None) -> bool:
        """Too many recent failed sign-ins for this account from this address (held in
        the database, so across worker processes and instances). Other addresses are
        not affected."""
        return self._account_failures(username, ip) >= LOCKOUT_FAILURES

    def _account_failures(self, username: str, ip: str | None) -> int:
        failures = LOGIN_FAILURES.c
        with self._reading() as con:
            return int(con.execute(select(func.count()).where(
                failures.username == username.strip().lower(),
                failures.ip == address_key(ip),
                failures.at > time.time() - LOCKOUT_WINDOW_S)).scalar_one())

    def refusal(self, username: str, ip: str | None = None) -> Refusal | None:
        """Why an attempt for `username` from `ip` is refused without checking the
        password, or None: the account and address are locked, or the address is in its
        back-off."""
        now = time.time()
        key = address_key(ip)
        failures = LOGIN_FAILURES.c
        latest_for_account = (
            select(failures.at)
            .where(failures.username == username.strip().lower(), failures.ip == key,
                   failures.at > now - LOCKOUT_WINDOW_S)
            .order_by(failures.at.desc()).limit(LOCKOUT_FAILURES).subquery())
        with self._reading() as con:
            oldest, count = con.execute(select(func.min(latest_for_account.c.at),
                                               func.count())
                                        .select_from(latest_for_account)).one()
            if count >= LOCKOUT_FAILURES:
                return Refusal("account and address",
                               max(1, int(oldest + LOCKOUT_WINDOW_S - now) + 1))
            count, latest = con.execute(select(func.count(), func.max(failures.at)).where(
                failures.ip == key, failures.at > now - LOCKOUT_WINDOW_S)).one()
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
        with self._reading() as con:
            row = con.execute(select(USERS.c.password_hash).where(
                USERS.c.username == name)).first()
        stored = row[0] if row else dummy_hash()
        failures = LOGIN_FAILURES.c
        if check_password_hash(stored, password or "") and row is not None:
            with self._transaction() as con:
                con.execute(delete(LOGIN_FAILURES).where(failures.username == name,
                                                         failures.ip == address_key(ip)))
                self._audit(con, name, "login", name, {}, ip)
            return self.user(name)
        now = time.time()
        with self._transaction() as con:
            con.execute(delete(LOGIN_FAILURES).where(failures.at < now - LOCKOUT_WINDOW_S))
            con.execute(LOGIN_FAILURES.insert().values(username=name, at=now,
                                                       ip=address_key(ip)))
            self._audit(con, name or "(blank)", "login_failed", name, {}, ip)
        return None

    # -- sessions --------------------------------------------------------------------
    def start_session(self, username: str, ip: str | None = None) -> str:
        """A new session id for a signed-in user (kept in their cookie; only its hash is
        stored). Sessions older than SESSION_LIFETIME_S are cleared on the way."""
        session_id = secrets.token_urlsafe(32)
        now = time.time()
        with self._transaction() as con:
            con.execute(delete(SESSIONS).where(
                SESSIONS.c.created_at < now - SESSION_LIFETIME_S))
            con.execute(SESSIONS.insert().values(
                session_hash=session_hash(session_id), username=username.strip().lower(),
                created_at=now, ip=ip))
        return session_id

    def session_user(self, username: str, session_id: str) -> User | None:
        """The user of a live session, or None when it was ended (signed out, password
        changed, user removed) or has expired. One indexed read, done per request."""
        with self._reading() as con:
            row = con.execute(SESSION_USER_READ, {
                "session_hash": session_hash(session_id),
                "username": (username or "").strip().lower(),
                "since": time.time() - SESSION_LIFETIME_S}).first()
        return None if row is None else _user(row)

    def end_session(self, session_id: str) -> None:
        """Sign one session out everywhere (its cookie no longer opens anything)."""
        with self._transaction() as con:
            con.execute(delete(SESSIONS).where(
                SESSIONS.c.session_hash == session_hash(session_id)))

    def end_sessions(self, username: str) -> int:
        """End every session of a user; the number ended."""
        with self._transaction() as con:
            return con.execute(delete(SESSIONS).where(
                SESSIONS.c.username == username.strip().lower())).rowcount

    # -- access levels ---------------------------------------------------------------
    def set_access(self, kind: str, key: str, level: str, actor: Viewer) -> str:
        """Change a dataset's or indicator's access level (admins only). Returns the
        normalised level."""
        from dashboard.security.access import PermissionDenied

        if not actor.is_admin:
            raise PermissionDenied("only an administrator can change access levels")
        if kind not in OVERRIDE_KINDS:
            raise AccountError(f"kind must be one of {', '.join(OVERRIDE_KINDS)}")
        try:
            normalised = str(AccessLevel.parse(level))
        except AccessError as exc:
            raise AccountError(str(exc)) from exc
        overrides = ACCESS_OVERRIDES.c
        with self._transaction() as con:
            before = con.execute(select(overrides.level).where(
                overrides.kind == kind, overrides.key == key)).scalar()
            upsert(con, ACCESS_OVERRIDES, {"kind": kind, "key": key, "level": normalised,
                                            "changed_by": actor.label(),
                                            "changed_at": _now()})
            # A new version in the same transaction: every instance's cached queries
            # (keyed on it) are left behind at the next read.
            upsert(con, META, {"key": "access_version", "value": str(time.time_ns())})
            self._audit(con, actor.label(), "access_change", f"{kind}:{key}",
                        {"from": before, "to": normalised})
        self.forget_version()  # the rest of this request reads the new levels
        return normalised

    def forget_version(self) -> None:
        """After a change that moved the version: read it again in this request."""
        if has_request_context():
            g.get(_VERSION_MEMO, {}).pop(id(self), None)

    def access_version(self) -> str:
        """Changes with every access-level change. One indexed read per request: inside
        a Flask request the first read is kept on `flask.g` for the rest of it (a page
        runs many queries, and they should all see one set of access levels)."""
        memo = g.setdefault(_VERSION_MEMO, {}) if has_request_context() else {}
        if id(self) not in memo:
            with self._reading() as con:
                memo[id(self)] = self._access_version(con)
        return memo[id(self)]

    @staticmethod
    def _access_version(con: Connection) -> str:
        value = con.execute(ACCESS_VERSION_READ).scalar()
        return value if value is not None else "0"

    def access_overrides(self) -> tuple[str, dict[tuple[str, str], str]]:
        """(version, {(kind, key): level}); the version changes with every change, so
        cached query results keyed on it are never stale (it is read first: a change
        in between leaves newer levels under the older version, never the reverse)."""
        overrides = ACCESS_OVERRIDES.c
        with self._reading() as con:
            version = self._access_version(con)
            rows = con.execute(select(overrides.kind, overrides.key, overrides.level)).all()
        return version, {(kind, key): level for kind, key, level in rows}

    # -- audit -----------------------------------------------------------------------
    @staticmethod
    def _audit(con: Connection, actor: str, action: str, target: str | None,
               detail: dict, ip: str | None = None) -> None:
        con.execute(AUDIT_LOG.insert().values(
            at=_now(), actor=actor, action=action, target=target,
            detail=json.dumps(detail, sort_keys=True), ip=ip))

    def audit(self, actor: str, action: str, target: str | None = None,
              detail: dict | None = None, ip: str | None = None) -> None:
        """Add one entry to the audit log."""
        with self._transaction() as con:
            self._audit(con, actor, action, target, detail or {}, ip)

    def audit_log(self, limit: int = 200, action: str | None = None) -> pd.DataFrame:
        """Newest first."""
        query = select(*(AUDIT_LOG.c[name] for name in AUDIT_COLUMNS))
        if action:
            query = query.where(AUDIT_LOG.c.action == action)
        query = query.order_by(AUDIT_LOG.c.id.desc()).limit(int(limit))
        with self._reading() as con:
            rows = [tuple(row) for row in con.execute(query)]
        return pd.DataFrame(rows, columns=AUDIT_COLUMNS)


def copy_database(source: Path | str, target: Path | str) -> dict[str, int]:
    """Copy every row of one accounts database into another, empty one (e.g. the SQLite
    file of a single machine into the PostgreSQL database of a scaled-out deployment);
    the rows copied per table. Sessions come along, so nobody is signed out.

    Refuses a target that already has users or audit entries rather than merging two
    histories."""
    reader, writer = Accounts(source), Accounts(target)
    try:
        if writer.users() or not writer.audit_log(limit=1).empty:
            raise AccountError(f"{writer.path} already has users or an audit log; copy "
                               "into an empty database")
        source_engine, _ = reader._engines()
        _, target_engine = writer._engines()
        copied: dict[str, int] = {}
        with source_engine.connect() as src, target_engine.begin() as dst:
            for table in METADATA.sorted_tables:
                rows = [dict(row._mapping) for row in src.execute(select(table))]
                if rows:
                    dst.execute(table.delete())  # e.g. an access_version already made
                    dst.execute(table.insert(), rows)
                copied[table.name] = len(rows)
            for table in ("audit_log", "api_tokens", "submissions", "data_ledger",
                          "exception_reports", "custom_areas"):
                if dst.dialect.name == "postgresql" and copied.get(table):
                    # Ids were copied as they were: new rows continue after them.
                    dst.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', "
                                     f"'id'), (SELECT max(id) FROM {table}))"))
        return copied
    finally:
        reader.close()
        writer.close()
