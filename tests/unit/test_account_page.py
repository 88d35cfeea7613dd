"""The account page (/account) through the real app (Flask's test client posting Dash's
callbacks as the browser does): make a token and see its secret once, revoke it, only
one's own, submit for anyone signed in, nothing for the public."""

from __future__ import annotations

import json
import re

import pytest
from flask.testing import FlaskClient

from dashboard.common.config import Settings
from dashboard.security import tokens
from dashboard.security.accounts import Accounts
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.views import account as words
from dashboard.views.account import token_rows, usage_example, when
from layouts.account import Ids

PASSWORD = "correct horse battery staple"
TOKENS_CALLBACK = (f"..{Ids.RESULT}.children...{Ids.MESSAGE}.children..."
                   f"{Ids.TOKENS}.children...{Ids.LABEL}.value..")


@pytest.fixture()
def app(settings: Settings):
    return create_app(settings, Store(settings.store_path, make_cache()))


@pytest.fixture()
def accounts(app) -> Accounts:
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("ann", PASSWORD, "admin")
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])
    accounts.add_user("al", PASSWORD, "analyst")
    return accounts


def sign_in(client: FlaskClient, username: str) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert client.post("/login", data={"username": username, "password": PASSWORD,
                                       "csrf_token": token}).status_code == 303


def page(client: FlaskClient, app) -> str:
    """The account page's content as the browser gets it (the pages router's answer)."""
    assert client.get("/account", headers={"Accept": "text/html"}).status_code == 200
    router = next(k for k in app.callback_map if "_pages_content.children" in k)
    body = {"output": router, "outputs": [{"id": p.rsplit(".", 1)[0],
                                           "property": p.rsplit(".", 1)[1]}
                                          for p in router.strip(".").split("...")],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/account"},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "state": [], "changedPropIds": ["_pages_location.pathname"]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return text(response.json)


def post(client: FlaskClient, trigger: str, token_ids: list[int] = (),
         label: str | None = "nightly report", scope: str = "read",
         expires: str = "90", clicked: int | None = None) -> dict:
    """The token callback as the browser sends it: trigger is "create", "submit" or
    "revoke:<id>"."""
    revoke_of = int(trigger.split(":")[1]) if trigger.startswith("revoke:") else None
    revokes = [{"id": {"type": Ids.REVOKE, "index": i}, "property": "n_clicks",
                "value": (1 if clicked is None else clicked) if i == revoke_of else 0}
               for i in token_ids]
    inputs = [{"id": Ids.CREATE, "property": "n_clicks",
               "value": 1 if trigger == "create" else 0},
              {"id": Ids.LABEL, "property": "n_submit",
               "value": 1 if trigger == "submit" else None},
              revokes]
    changed = (json.dumps({"index": revoke_of, "type": Ids.REVOKE}, separators=(",", ":"))
               + ".n_clicks" if revoke_of is not None else
               f"{Ids.CREATE}.n_clicks" if trigger == "create" else f"{Ids.LABEL}.n_submit")
    body = {"output": TOKENS_CALLBACK,
            "outputs": [{"id": Ids.RESULT, "property": "children"},
                        {"id": Ids.MESSAGE, "property": "children"},
                        {"id": Ids.TOKENS, "property": "children"},
                        {"id": Ids.LABEL, "property": "value"}],
            "inputs": inputs,
            "state": [{"id": Ids.LABEL, "property": "value", "value": label},
                      {"id": Ids.SCOPE, "property": "value", "value": scope},
                      {"id": Ids.EXPIRES, "property": "value", "value": expires}],
            "changedPropIds": [changed]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in (200, 204), response.get_data(as_text=True)[:500]
    return response.json["response"] if response.status_code == 200 else {}


def text(part: object) -> str:
    """A callback's answer as text (as JSON, with "…" as it is, not escaped)."""
    return json.dumps(part, ensure_ascii=False)


def test_make_a_token_see_it_once_and_revoke_it(client, app, accounts) -> None:
    sign_in(client, "pat")
    first = page(client, app)
    assert "API tokens" in first and "You have no API tokens yet." in first
    assert "Read and submit" in first  # a partner may make a submit token

    made = post(client, "create", scope="submit", expires="30")
    (token,) = tokens.list_tokens(accounts, "pat")
    assert (token.label, token.scope) == ("nightly report", "submit")
    shown = text(made[Ids.RESULT])
    secret = re.search(r"pb_[A-Za-z0-9_-]{43}", shown).group(0)
    assert tokens.resolve_token(accounts, secret)[0].username == "pat"
    assert words.SHOWN_ONCE in shown
    assert f'Authorization: Bearer {secret}\\" http://localhost/api/v1/openapi.json' in shown
    assert made[Ids.LABEL]["value"] == ""  # the form is ready for another
    table = text(made[Ids.TOKENS])
    assert "nightly report" in table and token.shown_as in table and secret not in table
    assert "Read and submit" in table and "Works" in table

    again = page(client, app)  # the secret is never shown again
    assert secret not in again and token.shown_as in again and "nightly report" in again
    entry = accounts.audit_log(action="token_created").iloc[0]
    assert entry.actor == "pat" and secret not in entry.detail

    revoked = post(client, f"revoke:{token.id}", [token.id])
    assert "is revoked" in text(revoked[Ids.MESSAGE])
    assert "Revoked " in text(revoked[Ids.TOKENS])
    assert tokens.resolve_token(accounts, secret) is None
    assert accounts.audit_log(action="token_revoked").iloc[0].actor == "pat"


def test_enter_in_the_label_makes_a_token_and_bad_labels_are_explained(client, app,
                                                                      accounts) -> None:
    sign_in(client, "al")
    assert "Read and submit" in page(client, app)  # analysts submit data too
    assert "a label" in text(post(client, "create", label="  ")[Ids.RESULT])
    assert tokens.list_tokens(accounts) == []
    made = post(client, "submit", label="for Enter")
    assert "pb_" in text(made[Ids.RESULT])
    assert [t.label for t in tokens.list_tokens(accounts, "al")] == ["for Enter"]


def test_no_one_revokes_another_persons_token(client, app, accounts) -> None:
    pats = tokens.create_token(accounts, "pat", "pat's script")
    sign_in(client, "ann")  # even an administrator, on the account page
    answer = post(client, f"revoke:{pats.info.id}", [pats.info.id])
    assert f"there is no token {pats.info.id}" in text(answer[Ids.MESSAGE])
    assert tokens.resolve_token(accounts, pats.secret) is not None
    assert "pat's script" not in page(client, app)


def test_a_revoke_button_that_was_not_pressed_does_nothing(client, app, accounts) -> None:
    own = tokens.create_token(accounts, "pat", "script")
    sign_in(client, "pat")
    assert post(client, f"revoke:{own.info.id}", [own.info.id], clicked=0) == {}
    assert tokens.resolve_token(accounts, own.secret) is not None


def test_the_public_gets_a_sign_in_page_and_no_tokens(client, app, accounts) -> None:
    content = page(client, app)
    assert "Sign in to see your account" in content and "/login?next=%2Faccount" in content
    answer = post(client, "create")
    assert "Sign in to make or revoke API tokens" in text(answer[Ids.RESULT])
    assert tokens.list_tokens(accounts) == []


def test_the_header_links_to_the_account_page_when_signed_in(client, accounts) -> None:
    def status() -> str:
        response = client.post("/_dash-update-component", json={
            "output": "account-status.children",
            "outputs": {"id": "account-status", "property": "children"},
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/data"}],
            "state": [{"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"]})
        return text(response.json)

    assert "Your account" not in status()
    sign_in(client, "al")
    assert '"href": "/account"' in status() and "Your account" in status()


# -- the page model ------------------------------------------------------------------------
def test_token_rows_say_what_each_token_is() -> None:
    live = tokens.TokenInfo(1, "pat", "one", "read", "AbCdEfGh", "2026-01-02T03:04:05+00:00")
    gone = tokens.TokenInfo(2, "pat", "two", "submit", "ZyXwVuTs", "2026-01-02T03:04:05+00:00",
                            expires_at="2026-02-01T00:00:00+00:00",
                            last_used_at="2026-01-03T09:00:00+00:00",
                            revoked_at="2026-01-04T10:30:00+00:00")
    rows = token_rows([live, gone])
    assert [r["id"] for r in rows] == [2, 1]  # newest first
    assert rows[0] == {"id": 2, "label": "two", "scope": "Read and submit",
                       "token": "pb_ZyXwVuTs…", "created": "2 Jan 2026, 03:04 UTC",
                       "last_used": "3 Jan 2026, 09:00 UTC",
                       "expires": "1 Feb 2026, 00:00 UTC",
                       "status": "Revoked 4 Jan 2026, 10:30 UTC", "revocable": False}
    assert (rows[1]["last_used"], rows[1]["expires"], rows[1]["status"]) == \
        ("Not yet", "Never", "Works")
    assert when(None) == "—"
    assert words.expiry_days("never") is None and words.expiry_days("30") == 30
    assert words.expiry_days("forever") == 90  # anything unknown is the default
    assert usage_example("pb_x", "https://pb.example/") == \
        'curl -H "Authorization: Bearer pb_x" https://pb.example/api/v1/openapi.json'


def test_the_account_page_leads_to_sending_data(client, app, accounts) -> None:
    sign_in(client, "pat")
    shown = page(client, app)
    assert '"href": "/submit"' in shown and '"href": "/submissions"' in shown
