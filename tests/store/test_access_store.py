"""Access rules and disclosure control enforced by the store itself, for every query."""

from __future__ import annotations

import json
import math
import shutil

import pandas as pd
import pytest

from dashboard.common.config import DATA_DIR
from dashboard.methods.disclosure import WITHHELD_LABEL
from dashboard.security.access import PUBLIC, SYSTEM, Viewer
from dashboard.security.accounts import Accounts
from dashboard.store import Store, make_cache

SYNTHETIC = "synthetic-example-employment-support-starts"
SYNTHETIC_CSV = DATA_DIR / "examples" / "example-employment-support-starts.csv"
OLDHAM = "E08000004"
OLDHAM_PARTNER = Viewer("partner", frozenset({"oldham"}), "pat")
WIGAN_PARTNER = Viewer("partner", frozenset({"wigan"}), "wyn")


@pytest.fixture()
def views(store):
    return {"public": store.for_viewer(PUBLIC), "oldham": store.for_viewer(OLDHAM_PARTNER),
            "wigan": store.for_viewer(WIGAN_PARTNER), "admin": store.for_viewer(SYSTEM)}


def synthetic_rows() -> pd.DataFrame:
    return pd.read_csv(SYNTHETIC_CSV, dtype={"value": float})


def test_partner_only_dataset_is_invisible_to_the_public_and_other_partners(views):
    for name in ("public", "wigan"):
        view = views[name]
        assert view.indicator(SYNTHETIC) is None, name
        assert SYNTHETIC not in set(view.indicators()["indicator_id"]), name
        assert view.series(SYNTHETIC, (OLDHAM,)).empty, name
        assert view.periods(SYNTHETIC).empty, name
        assert view.period_values(SYNTHETIC).empty, name
        assert view.indicator_areas(SYNTHETIC).empty, name
        assert "example-employment-support-starts" not in set(view.datasets()["dataset_id"])
        assert not view.loads()["file"].str.contains("employment-support").any(), name
        assert SYNTHETIC not in {r["indicator_id"] for r in view.area_profile(OLDHAM)}, name
        latest = view.latest_values((OLDHAM,), (SYNTHETIC, "claimant-count"))
        assert set(latest["indicator_id"]) == {"claimant-count"}, name


def test_the_right_partner_and_admins_see_the_published_values(views):
    expected = synthetic_rows()
    oldham_2023 = expected[(expected["area_code"] == OLDHAM)
                           & expected["period"].str.startswith("2023")]["value"].item()
    for name in ("oldham", "admin"):
        view = views[name]
        assert view.indicator(SYNTHETIC)["title"].endswith("(synthetic example)")
        series = view.series(SYNTHETIC, (OLDHAM,))
        assert series["value"].iloc[0] == oldham_2023
        assert SYNTHETIC in {r["indicator_id"] for r in view.area_profile(OLDHAM)}


def test_partner_only_scorecards_are_hidden_from_everyone_else(views):
    assert "wigan" not in set(views["public"].partnerships()["partnership_id"])
    assert views["public"].partnership("wigan") is None
    assert views["public"].partnership_targets("wigan").empty
    assert views["public"].scorecard("wigan").empty
    assert not views["wigan"].scorecard("wigan").empty
    assert "oldham" in set(views["public"].partnerships()["partnership_id"])


def test_small_counts_never_leave_the_store_for_the_public(built_store_path, tmp_path):
    """Made public by an admin, the synthetic counts reach the public suppressed: primary
    cells below 5 and the complementary cells, as "fewer than 5", never the number."""
    accounts = Accounts(tmp_path / "accounts.sqlite")
    accounts.set_access("dataset", "example-employment-support-starts", "public", SYSTEM)
    store = Store(built_store_path, make_cache(), accounts=accounts)
    expected = synthetic_rows()
    lsoas = expected[expected["area_code"].str.startswith("E01")]
    period = pd.Timestamp("2023-04-01")
    frame = store.lsoa_values(SYNTHETIC, OLDHAM, period)
    assert set(frame["period_label"]) == {"2023/24"}
    assert len(frame) > 0
    published = frame.set_index("area_code")["value"]
    small = lsoas[(lsoas["period"].str.startswith("2023")) & lsoas["value"].between(1, 4)]
    assert len(small) > 0
    for code in small["area_code"]:
        assert math.isnan(published[code])
    suppressed = frame[frame["value"].isna()]
    assert set(suppressed["note"]) == {WITHHELD_LABEL}  # one label for every withheld cell
    assert set(suppressed["status"]) == {"c"}
    # complementary cells: more hidden than the primary ones alone
    cells = store.for_viewer(SYSTEM)._raw(
        "SELECT area_code, reason FROM public_suppressions WHERE indicator_id = ? "
        "AND period_start = ?", [SYNTHETIC, period.date()])
    complementary = set(cells.loc[cells["reason"] == "complementary", "area_code"])
    assert complementary, "the example data should need complementary suppression"
    ward_and_lsoa = store.series(SYNTHETIC, tuple(sorted(complementary)))
    assert ward_and_lsoa[ward_and_lsoa["period_start"] == period]["value"].isna().all()
    # a signed-in partner of the partnership still sees the real counts
    partner = store.for_viewer(OLDHAM_PARTNER).lsoa_values(SYNTHETIC, OLDHAM)
    assert partner["value"].notna().all()


def test_an_admin_change_applies_at_once_and_cached_results_follow_it(built_store_path,
                                                                      tmp_path):
    accounts = Accounts(tmp_path / "accounts.sqlite")
    store = Store(built_store_path, make_cache(), accounts=accounts)
    assert store.indicator("claimant-count") is not None
    assert not store.series("claimant-count", (OLDHAM,)).empty
    accounts.set_access("indicator", "claimant-count", "restricted:analyst", SYSTEM)
    assert store.indicator("claimant-count") is None
    assert store.series("claimant-count", (OLDHAM,)).empty
    analyst = store.for_viewer(Viewer("analyst", frozenset(), "ana"))
    assert not analyst.series("claimant-count", (OLDHAM,)).empty
    accounts.set_access("indicator", "claimant-count", "public", SYSTEM)
    assert not store.series("claimant-count", (OLDHAM,)).empty


def test_dataset_level_hides_all_its_indicators(built_store_path, tmp_path):
    accounts = Accounts(tmp_path / "accounts.sqlite")
    store = Store(built_store_path, make_cache(), accounts=accounts)
    accounts.set_access("dataset", "employment-rate", "partners:leeds", SYSTEM)
    ids = set(store.indicators()["indicator_id"])
    assert "employment-rate" not in ids and "economically-inactive" not in ids
    leeds = store.for_viewer(Viewer("partner", frozenset({"leeds"}), "lee"))
    assert {"employment-rate", "economically-inactive"} <= set(leeds.indicators()["indicator_id"])


def test_a_query_without_an_access_declaration_is_refused(built_store_path, tmp_path,
                                                          monkeypatch):
    from dashboard.store import sql_files

    sql_dir = tmp_path / "sql"
    shutil.copytree(sql_files.SQL_DIR, sql_dir)
    (sql_dir / "undeclared.sql").write_text("SELECT * FROM observations LIMIT 1\n")
    monkeypatch.setattr(sql_files, "SQL_DIR", sql_dir)
    sql_files.sql.cache_clear()
    sql_files.access_rule.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="access"):
            Store(built_store_path).query("undeclared")
    finally:
        sql_files.sql.cache_clear()
        sql_files.access_rule.cache_clear()


def test_loads_and_builds_are_audited(built_store_path, tmp_path, monkeypatch):
    """`placeboard load` writes an audit entry for each file, refused loads included."""
    from dashboard import cli

    accounts_path = tmp_path / "audit.sqlite"
    monkeypatch.setenv("PLACEBOARD_ACCOUNTS", str(accounts_path))
    store_copy = tmp_path / "store.duckdb"
    shutil.copy(built_store_path, store_copy)
    good = tmp_path / "referrals.csv"
    good.write_text("indicator,area_code,period,value\nReferrals,E08000004,2024,12\n")
    bad = tmp_path / "broken.csv"
    bad.write_text("indicator,area_code,period,value\nReferrals,E08000004,2024,twelve\n")
    assert cli.main(["load", str(good), "--store", str(store_copy)]) == 0
    assert cli.main(["load", str(bad), "--store", str(store_copy)]) == 1
    log = Accounts(accounts_path).audit_log(action="load")
    assert list(log["target"]) == [str(bad), str(good)]  # newest first
    details = [json.loads(d) for d in log["detail"]]
    assert details[1]["status"] == "loaded" and details[1]["rows_added"] == 1
    assert details[0]["status"] == "rejected" and details[0]["errors"] == 1
    assert all(actor.startswith("cli") for actor in log["actor"])
