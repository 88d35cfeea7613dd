"""API requests with a personal token, through the real app (Flask's test client): a
Bearer token on /api/ answers as its user, never on a page; a bad token answers as the
public with a reason; no token becomes a session; and the API rate limit counts per
token. The routes under test are tiny ones registered here (the API itself is built
elsewhere and calls the same helpers)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from flask import Blueprint, Flask, jsonify
from flask.testing import FlaskClient
from sqlalchemy import update

from dashboard.common.config import Settings
from dashboard.security import tokens
from dashboard.security.accounts_database import API_TOKENS
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.web import api_tokens, auth, runtime

PASSWORD = "correct horse battery staple"


def whoami():
    """What a route under test sees of its request."""
    viewer = runtime.viewer()
    info = api_tokens.request_token()
    return jsonify({"role": viewer.role, "user": viewer.user,
                    "partnerships": sorted(viewer.partnerships),
                    "token": info.id if info else None, "scope": info.scope if info else None,
                    "error": api_tokens.token_error()})


def _app(settings: Settings):
    app = create_app(settings, Store(settings.store_path, make_cache()))
    server: Flask = app.server
    server.add_url_rule("/api/v1/whoami", "test_whoami", limit_api_view(server, "whoami"))
    server.add_url_rule("/api/v1/other", "test_other", limit_api_view(server, "other"))
    server.add_url_rule("/not-api/whoami", "test_page_whoami", whoami)
    blueprint = Blueprint("test_api_bp", __name__, url_prefix="/api/v9")
    blueprint.add_url_rule("/whoami", "whoami", whoami)
    auth.limit_api(blueprint, server)  # as the API blueprint is limited
    server.register_blueprint(blueprint)
    return app


def limit_api_view(server: Flask, name: str):
    def view():
        return whoami()
    view.__name__ = f"test_{name}"
    return api_tokens.limit_api(view, server)


@pytest.fixture()
def app(settings: Settings):
    return _app(settings)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def sign_in(client: FlaskClient, username: str) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 303


# -- who a request is answered for ---------------------------------------------------------
def test_a_bearer_token_on_the_api_answers_as_its_user(client, accounts) -> None:
    new = tokens.create_token(accounts, "pat", "script", "submit")
    response = client.get("/api/v1/whoami", headers=bearer(new.secret))
    assert response.status_code == 200
    assert response.json == {"role": "partner", "user": "pat", "partnerships": ["leeds"],
                             "token": new.info.id, "scope": "submit", "error": None}
    # a token never becomes a session
    assert "Set-Cookie" not in response.headers
    assert client.get_cookie("placeboard_session") is None
    assert client.get("/api/v1/whoami").json["role"] == "public"
    (use,) = accounts.audit_log(action="token_used").itertuples()
    assert (use.actor, use.target, use.ip) == ("pat", f"token:{new.info.id}", "127.0.0.1")
    assert '"path": "/api/v1/whoami"' in use.detail and new.secret not in use.detail


@pytest.mark.parametrize("header", ["bearer {secret}", "Bearer   {secret}  "])
def test_the_bearer_scheme_is_read_as_http_says(client, accounts, header) -> None:
    new = tokens.create_token(accounts, "pat", "script")
    response = client.get("/api/v1/whoami",
                          headers={"Authorization": header.format(secret=new.secret)})
    assert response.json["user"] == "pat"


def test_a_token_is_ignored_outside_the_api(client, accounts) -> None:
    new = tokens.create_token(accounts, "ann", "script")
    page = client.get("/not-api/whoami", headers=bearer(new.secret))
    assert page.json == {"role": "public", "user": None, "partnerships": [], "token": None,
                         "scope": None, "error": None}
    assert client.get("/admin", headers=bearer(new.secret)).status_code == 200
    assert accounts.audit_log(action="token_used").empty  # it was never even looked up


@pytest.mark.parametrize("how", ["unknown", "revoked", "expired", "removed", "empty"])
def test_a_bad_token_answers_as_the_public_with_the_reason(client, accounts, how) -> None:
    new = tokens.create_token(accounts, "pat", "script", expires_days=1)
    secret = new.secret
    if how == "unknown":
        secret = "pb_" + "A" * 43
    elif how == "revoked":
        tokens.revoke_token(accounts, new.info.id)
    elif how == "expired":
        with accounts._transaction() as con:
            con.execute(update(API_TOKENS).where(API_TOKENS.c.id == new.info.id)
                        .values(expires_at="2000-01-01T00:00:00+00:00"))
    elif how == "removed":
        accounts.remove_user("pat")
    elif how == "empty":
        secret = ""
    response = client.get("/api/v1/whoami", headers=bearer(secret))
    assert response.json["role"] == "public" and response.json["token"] is None
    assert response.json["error"] == api_tokens.TOKEN_INVALID
    assert "Set-Cookie" not in response.headers


def test_a_bad_token_is_not_made_good_by_a_session(client, accounts) -> None:
    sign_in(client, "ann")
    # without a token, the API answers a signed-in browser as its person
    assert client.get("/api/v1/whoami").json["user"] == "ann"
    other = tokens.create_token(accounts, "pat", "script")
    assert client.get("/api/v1/whoami", headers=bearer(other.secret)).json["user"] == "pat"
    tokens.revoke_token(accounts, other.info.id)
    refused = client.get("/api/v1/whoami", headers=bearer(other.secret)).json
    assert (refused["role"], refused["error"]) == ("public", api_tokens.TOKEN_INVALID)


def test_the_trusted_proxy_header_does_not_outrank_a_token(settings) -> None:
    app = _app(replace(settings, trusted_user_header="X-Remote-User"))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("ann", PASSWORD, "admin")
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])
    new = tokens.create_token(accounts, "pat", "script")
    client = app.server.test_client()
    answer = client.get("/api/v1/whoami",
                        headers={**bearer(new.secret), "X-Remote-User": "ann"}).json
    assert answer["user"] == "pat"


# -- the rate limit ------------------------------------------------------------------------
@pytest.fixture()
def limited(settings: Settings):
    app = _app(replace(settings, api_rate_limit="3 per minute"))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])
    accounts.add_user("al", PASSWORD, "analyst")
    return app, accounts


def test_the_api_limit_counts_each_token_across_routes(limited) -> None:
    app, accounts = limited
    client = app.server.test_client()
    pats = tokens.create_token(accounts, "pat", "script").secret
    als = tokens.create_token(accounts, "al", "script").secret
    statuses = [client.get(path, headers=bearer(pats)).status_code
                for path in ("/api/v1/whoami", "/api/v1/other", "/api/v9/whoami",
                             "/api/v1/whoami")]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/other", headers=bearer(pats))
    assert refused.status_code == 429
    assert refused.get_json(force=True)["error"] == {
        "status": 429, "title": "Too many requests", "detail": api_tokens.RATE_LIMITED}
    assert refused.headers["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 61
    # another token, and requests without one (counted by address), have their own counts
    assert client.get("/api/v1/whoami", headers=bearer(als)).status_code == 200
    assert [client.get("/api/v1/whoami").status_code for _ in range(4)] == \
        [200, 200, 200, 429]
    # pages are not limited by it
    assert client.get("/not-api/whoami").status_code == 200


def test_the_rate_limit_key_is_the_token_or_the_address(limited) -> None:
    app, accounts = limited
    new = tokens.create_token(accounts, "pat", "script")
    with app.server.test_request_context("/api/v1/whoami", headers=bearer(new.secret)):
        assert api_tokens.api_rate_limit_key() == f"token:{new.info.id}"
    with app.server.test_request_context("/api/v1/whoami", headers=bearer("pb_nope"),
                                         environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        assert api_tokens.api_rate_limit_key() == "10.1.2.3"
    assert auth.api_rate_limit_key is api_tokens.api_rate_limit_key


def test_a_mistyped_api_limit_fails_at_start_up(settings: Settings) -> None:
    """The app applies the limit to the API when it is made: a typo stops the start."""
    with pytest.raises(ValueError, match="PLACEBOARD_API_RATE_LIMIT 'lots'"):
        create_app(replace(settings, api_rate_limit="lots"),
                   Store(settings.store_path, make_cache()))
