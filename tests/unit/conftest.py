"""Fixtures the accounts, sign-in and token tests share (a module's own fixture of the
same name takes precedence)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from dashboard.security.accounts import Accounts

SIGN_IN_PASSWORD = "correct horse battery staple"


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where the accounts database is: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "accounts.sqlite"
    return request.getfixturevalue("postgres_url")


@pytest.fixture()
def accounts(app) -> Accounts:
    """The app's accounts with an administrator (ann) and a Leeds partner (pat)."""
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("ann", SIGN_IN_PASSWORD, "admin")
    accounts.add_user("pat", SIGN_IN_PASSWORD, "partner", ["leeds"])
    return accounts


@pytest.fixture()
def client(app) -> FlaskClient:
    return app.server.test_client()
