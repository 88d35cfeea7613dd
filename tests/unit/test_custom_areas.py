"""Custom areas kept in the accounts database (SQLite and PostgreSQL): saved by a
signed-in person, seen by them and their partnership only (anyone else: as if it did not
exist), changed or deleted by the owner only, every save audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.security import custom_areas
from dashboard.security.access import PUBLIC, PermissionDenied
from dashboard.security.accounts import AccountError, Accounts

PASSWORD = "correct horse battery staple"
THREE = ["E01005321", "E01005323", "E01005325"]


@pytest.fixture()
def people(location: Path | str) -> Accounts:
    accounts = Accounts(location)
    accounts.add_user("olive", PASSWORD, "partner", ["oldham"])
    accounts.add_user("otto", PASSWORD, "analyst", ["oldham"])
    accounts.add_user("wendy", PASSWORD, "partner", ["wigan"])
    yield accounts
    accounts.close()


def viewer(accounts: Accounts, name: str):
    return accounts.user(name).viewer()


def test_saved_area_is_seen_by_its_owner_and_partnership_only(people: Accounts):
    olive = viewer(people, "olive")
    area = custom_areas.save(people, olive, "  Hathershaw   regeneration area ", THREE)
    assert (area.name, area.members, area.partnership_id) == (
        "Hathershaw regeneration area", tuple(THREE), "oldham")
    assert area.href == f"/area/custom/{area.id}" and area.code == f"custom:{area.id}"
    assert custom_areas.get(people, olive, area.id) == area
    assert custom_areas.get(people, viewer(people, "otto"), f"custom:{area.id}") == area
    assert custom_areas.get(people, viewer(people, "wendy"), area.id) is None
    assert custom_areas.get(people, PUBLIC, area.id) is None
    assert custom_areas.get(people, olive, area.id + 1) is None  # the same answer
    assert [a.id for a in custom_areas.visible(people, viewer(people, "otto"))] == [area.id]
    assert custom_areas.visible(people, viewer(people, "wendy")) == []
    log = people.audit_log(action="custom_area_saved")
    assert list(log["actor"]) == ["olive"]
    assert list(log["target"]) == [f"custom_area:{area.id}"]


def test_only_the_owner_changes_or_deletes(people: Accounts):
    olive, otto = viewer(people, "olive"), viewer(people, "otto")
    area = custom_areas.save(people, olive, "Patch", THREE)
    with pytest.raises(PermissionDenied):
        custom_areas.save(people, otto, "Mine now", THREE, area_id=area.id)
    changed = custom_areas.save(people, olive, "Patch two", ["E05014650"], area_id=area.id)
    assert (changed.id, changed.name, changed.members) == (area.id, "Patch two",
                                                          ("E05014650",))
    with pytest.raises(PermissionDenied):
        custom_areas.delete(people, otto, area.id)
    assert custom_areas.delete(people, olive, area.id) is True
    assert custom_areas.get(people, olive, area.id) is None
    assert list(people.audit_log(action="custom_area_deleted")["actor"]) == ["olive"]


def test_bad_input_is_refused_with_reasons(people: Accounts):
    olive = viewer(people, "olive")
    with pytest.raises(PermissionDenied, match="Sign in"):
        custom_areas.save(people, PUBLIC, "Patch", THREE)
    with pytest.raises(AccountError, match="name"):
        custom_areas.save(people, olive, "  ", THREE)
    with pytest.raises(AccountError, match="E08000004"):
        custom_areas.save(people, olive, "Patch", ["E08000004"])
    with pytest.raises(AccountError, match="at least one"):
        custom_areas.save(people, olive, "Patch", [])
    with pytest.raises(AccountError, match="wigan"):
        custom_areas.save(people, olive, "Patch", THREE, partnership_id="wigan")
    assert custom_areas.parse_id("custom:12") == 12 and custom_areas.parse_id("x") is None
