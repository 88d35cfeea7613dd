"""The data-sharing ledger's records (dashboard/security/ledger.py) in the accounts
database, SQLite and PostgreSQL: what is written, what is never written, and who may read
which entries (a partnership's data owner its own partnerships', an administrator all,
anyone else none)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dashboard.security import ledger
from dashboard.security.access import PUBLIC, Viewer
from dashboard.security.accounts import AccountError, Accounts
from dashboard.security.duties import set_duties

PASSWORD = "correct horse battery staple"
OLDHAM_DATA = {"oldham-starts": ("oldham",)}
WIGAN_DATA = {"wigan-visits": ("wigan",)}
BOTH_DATA = {"joint-survey": ("oldham", "wigan")}
PAT = Viewer(role="partner", partnerships=frozenset({"oldham"}), user="pat")
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture()
def people(location: Path | str) -> Accounts:
    accounts = Accounts(location)
    accounts.add_user("pat", PASSWORD, "partner", ["oldham"])
    accounts.add_user("owen", PASSWORD, "partner", ["oldham"])
    accounts.add_user("wendy", PASSWORD, "partner", ["wigan"])
    accounts.add_user("dee", PASSWORD, "analyst")
    set_duties(accounts, "owen", ["data_owner:oldham"])
    set_duties(accounts, "wendy", ["data_owner:wigan"])
    yield accounts
    accounts.close()


def test_a_view_and_a_download_are_kept_with_who_when_and_where(people: Accounts) -> None:
    assert ledger.record(people, PAT, OLDHAM_DATA, "view",
                         "/indicator/starts?area=E08000004", NOON) == 1
    assert ledger.record(people, PAT, OLDHAM_DATA, "download",
                         "/download/indicator.csv?indicator=starts",
                         NOON + timedelta(seconds=5)) == 1
    newest, oldest = ledger.read_entries(people, "owen", "partner")
    assert (newest.kind, newest.path) == ("download",
                                          "/download/indicator.csv?indicator=starts")
    assert (oldest.at, oldest.username, oldest.role, oldest.partnerships, oldest.dataset_id,
            oldest.owners, oldest.kind, oldest.path) == (
        "2026-03-02T12:00:00+00:00", "pat", "partner", ("oldham",), "oldham-starts",
        ("oldham",), "view", "/indicator/starts?area=E08000004")


def test_a_data_owner_reads_only_their_partnerships_entries(people: Accounts) -> None:
    ledger.record(people, PAT, {**OLDHAM_DATA, **WIGAN_DATA, **BOTH_DATA}, "api",
                  "/api/v1/observations", NOON)
    assert {e.dataset_id for e in ledger.read_entries(people, "owen", "partner")} == {
        "oldham-starts", "joint-survey"}
    assert {e.dataset_id for e in ledger.read_entries(people, "wendy", "partner")} == {
        "wigan-visits", "joint-survey"}
    # asking for another partnership's entries gives none, not theirs
    assert ledger.read_entries(people, "wendy", "partner", partnership="oldham") == []
    assert [e.dataset_id for e in ledger.read_entries(
        people, "owen", "partner", dataset="wigan-visits")] == []
    assert len(ledger.read_entries(people, "ann", "admin")) == 3
    assert {e.dataset_id for e in ledger.read_entries(people, "ann", "admin",
                                                      partnership="wigan")} == {
        "wigan-visits", "joint-survey"}


def test_someone_who_owns_no_data_reads_nothing(people: Accounts) -> None:
    ledger.record(people, PAT, OLDHAM_DATA, "view", "/area/E08000004", NOON)
    assert ledger.readable_partnerships(people, "pat", "partner") == frozenset()
    assert ledger.read_entries(people, "pat", "partner") == []
    assert ledger.read_entries(people, "dee", "analyst") == []
    assert ledger.read_entries(people, None, "public") == []


def test_an_owner_id_with_a_like_wildcard_matches_only_itself(people: Accounts) -> None:
    set_duties(people, "owen", ["data_owner:old_am"])  # "_" is LIKE's any-one-character
    ledger.record(people, PAT, OLDHAM_DATA, "view", "/", NOON)
    ledger.record(people, PAT, {"odd": ("old_am",)}, "view", "/", NOON)
    assert [e.dataset_id for e in ledger.read_entries(people, "owen", "partner")] == ["odd"]


def test_the_public_and_nothing_shared_write_nothing(people: Accounts) -> None:
    assert ledger.record(people, PUBLIC, OLDHAM_DATA, "view", "/", NOON) == 0
    assert ledger.record(people, PAT, {}, "view", "/", NOON) == 0
    assert ledger.read_entries(people, "ann", "admin") == []


def test_a_page_viewed_again_within_a_minute_counts_once(people: Accounts) -> None:
    page = "/indicator/starts"
    assert ledger.record(people, PAT, OLDHAM_DATA, "view", page, NOON) == 1
    assert ledger.record(people, PAT, OLDHAM_DATA, "view", page,
                         NOON + timedelta(seconds=30)) == 0
    assert ledger.record(people, PAT, OLDHAM_DATA, "view", page + "?area=E08000010",
                         NOON + timedelta(seconds=31)) == 1
    assert ledger.record(people, PAT, OLDHAM_DATA, "view", page,
                         NOON + timedelta(seconds=61)) == 1
    for second in (1, 2):  # every download is kept
        assert ledger.record(people, PAT, OLDHAM_DATA, "download", "/download/x.csv",
                             NOON + timedelta(seconds=second)) == 1
    assert len(ledger.read_entries(people, "owen", "partner")) == 5
    since = ledger.read_entries(people, "owen", "partner", since=NOON + timedelta(seconds=31))
    assert [e.path for e in since] == [page, page + "?area=E08000010"]


def test_a_path_never_keeps_a_secret_or_another_site(people: Accounts) -> None:
    ledger.record(people, PAT, OLDHAM_DATA, "api",
                  "https://elsewhere.example/api/v1/observations?indicator=starts&"
                  "token=pb_abcdefgh&x=pb_secret&api_key=k#top", NOON)
    ledger.record(people, PAT, OLDHAM_DATA, "view", "//elsewhere.example/page\n", NOON)
    paths = [e.path for e in ledger.read_entries(people, "owen", "partner")]
    assert sorted(paths) == ["/api/v1/observations?indicator=starts", "/elsewhere.example/page"]


def test_an_unknown_kind_is_refused(people: Accounts) -> None:
    with pytest.raises(AccountError, match="view, download, api"):
        ledger.record(people, PAT, OLDHAM_DATA, "peek", "/", NOON)
