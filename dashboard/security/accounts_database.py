"""The accounts database itself: its tables, where it is (a SQLite file or a PostgreSQL
URL), the engine for each backend, creating the tables, and the one upsert both speak.
What is kept in it, and why apart from the store, is told in `accounts`.

One code path (SQLAlchemy Core, parameters always bound) serves two databases:

- SQLite, the embedded default (`var/placeboard-accounts.sqlite`): one machine, any
  number of worker processes (WAL; writers take the lock up front with BEGIN IMMEDIATE
  so a read-then-write never fails half way with "database is locked").
- PostgreSQL (`PLACEBOARD_ACCOUNTS_URL=postgresql+psycopg://...`): several app
  instances on several machines share users, sessions, throttling state, access levels
  and the audit log, so whatever one instance writes the others see at their next read
  (docs/deploy.md).

The tables are created on first use (on PostgreSQL under an advisory lock, so instances
starting together do not race). Files made by earlier versions are used as they are.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Double,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    bindparam,
    create_engine,
    event,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, Connection, Engine, make_url

METADATA = MetaData()
USERS = Table(
    "users", METADATA,
    Column("username", Text, primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("partnerships", Text, nullable=False, server_default=""),
    Column("created_at", Text, nullable=False),
)
LOGIN_FAILURES = Table(  # the sign-in throttling state
    "login_failures", METADATA,
    Column("username", Text, nullable=False),
    Column("at", Double, nullable=False),  # seconds since the epoch
    Column("ip", Text),                    # address_key() of the client
    Index("login_failures_user", "username", "at"),
    Index("login_failures_address", "ip", "at"),
)
SESSIONS = Table(
    "sessions", METADATA,
    Column("session_hash", Text, primary_key=True),  # sha256 of the id in the cookie
    Column("username", Text, nullable=False),
    Column("created_at", Double, nullable=False),
    Column("ip", Text),
    Index("sessions_user", "username"),
)
ACCESS_OVERRIDES = Table(
    "access_overrides", METADATA,
    Column("kind", Text, primary_key=True),  # dataset or indicator
    Column("key", Text, primary_key=True),
    Column("level", Text, nullable=False),
    Column("changed_by", Text, nullable=False),
    Column("changed_at", Text, nullable=False),
)
AUDIT_LOG = Table(
    "audit_log", METADATA,
    # INTEGER PRIMARY KEY is SQLite's rowid; PostgreSQL gets a 64-bit identity.
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    # login, login_failed, login_refused, logout, access_change, load, export, user_add,
    # user_remove, token_created, token_revoked, token_used, token_refused, duties_set,
    # submission_made, submission_approved, submission_rejected, submission_published,
    # submission_failed, meeting_recorded, exception_edited, target_proposed,
    # target_agreed, target_declined, target_withdrawn, custom_area_saved,
    # custom_area_deleted
    Column("action", Text, nullable=False),
    Column("target", Text),
    Column("detail", Text),
    Column("ip", Text),
    sqlite_autoincrement=True,
)
API_TOKENS = Table(  # personal API tokens (dashboard.security.tokens)
    "api_tokens", METADATA,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("username", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("scope", Text, nullable=False),   # read or submit
    Column("hash", Text, nullable=False),    # sha256 of the secret, never the secret
    Column("prefix", Text, nullable=False),  # its first characters, to recognise it by
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text),
    Column("last_used_at", Text),
    Column("revoked_at", Text),
    Index("api_tokens_hash", "hash", unique=True),
    Index("api_tokens_user", "username"),
    sqlite_autoincrement=True,
)
USER_DUTIES = Table(  # what a person does beyond their role (dashboard.security.duties)
    "user_duties", METADATA,
    Column("username", Text, primary_key=True),
    Column("duty", Text, primary_key=True),            # data_manager, data_owner
    Column("partnership_id", Text, primary_key=True),  # '' for a duty across partnerships
)
SUBMISSIONS = Table(  # partners' uploaded files and their review (security.submissions)
    "submissions", METADATA,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("submitter", Text, nullable=False),
    Column("partnership_id", Text, nullable=False),  # whose data it is
    Column("file_name", Text, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("format", Text),
    # pending, rejected, scheduled (approved, embargoed), published, failed
    Column("status", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("report", Text, nullable=False),      # JSON: the checks, the changes, small counts
    Column("access_level", Text, nullable=False),  # what it is published as
    Column("embargo_until", Text),               # ISO 8601 UTC; published not before
    Column("reviewer", Text),
    Column("review_comment", Text),
    Column("decided_at", Text),
    Column("published_at", Text),
    Column("load_id", Integer),
    Column("failure", Text),
    Index("submissions_status", "status"),
    Index("submissions_submitter", "submitter"),
    sqlite_autoincrement=True,
)
SUBMISSION_FILES = Table(  # the file as uploaded, until it is published or rejected
    "submission_files", METADATA,
    Column("submission_id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("content", LargeBinary, nullable=False),
)
LEDGER = Table(  # who viewed or downloaded partners' shared data (security.ledger)
    "data_ledger", METADATA,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("at", Text, nullable=False),
    Column("username", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("partnerships", Text, nullable=False, server_default=""),
    Column("dataset_id", Text, nullable=False),
    Column("owners", Text, nullable=False),  # comma-separated partnership ids
    Column("kind", Text, nullable=False),    # view, download, api
    Column("path", Text, nullable=False),
    Index("data_ledger_dataset", "dataset_id", "at"),
    sqlite_autoincrement=True,
)
MEETINGS = Table(  # board meetings recorded as presented (security.meetings); never changed
    "meetings", METADATA,
    Column("partnership_id", Text, primary_key=True),
    Column("meeting_date", Text, primary_key=True),  # YYYY-MM-DD
    Column("title", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", Text, nullable=False),
    Column("snapshot", Text, nullable=False),  # JSON: the scorecard as each audience saw it
    Column("boardpack", LargeBinary),          # the board pack PDF as presented
)
EXCEPTION_REPORTS = Table(  # exception reports on targets (security.exceptions)
    "exception_reports", METADATA,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("partnership_id", Text, nullable=False),
    Column("indicator_id", Text, nullable=False),
    Column("area_code", Text, nullable=False, server_default=""),  # the target's area
    Column("version", Integer, nullable=False),  # 1, 2, ...: every save is a new one
    Column("commentary", Text, nullable=False),
    Column("owner", Text, nullable=False),
    Column("status_at_writing", Text, nullable=False),  # the target's status then
    Column("written_by", Text, nullable=False),
    Column("written_at", Text, nullable=False),  # ISO 8601 UTC
    # Two saves of one version at once: the second fails instead of both being kept.
    Index("exception_reports_version", "partnership_id", "indicator_id", "area_code",
          "version", unique=True),
    sqlite_autoincrement=True,
)
EXCEPTION_ACTIONS = Table(  # one report version's actions, in order
    "exception_actions", METADATA,
    Column("report_id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("position", Integer, primary_key=True),  # 1, 2, ...
    Column("action", Text, nullable=False),
    Column("due_date", Text, nullable=False),   # ISO 8601 date
    Column("progress", Text, nullable=False),   # not_started, in_progress, done, overdue
    Column("note", Text, nullable=False, server_default=""),
)
TARGET_PROPOSALS = Table(  # targets proposed by editors, agreed by data managers
    "target_proposals", METADATA,       # (security.proposals); decided ones never change
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("partnership_id", Text, nullable=False),
    Column("indicator_id", Text, nullable=False),
    Column("area_code", Text, nullable=False),
    Column("baseline_period", Text, nullable=False),   # as a targets file writes it
    Column("target_period", Text, nullable=False),
    Column("target_value", Double, nullable=False),
    Column("milestones", Text, nullable=False, server_default="{}"),  # JSON period: value
    Column("owner", Text, nullable=False, server_default=""),
    Column("rationale", Text, nullable=False),
    Column("proposed_by", Text, nullable=False),
    Column("proposed_at", Text, nullable=False),    # ISO 8601 UTC
    Column("state", Text, nullable=False),          # proposed, agreed, declined, withdrawn
    Column("decided_by", Text),
    Column("decided_at", Text),
    Column("decision_note", Text),
    Index("target_proposals_partnership", "partnership_id", "state"),
    sqlite_autoincrement=True,
)
CUSTOM_AREAS = Table(  # named groups of LSOAs or wards (security.custom_areas)
    "custom_areas", METADATA,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("owner", Text, nullable=False),
    Column("partnership_id", Text, nullable=False, server_default=""),  # who else sees it
    Column("name", Text, nullable=False),
    Column("members", Text, nullable=False),  # comma-separated LSOA (E01) and ward (E05) codes
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Index("custom_areas_owner", "owner"),
    Index("custom_areas_partnership", "partnership_id"),
    sqlite_autoincrement=True,
)
META = Table(  # access_version: changes with every access-level change (and meeting
    # recorded); exceptions_version: with every exception report saved
    "meta", METADATA,
    Column("key", Text, primary_key=True),
    Column("value", Text),
)
AUDIT_COLUMNS = ["id", "at", "actor", "action", "target", "detail", "ip"]

# The reads done on every request or query, built once: building a statement costs more
# than running it (0.4 ms against 0.1 ms a read of the access version on SQLite).
ACCESS_VERSION_READ = select(META.c.value).where(META.c.key == "access_version")
SESSION_USER_READ = (
    select(USERS.c.username, USERS.c.role, USERS.c.partnerships)
    .join_from(SESSIONS, USERS, USERS.c.username == SESSIONS.c.username)
    .where(SESSIONS.c.session_hash == bindparam("session_hash"),
           SESSIONS.c.username == bindparam("username"),
           SESSIONS.c.created_at > bindparam("since")))

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
POSTGRESQL_DRIVER = "postgresql+psycopg"  # psycopg 3, a dependency
SCHEMA_LOCK_KEY = 0x706C6163  # pg_advisory_xact_lock key for creating the tables
WRITE_OPTION = "placeboard_write"  # execution option: this transaction will write


class AccountError(ValueError):
    """A user or change that cannot be accepted (the message says why). Defined here,
    where an unsupported database is refused; callers import it from `accounts`."""


def database_url(location: Path | str) -> URL:
    """The SQLAlchemy URL of an accounts database given as a SQLite file path or a URL.

    `postgresql://` and `postgres://` mean psycopg 3 (the driver Placeboard depends on),
    not SQLAlchemy's default psycopg2. Only SQLite and PostgreSQL are supported: the
    upserts below are written for those two."""
    if isinstance(location, Path) or "://" not in location:
        return URL.create("sqlite", database=str(location))
    url = make_url(location)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername=POSTGRESQL_DRIVER)
    if url.get_backend_name() not in SUPPORTED_BACKENDS:
        raise AccountError(f"the accounts database must be SQLite or PostgreSQL, not "
                           f"{url.get_backend_name()!r}")
    return url


def _sqlite_engine(url: URL) -> Engine:
    """An engine for a SQLite file: WAL so readers never wait for writers; reads
    autocommit, and writes take the lock up front with our own BEGIN IMMEDIATE instead
    of the sqlite3 module's implicit BEGIN, which starts a read-then-write transaction
    too late to wait for the lock properly."""
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 10, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" below says BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        _use_wal(cursor)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # Reads autocommit, one statement each, as they did before SQLAlchemy.
        if connection.get_execution_options().get(WRITE_OPTION):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


SQLITE_BUSY_MS = 10_000


def _use_wal(cursor: Any) -> None:
    """Put the file in WAL mode (kept in the file: set once, by whichever connection comes
    first). Changing the journal mode needs the file to itself, and SQLite answers
    "database is locked" at once instead of waiting out the busy timeout: workers
    starting together on a new file failed about one start in ten. So a connection that
    meets another one setting the file up tries again, for up to the busy timeout."""
    deadline = time.monotonic() + SQLITE_BUSY_MS / 1000
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _postgresql_engine(url: URL) -> Engine:
    """An engine for a PostgreSQL server shared by every instance: a small pool per
    process, connections checked before use (a restarted or failed-over server costs no
    failed request) and a bounded wait to connect."""
    return create_engine(url, pool_size=5, max_overflow=10, pool_pre_ping=True,
                         pool_recycle=1800, connect_args={"connect_timeout": 10})


def make_engine(url: URL) -> Engine:
    """The engine for an accounts database URL (see database_url)."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return _postgresql_engine(url)


def create_schema(connection: Connection) -> None:
    """Create any missing tables, inside the caller's transaction. On PostgreSQL an
    advisory lock makes instances that start together take turns (the second finds the
    tables made); SQLite's BEGIN IMMEDIATE does the same for processes sharing a file."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": SCHEMA_LOCK_KEY})
    METADATA.create_all(connection, checkfirst=True)


def upsert(connection: Connection, table: Table, values: dict[str, Any]) -> None:
    """Insert a row, or replace the one with the same primary key (INSERT ... ON CONFLICT,
    which SQLite and PostgreSQL both speak)."""
    insert = sqlite_insert if connection.dialect.name == "sqlite" else postgresql_insert
    statement = insert(table).values(**values)
    keys = [column.name for column in table.primary_key.columns]
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_={name: statement.excluded[name] for name in values if name not in keys})
    connection.execute(statement)
