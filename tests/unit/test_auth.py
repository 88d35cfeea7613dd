"""Signing in and out through the real app (Flask's test client), the trusted proxy
header, audit entries for sign-ins and exports, the admin callbacks' own checks, and the
`placeboard users|access|audit` commands; each test that opens the accounts database runs
against SQLite (the embedded default) and a real PostgreSQL server (tests/conftest.py)."""

from __future__ import annotations

import io
import json
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from dashboard import cli
from dashboard.common.config import Settings
from dashboard.security import admin
from dashboard.security.access import PUBLIC, Viewer
from dashboard.security.accounts import Accounts
from dashboard.security.throttling import (
    ADDRESS_FREE_FAILURES,
    LOCKOUT_FAILURES,
    address_backoff_s,
    address_key,
)
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.web import auth, runtime

PASSWORD = "correct horse battery staple"


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """The shared test settings with the accounts database in a SQLite file, or in a fresh
    database on the real PostgreSQL server."""
    if request.param == "postgresql":
        return replace(settings, accounts_url=request.getfixturevalue("postgres_url"))
    return settings


def _app(settings: Settings):
    return create_app(settings, Store(settings.store_path, make_cache()))


@pytest.fixture()
def app(settings: Settings):
    return _app(settings)


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    page = client.get(path)
    assert page.status_code == 200
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD,
            next_path: str | None = None, token: str | None = None):
    form = {"username": username, "password": password,
            "csrf_token": token or csrf_token(client)}
    if next_path is not None:
        form["next"] = next_path
    return client.post("/login", data=form)


def viewer_of(client: FlaskClient) -> Viewer:
    """runtime.viewer() in a request made with the client's cookies."""
    with client:
        client.get("/login")
        return runtime.viewer()


def dash_callback(client: FlaskClient, output: str, inputs: list[tuple[str, str, object]],
                  state: list[tuple[str, str, object]] = ()):
    """POST one callback to /_dash-update-component as the browser would. `output` is
    "id.prop", or several of those for a callback with several outputs."""
    outputs = [dict(zip(("id", "property"), o.split("."))) for o in output.split()]
    payload = {"output": ("..." .join(output.split()).join(("..", ".."))
                          if len(outputs) > 1 else output),
               "outputs": outputs if len(outputs) > 1 else outputs[0],
               "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
               "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
               "changedPropIds": [f"{i}.{p}" for i, p, _ in inputs]}
    return client.post("/_dash-update-component", json=payload)


# -- signing in --------------------------------------------------------------------------
def test_login_page_has_the_form_and_the_apps_styles(client: FlaskClient) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    assert '<link rel="stylesheet" href="/assets/placeboard.css">' in page.text
    assert 'name="username"' in page.text and 'type="password"' in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert client.get("/assets/placeboard.css").status_code == 200


def test_sign_in_without_a_csrf_token_is_refused(client: FlaskClient, accounts) -> None:
    response = client.post("/login", data={"username": "ann", "password": PASSWORD})
    assert response.status_code == 400
    assert auth.FORM_EXPIRED in response.text
    wrong = client.post("/login", data={"username": "ann", "password": PASSWORD,
                                        "csrf_token": "not-a-token"})
    assert wrong.status_code == 400
    assert viewer_of(client) == PUBLIC
    assert accounts.audit_log(action="login").empty


def test_right_password_signs_in_as_the_users_viewer(client: FlaskClient, accounts) -> None:
    response = sign_in(client, "pat")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert viewer_of(client) == Viewer("partner", frozenset({"leeds"}), "pat")
    login = accounts.audit_log(action="login").iloc[0]
    assert (login.actor, login.target, login.ip) == ("pat", "pat", "127.0.0.1")


def test_session_cookie_is_httponly_and_samesite_lax(client: FlaskClient, accounts) -> None:
    cookie = sign_in(client, "ann").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_secure_cookies_when_asked(settings, monkeypatch) -> None:
    monkeypatch.setenv(auth.SECURE_COOKIES_ENV, "1")
    app = _app(settings)
    app.server.extensions["placeboard"]["accounts"].add_user("ann", PASSWORD, "admin")
    client = app.server.test_client()
    assert "; Secure" in sign_in(client, "ann").headers["Set-Cookie"]


@pytest.mark.parametrize("username", ["ann", "nobody"])
def test_wrong_password_says_only_that(client: FlaskClient, accounts, username) -> None:
    response = sign_in(client, username, "not the password")
    assert response.status_code == 200
    assert auth.WRONG_CREDENTIALS in response.text
    assert "exist" not in response.text.lower()  # no hint whether the user exists
    assert viewer_of(client) == PUBLIC
    assert accounts.audit_log(action="login_failed").iloc[0].target == username


def test_lockout_after_five_failures_is_for_that_address_only(app, client: FlaskClient,
                                                              accounts) -> None:
    for _ in range(LOCKOUT_FAILURES - 1):
        assert auth.WRONG_CREDENTIALS in sign_in(client, "ann", "not the password").text
    locked = sign_in(client, "ann", "not the password")
    assert locked.status_code == 429
    assert ("Too many attempts to sign in to this account from your network address; "
            "try again in 15 minutes") in locked.text
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    # Even the right password is refused from this address while it lasts ...
    assert "Too many attempts" in sign_in(client, "ann").text
    assert viewer_of(client) == PUBLIC
    assert accounts.locked_out("ann", "127.0.0.1")
    # ... but the account itself is not locked: nobody can lock Ann out from elsewhere.
    elsewhere = app.server.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.50"
    assert sign_in(elsewhere, "ann").status_code == 303
    assert viewer_of(elsewhere).user == "ann"
    assert not accounts.locked_out("ann", "192.0.2.50")


def test_failures_from_one_address_back_off_exponentially(settings: Settings) -> None:
    app = _app(replace(settings, login_rate_limit="1000 per minute"))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("ann", PASSWORD, "admin")
    client = app.server.test_client()
    token = csrf_token(client)
    # Different usernames, so the account-and-address limit plays no part.
    for n in range(ADDRESS_FREE_FAILURES):
        assert auth.WRONG_CREDENTIALS in sign_in(client, f"guess{n}", "x", token=token).text
    waiting = sign_in(client, "guess-more", "x", token=token)
    assert waiting.status_code == 429
    assert "Too many failed sign-ins from your network address; wait 2 seconds" in \
        waiting.text
    assert sign_in(client, "ann", token=token).status_code == 429  # refused, not checked
    elsewhere = app.server.test_client()  # another address is not affected
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.60"
    assert sign_in(elsewhere, "ann").status_code == 303
    assert [address_backoff_s(n) for n in (1, 10, 11, 12, 13, 20, 40)] == \
        [0, 0, 2, 4, 8, 900, 900]


@pytest.mark.parametrize(("ip", "key"), [
    ("192.0.2.7", "192.0.2.7"), (None, "unknown"), ("::ffff:192.0.2.7", "192.0.2.7"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"), ("2001:db8:1:2::99", "2001:db8:1:2::/64"),
])
def test_ipv6_addresses_count_per_64_network(ip, key) -> None:
    assert address_key(ip) == key


def test_rate_limit_by_address_answers_429(settings: Settings) -> None:
    app = _app(replace(settings, login_rate_limit="3 per minute"))
    client = app.server.test_client()
    token = csrf_token(client)
    # Different usernames, so the per-account lockout plays no part.
    for name in ("a1", "a2", "a3"):
        assert auth.WRONG_CREDENTIALS in sign_in(client, name, "whatever", token=token).text
    limited = sign_in(client, "a4", "whatever", token=token)
    assert limited.status_code == 429
    assert auth.RATE_LIMITED in limited.text
    other = app.server.test_client()  # another address is not limited
    other.environ_base["REMOTE_ADDR"] = "192.0.2.50"
    assert sign_in(other, "a5", "whatever").status_code == 200
    assert client.get("/login").status_code == 200  # the form itself is not limited


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/",
                                    "/\\evil.example", "evil.example", "javascript:alert(1)",
                                    "/\x00evil"])
def test_next_never_leaves_the_site(client: FlaskClient, accounts, target) -> None:
    page = client.get("/login", query_string={"next": target})
    assert 'name="next" value="/"' in page.text
    response = sign_in(client, "ann", next_path=target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_next_returns_to_a_local_page(client: FlaskClient, accounts) -> None:
    page = client.get("/login?next=/admin")
    assert 'name="next" value="/admin"' in page.text
    response = sign_in(client, "ann", next_path="/indicator/claimant-count?area=E08000035")
    assert response.headers["Location"] == "/indicator/claimant-count?area=E08000035"
    assert auth.login_url("/admin") == "/login?next=%2Fadmin"
    assert auth.login_url("//evil.example") == "/login"


def test_logout_needs_a_token_signs_out_and_is_audited(client: FlaskClient, accounts) -> None:
    sign_in(client, "ann")
    assert client.post("/logout").status_code == 400
    assert viewer_of(client).user == "ann"
    token = csrf_token(client)
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert viewer_of(client) == PUBLIC
    logout = accounts.audit_log(action="logout").iloc[0]
    assert (logout.actor, logout.target) == ("ann", "ann")


def test_a_copied_cookie_opens_nothing_after_sign_out(app, client: FlaskClient,
                                                      accounts) -> None:
    sign_in(client, "pat")
    copy = app.server.test_client()
    copy.set_cookie("placeboard_session", client.get_cookie("placeboard_session").value)
    assert viewer_of(copy).user == "pat"  # the copy works while the session lasts
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert viewer_of(copy) == PUBLIC
    assert viewer_of(client) == PUBLIC


def test_a_password_change_ends_sessions_a_role_change_does_not(client: FlaskClient,
                                                                  accounts) -> None:
    sign_in(client, "pat")
    accounts.add_user("pat", PASSWORD, "partner", ["leeds", "wigan"])  # same password
    assert viewer_of(client).partnerships == frozenset({"leeds", "wigan"})
    accounts.add_user("pat", "a brand new password here", "partner", ["leeds"])
    assert viewer_of(client) == PUBLIC
    detail = json.loads(accounts.audit_log(action="user_add").iloc[0].detail)
    assert detail["sessions_ended"] == 1


def test_a_removed_user_re_added_does_not_revive_old_cookies(client: FlaskClient,
                                                             accounts) -> None:
    sign_in(client, "pat")
    accounts.remove_user("pat")
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])  # same name and password
    assert viewer_of(client) == PUBLIC


def test_cookies_without_a_server_side_session_sign_nobody_in(accounts) -> None:
    assert auth.load_signed_in_user(accounts, "pat") is None  # the old cookie format
    assert auth.load_signed_in_user(accounts, "pat|made-up-session") is None
    session_id = accounts.start_session("pat")
    assert auth.load_signed_in_user(accounts, f"pat|{session_id}").account.username == "pat"
    assert auth.load_signed_in_user(accounts, f"ann|{session_id}") is None  # not hers


def test_removed_user_and_changed_role_apply_at_the_next_request(client: FlaskClient,
                                                                  accounts) -> None:
    sign_in(client, "pat")
    assert viewer_of(client).role == "partner"
    accounts.add_user("pat", PASSWORD, "analyst")
    assert viewer_of(client) == Viewer("analyst", user="pat")
    accounts.remove_user("pat")
    assert viewer_of(client) == PUBLIC


def test_secret_key_is_generated_once_and_kept_private(settings: Settings) -> None:
    settings = replace(settings, secret_key=None)
    first = _app(settings).server.secret_key
    second = _app(settings).server.secret_key
    path = settings.accounts_path.parent / auth.SECRET_KEY_FILE
    assert first == second == path.read_text().strip()
    assert len(first) >= 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


# -- the trusted proxy header ------------------------------------------------------------
def test_trusted_header_signs_in_known_users(settings: Settings) -> None:
    app = _app(replace(settings, trusted_user_header="X-Remote-User"))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("pat", PASSWORD, "partner", ["leeds", "wigan"])
    client = app.server.test_client()
    with client:
        client.get("/login", headers={"X-Remote-User": "pat"})
        assert runtime.viewer() == Viewer("partner", frozenset({"leeds", "wigan"}), "pat")
        assert auth.signed_in_by_header()
    with client:
        client.get("/login", headers={"X-Remote-User": "stranger"})
        assert runtime.viewer() == PUBLIC
    with client:
        client.get("/login")  # no header: the public (no form sign-in either)
        assert runtime.viewer() == PUBLIC
    login = accounts.audit_log(action="login")
    assert login["actor"].tolist() == ["pat"]  # once per session, not once per request
    assert "trusted header" in login["detail"].iloc[0]
    failed = accounts.audit_log(action="login_failed").iloc[0]
    assert failed.target == "stranger"
    assert "not in the accounts database" in json.loads(failed.detail)["reason"]


def test_trusted_header_is_ignored_when_not_configured(settings: Settings) -> None:
    assert settings.trusted_user_header is None
    app = _app(settings)
    app.server.extensions["placeboard"]["accounts"].add_user("ann", PASSWORD, "admin")
    client = app.server.test_client()
    with client:
        client.get("/login", headers={"X-Remote-User": "ann"})
        assert runtime.viewer() == PUBLIC


# -- the header's account area -----------------------------------------------------------
def _status(client: FlaskClient, path: str = "/data") -> str:
    response = dash_callback(client, "account-status.children",
                             [("_pages_location", "pathname", path)],
                             [("_pages_location", "search", "")])
    assert response.status_code == 200
    return json.dumps(response.json["response"]["account-status"]["children"])


def test_account_area_offers_sign_in_then_shows_who(client: FlaskClient, accounts) -> None:
    anonymous = _status(client)
    assert "Sign in" in anonymous and "/login?next=%2Fdata" in anonymous
    sign_in(client, "ann")
    signed_in = _status(client)
    assert "Signed in as " in signed_in and '"ann"' in signed_in
    assert "(Administrator)" in signed_in and "Sign out" in signed_in
    assert '"action": "/logout"' in signed_in and '"name": "csrf_token"' in signed_in


# -- exports are audited -----------------------------------------------------------------
def test_a_signed_in_download_is_audited(client: FlaskClient, accounts) -> None:
    sign_in(client, "pat")
    response = dash_callback(
        client, "indicator-download.data",
        [("indicator-download-button", "n_clicks", 1)],
        [("indicator-area", "value", "E08000035"), ("indicator-compare", "value", None),
         ("indicator-period", "value", None), ("indicator-id", "data", "claimant-count")])
    assert response.status_code == 200, response.text[:500]
    download = response.json["response"]["indicator-download"]["data"]
    assert download["filename"].startswith("claimant-count_E08000035")
    entry = accounts.audit_log(action="export").iloc[0]
    assert (entry.actor, entry.target, entry.ip) == ("pat", "indicator_csv", "127.0.0.1")
    detail = json.loads(entry.detail)
    assert detail["indicator"] == "claimant-count" and detail["area"] == "E08000035"
    assert detail["format"] == "csv" and detail["rows"] > 0


def test_a_scorecard_return_download_is_audited(client: FlaskClient, accounts) -> None:
    sign_in(client, "pat")
    response = dash_callback(client, "scorecard-return-download.data",
                             [("scorecard-return", "n_clicks", 1)],
                             [("scorecard-return-format", "value", "csv"),
                              ("scorecard-partnership", "data", "leeds")])
    assert response.status_code == 200, response.text[:500]
    entry = accounts.audit_log(action="export").iloc[0]
    assert (entry.actor, entry.target) == ("pat", "return")
    detail = json.loads(entry.detail)
    assert (detail["partnership"], detail["format"]) == ("leeds", "csv")


def test_command_line_exports_are_audited_as_system(settings: Settings, monkeypatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.setenv("PLACEBOARD_ACCOUNTS", str(settings.accounts_path))
    if settings.accounts_url:
        monkeypatch.setenv("PLACEBOARD_ACCOUNTS_URL", settings.accounts_url)
    else:
        monkeypatch.delenv("PLACEBOARD_ACCOUNTS_URL", raising=False)
    out = tmp_path / "return.json"
    assert cli.main(["export", "returns", "--partnership", "leeds", "--format", "json",
                     "--out", str(out), "--store", str(settings.store_path)]) == 0
    entry = Accounts(settings.accounts_database).audit_log(action="export").iloc[0]
    assert (entry.actor, entry.target) == ("system", "return")
    assert json.loads(entry.detail) == {"file": str(out), "format": "json",
                                        "partnership": ["leeds"]}


def test_public_export_is_audited_as_the_public(app) -> None:
    accounts = app.server.extensions["placeboard"]["accounts"]
    with app.server.test_request_context("/", environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        auth.audit_export("boardpack", partnership="leeds", format="pdf", compare=("a", "b"),
                          area=None)
    entry = accounts.audit_log(action="export").iloc[0]
    assert (entry.actor, entry.ip) == ("Public (not signed in)", "192.0.2.7")
    assert json.loads(entry.detail) == {"compare": ["a", "b"], "format": "pdf",
                                        "partnership": "leeds"}


# -- administration ----------------------------------------------------------------------
def _change(client: FlaskClient, kind: str, key: str, level: str):
    response = dash_callback(
        client, "admin-message.children admin-access-table.children admin-changed.data",
        [("admin-submit", "n_clicks", 1)],
        [("admin-kind", "value", kind), ("admin-key", "value", key),
         ("admin-level", "value", level), ("admin-changed", "data", 0)])
    assert response.status_code == 200, response.text[:500]
    return response.json["response"]


@pytest.mark.parametrize("who", [None, "pat"])
def test_admin_callbacks_refuse_non_admins(client: FlaskClient, accounts, who) -> None:
    if who:
        sign_in(client, who)
    answer = _change(client, "indicator", "claimant-count", "public")
    assert admin.NOT_ADMIN in json.dumps(answer)
    assert "admin-access-table" not in answer
    assert accounts.access_overrides()[1] == {}
    audit = dash_callback(client, "admin-audit-table.children",
                          [("admin-audit-action", "value", "all"), ("admin-changed", "data", 0)])
    assert "login" not in json.dumps(audit.json["response"]).replace(admin.NOT_ADMIN, "")
    page = client.get("/admin")  # the Dash shell; the layout itself is checked below
    assert page.status_code == 200


def test_admin_page_layout_refuses_non_admins(app, accounts) -> None:
    from layouts import admin as page

    with app.server.test_request_context("/admin"):
        refused = json.dumps(page.layout().to_plotly_json(), default=str)
    assert "You need to sign in as an administrator" in refused
    assert "/login?next=%2Fadmin" in refused
    assert "claimant-count" not in refused and "user_add" not in refused


def test_admin_changes_an_access_level(client: FlaskClient, accounts, store) -> None:
    sign_in(client, "ann")
    answer = _change(client, "indicator", "claimant-count", "partners:leeds")
    text = json.dumps(answer)
    assert "The indicator claimant-count is now partners:leeds" in text
    assert accounts.access_overrides()[1] == {("indicator", "claimant-count"): "partners:leeds"}
    assert answer["admin-changed"]["data"] == 1
    bad = json.dumps(_change(client, "indicator", "claimant-count", "secret"))
    assert "is not understood" in bad
    unknown = json.dumps(_change(client, "indicator", "no-such-indicator", "public"))
    assert "There is no indicator 'no-such-indicator' in this store" in unknown
    change = accounts.audit_log(action="access_change").iloc[0]
    assert (change.actor, change.target) == ("ann", "indicator:claimant-count")


def test_access_table_combines_defaults_and_overrides(store) -> None:
    from dashboard.security.access import SYSTEM

    everything = store.for_viewer(SYSTEM)
    table = admin.access_table(everything.datasets(), everything.indicators(),
                               {("indicator", "claimant-count"): "restricted:analyst",
                                ("dataset", "iod2025"): "partners:leeds"})
    assert len(table) == len(everything.datasets()) + len(everything.indicators())
    row = table[(table["kind"] == "indicator") & (table["key"] == "claimant-count")].iloc[0]
    assert (row.level, row.default_level, row.changed) == ("restricted:analyst", "public", True)
    assert row.meaning == "Restricted to analysts"
    iod = table[(table["kind"] == "indicator") & (table["dataset_id"] == "iod2025")]
    assert iod["note"].str.contains("partners:leeds").all()
    untouched = table[(table["kind"] == "dataset") & (table["key"] == "claimant-count")].iloc[0]
    assert (untouched.level, untouched.changed) == ("public", False)


def test_audit_entries_are_for_admins_only(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "a.sqlite")
    accounts.add_user("ann", PASSWORD, "admin")
    accounts.audit("ann", "export", "boardpack", {"partnership": "leeds", "format": "pdf"})
    entries = admin.audit_entries(accounts, Viewer("admin", user="ann"), "export")
    assert entries["details"].tolist() == ["format: pdf; partnership: leeds"]
    with pytest.raises(PermissionError):
        admin.audit_entries(accounts, Viewer("analyst", user="al"))


# -- the command line --------------------------------------------------------------------
def _run(argv: list[str], monkeypatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli.main(argv)


def test_users_add_list_remove(settings: Settings, monkeypatch, capsys) -> None:
    db = str(settings.accounts_database)
    assert _run(["users", "add", "Pat", "--role", "partner", "--partnership", "leeds",
                 "--partnership", "wigan", "--password-stdin", "--accounts", db],
                monkeypatch, PASSWORD + "\n") == 0
    assert "User pat (partner, member of leeds, wigan)" in capsys.readouterr().out
    assert _run(["users", "add", "ann", "--role", "admin", "--password-stdin",
                 "--accounts", db], monkeypatch, PASSWORD + "\n") == 0
    accounts = Accounts(db)
    assert accounts.authenticate("pat", PASSWORD) is not None
    capsys.readouterr()
    assert _run(["users", "list", "--accounts", db], monkeypatch) == 0
    listed = capsys.readouterr().out
    assert "pat" in listed and "leeds, wigan" in listed and "admin" in listed
    assert "scrypt" not in listed and "pbkdf2" not in listed and PASSWORD not in listed
    assert _run(["users", "remove", "pat", "--accounts", db], monkeypatch) == 0
    assert [u.username for u in accounts.users()] == ["ann"]
    assert _run(["users", "remove", "pat", "--accounts", db], monkeypatch) == 1
    assert "no user named 'pat'" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "stdin", "code"), [
    (["users", "add", "ann", "--role", "admin", "--password-stdin"], "short\n", 1),
    (["users", "add", "pat", "--role", "partner", "--password-stdin"], PASSWORD + "\n", 1),
    (["users", "add", "pat", "--role", "partner", "--partnership", "Bad Id",
      "--password-stdin"], PASSWORD + "\n", 1),
    (["users", "add", "ann", "--role", "wizard", "--password-stdin"], PASSWORD + "\n", 2),
    (["users", "add", "--role", "admin"], "", 2),
    (["users"], "", 2),
    (["access", "set", "area", "x", "public"], "", 2),
    (["audit", "--limit", "0"], "", 2),
])
def test_users_commands_refuse_bad_input(settings: Settings, monkeypatch, capsys, argv, stdin,
                                         code) -> None:
    db = str(settings.accounts_database)
    assert _run(argv + ["--accounts", db], monkeypatch, stdin) == code
    assert Accounts(db).users() == []


def test_users_add_prompts_twice(settings: Settings, monkeypatch, capsys) -> None:
    answers = iter([PASSWORD, "something else entirely"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert cli.main(["users", "add", "ann", "--role", "admin",
                     "--accounts", str(settings.accounts_database)]) == 1
    assert "not the same" in capsys.readouterr().err
    answers = iter([PASSWORD, PASSWORD])
    assert cli.main(["users", "add", "ann", "--role", "admin",
                     "--accounts", str(settings.accounts_database)]) == 0


def test_access_set_list_and_audit(settings: Settings, monkeypatch, capsys) -> None:
    db, store = str(settings.accounts_database), str(settings.store_path)
    assert _run(["access", "set", "indicator", "claimant-count", "partners:leeds",
                 "--store", store, "--accounts", db], monkeypatch) == 0
    assert "partners:leeds" in capsys.readouterr().out
    assert _run(["access", "set", "indicator", "no-such-thing", "public", "--store", store,
                 "--accounts", db], monkeypatch) == 1
    assert _run(["access", "set", "indicator", "claimant-count", "secret", "--store", store,
                 "--accounts", db], monkeypatch) == 1
    assert "not understood" in capsys.readouterr().err
    assert _run(["access", "list", "--accounts", db], monkeypatch) == 0
    listed = capsys.readouterr().out
    assert "claimant-count" in listed and "Partners only: members of leeds" in listed
    assert _run(["audit", "--action", "access_change", "--accounts", db], monkeypatch) == 0
    log = capsys.readouterr().out
    assert "system" in log and "indicator:claimant-count" in log and "to: partners:leeds" in log


def test_a_mistyped_rate_limit_fails_at_start_up(settings: Settings) -> None:
    with pytest.raises(ValueError, match="write it like '10 per minute'"):
        _app(replace(settings, login_rate_limit="lots"))


# -- scale-out: a shared accounts database, a load balancer in front ----------------------
def test_accounts_in_postgresql_are_shared_by_two_apps(settings: Settings, postgres_url: str,
                                                       tmp_path: Path) -> None:
    first = _app(replace(settings, accounts_url=postgres_url))
    accounts = first.server.extensions["placeboard"]["accounts"]
    assert accounts.url.get_backend_name() == "postgresql"
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])
    client = first.server.test_client()
    assert sign_in(client, "pat").status_code == 303
    # Another instance on the same database, with a SQLite default of its own.
    second = _app(replace(settings, accounts_url=postgres_url,
                          accounts_path=tmp_path / "elsewhere" / "accounts.sqlite"))
    copy = second.server.test_client()
    copy.set_cookie("placeboard_session", client.get_cookie("placeboard_session").value)
    assert viewer_of(copy) == Viewer("partner", frozenset({"leeds"}), "pat")
    copy.post("/logout", data={"csrf_token": csrf_token(copy)})
    assert viewer_of(client) == PUBLIC
    assert not settings.accounts_path.exists()
    assert not (tmp_path / "elsewhere" / "accounts.sqlite").exists()
    assert accounts.audit_log()["action"].tolist() == ["logout", "login", "user_add"]
    accounts.close()


def test_behind_a_balancer_limits_count_the_forwarded_address(settings: Settings) -> None:
    app = _app(replace(settings, proxy_hops=1))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("ann", PASSWORD, "admin")
    guesser = app.server.test_client()  # every request arrives from the balancer ...
    guesser.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.5"  # ... for this client
    for _ in range(LOCKOUT_FAILURES):
        sign_in(guesser, "ann", "not the password")
    assert accounts.locked_out("ann", "203.0.113.5")
    assert not accounts.locked_out("ann", "127.0.0.1")  # not the balancer's address
    ann = app.server.test_client()
    ann.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.6"
    assert sign_in(ann, "ann").status_code == 303
    assert accounts.audit_log(action="login").iloc[0].ip == "203.0.113.6"


def test_without_a_balancer_a_forwarded_address_is_not_believed(client: FlaskClient,
                                                                 accounts) -> None:
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    sign_in(client, "ann", "not the password")
    assert accounts.audit_log(action="login_failed").iloc[0].ip == "127.0.0.1"


def test_users_copy_moves_one_machines_accounts_to_postgresql(
        tmp_path: Path, postgres_url: str, monkeypatch, capsys) -> None:
    single = str(tmp_path / "accounts.sqlite")
    assert _run(["users", "add", "ann", "--role", "admin", "--password-stdin",
                 "--accounts", single], monkeypatch, PASSWORD + "\n") == 0
    assert _run(["users", "copy", "--to", postgres_url, "--accounts", single],
                monkeypatch) == 0
    said = capsys.readouterr().out
    assert "1 users" in said and "1 audit_log" in said
    shared = Accounts(postgres_url)
    assert shared.authenticate("ann", PASSWORD).role == "admin"
    assert _run(["users", "copy", "--to", postgres_url, "--accounts", single],
                monkeypatch) == 1
    assert "copy into an empty database" in capsys.readouterr().err
    shared.close()
