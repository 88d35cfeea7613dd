"""Fixtures shared by the store tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.security.accounts import Accounts
from dashboard.security.duties import set_duties
from tests.signing import PASSWORD


@pytest.fixture()
def accounts(tmp_path: Path) -> Accounts:
    """An accounts database with Oldham's editor, edna."""
    accounts = Accounts(tmp_path / "accounts.sqlite")
    accounts.add_user("edna", PASSWORD, "partner", ["oldham"])
    set_duties(accounts, "edna", ["editor:oldham"])
    yield accounts
    accounts.close()
