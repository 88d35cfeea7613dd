"""Submitted data reaches no output before it is published: a pending submission, an
approved one under embargo and a rejected one, asked for through every kind of page,
download and API answer, by an anonymous client and by another partnership's partner
(with a session and with a token). Positive control: once the embargo passes, the same
requests show the embargoed data to the public."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from dashboard.common import clock
from dashboard.common.config import Settings
from dashboard.security import submissions
from dashboard.security.duties import set_duties
from dashboard.security.tokens import create_token
from dashboard.server.app import create_app
from dashboard.web import publishing
from tests.signing import form_token, sign_in

PASSWORD = "correct horse battery staple"
OLDHAM = "E08000004"
KINDS = {"pending": 777.1234, "embargoed": 888.4321, "rejected": 999.5678}


def _indicator(kind: str) -> str:
    return f"submitted-canary-{kind}-invented-for-a-test"


@pytest.fixture(scope="module")
def world(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("submission-leaks")
    store = folder / "store.duckdb"
    shutil.copy2(built_store_path, store)
    settings = Settings.from_env(store_path=store, accounts_path=folder / "accounts.sqlite",
                                 secret_key="test-secret-key-not-for-production",
                                 login_rate_limit="1000 per minute",
                                 api_rate_limit="100000 per minute")
    app = create_app(settings)
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("pat", PASSWORD, "partner", ["oldham"])
    accounts.add_user("wendy", PASSWORD, "partner", ["wigan"])
    accounts.add_user("dee", PASSWORD, "analyst")
    set_duties(accounts, "dee", ["data_manager"])
    partner = app.server.test_client()
    sign_in(partner, "pat")
    numbers = {}
    for kind, value in KINDS.items():
        path = folder / f"canary-{kind}.csv"
        path.write_text("indicator,area_code,area_name,period,value\n"
                        f"Submitted canary {kind} (invented for a test),{OLDHAM},Oldham,"
                        f"2024,{value}\n")
        with path.open("rb") as handle:
            sent = partner.post("/submit", data={"csrf_token": _csrf(partner),
                                                 "file": (handle, path.name)},
                                content_type="multipart/form-data")
        numbers[kind] = int(sent.headers["Location"].rsplit("/", 1)[1])
    manager = app.server.test_client()
    sign_in(manager, "dee")
    tomorrow = (clock.now() + timedelta(days=1)).astimezone(clock.UK)
    for kind, form in (("embargoed", {"decision": "approve", "access_level": "public",
                                      "embargo_date": f"{tomorrow:%Y-%m-%d}"}),
                       ("rejected", {"decision": "reject", "comment": "Not ours"})):
        answer = manager.post(f"/submissions/{numbers[kind]}",
                              data={"csrf_token": _csrf(manager), **form})
        assert answer.status_code == 303
    assert [submissions.get(accounts, numbers[k]).status for k in KINDS] == [
        "pending", "scheduled", "rejected"]
    # DuckDB keeps one database per path in a process: a connection left open here would
    # hand the old file to the next app after a publication swaps a new one in
    app.server.extensions["placeboard"]["store"].close()
    return {"accounts": accounts, "settings": app.server.extensions["placeboard"]["settings"],
            "numbers": numbers}


@pytest.fixture()
def fresh(world: dict):
    """The world with an app of this test's own (Dash's page registry is reset between
    tests, so a module's app would know no pages in the next test), closed after it."""
    app = create_app(world["settings"])
    yield {**world, "app": app}
    app.server.extensions["placeboard"]["store"].close()


def _csrf(client) -> str:
    return form_token(client, "/submit")


def _urls(numbers: dict) -> list[str]:
    urls = ["/data", f"/area/{OLDHAM}", "/api/v1/indicators?page_size=1000",
            "/api/v1/quality?page_size=1000", "/submissions",
            f"/api/v1/observations?area={OLDHAM}&page_size=1000&format=csv",
            f"/download/area-profile.csv?area={OLDHAM}"]
    for kind, number in numbers.items():
        indicator = _indicator(kind)
        urls += [f"/indicator/{indicator}?area={OLDHAM}", f"/api/v1/indicators/{indicator}",
                 f"/api/v1/observations?indicator={indicator}",
                 f"/api/v1/judgements?indicator={indicator}&latest=false",
                 f"/download/indicator.csv?indicator={indicator}&area={OLDHAM}",
                 f"/download/indicator.xlsx?indicator={indicator}&area={OLDHAM}",
                 f"/download/map.csv?indicator={indicator}&level=lad",
                 f"/compare?areas={OLDHAM}&indicators={indicator}",
                 f"/submissions/{number}", f"/api/v1/submissions/{number}"]
    return urls


def _texts(world: dict, who: str) -> list[tuple[str, str]]:
    app = world["app"]
    client = app.server.test_client()
    headers = {}
    if who == "wigan partner":
        sign_in(client, "wendy")
    elif who == "wigan token":
        headers = {"Authorization": "Bearer " + create_token(
            world["accounts"], "wendy", "scripts").secret}
    client.get("/")
    router = next(k for k in app.callback_map if "_pages_content.children" in k)
    texts = []
    for url in _urls(world["numbers"]):
        response = client.get(url, headers=headers)
        body = response.data.decode("latin-1")  # a workbook is searched as bytes
        texts.append((url, body))
        if not url.startswith(("/api/", "/download/", "/submissions")):
            path, _, search = url.partition("?")
            page = client.post("/_dash-update-component", headers=headers, json={
                "output": router, "outputs": [{"id": p.rsplit(".", 1)[0],
                                               "property": p.rsplit(".", 1)[1]}
                                              for p in router.strip(".").split("...")],
                "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                           {"id": "_pages_location", "property": "search",
                            "value": f"?{search}" if search else ""}],
                "state": [], "changedPropIds": ["_pages_location.pathname"]})
            texts.append((f"page {url}", page.get_data(as_text=True)))
    return texts


def _needles(kind: str) -> list[str]:
    return [f"Submitted canary {kind}", str(KINDS[kind]), f"canary-{kind}.csv"]


@pytest.mark.parametrize("who", ["anonymous", "wigan partner", "wigan token"])
def test_unpublished_submissions_reach_no_output(fresh: dict, who: str) -> None:
    texts = _texts(fresh, who)
    leaks = [f"{needle!r} in {url}" for kind in KINDS for needle in _needles(kind)
             for url, text in texts if needle in text]
    assert leaks == [], "unpublished data reached an output:\n" + "\n".join(leaks[:20])
    assert not any("Traceback" in text for _, text in texts)


def test_once_the_embargo_passes_the_public_sees_it_and_nothing_else(fresh: dict) -> None:
    item = submissions.get(fresh["accounts"], fresh["numbers"]["embargoed"])
    with clock.moved_to(item.embargo() + timedelta(seconds=1)):
        done = publishing.publish_due(fresh["settings"], fresh["accounts"])
    assert [d.status for d in done] == ["published"]
    texts = _texts(fresh, "anonymous")
    seen = {url for url, text in texts if str(KINDS["embargoed"]) in text}
    assert any(url.startswith("/api/v1/observations?indicator=") for url in seen)
    assert any(url.startswith("/download/indicator.csv") for url in seen)
    titled = {url for url, text in texts if "Submitted canary embargoed" in text}
    assert any(url.startswith("page /indicator/") for url in titled)  # values rounded
    for kind in ("pending", "rejected"):
        assert not [url for needle in _needles(kind) for url, text in texts
                    if needle in text]
