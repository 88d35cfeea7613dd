"""Embeds and the web layer's defences, through the real app (Flask's test client):
only /embed/... responses may be framed, by any site, and every other response still
refuses framing; an embed reads what the public sees whoever is signed in; a page's
embed snippet names the host it was asked of, and a page kept for one host (or a crafted
Host header) is never answered to another."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask.testing import FlaskClient

from dashboard.common.config import Settings
from dashboard.security.access import Viewer
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from tests.security.test_crafted_requests import CALLBACK, HTML, PASSWORD, router_body, sign_in

EMBEDS = {
    "/embed/indicator/claimant-count?area=E08000004": 200,
    "/embed/indicator/claimant-count/ranking?area=E08000004&period=2019": 200,
    "/embed/area/E08000004/theme/work-and-worklessness": 200,
    "/embed/area/E08000004/theme/work-and-worklessness?benchmark=region&level=99.8": 200,
    "/embed/public/area/E08000004/employment-rate": 200,
    "/embed/public/area/E08000004/neighbourhoods": 200,
    "/embed/indicator/no-such-indicator": 404,
    "/embed/indicator/claimant-count?area=E08000004&period=1066": 404,
    "/embed/indicator/claimant-count?area=E99999999": 404,
    "/embed/area/E08000004/theme/no-such-theme": 404,
    "/embed/area/E08000004/theme/health?level=50": 404,
    "/embed/public/area/W06000015/claimant-count": 404,
    "/embed/no/such/chart": 404,
    "/embed": 404,
}
SYNTHETIC = "synthetic-example-employment-support-starts"
SYNTHETIC_TITLE = "Employment support programme starts"


@pytest.fixture()
def app(settings: Settings):
    return create_app(replace(settings, login_rate_limit="1000 per minute"),
                      Store(settings.store_path, make_cache()))


@pytest.fixture()
def client(app) -> FlaskClient:
    client = app.server.test_client()
    client.get("/")  # Dash adds its pages router at the first request
    return client


def _csp(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.parametrize(("path", "status"), EMBEDS.items())
def test_embeds_answer_and_any_site_may_frame_them(client, path: str, status: int):
    response = client.get(path, headers=HTML)
    assert response.status_code == status, response.text[:300]
    assert response.mimetype == "text/html"
    assert "X-Frame-Options" not in response.headers
    csp = _csp(response)
    assert csp["frame-ancestors"] == ["*"]
    # the rest of the policy is unchanged
    assert csp["default-src"] == ["'self'"] and "'unsafe-inline'" not in csp["script-src"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<header" not in response.text and "<nav" not in response.text
    if status == 404:  # the small helpful page
        assert "There is no chart to embed here" in response.text
        assert "Charts that can be embedded" in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize("path", [
    "/indicator/claimant-count?area=E08000004", "/area/E08000004", "/embedded", "/embeds",
    "/public/area/E08000004", "/assets/embed.js", "/no-such-page", "/login",
])
def test_every_other_response_still_refuses_framing(client, path: str):
    response = client.get(path, headers=HTML)
    assert response.headers["X-Frame-Options"] == "DENY", path
    assert _csp(response)["frame-ancestors"] == ["'none'"], path


def test_a_callback_answer_still_refuses_framing(app, client):
    response = client.post(CALLBACK, json=router_body(app, "/embed/indicator/claimant-count"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert _csp(response)["frame-ancestors"] == ["'none'"]


def test_an_embed_shows_the_public_view_to_a_signed_in_partner(app, client):
    store = app.server.extensions["placeboard"]["store"]
    partner = store.for_viewer(Viewer("partner", frozenset({"oldham"}), "pat"))
    assert any(r["indicator_id"] == SYNTHETIC for r in partner.area_profile("E08000004"))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("pat", PASSWORD, "partner", ["oldham"])
    assert sign_in(client, "pat").status_code in (302, 303)
    theme = client.get("/embed/area/E08000004/theme/work-and-worklessness")
    assert theme.status_code == 200 and "Claimant Count" in theme.text
    assert SYNTHETIC_TITLE not in theme.text and SYNTHETIC not in theme.text
    for path in (f"/embed/indicator/{SYNTHETIC}?area=E08000004",
                 f"/embed/indicator/{SYNTHETIC}/ranking?area=E08000004"):
        response = client.get(path)
        assert response.status_code == 404 and SYNTHETIC_TITLE not in response.text


def test_the_snippet_names_the_host_asked_and_is_never_served_to_another(app, client):
    body = router_body(app, "/indicator/claimant-count", "?area=E08000004")
    crafted = client.post(CALLBACK, json=body, headers={"Host": "evil.example"})
    assert crafted.status_code == 200
    assert "http://evil.example/embed/indicator/claimant-count?area=E08000004" in \
        crafted.text.replace("\\u002f", "/")
    for _ in range(2):  # the second answer comes from the page caches
        answer = client.post(CALLBACK, json=body).text.replace("\\u002f", "/")
        assert "http://localhost/embed/indicator/claimant-count?area=E08000004" in answer
        assert "evil.example" not in answer
