"""The data-sharing ledger's capture in the store (dashboard/store/shared_reads.py): a
read whose values are of a partners' shared dataset is noted, through `query`,
`records` and a memoized hit answered to another person; the public, public data and a
catalogue's titles are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.security.access import PUBLIC, SYSTEM, Viewer
from dashboard.security.accounts import Accounts
from dashboard.store import Store, make_cache, shared_reads

DATASET = "example-employment-support-starts"  # partners:oldham (data/examples/)
INDICATOR = "synthetic-example-employment-support-starts"
OLDHAM = "E08000004"
OWEN = Viewer(role="partner", partnerships=frozenset({"oldham"}), user="owen")
OLIVE = Viewer(role="partner", partnerships=frozenset({"oldham"}), user="olive")
WENDY = Viewer(role="partner", partnerships=frozenset({"wigan"}), user="wendy")
ANN = Viewer(role="admin", user="ann")


def read(call) -> tuple[object, dict]:
    """What `call()` answers and the shared datasets noted while it ran (in a collector
    like the one each web request opens)."""
    token = shared_reads.start()
    try:
        result = call()
    finally:
        touched = shared_reads.finish(token)
    return result, touched


@pytest.fixture()
def store(built_store_path: Path) -> Store:
    return Store(built_store_path, make_cache())


def test_a_partners_query_of_the_shared_data_is_noted(store: Store) -> None:
    owen = store.for_viewer(OWEN)
    frame, touched = read(lambda: owen.query("series", [INDICATOR, [OLDHAM]]))
    assert not frame.empty
    assert touched == {DATASET: ("oldham",)}


def test_records_of_the_shared_data_are_noted(store: Store) -> None:
    owen = store.for_viewer(OWEN)
    rows, touched = read(lambda: owen.records("area_profile", [OLDHAM, "england", 0.95]))
    assert INDICATOR in {row["indicator_id"] for row in rows}
    assert touched == {DATASET: ("oldham",)}
    # an administrator's read is a read too
    _, touched = read(lambda: store.for_viewer(ANN).records(
        "area_profile", [OLDHAM, "england", 0.95]))
    assert touched == {DATASET: ("oldham",)}


def test_a_memoized_answer_is_noted_for_the_next_person_too(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    original = Store.query
    monkeypatch.setattr(Store, "query", lambda self, name, params=None: (
        ran.append(name), original(self, name, params))[1])
    first, touched = read(lambda: store.for_viewer(OWEN).series(INDICATOR, (OLDHAM,)))
    assert touched == {DATASET: ("oldham",)} and ran
    ran.clear()
    second, touched = read(lambda: store.for_viewer(OLIVE).series(INDICATOR, (OLDHAM,)))
    assert ran == []  # answered from the cache, not the store file
    assert second.equals(first)
    assert touched == {DATASET: ("oldham",)}


def test_the_public_and_public_data_note_nothing(store: Store) -> None:
    public = store.for_viewer(PUBLIC)
    frame, touched = read(lambda: public.series(INDICATOR, (OLDHAM,)))
    assert frame.empty and touched == {}
    _, touched = read(lambda: public.area_profile(OLDHAM))
    assert touched == {}
    owen = store.for_viewer(OWEN)
    frame, touched = read(lambda: owen.series("claimant-count", (OLDHAM,)))
    assert not frame.empty and touched == {}
    # the catalogue lists the shared indicator's title, not its values
    catalogue, touched = read(owen.indicators)
    assert INDICATOR in set(catalogue["indicator_id"]) and touched == {}
    # a Wigan partner cannot see Oldham's data, so reads none of it
    _, touched = read(lambda: store.for_viewer(WENDY).area_profile(OLDHAM))
    assert touched == {}


def test_shared_means_the_level_in_force(built_store_path: Path, tmp_path: Path) -> None:
    """An administrator's change of level decides: shared with Wigan, then public."""
    accounts = Accounts(tmp_path / "accounts.sqlite")
    store = Store(built_store_path, make_cache(), accounts=accounts)
    accounts.set_access("dataset", DATASET, "partners:oldham,wigan", SYSTEM)
    _, touched = read(lambda: store.for_viewer(WENDY).series(INDICATOR, (OLDHAM,)))
    assert touched == {DATASET: ("oldham", "wigan")}
    accounts.set_access("dataset", DATASET, "public", SYSTEM)
    frame, touched = read(lambda: store.for_viewer(OWEN).series(INDICATOR, (OLDHAM,)))
    assert not frame.empty and touched == {}
    accounts.close()


def test_outside_a_collector_nothing_is_kept(store: Store) -> None:
    frame = store.for_viewer(OWEN).series(INDICATOR, (OLDHAM,))  # the command line
    assert not frame.empty
    _, touched = read(lambda: None)
    assert touched == {}
