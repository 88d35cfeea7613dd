"""API requests made with a personal token: who they are answered for, and how often
they may come.

The request's viewer (dashboard.web.auth's resolver, through runtime.viewer()) asks
`token_viewer` first. A request to a path under /api/ that carries
`Authorization: Bearer <secret>` is answered for the token's user (their role and
partnerships, as a session would be), with `flask.g.placeboard_token` set to the
token's TokenInfo (id, username, scope, ...). A missing, unknown, revoked or expired
token on /api/ leaves the viewer PUBLIC and sets `flask.g.placeboard_token_error` to
TOKEN_INVALID, which the API answers as 401 (`token_error()` reads it). Outside /api/ a
token is never looked at: pages use sessions. A token never becomes a session: nothing
here signs anyone in or sets a cookie. Each use is audited by
dashboard.security.tokens.resolve_token.

Rate limits: `limit_api(blueprint_or_view)` applies settings.api_rate_limit
(PLACEBOARD_API_RATE_LIMIT, "300 per minute" by default) with the app's Flask-Limiter,
one count shared by every route it is applied to, kept per token ("token:<id>") or, for
requests without a valid token, per client address (`api_rate_limit_key`). Beyond it a
request answers 429 with a JSON message and Retry-After. Like the sign-in limit, counts
are per worker process unless PLACEBOARD_REDIS_URL is set (dashboard.web.auth).
"""

from __future__ import annotations

import math
import time
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, jsonify, request
from flask_limiter.util import get_remote_address
from limits import parse as parse_limit

from dashboard.security.access import PUBLIC, Viewer
from dashboard.security.accounts import Accounts
from dashboard.security.tokens import TokenInfo, resolve_token

API_PREFIX = "/api/"
TOKEN_INVALID = "This token is not valid: it may have been revoked or may have expired"
RATE_LIMITED = ("Too many requests to the API with this token (or from this address); "
                "wait a minute and try again")
RATE_LIMIT_SCOPE = "placeboard-api"
T = TypeVar("T")


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def bearer_secret() -> str | None:
    """The secret of an "Authorization: Bearer <secret>" header ("" for a Bearer header
    with nothing after it), or None when the request has no bearer header."""
    scheme, _, secret = (request.headers.get("Authorization") or "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip()


def token_viewer(accounts: Accounts) -> Viewer | None:
    """The viewer of an /api/ request carrying a bearer token (PUBLIC when the token does
    not work, with the reason on flask.g), or None when the request is not one."""
    if not is_api_request():
        return None
    secret = bearer_secret()
    if secret is None:
        return None
    found = resolve_token(accounts, secret, request.path, request.remote_addr)
    if found is None:
        g.placeboard_token_error = TOKEN_INVALID
        return PUBLIC
    user, info = found
    g.placeboard_token = info
    return user.viewer()


def _viewer() -> Viewer:
    getter = current_app.extensions["placeboard"].get("viewer")
    return getter() if getter is not None else PUBLIC


def request_token() -> TokenInfo | None:
    """The token the current request was answered with (its viewer is worked out first,
    once per request), or None."""
    _viewer()
    return g.get("placeboard_token")


def token_error() -> str | None:
    """Why the current request's bearer token was refused (answer 401 with it), or None
    when it carried none or a valid one."""
    _viewer()
    return g.get("placeboard_token_error")


def api_rate_limit_key() -> str:
    """What API requests are counted by: "token:<id>" for a valid token, else the client
    address (after PLACEBOARD_PROXY_HOPS, like every limit)."""
    info = request_token()
    return f"token:{info.id}" if info is not None else get_remote_address()


def rate_limited(limit: Any) -> Response:
    """The answer beyond the limit: 429 in the API's one error shape, and when to try
    again."""
    response = jsonify({"error": {"status": 429, "title": "Too many requests",
                                  "detail": RATE_LIMITED}})
    response.status_code = 429
    response.mimetype = "application/problem+json"
    reset_at = getattr(limit, "reset_at", None)
    if reset_at:
        response.headers["Retry-After"] = str(max(1, math.ceil(reset_at - time.time())))
    return response


def limit_api(target: T, server: Flask | None = None) -> T:
    """Apply the API rate limit to a Flask view function or a Blueprint; returns it.

    Use it on the API blueprint before (or after) registering it::

        api = Blueprint("api", __name__, url_prefix="/api/v1")
        limit_api(api, server)          # every route in it shares one count per token
        server.register_blueprint(api)

    or on one view: `server.add_url_rule(rule, endpoint, limit_api(view, server))`.
    `server` defaults to the current app (inside an app context). Every route it is
    applied to shares one count per token (or client address), so a client cannot
    spread its requests over endpoints to get more."""
    app = server if server is not None else current_app
    settings = app.extensions["placeboard"]["settings"]
    try:  # fail at start-up, not at the first request, on a mistyped limit
        parse_limit(settings.api_rate_limit)
    except ValueError as exc:
        raise ValueError(f"PLACEBOARD_API_RATE_LIMIT {settings.api_rate_limit!r} is not "
                         "understood; write it like '300 per minute'") from exc
    limiter = app.extensions["placeboard"]["limiter"]
    decorated = limiter.shared_limit(settings.api_rate_limit, scope=RATE_LIMIT_SCOPE,
                                     key_func=api_rate_limit_key, on_breach=rate_limited)(target)
    return target if decorated is None else decorated
