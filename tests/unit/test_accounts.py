"""The accounts database: users, lockout, access-level changes and the audit log."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dashboard.access import PUBLIC, SYSTEM, PermissionDenied, Viewer
from dashboard.accounts import LOCKOUT_FAILURES, AccountError, Accounts

PASSWORD = "a long enough passphrase"


@pytest.fixture()
def accounts(tmp_path: Path) -> Accounts:
    return Accounts(tmp_path / "accounts.sqlite")


def _actions(accounts: Accounts) -> list[str]:
    return accounts.audit_log()["action"].tolist()


def test_the_database_file_never_contains_the_password(accounts: Accounts) -> None:
    accounts.add_user("ann", PASSWORD, "admin")
    accounts.audit("ann", "export", "indicator_csv", {"indicator": "claimant-count"})
    raw = b"".join(p.read_bytes() for p in accounts.path.parent.iterdir()
                   if p.name.startswith(accounts.path.name))  # the file and its WAL
    assert PASSWORD.encode() not in raw
    stored = sqlite3.connect(accounts.path).execute(
        "SELECT password_hash FROM users WHERE username = 'ann'").fetchone()[0]
    assert stored.startswith(("scrypt:", "pbkdf2:")) and PASSWORD not in stored


def test_same_password_gets_a_different_salted_hash(accounts: Accounts) -> None:
    accounts.add_user("ann", PASSWORD, "analyst")
    accounts.add_user("bob", PASSWORD, "analyst")
    hashes = [row[0] for row in sqlite3.connect(accounts.path).execute(
        "SELECT password_hash FROM users ORDER BY username")]
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


def test_lockout_after_five_failures_holds_for_another_instance(tmp_path: Path) -> None:
    path = tmp_path / "accounts.sqlite"
    first = Accounts(path)
    first.add_user("ann", PASSWORD, "admin")
    for _ in range(LOCKOUT_FAILURES):
        assert first.authenticate("ann", "wrong password!!") is None
    assert first.locked_out("ann")
    # Another worker process opens the same file: the lockout is in the file, not memory.
    second = Accounts(path)
    assert second.locked_out("ann")
    assert second.authenticate("ann", PASSWORD) is None  # even the right password
    assert second.audit_log(limit=1).iloc[0].action == "login_refused"
    assert not second.locked_out("bob")  # one account's lockout is not everyone's


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
