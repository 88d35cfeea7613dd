"""Signing in: who a request is answered for, the sign-in and sign-out routes.

`init_auth(app, settings, accounts)` (called by create_app) sets up:

- Flask-Login sessions in a signed cookie (HttpOnly, SameSite=Lax, and Secure when
  PLACEBOARD_SECURE_COOKIES=1). The cookie names a server-side session (a random id whose
  hash is kept in the accounts database), checked with the user on every request: signing
  out, a password change and removing the user end it, so a copied cookie stops working
  at once, on every worker. Sessions also end SESSION_LIFETIME_S after signing in, and a
  role change takes effect at the next request.
- `extensions["placeboard"]["viewer"]`, which dashboard.web.runtime.viewer() calls: the
  signed-in user's Viewer, or PUBLIC. The store applies access rules for that viewer.
- Personal API tokens: an /api/ request with "Authorization: Bearer <secret>" is
  answered for the token's user, never a page (dashboard.web.api_tokens, which also has
  the API's rate limit, `limit_api`, re-exported here).
- Optional single sign-on behind a reverse proxy: when `settings.trusted_user_header`
  (e.g. X-Remote-User) is set, a request carrying that header is answered for that user
  if they exist in the accounts database (role and partnerships come from the database,
  never from the proxy). THE PROXY MUST REMOVE THAT HEADER FROM EVERY CLIENT REQUEST and
  set it only itself; otherwise anyone can claim to be anyone. Leave it unset unless the
  app is reachable only through such a proxy.
- GET/POST /login and POST /logout: plain Flask routes (a login form needs no Dash),
  CSRF-protected with Flask-WTF and rate-limited per client address with Flask-Limiter,
  on top of the per account-and-address limit and the per-address back-off in
  dashboard.security.accounts (which never stop anyone signing in from another address).

CSRF and Dash: Dash's own callbacks POST JSON to /_dash-update-component. A cross-site
page cannot send a JSON body without a CORS preflight, which the app never allows, and
the session cookie is SameSite=Lax, so browsers do not send it on cross-site POSTs. So
only our HTML forms (sign in, sign out) carry a token, checked by `validate_csrf`; the
app-wide CSRFProtect is not used because it would refuse Dash's own requests.

Rate limits count `request.remote_addr`. Behind a reverse proxy or load balancer every
request comes from the proxy, so set PLACEBOARD_PROXY_HOPS (werkzeug's ProxyFix, wired by
create_app) or limits apply to everyone at once. Flask-Limiter's counts are kept in
memory per worker process unless settings.redis_url is set, when they are shared in
Redis by every worker and every instance (so N workers without Redis allow up to N times
the limit). The per account-and-address lockout and the per-address back-off are kept in
the accounts database, so they hold across workers, and across instances sharing a
PostgreSQL accounts database, whether or not Redis is configured (docs/deploy.md).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from flask import (
    Flask,
    Response,
    g,
    has_request_context,
    redirect,
    render_template_string,
    request,
    session,
)
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf, validate_csrf
from limits import parse as parse_limit
from wtforms import ValidationError

from dashboard.common import attribution
from dashboard.common.config import Settings
from dashboard.security.access import PUBLIC, ROLE_LABELS, Viewer
from dashboard.security.accounts import Accounts, User
from dashboard.security.throttling import LOCKOUT_WINDOW_S, Refusal
from dashboard.web.api_tokens import (  # noqa: F401 (api_rate_limit_key, limit_api: the API's)
    api_rate_limit_key,
    limit_api,
    token_viewer,
)

if TYPE_CHECKING:
    from dash import Dash

log = logging.getLogger(__name__)

SECRET_KEY_FILE = "placeboard-secret-key"
SECURE_COOKIES_ENV = "PLACEBOARD_SECURE_COOKIES"
WRONG_CREDENTIALS = "The username or password is not right"
LOCKED_OUT = ("Too many attempts to sign in to this account from your network address; "
              "try again in {minutes} minutes")
BACKING_OFF = ("Too many failed sign-ins from your network address; wait {wait} and try "
               "again")
SESSION_ID_SEPARATOR = "|"  # never in a username (accounts.USERNAME_CHARS)
RATE_LIMITED = ("Too many sign-in attempts from your network address; wait a minute and "
                "try again")
FORM_EXPIRED = "This form has expired or was not sent by Placeboard; please try again"
_UNKNOWN_HEADER_AUDIT_S = LOCKOUT_WINDOW_S  # audit an unknown proxy user once per window


class SignedInUser(UserMixin):
    """Flask-Login's view of an account in one server-side session (its id, kept in the
    signed cookie, is "username|session id")."""

    def __init__(self, account: User, session_id: str) -> None:
        self.account = account
        self.session_id = session_id

    def get_id(self) -> str:
        return f"{self.account.username}{SESSION_ID_SEPARATOR}{self.session_id}"


def load_signed_in_user(accounts: Accounts, user_id: str) -> SignedInUser | None:
    """The user named by a session cookie, if that session is still live (not signed out,
    expired, or ended by a password change or removal). Cookies from before sessions were
    kept server side name no session and so sign nobody in."""
    username, separator, session_id = (user_id or "").partition(SESSION_ID_SEPARATOR)
    if not separator or not session_id:
        return None
    account = accounts.session_user(username, session_id)
    return SignedInUser(account, session_id) if account is not None else None


def refusal_message(refusal: Refusal) -> str:
    """What a refused sign-in is told (how long to wait, and that it is this address)."""
    if refusal.reason == "account and address":
        return LOCKED_OUT.format(minutes=max(1, -(-refusal.retry_after_s // 60)))
    wait = (f"{refusal.retry_after_s} seconds" if refusal.retry_after_s < 120
            else f"{-(-refusal.retry_after_s // 60)} minutes")
    return BACKING_OFF.format(wait=wait)


# -- secret key --------------------------------------------------------------------------
def secret_key(settings: Settings) -> str:
    """settings.secret_key, or one generated once and kept beside the accounts database
    (mode 0600) so that every worker process and every restart signs cookies alike."""
    if settings.secret_key:
        return settings.secret_key
    if settings.accounts_url:
        log.warning("PLACEBOARD_SECRET_KEY is not set: this instance signs cookies with a "
                    "key of its own, so people signed in through it are not signed in on "
                    "other instances sharing the accounts database. Give every instance "
                    "the same key.")
    path = Path(settings.accounts_path).parent / SECRET_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: when several workers start at once, exactly one writes the key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another worker may be writing it right now
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.05)
        raise RuntimeError(f"{path} is empty: delete it and start again") from None
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


# -- where to go after signing in ----------------------------------------------------------
def safe_next(target: str | None) -> str:
    """A local path to return to after signing in, or "/": never another site (so the
    sign-in page cannot be used to send people to a look-alike)."""
    target = (target or "").strip()
    if (not target.startswith("/") or target.startswith("//") or "\\" in target
            or any(ord(c) < 32 for c in target)):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def login_url(next_path: str | None = None) -> str:
    """The sign-in page, returning to `next_path` afterwards."""
    target = safe_next(next_path)
    return "/login" if target == "/" else "/login?" + urlencode({"next": target})


# -- who is asking -------------------------------------------------------------------------
class _ViewerResolver:
    """Works out the Viewer of the current request (once per request, kept in flask.g)."""

    def __init__(self, settings: Settings, accounts: Accounts) -> None:
        self.settings = settings
        self.accounts = accounts
        self._audited_unknown: dict[str, float] = {}
        self._lock = threading.Lock()

    def __call__(self) -> Viewer:
        cached = g.get("placeboard_viewer")
        if cached is None:
            cached = self._resolve()
            g.placeboard_viewer = cached
        return cached

    def _resolve(self) -> Viewer:
        # An /api/ request with a bearer token is its token's (dashboard.web.api_tokens);
        # pages and callbacks never look at tokens.
        by_token = token_viewer(self.accounts)
        if by_token is not None:
            return by_token
        header = self.settings.trusted_user_header
        if header:
            name = (request.headers.get(header) or "").strip()
            if name:
                return self._from_header(header, name)
        if current_user.is_authenticated:
            return current_user.account.viewer()
        return PUBLIC

    def _from_header(self, header: str, name: str) -> Viewer:
        account = self.accounts.user(name)
        if account is None:
            self._audit_unknown(header, name)
            return PUBLIC
        g.placeboard_via_header = True
        if session.get("placeboard_header_user") != account.username:
            # Audit the first request of a proxy sign-in, not every callback after it.
            session["placeboard_header_user"] = account.username
            self.accounts.audit(account.username, "login", account.username,
                                {"via": f"trusted header {header}"}, request.remote_addr)
        return account.viewer()

    def _audit_unknown(self, header: str, name: str) -> None:
        """An unknown user from the proxy answers as the public; audited, but at most once
        per window per process (every Dash callback would otherwise write an entry)."""
        now = time.monotonic()
        with self._lock:
            last = self._audited_unknown.get(name)
            if last is not None and now - last < _UNKNOWN_HEADER_AUDIT_S:
                return
            if len(self._audited_unknown) > 1000:
                self._audited_unknown.clear()
            self._audited_unknown[name] = now
        self.accounts.audit(name[:100], "login_failed", name[:100],
                            {"reason": f"user named in trusted header {header} is not in "
                                       "the accounts database", "via": "trusted header"},
                            request.remote_addr)


def signed_in_by_header() -> bool:
    """Whether this request's viewer came from the trusted proxy header (then signing out
    is the proxy's business, not ours)."""
    return bool(g.get("placeboard_via_header"))


# -- audit helpers -------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    """A JSON-friendly copy of an audit detail value."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return str(value)


def audit_export(what: str, **detail: Any) -> None:
    """Record a download or export by the current request's viewer (partnership, format,
    indicator, area, ...). Never stops the download: a failure is logged instead."""
    from dashboard.web import ledger, runtime

    ledger.mark_download()  # the data-sharing ledger calls this request a download
    try:
        viewer = runtime.viewer()
        clean = {key: _plain(value) for key, value in detail.items() if value is not None}
        json.dumps(clean)
        runtime.accounts().audit(viewer.label(), "export", what, clean,
                                 request.remote_addr if has_request_context() else None)
    except Exception:  # the person still gets their file; the log says why
        log.exception("could not audit the export of %s", what)


# -- pages -----------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} - Placeboard</title>
<link rel="stylesheet" href="/assets/placeboard.css">
<style>
  .signin { max-width: 28em; }
  .signin label { display: block; font-weight: 700; margin: 16px 0 4px; }
  .signin input[type=text], .signin input[type=password] {
    width: 100%; font: inherit; padding: 6px 8px; border: 2px solid var(--pb-text); }
  .signin .button { margin-top: 24px; }
  .error-summary { border: 4px solid var(--pb-worse); padding: 12px 16px; margin: 16px 0;
                   font-weight: 700; }
  .notice { border-left: 4px solid var(--pb-blue); padding: 4px 12px; margin: 16px 0; }
</style>
</head>
<body>
<a href="#main" class="skip-link">Skip to main content</a>
<header class="site-header"><div class="container header-inner">
  <a href="/" class="brand">Placeboard</a>
</div></header>
<main id="main" class="container" tabindex="-1">
<div class="signin">
  <h1>{{ title }}</h1>
  {% if error %}
  <div class="error-summary" role="alert" id="signin-error">{{ error }}</div>
  {% endif %}
  {% if signed_in_as %}<p class="notice" id="signin-current">You are signed in as
    <strong>{{ signed_in_as }}</strong>. Signing in again replaces that.</p>{% endif %}
  {% if form %}
  <p>Partners, analysts and administrators sign in to see data shared with them.
     Residents do not need to sign in.</p>
  <form method="post" action="/login" id="signin-form" novalidate>
    <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
    <input type="hidden" name="next" value="{{ next }}">
    <label for="username">Username</label>
    <input type="text" id="username" name="username" value="{{ username }}"
           autocomplete="username" autocapitalize="none" spellcheck="false" required>
    <label for="password">Password</label>
    <input type="password" id="password" name="password" autocomplete="current-password"
           required>
    <button type="submit" class="button" id="signin-submit">Sign in</button>
  </form>
  {% endif %}
  {% if logout_form %}
  <form method="post" action="/logout" id="signout-form">
    <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
    <button type="submit" class="button">Sign out</button>
  </form>
  {% endif %}
  <p><a href="/">Go to the home page</a></p>
</div>
</main>
<footer class="site-footer" id="site-footer"><div class="container">
  <ul class="attribution">{% for line in attribution %}<li>{{ line }}</li>{% endfor %}</ul>
</div></footer>
</body>
</html>
"""


def _page(title: str, status: int = 200, **context: Any) -> Response:
    context.setdefault("form", False)
    context.setdefault("logout_form", False)
    html = render_template_string(PAGE, title=title, attribution=attribution.REQUIRED_LINES,
                                  csrf_token=generate_csrf(), **context)
    response = Response(html, status=status, mimetype="text/html")
    # A sign-in page must never be served from a shared cache (it carries a CSRF token).
    response.headers["Cache-Control"] = "no-store"
    return response


def _signin_page(error: str | None = None, status: int = 200, username: str = "",
                 next_path: str | None = None) -> Response:
    viewer = current_user.account.viewer() if current_user.is_authenticated else None
    return _page("Sign in", status, form=True, error=error, username=username,
                 next=safe_next(next_path),
                 signed_in_as=f"{viewer.label()} ({ROLE_LABELS[viewer.role]})"
                 if viewer else None)


# -- wiring ----------------------------------------------------------------------------
def init_auth(app: Dash, settings: Settings, accounts: Accounts) -> None:
    """Sessions, the request's viewer and the sign-in routes for one app."""
    server: Flask = app.server
    _configure_sessions(server, settings, accounts)
    server.extensions["placeboard"]["viewer"] = _ViewerResolver(settings, accounts)
    limiter = _limiter(server, settings)
    server.extensions["placeboard"]["limiter"] = limiter
    routes = _SignInRoutes(accounts)
    login_submit = limiter.limit(settings.login_rate_limit,
                                 on_breach=routes.rate_limited)(routes.login_submit)
    server.add_url_rule("/login", "placeboard_login_form", routes.login_form,
                        methods=["GET"])
    server.add_url_rule("/login", "placeboard_login_submit", login_submit, methods=["POST"])
    server.add_url_rule("/logout", "placeboard_logout", routes.logout, methods=["POST"])


def _configure_sessions(server: Flask, settings: Settings, accounts: Accounts) -> None:
    """Cookie settings and Flask-Login, whose user loader checks the server-side session
    on every request."""
    secure = os.environ.get(SECURE_COOKIES_ENV) == "1"
    server.secret_key = secret_key(settings)
    server.config.update(
        SESSION_COOKIE_NAME="placeboard_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure,
    )
    manager = LoginManager()
    manager.init_app(server)

    @manager.user_loader
    def _load_user(user_id: str) -> SignedInUser | None:
        # Read on every request: an ended session or a removed user is signed out, a new
        # role applies now.
        return load_signed_in_user(accounts, user_id)


def _limiter(server: Flask, settings: Settings) -> Limiter:
    """Flask-Limiter counting sign-in attempts per client address: in Redis when
    configured (one count for every worker and instance), else per process.

    A Redis outage is logged and lets attempts through rather than stopping every
    sign-in: the lockout and back-off kept in the accounts database still apply."""
    try:  # fail at start-up, not at the first sign-in, on a mistyped limit
        parse_limit(settings.login_rate_limit)
    except ValueError as exc:
        raise ValueError(f"PLACEBOARD_LOGIN_RATE_LIMIT {settings.login_rate_limit!r} is not "
                         "understood; write it like '10 per minute'") from exc
    return Limiter(get_remote_address, app=server, default_limits=[],
                   storage_uri=settings.redis_url or "memory://",
                   key_prefix="placeboard-login", swallow_errors=bool(settings.redis_url))


class _SignInRoutes:
    """GET/POST /login and POST /logout for one accounts database."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts

    def rate_limited(self, _limit: Any) -> Response:
        return _signin_page(RATE_LIMITED, status=429,
                            username=request.form.get("username", ""),
                            next_path=request.form.get("next"))

    def login_form(self) -> Response:
        return _signin_page(next_path=request.args.get("next"))

    def login_submit(self) -> Response:
        username = (request.form.get("username") or "").strip()
        next_path = request.form.get("next")
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            return _signin_page(FORM_EXPIRED, status=400, username=username,
                                next_path=next_path)
        ip = request.remote_addr
        account = self.accounts.authenticate(username, request.form.get("password") or "",
                                             ip)
        if account is None:
            refused = self.accounts.refusal(username, ip)
            if refused is not None:
                page = _signin_page(refusal_message(refused), status=429,
                                    username=username, next_path=next_path)
                page.headers["Retry-After"] = str(refused.retry_after_s)
                return page
            # 200, as for any form answered with an error (401 would need a
            # WWW-Authenticate challenge, which a form sign-in does not have).
            return _signin_page(WRONG_CREDENTIALS, username=username, next_path=next_path)
        session.clear()  # a fresh session for the new sign-in (no fixation)
        session_id = self.accounts.start_session(account.username, ip)
        login_user(SignedInUser(account, session_id))
        return redirect(safe_next(next_path), code=303)

    def logout(self) -> Response:
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            # e.g. a page left open past the token's lifetime: offer a fresh button.
            return _page("Sign out", status=400, error=FORM_EXPIRED, logout_form=True)
        if current_user.is_authenticated:
            # End the session server side: a copy of the cookie opens nothing after this.
            self.accounts.end_session(current_user.session_id)
            self.accounts.audit(current_user.account.username, "logout",
                                current_user.account.username, {}, request.remote_addr)
        logout_user()
        session.clear()
        return redirect("/", code=303)
