"""The regional oversight view against the real built store: which partnerships lie in a
region for each viewer (targets_partnership_regions.sql, filtered by access), the one
download of their returns, and the 404 for a code that names no region."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from dashboard.security.access import PUBLIC, SYSTEM, Viewer
from dashboard.security.accounts import Accounts
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache

NORTH_WEST, ENGLAND, YORKSHIRE = "E12000002", "E92000001", "E12000003"
NORTH_WEST_PUBLIC = ["cumbria", "lancashire", "liverpool-city-region", "oldham"]
WIGAN_PARTNER = Viewer("partner", frozenset({"wigan"}), "wyn")
OLDHAM_PARTNER = Viewer("partner", frozenset({"oldham"}), "pat")
PASSWORD = "correct horse battery staple"


def ids(store, code: str) -> list[str]:
    return sorted(p["partnership_id"] for p in store.partnerships_in(code))


def test_the_north_west_lists_its_partnerships_and_wigan_only_to_those_who_may_see_it(store):
    assert ids(store.for_viewer(PUBLIC), NORTH_WEST) == NORTH_WEST_PUBLIC
    assert ids(store.for_viewer(OLDHAM_PARTNER), NORTH_WEST) == NORTH_WEST_PUBLIC
    assert ids(store.for_viewer(WIGAN_PARTNER), NORTH_WEST) == sorted(
        [*NORTH_WEST_PUBLIC, "wigan"])
    assert ids(store.for_viewer(SYSTEM), NORTH_WEST) == sorted([*NORTH_WEST_PUBLIC, "wigan"])
    # to the public, Wigan is simply absent: not a row with its name withheld
    assert "wigan" not in {r["partnership_id"]
                           for r in store.for_viewer(PUBLIC).partnership_regions()}


def test_cumbria_is_in_the_north_west_through_its_successor_unitaries(store):
    cumbria = store.for_viewer(PUBLIC).partnership("cumbria")
    assert cumbria["members"] == ["E06000063", "E06000064"]
    regions = {r["region_code"] for r in store.for_viewer(PUBLIC).partnership_regions()
               if r["partnership_id"] == "cumbria"}
    assert regions == {NORTH_WEST}


def test_england_lists_all_seven_to_an_admin_and_other_regions_their_own(store):
    admin = store.for_viewer(SYSTEM)
    assert ids(admin, ENGLAND) == ["cumbria", "kent", "lancashire", "leeds",
                                   "liverpool-city-region", "oldham", "wigan"]
    assert ids(store.for_viewer(PUBLIC), ENGLAND) == ["cumbria", "kent", "lancashire",
                                                      "leeds", "liverpool-city-region",
                                                      "oldham"]
    assert ids(admin, YORKSHIRE) == ["leeds"]
    assert ids(admin, "E12000008") == ["kent"]  # South East
    assert ids(admin, "E12000007") == []  # London: no partnership loaded
    # in name order, as Store.partnership gives them
    names = [p["name"] for p in admin.partnerships_in(NORTH_WEST)]
    assert names == sorted(names)


# -- through the app: the download and the 404 ---------------------------------------------
@pytest.fixture()
def app(settings):
    Accounts(settings.accounts_path).add_user("wyn", PASSWORD, "partner", ["wigan"])
    return create_app(settings, store=Store(settings.store_path, make_cache()))


def sign_in(client, username: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page)
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": token.group(1), "next": "/"})
    assert response.status_code in (302, 303)


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_download_holds_every_listed_partnerships_return_and_no_hidden_one(app, store):
    public = app.server.test_client()
    response = public.get(f"/oversight/{NORTH_WEST}/returns.csv")
    assert response.headers["Content-Disposition"].startswith(
        f'attachment; filename="placeboard-return-oversight-{NORTH_WEST}-')
    rows = csv_rows(response)
    seen = store.for_viewer(PUBLIC)
    assert sorted({r["partnership_id"] for r in rows}) == NORTH_WEST_PUBLIC
    for pid in NORTH_WEST_PUBLIC:  # every target of each, as its own return has them
        assert sum(r["partnership_id"] == pid for r in rows) == \
            len(seen.scorecard_records(pid)) > 0
    assert not any("Wigan" in value for r in rows for value in r.values())

    signed_in = app.server.test_client()
    sign_in(signed_in, "wyn")
    rows = csv_rows(signed_in.get(f"/oversight/{NORTH_WEST}/returns.csv"))
    assert sorted({r["partnership_id"] for r in rows}) == sorted([*NORTH_WEST_PUBLIC, "wigan"])
    accounts = app.server.extensions["placeboard"]["accounts"]
    audited = accounts.audit_log(action="export")  # newest first
    assert list(audited["actor"]) == ["wyn", "Public (not signed in)"]
    assert list(audited["target"]) == ["return", "return"]
    details = [json.loads(d) if isinstance(d, str) else d for d in audited["detail"]]
    assert details[0]["region"] == NORTH_WEST and details[0]["format"] == "csv"
    assert details[0]["partnerships"] == ["cumbria", "lancashire", "liverpool-city-region",
                                          "oldham", "wigan"]
    assert "wigan" not in details[1]["partnerships"]


def test_the_download_follows_the_filters(app):
    client = app.server.test_client()
    doc = json.loads(client.get(f"/oversight/{NORTH_WEST}/returns.json?status=missed")
                     .get_data(as_text=True))
    # Oldham alone has a missed target; its whole return comes, every status
    assert doc["partnerships"] == ["oldham"]
    assert {r["partnership_id"] for r in doc["rows"]} == {"oldham"}
    assert len({r["status"] for r in doc["rows"]}) > 1
    xlsx = client.get(f"/oversight/{ENGLAND}/returns.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


@pytest.mark.parametrize("path", ["/oversight/E08000004", "/oversight/E99999999",
                                  "/oversight/W92000004", "/oversight/not-a-code",
                                  "/oversight/E12000002/returns.pdf",
                                  "/oversight/E08000004/returns.csv"])
def test_a_code_that_names_no_region_answers_404(app, path):
    client = app.server.test_client()
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/oversight", f"/oversight/{NORTH_WEST}",
                                  f"/oversight/{NORTH_WEST.lower()}",
                                  f"/oversight/{ENGLAND}", "/oversight/E12000007"])
def test_regions_england_and_the_index_answer_200(app, path):
    assert app.server.test_client().get(path).status_code == 200
