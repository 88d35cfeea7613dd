"""Exception reports through the real app (Flask's test client, Dash's callbacks posted
as the browser posts them): Oldham's editor writes a report on an off-track target and
everyone who can see the target reads it, the public page included (its cache keyed on
the reports); a partner who is not an editor, Wigan's editor and the public are refused,
also when they craft the request themselves; the scorecard counts what is missing."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard.common.config import Settings
from dashboard.security import exceptions
from dashboard.security.accounts import Accounts
from dashboard.security.duties import set_duties
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from tests.unit.test_ledger_page import by_id, page, person, walk, words_of

PASSWORD = "correct horse battery staple"
TARGET = exceptions.TargetKey("oldham", "claimant-count", "E08000004")
PATH = "/target/oldham/claimant-count"
ACTION = {"action": "Open two job clubs", "due": "2027-03-31", "progress": "in_progress",
          "note": "One open in Failsworth"}


@pytest.fixture()
def app(settings: Settings):
    return create_app(settings, Store(settings.store_path, make_cache()))


@pytest.fixture()
def accounts(app) -> Accounts:
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("edna", PASSWORD, "partner", ["oldham"])   # Oldham's editor
    accounts.add_user("owen", PASSWORD, "partner", ["oldham"])   # reads Oldham's pages
    accounts.add_user("wendy", PASSWORD, "partner", ["wigan"])   # Wigan's editor
    set_duties(accounts, "edna", ["editor:oldham"])
    set_duties(accounts, "wendy", ["editor:wigan"])
    return accounts


def save_body(app, commentary: str, owner: str, actions: list[dict],
              key: dict | None = None, based_on: int = 0) -> dict:
    """The save callback's request as the browser sends it from the form."""
    output = next(k for k in app.callback_map if "exception-message.children" in k)

    def each(kind: str, field: str) -> list[dict]:
        return [{"id": {"index": i, "type": kind}, "property": "value", "value": a[field]}
                for i, a in enumerate(actions)]

    return {
        "output": output,
        "outputs": [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]}
                    for p in output.strip(".").split("...")],
        "inputs": [{"id": "exception-save", "property": "n_clicks", "value": 1}],
        "state": [{"id": "exception-key", "property": "data",
                   "value": key if key is not None else TARGET._asdict()},
                  {"id": "exception-based-on", "property": "data", "value": based_on},
                  {"id": "exception-commentary", "property": "value", "value": commentary},
                  {"id": "exception-owner", "property": "value", "value": owner},
                  each("exception-action", "action"), each("exception-due", "due"),
                  each("exception-progress", "progress"), each("exception-note", "note")],
        "changedPropIds": ["exception-save.n_clicks"]}


def post_save(client: FlaskClient, app, *args: Any, **kwargs: Any) -> dict:
    response = client.post("/_dash-update-component", json=save_body(app, *args, **kwargs),
                           headers={"Referer": f"http://localhost{PATH}"})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.json["response"]


def text_of(content: Any, component_id: str) -> str:
    """The words a person reads in one part of a page."""
    return " ".join(words_of({"props": by_id(content, component_id)}).split())


def has(content: Any, component_id: str) -> bool:
    return any(props.get("id") == component_id for props in walk(content))


def test_an_editor_saves_a_version_and_everyone_reads_it(app, accounts) -> None:
    public = person(app, None)
    before = page(public, app, PATH)  # kept in the public page cache
    assert "From the targets file" in text_of(before, "target-commentary")
    assert "Exception report missing" in text_of(before, "target-commentary")
    assert not has(before, "exception-form")
    card = words_of(page(public, app, "/scorecard/oldham"))
    assert "Exception reports: 5 missing (" in card and "Claimant Count" in card

    edna = person(app, "edna")
    assert has(page(edna, app, PATH), "exception-form")
    answer = post_save(edna, app, "Claimants rose after the Hollinwood plant closed.",
                       "Oldham Works board", [ACTION])
    said = words_of(answer["exception-message"]["children"])
    assert "Saved version 1: first version, with 1 action." in said
    shown = words_of(answer["target-report"]["children"])
    assert "Version 1, written by edna" in shown and "Open two job clubs" in shown
    assert answer["exception-based-on"]["data"] == 1

    after = text_of(page(public, app, PATH), "target-commentary")
    assert "Claimants rose after the Hollinwood plant closed." in after
    assert "Version 1, written by edna" in after and "Oldham Works board" in after
    assert "In progress" in after and "31 March 2027" in after
    assert "From the targets file" not in after
    card = page(public, app, "/scorecard/oldham")
    assert text_of(card, "scorecard-exceptions").startswith("Exception reports: 4 missing (")
    marks = {row["indicator_id"]: row["exception"]
             for row in by_id(card, "scorecard-grid")["rowData"]}
    assert marks["claimant-count"].startswith("✓ Exception report written by edna on ")
    assert marks["gcses-in-english-and-maths"] == (
        "! Exception report missing: the target is off track and no report has been written")
    assert marks["employment-rate"] == "Not needed"

    answer = post_save(edna, app, "Claimants rose after the Hollinwood plant closed.",
                       "Oldham Works board", [{**ACTION, "progress": "done"}], based_on=1)
    assert "Saved version 2: action “Open two job clubs”: progress in progress to done." \
        in words_of(answer["exception-message"]["children"])
    versions = text_of(page(public, app, PATH), "target-versions")
    assert versions.startswith("Versions (2) Version 2 , edna, ")
    assert versions.endswith(": first version, with 1 action")
    log = accounts.audit_log(action="exception_edited")
    assert list(log["actor"]) == ["edna", "edna"]
    assert set(log["target"]) == {"exception:oldham/claimant-count/E08000004"}


@pytest.mark.parametrize("username", [None, "owen", "wendy"])
def test_anyone_else_is_refused_even_with_a_crafted_request(app, accounts, username) -> None:
    client = person(app, username)
    if username == "owen":  # reads the page, without the form
        content = page(client, app, PATH)
        assert has(content, "target-commentary") and not has(content, "exception-form")
    answer = post_save(client, app, "Crafted", "Crafted owner", [ACTION])
    assert "Only the partnership's editors can write its exception reports: sign in as " \
           "an editor of Oldham" in words_of(answer["exception-message"]["children"])
    assert answer["exception-message"]["children"]["props"]["role"] == "alert"
    assert exceptions.history(accounts, TARGET) == []
    assert accounts.audit_log(action="exception_edited").empty


def test_an_editor_is_told_every_problem_and_nothing_is_saved(app, accounts) -> None:
    edna = person(app, "edna")
    answer = post_save(edna, app, "", "Owner", [{**ACTION, "due": "31/03/2027"}])
    said = words_of(answer["exception-message"]["children"])
    assert "The report was not saved:" in said
    assert "Write the commentary: what is happening and why" in said
    assert "Action 1: the due date “31/03/2027” is not a date" in said
    answer = post_save(edna, app, "Text", "Owner", [], key={
        "partnership_id": "oldham", "indicator_id": "no-such-indicator",
        "area_code": "E08000004"})
    assert "There is no such target that you can see" in words_of(
        answer["exception-message"]["children"])
    assert exceptions.history(accounts, TARGET) == []
