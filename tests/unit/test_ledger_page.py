"""The data-sharing ledger through the real app (Flask's test client, Dash's callbacks
posted as the browser posts them): an Oldham partner views the synthetic example's
indicator page, downloads its CSV and reads it through the API with a token; the ledger
then holds a view, a download and an API read for them, which Oldham's data owner reads
on /ledger and as CSV, and Wigan's data owner does not. Plus the page's words (pure)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard.common.config import Settings
from dashboard.security import ledger, tokens
from dashboard.security.accounts import Accounts
from dashboard.security.duties import set_duties
from dashboard.security.ledger import LedgerEntry
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.views import ledger as words
from tests.signing import sign_in

PASSWORD = "correct horse battery staple"
INDICATOR = "synthetic-example-employment-support-starts"
DATASET = "example-employment-support-starts"
TITLE = "SYNTHETIC EXAMPLE: employment support programme starts (not real data)"
PAGE = f"/indicator/{INDICATOR}"


@pytest.fixture()
def app(settings: Settings):
    return create_app(settings, Store(settings.store_path, make_cache()))


@pytest.fixture()
def accounts(app) -> Accounts:
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("owen", PASSWORD, "partner", ["oldham"])    # views and downloads
    accounts.add_user("olga", PASSWORD, "partner", ["oldham"])    # Oldham's data owner
    accounts.add_user("wendy", PASSWORD, "partner", ["wigan"])    # Wigan's data owner
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])      # owns nothing
    set_duties(accounts, "olga", ["data_owner:oldham"])
    set_duties(accounts, "wendy", ["data_owner:wigan"])
    return accounts


def person(app, username: str | None) -> FlaskClient:
    """A browser of its own, signed in as `username` (None: the public)."""
    client = app.server.test_client()
    if username:
        sign_in(client, username, PASSWORD)
    return client


def page(client: FlaskClient, app, path: str, search: str = "") -> Any:
    """A page's content as the browser gets it: the pages router's answer, sent from the
    page itself (its Referer)."""
    assert client.get(path + search, headers={"Accept": "text/html"}).status_code == 200
    router = next(k for k in app.callback_map if "_pages_content.children" in k)
    body = {"output": router, "outputs": [{"id": p.rsplit(".", 1)[0],
                                           "property": p.rsplit(".", 1)[1]}
                                          for p in router.strip(".").split("...")],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "state": [], "changedPropIds": ["_pages_location.pathname"]}
    response = client.post("/_dash-update-component", json=body,
                           headers={"Referer": f"http://localhost{path}{search}"})
    assert response.status_code == 200
    return response.json["response"]["_pages_content"]["children"]


def walk(part: Any) -> Iterator[dict]:
    """Every component's props in a callback's answer."""
    if isinstance(part, dict):
        if "props" in part:
            yield part["props"]
        for value in part.values():
            yield from walk(value)
    elif isinstance(part, list):
        for value in part:
            yield from walk(value)


def words_of(part: Any) -> str:
    """A callback's answer as the words a person reads."""
    found: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, dict) and "props" in value:
            collect(value["props"].get("children"))

    collect(part)
    return " ".join(found)


def by_id(part: Any, component_id: str) -> dict:
    return next(props for props in walk(part) if props.get("id") == component_id)


def csv_href(content: Any) -> str:
    """The indicator page's own link to its data as CSV."""
    return next(props["href"] for props in walk(content)
                if props.get("data-format") == "csv"
                and props.get("href", "").startswith("/download/indicator.csv"))


@pytest.fixture()
def owen_used_the_data(app, accounts) -> dict[str, str]:
    """Owen views the indicator page, downloads its CSV and reads its observations
    through the API with a token; where each was."""
    owen = person(app, "owen")
    content = page(owen, app, PAGE)
    assert "Employment support programme starts (synthetic example)" in words_of(content)
    download = csv_href(content)
    response = owen.get(download)
    assert response.status_code == 200 and INDICATOR in response.text
    secret = tokens.create_token(accounts, "owen", "weekly script").secret
    api = f"/api/v1/observations?indicator={INDICATOR}&area=E08000004"
    response = person(app, None).get(api, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.json["data"]
    return {"view": PAGE, "download": download, "api": api, "secret": secret}


def test_a_partners_view_download_and_api_read_are_in_the_ledger(
        app, accounts, owen_used_the_data) -> None:
    entries = ledger.read_entries(accounts, "olga", "partner")
    assert {(e.kind, e.path) for e in entries} == {
        ("view", owen_used_the_data["view"]), ("download", owen_used_the_data["download"]),
        ("api", owen_used_the_data["api"])}
    assert {(e.username, e.role, e.partnerships, e.dataset_id, e.owners)
            for e in entries} == {("owen", "partner", ("oldham",), DATASET, ("oldham",))}
    assert all(owen_used_the_data["secret"] not in e.path for e in entries)
    # the public cannot see the shared data, and write nothing, at the same addresses
    public = person(app, None)
    assert public.get(PAGE, headers={"Accept": "text/html"}).status_code == 404
    assert public.get(owen_used_the_data["download"]).status_code == 404
    assert public.get(owen_used_the_data["api"]).status_code == 404  # no such indicator
    assert len(ledger.read_entries(accounts, "ann", "admin")) == 3


def test_oldhams_data_owner_reads_the_ledger_and_wigans_does_not(
        app, accounts, owen_used_the_data) -> None:
    olga = person(app, "olga")
    content = page(olga, app, "/ledger")
    shown = words_of(content)
    assert "1 view, 1 download and 1 API read by 1 person in the last 30 days." in shown
    rows = [props for props in walk(content) if props.get("className") == "ledger-row"]
    assert [(r["data-kind"], r["data-user"]) for r in rows] == [
        ("api", "owen"), ("download", "owen"), ("view", "owen")]
    for kind in ("Viewed", "Downloaded", "Read through the API"):
        assert kind in shown
    assert "owen, Partner (oldham)" in shown and TITLE in shown
    assert by_id(content, "ledger-csv")["href"] == "/ledger.csv"
    # the CSV: the same entries, newest first
    response = olga.get("/ledger.csv?partnership=oldham")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["how"] for row in table] == ["Read through the API", "Downloaded", "Viewed"]
    assert {row["dataset"] for row in table} == {TITLE}
    # filtered to a dataset, as the query string says
    filtered = page(olga, app, "/ledger", f"?dataset={DATASET}")
    assert by_id(filtered, "ledger-csv")["href"] == f"/ledger.csv?dataset={DATASET}"

    wendy = person(app, "wendy")
    theirs = page(wendy, app, "/ledger")
    assert "No views or downloads in the last 30 days." in words_of(theirs)
    assert not [p for p in walk(theirs) if p.get("className") == "ledger-row"]
    assert "owen" not in words_of(theirs)
    # asking for Oldham's in the address changes nothing
    asked = page(wendy, app, "/ledger", "?partnership=oldham")
    assert "owen" not in words_of(asked)
    response = wendy.get("/ledger.csv?partnership=oldham")
    assert "owen" not in response.text and len(response.text.splitlines()) == 1


def test_who_is_told_what_at_ledger(app, accounts) -> None:
    public = page(person(app, None), app, "/ledger")
    assert "Sign in to see the data-sharing ledger" in words_of(public)
    assert by_id(public, "ledger-sign-in")["href"] == "/login?next=%2Fledger"
    assert person(app, None).get("/ledger.csv").status_code == 403
    pat = person(app, "pat")
    told = words_of(page(pat, app, "/ledger"))
    assert "you are not the data owner of any partnership" in told
    assert pat.get("/ledger.csv").status_code == 403
    # the account page shows the way to the ledger to data owners only
    account = page(person(app, "olga"), app, "/account")
    assert by_id(account, "account-ledger-link")["href"] == "/ledger"
    assert "the oldham partnership's shared data" in words_of(account)
    assert "account-ledger-link" not in json.dumps(page(pat, app, "/account"))


def test_a_ledger_that_cannot_be_written_does_not_break_the_page(
        app, accounts, monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> int:
        raise RuntimeError("the accounts database is away")

    monkeypatch.setattr(ledger, "record", broken)
    content = page(person(app, "owen"), app, PAGE)
    assert "Employment support programme starts (synthetic example)" in words_of(content)
    assert "could not write the data-sharing ledger" in caplog.text


# -- the page's words (pure) -----------------------------------------------------------
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def entry(kind: str, username: str = "owen", days_ago: float = 1, path: str = "/") -> (
        LedgerEntry):
    at = (NOW - timedelta(days=days_ago)).isoformat(timespec="seconds")
    return LedgerEntry(1, at, username, "partner", ("oldham",), DATASET, ("oldham",), kind,
                       path)


def test_the_summary_line_counts_the_last_30_days() -> None:
    entries = ([entry("view", f"p{i % 4}") for i in range(12)]
               + [entry("download", "p1") for _ in range(3)]
               + [entry("view", "p9", days_ago=31)])
    assert words.summary(entries, NOW) == ("12 views and 3 downloads by 4 people in the "
                                           "last 30 days.")
    assert words.summary([entry("view"), entry("api")], NOW) == (
        "1 view, 0 downloads and 1 API read by 1 person in the last 30 days.")
    assert words.summary([], NOW) == "No views or downloads in the last 30 days."


def test_rows_link_only_to_this_sites_pages() -> None:
    rows = words.entry_rows([entry("view", path="/area/E08000004"),
                             entry("view", path="//elsewhere.example/")], {DATASET: TITLE})
    assert [(r["dataset"], r["how"], r["link"]) for r in rows] == [
        (TITLE, "Viewed", True), (TITLE, "Viewed", False)]
    assert rows[0]["when"] == "1 Mar 2026, 12:00 UTC"
    assert rows[0]["who"] == "owen, Partner (oldham)"


def test_filters_ignore_what_cannot_be_chosen() -> None:
    chosen = words.chosen_filters({"partnership": "wigan", "dataset": [DATASET]},
                                  ["oldham"], [DATASET])
    assert chosen == words.Filters(None, DATASET)
    assert words.csv_name(chosen, NOW) == f"data-sharing-ledger-{DATASET}-2026-03-02.csv"
    assert words.shared_datasets({"a": "partners:oldham,wigan", "b": "public",
                                  "c": "partners:wigan", "d": "restricted:analyst"},
                                 {"oldham"}) == {"a": ("oldham", "wigan")}
