"""What a council's security review asks of the web layer, through the real app (Flask's
test client): crafted callbacks and paths answer 4xx, never 5xx and never a traceback;
request bodies are limited; every response carries the security headers; a session
cookie opens nothing after signing out; signing in takes as long for an unknown username
as for a known one; unknown pages and codes answer 404 with a title that does not name
them as places."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import statistics
import time
from dataclasses import replace
from html import escape

import pytest
from flask.testing import FlaskClient

from dashboard.common.config import Settings
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.web import auth

PASSWORD = "correct horse battery staple"
CALLBACK = "/_dash-update-component"
HTML = {"Accept": "text/html,application/xhtml+xml"}
SCORECARD_SHOWN = "Download board pack (PDF)"  # on a scorecard page only


@pytest.fixture()
def app(settings: Settings):
    app = create_app(replace(settings, login_rate_limit="1000 per minute"),
                     Store(settings.store_path, make_cache()))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("wyn", PASSWORD, "partner", ["wigan"])
    accounts.add_user("ann", PASSWORD, "admin")
    return app


@pytest.fixture()
def client(app) -> FlaskClient:
    client = app.server.test_client()
    client.get("/")  # Dash adds its pages router at the first request
    return client


def csrf_token(client: FlaskClient) -> str:
    page = client.get("/login")
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD, **kwargs):
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_token(client)}, **kwargs)


def router_body(app, pathname: str, search: str = "") -> dict:
    """The pages router's callback, as the browser sends it for an address."""
    router = next(k for k in app.callback_map if "_pages_content.children" in k)
    return {"output": router,
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"]}


def assert_answered_without_fault(response, asked: str) -> None:
    assert response.status_code < 500, f"{asked}: {response.status_code}"
    assert "Traceback" not in response.get_data(as_text=True), asked


# -- crafted callbacks -------------------------------------------------------------------
@pytest.mark.parametrize(("body", "status"), [
    ("[]", 400), ("null", 400), ("{}", 400), ('"a string"', 400), ("1", 400),
    ('{"output": 5}', 400), ("{", 400), ('{"output": "account-status.children"', 400),
    ('{"output": "no-such-id.children", "inputs": []}', 400),
    ('{"output": "map-status.children", "inputs": []}', 400),  # a clientside callback
    ('{"output": "account-status.children", "inputs": {"id": 1}}', 400),
    ('{"output": "account-status.children", "inputs": [1, 2]}', 400),
    ('{"output": "account-status.children", "inputs": [{"id": "x"}]}', 400),
    ('{"output": "account-status.children", "inputs": [], "state": "x"}', 400),
    ('{"output": "account-status.children", "inputs": [], "outputs": 3}', 400),
    ('{"output": "account-status.children", "inputs": [], "changedPropIds": [1]}', 400),
    ('{"output": "account-status.children", "outputs": {"id": "account-status", '
     '"property": "children"}, "inputs": []}', 400),  # too few inputs for the function
])
def test_malformed_callback_bodies_answer_400(client: FlaskClient, body: str,
                                              status: int) -> None:
    response = client.post(CALLBACK, data=body, content_type="application/json")
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.is_json and "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize(("data", "content_type", "status"), [
    ("{}", "text/plain", 415),
    ("output=account-status.children", "application/x-www-form-urlencoded", 415),
    ("\xff\xfe not json", "application/json", 400),
])
def test_wrong_content_types_answer_4xx(client: FlaskClient, data, content_type,
                                        status) -> None:
    response = client.post(CALLBACK, data=data, content_type=content_type)
    assert response.status_code == status


def test_a_10_mb_callback_body_is_refused_not_echoed(app, client: FlaskClient) -> None:
    body = json.dumps(router_body(app, "/" + "x" * 10_000_000))
    response = client.post(CALLBACK, data=body, content_type="application/json")
    assert response.status_code == 413
    assert len(response.get_data()) < 10_000
    assert "Traceback" not in response.get_data(as_text=True)


CRAFTED_VALUES = [
    {"$gt": "", "__proto__": {"admin": True}},
    [[["nested"]], {"id": None}],
    "x\r\nSet-Cookie: a=b\r\n<script>alert(1)</script>" * 100,
    -1e308,
]


def _crafted_body(key: str, spec: dict, value) -> dict:
    def slot(item: dict) -> dict:
        return {"id": item["id"], "property": item["property"], "value": value}

    inputs = [slot(i) for i in spec["inputs"]]
    if key.startswith(".."):
        parts = key.strip(".").split("...")
        outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1].split("@")[0]}
                   for p in parts]
    else:
        component, prop = key.rsplit(".", 1)
        outputs = {"id": component, "property": prop}
    return {"output": key, "outputs": outputs, "inputs": inputs,
            "state": [slot(s) for s in spec.get("state", [])],
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs]}


@pytest.mark.parametrize("variant", range(len(CRAFTED_VALUES)))
def test_wrong_input_types_in_every_server_callback_never_fault(app, client: FlaskClient,
                                                                variant: int) -> None:
    value = CRAFTED_VALUES[variant]
    answered = 0
    for key, spec in app.callback_map.items():
        if spec.get("callback") is None:
            continue  # clientside: runs in the browser
        response = client.post(CALLBACK, json=_crafted_body(key, spec, value))
        assert_answered_without_fault(response, f"{key} with {str(value)[:40]!r}")
        if response.status_code >= 400:
            assert response.is_json, key
        answered += 1
    assert answered > 20


# Anonymous viewers cannot see Wigan's partnership; nobody can see one that does not exist
# (ann is an administrator, who sees every real partnership, so not asked for Wigan's).
@pytest.mark.parametrize(("who", "partnership"), [
    (None, "wigan"), (None, "no-such-partnership"), (None, 7),
    ("ann", "no-such-partnership"), ("ann", 7)])
def test_a_board_pack_for_a_partnership_the_viewer_cannot_see_answers_404(
        client: FlaskClient, who, partnership) -> None:
    if who:
        sign_in(client, who)
    for output, inputs, state in [
        ("scorecard-boardpack-download.data", [("scorecard-boardpack", "n_clicks", 1)],
         [("scorecard-partnership", "data", partnership)]),
        ("scorecard-return-download.data", [("scorecard-return", "n_clicks", 1)],
         [("scorecard-return-format", "value", "csv"),
          ("scorecard-partnership", "data", partnership)]),
    ]:
        body = {"output": output, "outputs": {"id": output.split(".")[0], "property": "data"},
                "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
                "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
                "changedPropIds": [f"{inputs[0][0]}.n_clicks"]}
        response = client.post(CALLBACK, json=body)
        assert response.status_code == 404, response.get_data(as_text=True)[:300]
        assert response.is_json and "Wigan" not in response.get_data(as_text=True)


def test_the_partner_gets_their_board_pack(client: FlaskClient) -> None:
    sign_in(client, "wyn")
    body = {"output": "scorecard-boardpack-download.data",
            "outputs": {"id": "scorecard-boardpack-download", "property": "data"},
            "inputs": [{"id": "scorecard-boardpack", "property": "n_clicks", "value": 1}],
            "state": [{"id": "scorecard-partnership", "property": "data", "value": "wigan"}],
            "changedPropIds": ["scorecard-boardpack.n_clicks"]}
    response = client.post(CALLBACK, json=body)
    assert response.status_code == 200
    download = response.json["response"]["scorecard-boardpack-download"]["data"]
    assert download["filename"].endswith(".pdf")


# -- crafted paths and headers -----------------------------------------------------------
@pytest.mark.parametrize("path", [
    "/area/%0d%0a", "/%0d%0a", "/area/x%0d%0aSet-Cookie:%20a=b", "/area/%00",
    "/indicator/%0d%0a", "/scorecard/%0d%0a", "/public/area/%0a",
    "/assets/../dashboard/common/config.py", "/assets/%2e%2e/dashboard/common/config.py",
    "/assets/..%2fdashboard%2fconfig.py", "/_dash-component-suites/dash/../../etc/passwd",
    "/_dash-component-suites/dash/no-such-file.js", "/_dash-component-suites/nope/x.js",
    "/maps/geometry/lad/..%2f..%2fetc.bin", "/maps/geometry/%0d%0a/E92000001.bin",
    "/targets/sparkline/../../x.svg", "/targets/sparkline/wigan/x/%0d%0a.svg",
    "/login?next=%0d%0aLocation:%20https://evil.example", "/" + "a" * 5000,
    "/area/" + "E" * 5000,
])
def test_crafted_paths_answer_without_fault(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers=HTML)
    assert_answered_without_fault(response, path)
    assert "a=b" not in response.headers.get("Set-Cookie", "")
    assert "evil.example" not in response.headers.get("Location", "")
    assert "PLACEBOARD_" not in response.get_data(as_text=True)  # no source files


@pytest.mark.parametrize("pathname", ["/area/\r\n", "/area/x\r\nSet-Cookie: a=b",
                                      "/indicator/\x00", "/" + "../" * 50 + "etc/passwd",
                                      "/scorecard/" + "w" * 5000, "/target/\r/\n"])
def test_crafted_pathnames_in_the_router_get_the_helpful_page(app, client: FlaskClient,
                                                              pathname: str) -> None:
    response = client.post(CALLBACK, json=router_body(app, pathname))
    assert_answered_without_fault(response, repr(pathname))
    assert response.status_code == 200
    assert "problem-page" in response.get_data(as_text=True)


def test_an_address_no_route_takes_gets_the_helpful_page_with_404(client: FlaskClient
                                                                  ) -> None:
    response = client.get("/area/%0d%0a", headers=HTML)
    assert response.status_code == 404
    assert 'id="react-entry-point"' in response.get_data(as_text=True)  # Dash's shell
    plain = client.get("/area/%0d%0a", headers={"Accept": "application/json"})
    assert plain.status_code == 404 and "react-entry-point" not in plain.text


@pytest.mark.parametrize("headers", [
    {"X-Padding": "x" * 100_000},
    {"Cookie": "placeboard_session=" + "x" * 60_000},
    {"Cookie": "placeboard_session=.eJyrVkrOz0nNS8_PS8tJLS4BAD1BBuw.crafted.signature"},
    {"Accept": "x" * 20_000, "Accept-Language": "\x00" * 100},
    {"Host": "evil.example"},
])
def test_huge_and_odd_headers_answer_without_fault(client: FlaskClient, headers) -> None:
    for path in ("/", "/area/E08000004", "/login"):
        assert_answered_without_fault(client.get(path, headers=headers), f"{path} {headers}")


# -- security headers --------------------------------------------------------------------
def _csp(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def _responses(app, client: FlaskClient) -> dict[str, object]:
    account = {"output": "account-status.children",
               "outputs": {"id": "account-status", "property": "children"},
               "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"}],
               "state": [{"id": "_pages_location", "property": "search", "value": ""}],
               "changedPropIds": ["_pages_location.pathname"]}
    return {
        "page": client.get("/area/E08000004", headers=HTML),
        "unknown page": client.get("/no-such-page", headers=HTML),
        "asset": client.get("/assets/placeboard.css"),
        "component suite": client.get(
            "/_dash-component-suites/dash/deps/polyfill@7.12.1.min.js"),
        "callback": client.post(CALLBACK, json=account),
        "refused callback": client.post(CALLBACK, json=[]),
        "too large": client.post(CALLBACK, data="x" * 2_000_000,
                                 content_type="application/json"),
        "sign-in page": client.get("/login"),
        "geometry": client.get("/maps/geometry/region/E92000001.bin"),
        "layout": client.get("/_dash-layout"),
    }


def test_every_response_carries_the_security_headers(app, client: FlaskClient) -> None:
    for name, response in _responses(app, client).items():
        headers = response.headers
        assert headers["X-Frame-Options"] == "DENY", name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "same-origin", name
        csp = _csp(response)
        assert csp["frame-ancestors"] == ["'none'"], name
        assert csp["default-src"] == ["'self'"], name
        assert "'unsafe-inline'" not in csp["script-src"], name
        assert "'unsafe-eval'" not in csp["script-src"], name
        assert "data:" in csp["img-src"], name  # spine charts are SVG data URIs
        assert csp["object-src"] == ["'none'"] and csp["form-action"] == ["'self'"], name
        assert "Strict-Transport-Security" not in headers, name  # only over HTTPS


def test_the_policy_allows_exactly_the_pages_inline_scripts(client: FlaskClient) -> None:
    page = client.get("/area/E08000004", headers=HTML)
    allowed = set(_csp(page)["script-src"])
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page.text,
                        re.DOTALL)
    scripts = [body for attributes, body in inline if "application/json" not in attributes]
    assert scripts, "Dash's page has inline scripts"
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, body[:80]


def test_hsts_only_over_https(settings: Settings, monkeypatch) -> None:
    monkeypatch.setenv(auth.SECURE_COOKIES_ENV, "1")
    secure = create_app(settings, Store(settings.store_path, make_cache()))
    response = secure.server.test_client().get("/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    off = create_app(replace(settings, hsts_seconds=0),
                     Store(settings.store_path, make_cache()))
    assert "Strict-Transport-Security" not in off.server.test_client().get("/").headers


def test_a_basemap_host_is_allowed_for_images_only(settings: Settings) -> None:
    tiles = "https://tiles.example.org/{z}/{x}/{y}.png"
    app = create_app(replace(settings, basemap_tiles=tiles),
                     Store(settings.store_path, make_cache()))
    csp = _csp(app.server.test_client().get("/"))
    assert "https://tiles.example.org" in csp["img-src"]
    assert "https://tiles.example.org" not in csp["script-src"] + csp["connect-src"]


# -- sessions ------------------------------------------------------------------------------
def test_a_copied_session_cookie_opens_nothing_after_sign_out(app, client: FlaskClient
                                                              ) -> None:
    assert sign_in(client, "wyn").status_code == 303
    stolen = app.server.test_client()
    stolen.set_cookie("placeboard_session", client.get_cookie("placeboard_session").value)
    assert stolen.get("/scorecard/wigan", headers=HTML).status_code == 200
    before = stolen.post(CALLBACK, json=router_body(app, "/scorecard/wigan"))
    assert SCORECARD_SHOWN in before.get_data(as_text=True)

    client.post("/logout", data={"csrf_token": csrf_token(client)})

    assert stolen.get("/scorecard/wigan", headers=HTML).status_code == 404
    after = stolen.post(CALLBACK, json=router_body(app, "/scorecard/wigan"))
    text = after.get_data(as_text=True)
    assert SCORECARD_SHOWN not in text and "Partnership not found" in text
    status = stolen.post(CALLBACK, json={
        "output": "account-status.children",
        "outputs": {"id": "account-status", "property": "children"},
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"}],
        "state": [{"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": ["_pages_location.pathname"]})
    assert "Sign in" in status.get_data(as_text=True)
    assert "wyn" not in status.get_data(as_text=True)


def test_removing_a_user_ends_their_sessions_at_once(app, client: FlaskClient) -> None:
    sign_in(client, "wyn")
    app.server.extensions["placeboard"]["accounts"].remove_user("wyn", actor="ann")
    assert client.get("/scorecard/wigan", headers=HTML).status_code == 404


# -- constant-time sign-in -----------------------------------------------------------------
def test_signing_in_takes_as_long_for_an_unknown_username(app, client: FlaskClient,
                                                          record_property) -> None:
    """Median time of a wrong password for a known and an unknown username, interleaved,
    each attempt from its own address (so no limit or back-off plays a part).

    20 measured pairs: the password check is ~85% of an attempt, so skipping it for
    unknown names (the defect) moves the median by far more than 20%; over 100 measured
    pairs, the medians of any 20 consecutive pairs differed by at most 3.4%, and of
    20 000 resamples of 20 pairs by at most 11%."""
    token = csrf_token(client)
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for n in range(24):
        for kind, username in (("known", "wyn"), ("unknown", f"nobody{n}")):
            started = time.perf_counter()
            response = client.post(
                "/login", data={"username": username, "password": "not the password",
                                "csrf_token": token},
                environ_base={"REMOTE_ADDR": f"10.{n % 250}.{len(kind)}.{n // 250 + 1}"})
            elapsed = time.perf_counter() - started
            assert auth.WRONG_CREDENTIALS in response.text
            if n >= 4:  # the first few warm caches (and make the dummy hash)
                timings[kind].append(elapsed)
    known, unknown = (statistics.median(timings[k]) for k in ("known", "unknown"))
    record_property("sign_in_median_ms", {"known": round(known * 1000, 1),
                                          "unknown": round(unknown * 1000, 1)})
    print(f"\nsign-in median: known {known * 1000:.1f} ms, unknown {unknown * 1000:.1f} ms, "
          f"ratio {unknown / known:.3f} over {len(timings['known'])} pairs")
    assert abs(unknown - known) <= 0.2 * min(known, unknown), (known, unknown)


# -- statuses and titles -------------------------------------------------------------------
@pytest.mark.parametrize("path", [
    "/no-such-page", "/404", "/area/NOPE", "/area/E08000099", "/area/",
    "/indicator/no-such-indicator", "/scorecard/no-such-partnership", "/scorecard/wigan",
    "/target/no-such-partnership/claimant-count", "/target/oldham/no-such-indicator",
    "/target/oldham/claimant-count?area=E99999999", "/public/area/E99999999",
    "/public/area/not-a-code", "/maps/geometry/lad/..%2f.bin", "/oversight/E08000004",
    "/oversight/not-a-code", "/oversight/W92000004",
])
def test_unknown_pages_and_codes_answer_404(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == 404, path
    assert 'id="react-entry-point"' in response.get_data(as_text=True)  # the helpful page


@pytest.mark.parametrize("path", [
    "/", "/area/E08000004", "/area/e08000004", "/indicator/claimant-count",
    "/indicator/claimant-count?area=NOPE", "/compare?areas=NOPE", "/scorecard",
    "/scorecard/oldham", "/target/oldham/claimant-count", "/target/cumbria/claimant-count",
    "/public", "/public/area/E08000004", "/map", "/data", "/about", "/admin",
    "/oversight", "/oversight/E12000002", "/oversight/E92000001",
])
def test_known_pages_answer_200(client: FlaskClient, path: str) -> None:
    assert client.get(path, headers=HTML).status_code == 200, path


def test_a_partners_own_scorecard_answers_200_for_them(client: FlaskClient) -> None:
    sign_in(client, "wyn")
    assert client.get("/scorecard/wigan", headers=HTML).status_code == 200


@pytest.mark.parametrize(("pathname", "title"), [
    ("/area/NOPE", "Area not found - Placeboard"),
    ("/public/area/NOPE", "Area not found - Placeboard"),
    ("/indicator/nope", "Indicator not found - Placeboard"),
    ("/scorecard/nope", "Partnership not found - Placeboard"),
    ("/scorecard/wigan", "Partnership not found - Placeboard"),
    ("/target/oldham/nope", "Target not found - Placeboard"),
    ("/oversight/NOPE", "Region not found - Placeboard"),
    ("/oversight/E12000002", "North West: partnerships' targets - Placeboard"),
    ("/no-such-page", "Page not found - Placeboard"),
    ("/area/E08000004", "Oldham: area profile - Placeboard"),
])
def test_tab_titles_do_not_name_unknown_codes_as_places(app, client: FlaskClient, pathname,
                                                        title) -> None:
    response = client.post(CALLBACK, json=router_body(app, pathname))
    assert response.json["response"]["_pages_store"]["data"]["title"] == title
    if pathname != "/no-such-page":  # (Dash gives an unmatched address the app's title)
        shell = client.get(pathname, headers=HTML).get_data(as_text=True)
        assert f'<meta property="og:title" content="{escape(title)}">' in shell
