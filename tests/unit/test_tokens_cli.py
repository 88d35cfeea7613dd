"""`placeboard tokens create|list|revoke`: the secret printed once, never listed, revoked
tokens refused, exit codes as the other commands'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.security import tokens
from dashboard.security.accounts import Accounts

PASSWORD = "a long enough passphrase"
SECRET = re.compile(r"pb_[A-Za-z0-9_-]{43}")


@pytest.fixture()
def db(tmp_path: Path) -> str:
    accounts = Accounts(tmp_path / "accounts.sqlite")
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])
    accounts.add_user("al", PASSWORD, "analyst")
    accounts.close()
    return str(tmp_path / "accounts.sqlite")


def test_create_prints_the_secret_once_and_list_never(db, capsys) -> None:
    assert cli.main(["tokens", "create", "--user", "pat", "--label", "nightly [bold]report",
                     "--scope", "submit", "--expires-days", "30", "--accounts", db]) == 0
    out = capsys.readouterr().out
    (secret,) = SECRET.findall(out)
    assert "it will not be shown again" in out and "Authorization: Bearer" in out
    assert "nightly [bold]report" in out  # as typed, never read as markup
    accounts = Accounts(db)
    user, info = tokens.resolve_token(accounts, secret)
    assert (user.username, info.scope, info.label) == ("pat", "submit", "nightly [bold]report")
    assert info.expires_at is not None

    assert cli.main(["tokens", "list", "--accounts", db]) == 0
    listed = capsys.readouterr().out
    assert secret not in listed and SECRET.search(listed) is None
    assert f"pb_{info.prefix}…" in listed and "pat" in listed and "active" in listed
    entry = accounts.audit_log(action="token_created").iloc[0]
    assert entry.actor == "system" and secret not in entry.detail


def test_list_by_user_and_revoke(db, capsys) -> None:
    accounts = Accounts(db)
    pats = tokens.create_token(accounts, "pat", "pat's")
    tokens.create_token(accounts, "al", "al's")
    assert cli.main(["tokens", "list", "--user", "al", "--accounts", db]) == 0
    listed = capsys.readouterr().out
    assert "al's" in listed and "pat's" not in listed
    assert cli.main(["tokens", "revoke", str(pats.info.id), "--accounts", db]) == 0
    assert "revoked" in capsys.readouterr().out
    assert tokens.resolve_token(accounts, pats.secret) is None
    assert cli.main(["tokens", "revoke", str(pats.info.id), "--accounts", db]) == 1
    assert "already revoked" in capsys.readouterr().err
    assert cli.main(["tokens", "list", "--user", "pat", "--accounts", db]) == 0
    assert "revoked" in capsys.readouterr().out
    assert accounts.audit_log(action="token_revoked").iloc[0].actor == "system"


@pytest.mark.parametrize(("argv", "code", "words"), [
    (["create", "--user", "nobody", "--label", "x"], 1, "no user named 'nobody'"),
    (["create", "--user", "pat", "--label", " "], 1, "label"),
    (["create", "--user", "pat", "--label", "x", "--expires-days", "0"], 2, "1 or more"),
    (["create", "--user", "pat", "--label", "x", "--expires-days", "400"], 2, "at most 366"),
    (["create", "--user", "pat", "--label", "x", "--scope", "write"], 2, "invalid choice"),
    (["create", "--label", "x"], 2, "--user"),
    (["revoke", "99"], 1, "there is no token 99"),
    (["revoke", "one"], 2, "invalid int value"),
])
def test_refusals_and_bad_usage(db, capsys, argv, code, words) -> None:
    assert cli.main(["tokens", *argv, "--accounts", db]) == code
    assert words in capsys.readouterr().err
    assert tokens.list_tokens(Accounts(db)) == []


def test_list_with_no_tokens_says_how_to_make_one(db, capsys) -> None:
    assert cli.main(["tokens", "list", "--accounts", db]) == 0
    assert "placeboard tokens create" in capsys.readouterr().out
