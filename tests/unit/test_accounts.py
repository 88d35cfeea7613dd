"""The accounts database: users, lockout, sessions, access-level changes and the audit
log, each test run against SQLite (the embedded default) and a real PostgreSQL server
(the shared database of several instances; tests/conftest.py starts it)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.common.config import DEFAULT_ACCOUNTS, Settings
from dashboard.security.access import PUBLIC, SYSTEM, PermissionDenied, Viewer
from dashboard.security.accounts import AccountError, Accounts, copy_database
from dashboard.security.accounts_database import METADATA, USERS, database_url
from dashboard.security.throttling import LOCKOUT_FAILURES

PASSWORD = "a long enough passphrase"


@pytest.fixture()
def accounts(location: Path | str) -> Iterator[Accounts]:
    accounts = Accounts(location)
    yield accounts
    accounts.close()


def _stored_text(accounts: Accounts) -> str:
    """Everything in every table, as text."""
    engine, _writer = accounts._engines()
    with engine.connect() as con:
        return "\n".join(repr(row) for table in METADATA.sorted_tables
                         for row in con.execute(select(table)))


def _password_hashes(accounts: Accounts) -> list[str]:
    engine, _writer = accounts._engines()
    with engine.connect() as con:
        return list(con.execute(select(USERS.c.password_hash)
                                .order_by(USERS.c.username)).scalars())


def _actions(accounts: Accounts) -> list[str]:
    return accounts.audit_log()["action"].tolist()


def test_the_database_never_contains_the_password(accounts: Accounts) -> None:
    accounts.add_user("ann", PASSWORD, "admin")
    accounts.audit("ann", "export", "indicator_csv", {"indicator": "claimant-count"})
    assert PASSWORD not in _stored_text(accounts)
    if isinstance(accounts.path, Path):  # the SQLite file and its WAL, byte for byte
        raw = b"".join(p.read_bytes() for p in accounts.path.parent.iterdir()
                       if p.name.startswith(accounts.path.name))
        assert PASSWORD.encode() not in raw
    (stored,) = _password_hashes(accounts)
    assert stored.startswith(("scrypt:", "pbkdf2:")) and PASSWORD not in stored


def test_same_password_gets_a_different_salted_hash(accounts: Accounts) -> None:
    accounts.add_user("ann", PASSWORD, "analyst")
    accounts.add_user("bob", PASSWORD, "analyst")
    hashes = _password_hashes(accounts)
    assert hashes[0] != hashes[1]


def test_add_list_and_remove_users(accounts: Accounts) -> None:
    accounts.add_user("Ann", PASSWORD, "admin")
    accounts.add_user("bob", PASSWORD, "partner", ["leeds", "wigan"])
    listed = [(u.username, u.role, u.partnerships) for u in accounts.users()]
    assert listed == [("ann", "admin", ()), ("bob", "partner", ("leeds", "wigan"))]
    assert accounts.user("bob").viewer() == Viewer("partner", frozenset({"leeds", "wigan"}),
                                                   "bob")
    assert accounts.remove_user("bob") is True
    assert accounts.remove_user("bob") is False
    assert [u.username for u in accounts.users()] == ["ann"]
    assert accounts.user("bob") is None
    assert _actions(accounts) == ["user_remove", "user_add", "user_add"]


@pytest.mark.parametrize(("username", "password", "role", "partnerships", "error", "words"), [
    ("bad name!", PASSWORD, "admin", (), AccountError, "lower-case letters"),
    ("ann", "short", "admin", (), AccountError, "at least 12 characters"),
    ("ann", PASSWORD, "public", (), AccountError, "role must be one of"),
    ("ann", PASSWORD, "superuser", (), AccountError, "role must be one of"),
    ("ann", PASSWORD, "partner", (), AccountError, "at least one partnership"),
    # Accounts.add_user lets access.AccessError through here (both are ValueErrors).
    ("ann", PASSWORD, "partner", ("Not An Id",), ValueError, "is not a partnership id"),
])
def test_bad_users_are_refused_with_a_reason(accounts: Accounts, username, password, role,
                                             partnerships, error, words) -> None:
    with pytest.raises(error, match=words):
        accounts.add_user(username, password, role, partnerships)
    assert accounts.users() == []


def test_right_password_signs_in_and_is_audited(accounts: Accounts) -> None:
    accounts.add_user("ann", PASSWORD, "analyst")
    user = accounts.authenticate("ANN ", PASSWORD, "192.0.2.1")
    assert user is not None and user.username == "ann" and user.role == "analyst"
    entry = accounts.audit_log(limit=1).iloc[0]
    assert (entry.actor, entry.action, entry.target, entry.ip) == ("ann", "login", "ann",
                                                                  "192.0.2.1")


def test_wrong_password_and_unknown_user_fail_alike(accounts: Accounts) -> None:
    accounts.add_user("ann", PASSWORD, "analyst")
    assert accounts.authenticate("ann", "wrong password!!", "192.0.2.1") is None
    assert accounts.authenticate("nobody", PASSWORD, "192.0.2.1") is None
    log = accounts.audit_log(action="login_failed")
    assert log["target"].tolist() == ["nobody", "ann"]
    assert (log["ip"] == "192.0.2.1").all()


def test_lockout_after_five_failures_holds_for_another_instance(location) -> None:
    first = Accounts(location)
    first.add_user("ann", PASSWORD, "admin")
    for _ in range(LOCKOUT_FAILURES):
        assert first.authenticate("ann", "wrong password!!") is None
    assert first.locked_out("ann")
    # Another worker process or instance opens the same database: the lockout is in the
    # database, not in memory.
    second = Accounts(location)
    assert second.locked_out("ann")
    assert second.authenticate("ann", PASSWORD) is None  # even the right password
    assert second.audit_log(limit=1).iloc[0].action == "login_refused"
    assert first.audit_log(limit=1).iloc[0].action == "login_refused"
    assert not second.locked_out("bob")  # one account's lockout is not everyone's
    assert not second.locked_out("ann", "192.0.2.8")  # nor one address's, every address's
    first.close()
    second.close()


def test_fewer_failures_than_the_limit_do_not_lock(accounts: Accounts) -> None:
    accounts.add_user("ann", PASSWORD, "admin")
    for _ in range(LOCKOUT_FAILURES - 1):
        accounts.authenticate("ann", "wrong password!!")
    assert accounts.authenticate("ann", PASSWORD) is not None
    # A successful sign-in clears the count.
    for _ in range(LOCKOUT_FAILURES - 1):
        accounts.authenticate("ann", "wrong password!!")
    assert not accounts.locked_out("ann")


@pytest.mark.parametrize("viewer", [PUBLIC, Viewer("analyst", user="al"),
                                    Viewer("partner", frozenset({"leeds"}), user="pat")])
def test_set_access_is_refused_for_non_admins(accounts: Accounts, viewer: Viewer) -> None:
    with pytest.raises(PermissionDenied):
        accounts.set_access("indicator", "claimant-count", "public", viewer)
    assert accounts.access_overrides()[1] == {}
    assert "access_change" not in _actions(accounts)


@pytest.mark.parametrize(("kind", "level", "words"), [
    ("indicator", "secret", "not understood"),
    ("indicator", "partners:", "not understood"),
    ("indicator", "restricted:wizard", "unknown role"),
    ("indicator", "partners:Bad Id", "is not a partnership id"),
    ("area", "public", "kind must be one of"),
])
def test_set_access_refuses_bad_levels(accounts: Accounts, kind, level, words) -> None:
    with pytest.raises(AccountError, match=words):
        accounts.set_access(kind, "claimant-count", level, SYSTEM)
    assert accounts.access_overrides()[1] == {}


def test_set_access_by_an_admin_is_kept_and_audited(accounts: Accounts) -> None:
    admin = Viewer("admin", user="ann")
    version_before, _ = accounts.access_overrides()
    level = accounts.set_access("indicator", "claimant-count", " partners:wigan,leeds ", admin)
    assert level == "partners:leeds,wigan"
    version, overrides = accounts.access_overrides()
    assert version != version_before
    assert overrides == {("indicator", "claimant-count"): "partners:leeds,wigan"}
    accounts.set_access("indicator", "claimant-count", "public", admin)
    log = accounts.audit_log(action="access_change")
    assert log["actor"].tolist() == ["ann", "ann"]
    assert log["target"].tolist() == ["indicator:claimant-count"] * 2
    assert json.loads(log["detail"].iloc[0]) == {"from": "partners:leeds,wigan",
                                                 "to": "public"}
    assert json.loads(log["detail"].iloc[1]) == {"from": None, "to": "partners:leeds,wigan"}


def test_audit_log_is_newest_first_and_filters_by_action(accounts: Accounts) -> None:
    accounts.add_user("ann", PASSWORD, "admin")
    accounts.authenticate("ann", PASSWORD)
    accounts.authenticate("ann", "wrong password!!")
    accounts.set_access("dataset", "claimant-count", "restricted:analyst", SYSTEM)
    accounts.audit("ann", "export", "boardpack", {"partnership": "leeds", "format": "pdf"},
                   "192.0.2.9")
    assert _actions(accounts) == ["export", "access_change", "login_failed", "login",
                                  "user_add"]
    assert accounts.audit_log(limit=2)["action"].tolist() == ["export", "access_change"]
    exports = accounts.audit_log(action="export")
    assert len(exports) == 1
    assert json.loads(exports["detail"].iloc[0]) == {"format": "pdf", "partnership": "leeds"}
    user_add = accounts.audit_log(action="user_add").iloc[0]
    assert (user_add.actor, user_add.target) == ("system", "ann")
    assert json.loads(user_add.detail) == {"partnerships": [], "role": "admin"}


# -- several instances on one database ----------------------------------------------------
def test_sessions_and_access_changes_apply_on_another_instance_at_once(location) -> None:
    first, second = Accounts(location), Accounts(location)
    first.add_user("pat", PASSWORD, "partner", ["leeds"])
    session_id = first.start_session("pat", "192.0.2.1")
    assert second.session_user("pat", session_id).username == "pat"
    version = second.access_version()
    first.set_access("indicator", "claimant-count", "restricted:analyst", SYSTEM)
    assert second.access_version() != version
    assert second.access_overrides()[1] == {("indicator", "claimant-count"):
                                            "restricted:analyst"}
    second.end_session(session_id)  # signed out through the other instance
    assert first.session_user("pat", session_id) is None


def test_a_request_reads_the_access_version_once_and_the_next_request_sees_a_change(
        location) -> None:
    """Every query of a page is keyed on the access version: one read per request, so
    a page is answered under one set of levels, and a change is seen by the next one."""
    from flask import Flask

    first, second = Accounts(location), Accounts(location)
    app = Flask(__name__)
    with app.test_request_context():
        version = second.access_version()
        first.set_access("indicator", "claimant-count", "restricted:analyst", SYSTEM)
        assert second.access_version() == version  # the same request: one set of levels
        assert first.access_version() != version  # the writer's own request sees its change
    with app.test_request_context():
        assert second.access_version() != version
    assert second.access_version() == first.access_version()  # no request: read each time
    first.close()
    second.close()


def test_instances_starting_together_create_the_tables_once(location) -> None:
    """Several workers or instances start at once on an empty database: every one of
    them works (on PostgreSQL the advisory lock makes them take turns)."""
    instances = [Accounts(location) for _ in range(4)]
    errors: list[Exception] = []

    def first_use(accounts: Accounts) -> None:
        try:
            accounts.audit("system", "start", None, {})
        except Exception as exc:  # noqa: BLE001 - reported below, with the others
            errors.append(exc)

    threads = [threading.Thread(target=first_use, args=(a,)) for a in instances]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(instances[0].audit_log(action="start")) == 4
    for accounts in instances:
        accounts.close()


def test_concurrent_writers_lose_nothing(accounts: Accounts, location) -> None:
    other = Accounts(location)
    accounts.add_user("ann", PASSWORD, "admin")

    def write(instance: Accounts, n: int) -> None:
        for i in range(20):
            instance.audit("ann", "export", f"file-{n}-{i}", {"n": n})
            instance.start_session("ann")

    threads = [threading.Thread(target=write, args=(instance, n))
               for n, instance in enumerate([accounts, other] * 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    exports = accounts.audit_log(limit=1000, action="export")
    assert len(exports) == 120 and exports["target"].is_unique
    assert exports["id"].is_monotonic_decreasing  # newest first, ids never reused
    assert accounts.end_sessions("ann") == 120
    other.close()


# -- where the database is -----------------------------------------------------------------
OLD_SQLITE_SCHEMA = """
CREATE TABLE users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL,
    role TEXT NOT NULL, partnerships TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
CREATE TABLE login_failures (username TEXT NOT NULL, at REAL NOT NULL, ip TEXT);
CREATE INDEX login_failures_user ON login_failures (username, at);
CREATE INDEX login_failures_address ON login_failures (ip, at);
CREATE TABLE sessions (session_hash TEXT PRIMARY KEY, username TEXT NOT NULL,
    created_at REAL NOT NULL, ip TEXT);
CREATE INDEX sessions_user ON sessions (username);
CREATE TABLE access_overrides (kind TEXT NOT NULL, key TEXT NOT NULL, level TEXT NOT NULL,
    changed_by TEXT NOT NULL, changed_at TEXT NOT NULL, PRIMARY KEY (kind, key));
CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
    actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT, detail TEXT, ip TEXT);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


def test_a_sqlite_file_from_before_sqlalchemy_is_used_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    Accounts(tmp_path / "hash-maker.sqlite").add_user("ann", PASSWORD, "admin")
    hashed = sqlite3.connect(tmp_path / "hash-maker.sqlite").execute(
        "SELECT password_hash FROM users").fetchone()[0]
    with sqlite3.connect(path) as old:
        old.executescript(OLD_SQLITE_SCHEMA)
        old.execute("INSERT INTO users VALUES ('ann', ?, 'admin', '', '2026-01-01')", [hashed])
        old.execute("INSERT INTO meta VALUES ('access_version', '123')")
        old.execute("INSERT INTO audit_log (at, actor, action) VALUES ('2026-01-01', 'x', "
                    "'load')")
    old.close()
    accounts = Accounts(path)
    assert accounts.authenticate("ann", PASSWORD).role == "admin"
    assert accounts.access_version() == "123"
    assert accounts.audit_log()["id"].tolist() == [2, 1]
    accounts.close()


@pytest.mark.parametrize(("given", "expected"), [
    ("postgresql://pb:secret@db:5432/placeboard",
     "postgresql+psycopg://pb:***@db:5432/placeboard"),
    ("postgres://pb@db/placeboard", "postgresql+psycopg://pb@db/placeboard"),
    ("postgresql+psycopg://pb@db/placeboard", "postgresql+psycopg://pb@db/placeboard"),
    ("sqlite:///var/accounts.sqlite", "sqlite:///var/accounts.sqlite"),
    ("var/accounts.sqlite", "sqlite:///var/accounts.sqlite"),
])
def test_database_urls(given: str, expected: str) -> None:
    assert database_url(given).render_as_string(hide_password=True) == expected
    assert "secret" not in str(Accounts(given).path)  # what messages print


def test_other_databases_are_refused_by_name() -> None:
    with pytest.raises(AccountError, match="SQLite or PostgreSQL, not 'mysql'"):
        Accounts("mysql://pb@db/placeboard")


def test_settings_choose_the_accounts_database(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PLACEBOARD_ACCOUNTS", raising=False)
    monkeypatch.delenv("PLACEBOARD_ACCOUNTS_URL", raising=False)
    assert Settings.from_env().accounts_database == DEFAULT_ACCOUNTS
    url = "postgresql+psycopg://pb@db/placeboard"
    monkeypatch.setenv("PLACEBOARD_ACCOUNTS_URL", url)
    monkeypatch.setenv("PLACEBOARD_PROXY_HOPS", "1")
    settings = Settings.from_env()
    assert (settings.accounts_database, settings.proxy_hops) == (url, 1)
    # An explicit file (a command's --accounts, a test's database) wins over the URL ...
    explicit = Settings.from_env(accounts_path=tmp_path / "a.sqlite")
    assert explicit.accounts_database == tmp_path / "a.sqlite"
    # ... and so does an explicit URL.
    other = "postgresql+psycopg://pb@elsewhere/placeboard"
    assert Settings.from_env(accounts_path=other).accounts_database == other
    assert replace(settings, accounts_url=None).accounts_database == DEFAULT_ACCOUNTS


def test_a_sqlite_database_moves_to_postgresql(tmp_path: Path, postgres_url: str) -> None:
    """Moving one machine's accounts to the shared database of a scaled-out deployment
    keeps users, sessions, access levels and the audit log, and the log goes on."""
    single = Accounts(tmp_path / "accounts.sqlite")
    single.add_user("pat", PASSWORD, "partner", ["leeds"])
    session_id = single.start_session("pat")
    single.set_access("indicator", "claimant-count", "restricted:analyst", SYSTEM)
    single.authenticate("pat", "wrong password!!", "192.0.2.1")
    copied = copy_database(single.path, postgres_url)
    assert copied["users"] == 1 and copied["audit_log"] == 3 and copied["sessions"] == 1
    shared = Accounts(postgres_url)
    assert shared.authenticate("pat", PASSWORD).partnerships == ("leeds",)
    assert shared.session_user("pat", session_id).username == "pat"
    assert shared.access_overrides() == single.access_overrides()
    assert shared.audit_log()["id"].tolist() == [4, 3, 2, 1]  # the log went on after 3
    with pytest.raises(AccountError, match="copy into an empty database"):
        copy_database(single.path, postgres_url)
    single.close()
    shared.close()


def _audit_in_child(accounts: Accounts) -> None:
    accounts.audit("child", "export", "from-a-forked-worker", {})


def test_a_forked_worker_opens_connections_of_its_own(accounts: Accounts) -> None:
    """gunicorn --preload forks workers after the app (and its accounts) is made: a
    worker must not use its parent's connections, nor close them under the parent."""
    import multiprocessing

    accounts.audit("parent", "export", "before-the-fork", {})
    child = multiprocessing.get_context("fork").Process(target=_audit_in_child,
                                                        args=(accounts,))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0
    accounts.audit("parent", "export", "after-the-fork", {})
    assert accounts.audit_log(action="export")["target"].tolist() == [
        "after-the-fork", "from-a-forked-worker", "before-the-fork"]
