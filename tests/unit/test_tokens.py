"""Personal API tokens in the accounts database: made, listed, revoked and resolved; only
their hashes kept; revoked, expired and removed users' tokens refused; every use audited
without the secret. Each test runs against SQLite (the embedded default) and a real
PostgreSQL server (tests/conftest.py), like tests/unit/test_accounts.py."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from dashboard.security import tokens
from dashboard.security.accounts import AccountError, Accounts, User, copy_database
from dashboard.security.accounts_database import API_TOKENS, METADATA, USERS
from dashboard.security.admin import AUDIT_ACTIONS

PASSWORD = "a long enough passphrase"


@pytest.fixture()
def accounts(location: Path | str) -> Iterator[Accounts]:
    accounts = Accounts(location)
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])
    accounts.add_user("al", PASSWORD, "analyst")
    yield accounts
    accounts.close()


def _stored_text(accounts: Accounts) -> str:
    engine, _writer = accounts._engines()
    with engine.connect() as con:
        return "\n".join(repr(row) for table in METADATA.sorted_tables
                         for row in con.execute(select(table)))


def _raw_bytes(accounts: Accounts) -> bytes:
    """The SQLite file and its WAL, byte for byte (b"" on PostgreSQL)."""
    if not isinstance(accounts.path, Path):
        return b""
    return b"".join(p.read_bytes() for p in accounts.path.parent.iterdir()
                    if p.name.startswith(accounts.path.name))


def _entries(accounts: Accounts, action: str) -> list[dict]:
    log = accounts.audit_log(action=action)
    return [{"actor": row.actor, "target": row.target, "ip": row.ip,
             **json.loads(row.detail)} for row in log.itertuples()]


def _set(accounts: Accounts, token_id: int, **values: object) -> None:
    with accounts._transaction() as con:
        con.execute(update(API_TOKENS).where(API_TOKENS.c.id == token_id).values(**values))


# -- making and listing ----------------------------------------------------------------
def test_a_new_token_has_a_secret_shown_once_and_only_its_hash_is_kept(accounts) -> None:
    new = tokens.create_token(accounts, "pat", "  nightly   report ", "submit", 30)
    assert new.secret.startswith("pb_") and len(new.secret) == 46
    info = new.info
    assert (info.username, info.label, info.scope) == ("pat", "nightly report", "submit")
    assert info.prefix == new.secret[3:11] and info.shown_as == f"pb_{info.prefix}…"
    made = datetime.fromisoformat(info.created_at)
    assert datetime.fromisoformat(info.expires_at) - made == timedelta(days=30)
    assert (info.last_used_at, info.revoked_at, info.status()) == (None, None, "active")
    assert tokens.list_tokens(accounts) == [info]
    stored = _stored_text(accounts)
    assert new.secret not in stored and new.secret[3:] not in stored
    assert new.secret.encode() not in _raw_bytes(accounts)
    assert hashlib.sha256(new.secret.encode()).hexdigest() in stored
    (entry,) = _entries(accounts, "token_created")
    assert entry["target"] == f"token:{info.id}" and entry["user"] == "pat"
    assert entry["scope"] == "submit" and entry["actor"] == "system"


def test_every_token_has_its_own_secret_and_list_filters_by_user(accounts) -> None:
    first = tokens.create_token(accounts, "pat", "one")
    second = tokens.create_token(accounts, "pat", "two")
    other = tokens.create_token(accounts, "al", "three")
    assert len({first.secret, second.secret, other.secret}) == 3
    assert [t.label for t in tokens.list_tokens(accounts, "PAT")] == ["one", "two"]
    assert [t.label for t in tokens.list_tokens(accounts)] == ["one", "two", "three"]
    assert tokens.list_tokens(accounts, "nobody") == []
    assert first.info.expires_at is None and first.info.scope == "read"


@pytest.mark.parametrize(("user", "label", "scope", "days", "words"), [
    ("nobody", "x", "read", None, "no user named"),
    ("pat", "x", "write", None, "scope must be one of read, submit"),
    ("pat", "", "read", None, "label"),
    ("pat", "   ", "read", None, "label"),
    ("pat", None, "read", None, "label"),
    ("pat", "x" * 81, "read", None, "at most 80"),
    ("pat", "bell\x07", "read", None, "control characters"),
    ("pat", "x", "read", 0, "1 to 366 days"),
    ("pat", "x", "read", 367, "1 to 366 days"),
])
def test_bad_requests_for_a_token_are_refused(accounts, user, label, scope, days,
                                              words) -> None:
    with pytest.raises(AccountError, match=words):
        tokens.create_token(accounts, user, label, scope, days)
    assert tokens.list_tokens(accounts) == []
    assert _entries(accounts, "token_created") == []


def test_a_person_has_at_most_so_many_live_tokens(accounts, monkeypatch) -> None:
    monkeypatch.setattr(tokens, "MAX_ACTIVE_TOKENS", 2)
    first = tokens.create_token(accounts, "pat", "one")
    tokens.create_token(accounts, "pat", "two")
    with pytest.raises(AccountError, match="revoke one"):
        tokens.create_token(accounts, "pat", "three")
    tokens.create_token(accounts, "al", "others are not counted")
    tokens.revoke_token(accounts, first.info.id)
    tokens.create_token(accounts, "pat", "three")


# -- using -------------------------------------------------------------------------------
def test_a_secret_resolves_to_its_user_and_every_use_is_audited(accounts) -> None:
    new = tokens.create_token(accounts, "pat", "script", "submit")
    user, info = tokens.resolve_token(accounts, new.secret, "/api/v1/areas", "10.0.0.7")
    assert user == User("pat", "partner", ("leeds",))
    assert (info.id, info.username, info.scope) == (new.info.id, "pat", "submit")
    assert info.last_used_at is not None
    tokens.resolve_token(accounts, new.secret, "/api/v1/indicators")
    assert tokens.list_tokens(accounts)[0].last_used_at is not None
    uses = _entries(accounts, "token_used")
    assert [u["path"] for u in uses] == ["/api/v1/indicators", "/api/v1/areas"]
    assert uses[1] == {"actor": "pat", "target": f"token:{new.info.id}", "ip": "10.0.0.7",
                       "token": new.info.id, "path": "/api/v1/areas", "scope": "submit"}
    assert new.secret not in _stored_text(accounts)
    assert new.secret.encode() not in _raw_bytes(accounts)


@pytest.mark.parametrize("secret", [
    None, "", "pb_", "Bearer", "pb_" + "x" * 43, "pb_" + "x" * 44, "xx_" + "y" * 43,
    "pb_" + "é" * 43, "' OR 1=1 --",
])
def test_anything_but_a_live_secret_resolves_to_nothing(accounts, secret) -> None:
    tokens.create_token(accounts, "pat", "script")
    assert tokens.resolve_token(accounts, secret, "/api/v1/x") is None
    # nothing is known of it, so nothing is written
    assert _entries(accounts, "token_used") == _entries(accounts, "token_refused") == []


def test_a_revoked_token_is_refused_at_once(accounts) -> None:
    new = tokens.create_token(accounts, "pat", "script")
    assert tokens.resolve_token(accounts, new.secret) is not None
    revoked = tokens.revoke_token(accounts, new.info.id, actor="ann")
    assert revoked.revoked_at is not None and revoked.status() == "revoked"
    assert tokens.resolve_token(accounts, new.secret, "/api/v1/x", "10.0.0.7") is None
    (refused,) = _entries(accounts, "token_refused")
    assert (refused["reason"], refused["path"], refused["ip"]) == ("revoked", "/api/v1/x",
                                                                   "10.0.0.7")
    (entry,) = _entries(accounts, "token_revoked")
    assert (entry["actor"], entry["user"], entry["label"]) == ("ann", "pat", "script")
    with pytest.raises(AccountError, match="already revoked"):
        tokens.revoke_token(accounts, new.info.id)


def test_an_expired_token_is_refused(accounts) -> None:
    new = tokens.create_token(accounts, "pat", "script", expires_days=1)
    assert tokens.resolve_token(accounts, new.secret) is not None
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="seconds")
    _set(accounts, new.info.id, expires_at=past)
    assert tokens.resolve_token(accounts, new.secret) is None
    assert tokens.list_tokens(accounts)[0].status() == "expired"
    assert _entries(accounts, "token_refused")[0]["reason"] == "expired"


def test_a_removed_users_tokens_are_refused_even_if_the_name_comes_back(accounts) -> None:
    new = tokens.create_token(accounts, "pat", "script")
    accounts.remove_user("pat")
    assert tokens.resolve_token(accounts, new.secret) is None
    assert tokens.list_tokens(accounts)[0].status() == "revoked"
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])
    assert tokens.resolve_token(accounts, new.secret) is None
    # and a token whose user is gone without it being revoked (an older database)
    other = tokens.create_token(accounts, "al", "script")
    with accounts._transaction() as con:
        con.execute(USERS.delete().where(USERS.c.username == "al"))
    assert tokens.resolve_token(accounts, other.secret) is None
    assert _entries(accounts, "token_refused")[0]["reason"] == "user removed"


def test_the_viewer_follows_the_users_role_now(accounts) -> None:
    new = tokens.create_token(accounts, "pat", "script", "submit")
    accounts.add_user("pat", PASSWORD, "analyst")  # no longer a partner
    user, info = tokens.resolve_token(accounts, new.secret)
    assert user.viewer().role == "analyst" and user.partnerships == ()
    assert info.scope == "submit"  # analysts submit data too (issue 16)


# -- revoking ----------------------------------------------------------------------------
def test_a_person_may_revoke_only_their_own_tokens(accounts) -> None:
    pats = tokens.create_token(accounts, "pat", "script")
    with pytest.raises(AccountError, match=f"there is no token {pats.info.id}$"):
        tokens.revoke_token(accounts, pats.info.id, actor="al", owner="al")
    with pytest.raises(AccountError, match="there is no token 999"):
        tokens.revoke_token(accounts, 999, owner="pat")
    assert tokens.resolve_token(accounts, pats.secret) is not None
    assert tokens.revoke_token(accounts, pats.info.id, actor="pat", owner="pat").revoked_at


# -- the rest of the accounts database ---------------------------------------------------
def test_the_token_actions_are_known_to_the_audit_pages() -> None:
    assert {"token_created", "token_revoked", "token_used", "token_refused"} <= \
        set(AUDIT_ACTIONS)


def test_tokens_move_with_the_database_and_new_ids_continue(tmp_path: Path,
                                                            postgres_url: str) -> None:
    single = Accounts(tmp_path / "accounts.sqlite")
    single.add_user("pat", PASSWORD, "partner", ["leeds"])
    kept = tokens.create_token(single, "pat", "script")
    single.close()
    copied = copy_database(single.path, postgres_url)
    assert copied["api_tokens"] == 1
    shared = Accounts(postgres_url)
    try:
        assert tokens.resolve_token(shared, kept.secret)[0].username == "pat"
        assert tokens.create_token(shared, "pat", "another").info.id == kept.info.id + 1
    finally:
        shared.close()
