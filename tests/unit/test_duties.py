"""Duties: what a person does beyond their role (data manager, a partnership's data
owner), kept in the accounts database (SQLite and PostgreSQL), audited, and gone with
the person."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.security.accounts import AccountError, Accounts
from dashboard.security.duties import (
    duties_of,
    edited_partnerships,
    is_data_manager,
    is_editor,
    owned_partnerships,
    parse_duty,
    set_duties,
)

PASSWORD = "correct horse battery staple"


@pytest.fixture()
def people(location: Path | str) -> Accounts:
    accounts = Accounts(location)
    accounts.add_user("dee", PASSWORD, "analyst")
    accounts.add_user("owen", PASSWORD, "partner", ["oldham"])
    accounts.add_user("ann", PASSWORD, "admin")
    yield accounts
    accounts.close()


def test_duties_are_kept_replaced_and_audited(people: Accounts) -> None:
    assert set_duties(people, "dee", ["data_manager"]) == ("data_manager",)
    assert set_duties(people, "owen", ["data_owner:oldham", "data_owner:wigan"]) == (
        "data_owner:oldham", "data_owner:wigan")
    assert duties_of(people, "owen") == {"data_owner:oldham", "data_owner:wigan"}
    assert set_duties(people, "owen", ["data_owner:oldham"]) == ("data_owner:oldham",)
    assert duties_of(people, "OWEN ") == {"data_owner:oldham"}
    log = people.audit_log(action="duties_set")
    assert list(log["target"]) == ["owen", "owen", "dee"]
    assert '"data_owner:oldham"' in log["detail"].iloc[0]


def test_who_manages_and_owns(people: Accounts) -> None:
    set_duties(people, "dee", ["data_manager"])
    set_duties(people, "owen", ["data_owner:oldham"])
    assert is_data_manager(people, "dee", "analyst")
    assert not is_data_manager(people, "owen", "partner")
    assert is_data_manager(people, "ann", "admin")  # administrators hold every duty
    assert owned_partnerships(people, "owen", "partner", ["oldham", "wigan"]) == {"oldham"}
    assert owned_partnerships(people, "dee", "analyst", ["oldham"]) == frozenset()
    assert owned_partnerships(people, "ann", "admin", ["oldham", "wigan"]) == {
        "oldham", "wigan"}


def test_removing_a_person_removes_their_duties(people: Accounts) -> None:
    set_duties(people, "dee", ["data_manager"])
    people.remove_user("dee")
    people.add_user("dee", PASSWORD, "analyst")
    assert duties_of(people, "dee") == frozenset()


def test_editors_edit_their_own_partnerships(people: Accounts) -> None:
    set_duties(people, "owen", ["editor:oldham", "data_owner:oldham"])
    assert is_editor(people, "owen", "partner", "oldham")
    assert not is_editor(people, "owen", "partner", "wigan")
    assert is_editor(people, "ann", "admin", "wigan")
    assert edited_partnerships(people, "owen", "partner") == {"oldham"}


@pytest.mark.parametrize("text", ["data_owner", "data_manager:oldham", "editor",
                                  "data_owner:Old Ham", ""])
def test_a_duty_that_is_not_understood_is_refused(text: str) -> None:
    with pytest.raises(AccountError):
        parse_duty(text)


def test_an_unknown_person_has_no_duties_to_set(people: Accounts) -> None:
    with pytest.raises(AccountError, match="no user named"):
        set_duties(people, "nobody", ["data_manager"])
