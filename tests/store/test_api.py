"""The read API against the real store: the numbers the pages show, pages and links, CSV,
validators, and plain-English errors in one shape."""

from __future__ import annotations

import csv
import io
import math

import pytest

from dashboard.server.app import create_app
from dashboard.store import Store, make_cache

OLDHAM = "E08000004"
PARTNER_ONLY = "synthetic-example-employment-support-starts"  # partners:oldham


@pytest.fixture(scope="module")
def client(built_store_path, tmp_path_factory):
    from dashboard.common.config import DATA_DIR, Settings

    folder = tmp_path_factory.mktemp("api")
    settings = Settings.from_env(store_path=built_store_path, data_dir=DATA_DIR,
                                 accounts_path=folder / "accounts.sqlite",
                                 secret_key="test-secret-key-not-for-production",
                                 api_rate_limit="100000 per minute")
    app = create_app(settings, store=Store(built_store_path, make_cache()))
    return app.server.test_client()


def _json(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response.get_json()


def test_oldhams_claimant_count_is_every_period_the_indicator_page_draws(client, store):
    """The issue's example: all of Oldham's series with periods, values, status and
    source, the same numbers as the page (the indicator page's trend reads store.series
    as the public)."""
    body = _json(client, f"/api/v1/observations?indicator=claimant-count&area={OLDHAM}")
    page = store.series("claimant-count", (OLDHAM,))
    assert body["meta"]["total"] == len(page) == len(body["data"]) > 20
    for row, (_, shown) in zip(body["data"], page.iterrows(), strict=True):
        assert row["period_label"] == shown["period_label"]
        assert row["period_start"] == shown["period_start"].strftime("%Y-%m-%d")
        assert (row["value"] is None and math.isnan(shown["value"])) or \
            row["value"] == pytest.approx(shown["value"])
        assert row["status"] == (shown["status"] if isinstance(shown["status"], str) else None)
        assert row["source"] == "Office for National Statistics"
        assert row["licence"] == "Open Government Licence v3.0"


def test_pages_follow_their_links_to_the_whole_list(client):
    url = f"/api/v1/observations?indicator=claimant-count&area={OLDHAM}&page_size=10"
    whole = _json(client, f"/api/v1/observations?indicator=claimant-count&area={OLDHAM}")
    rows, pages = [], 0
    while url:
        body = _json(client, url)
        rows += body["data"]
        pages += 1
        assert body["meta"]["page_size"] == 10 and body["meta"]["total"] == len(whole["data"])
        url = body["links"]["next"]
    assert rows == whole["data"] and pages == math.ceil(len(rows) / 10)
    past = _json(client, f"/api/v1/observations?indicator=claimant-count&area={OLDHAM}"
                         "&page=99")
    assert past["data"] == [] and past["links"]["next"] is None


def test_csv_has_the_same_rows_and_says_where_the_other_pages_are(client):
    base = f"/api/v1/observations?indicator=claimant-count&area={OLDHAM}&page_size=5"
    rows = _json(client, base)["data"]
    response = client.get(base + "&format=csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert 'rel="next"' in response.headers["Link"]
    assert int(response.headers["X-Total-Count"]) > 5
    read = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["period_label"] for r in read] == [r["period_label"] for r in rows]
    assert [float(r["value"]) for r in read] == [r["value"] for r in rows]
    by_accept = client.get(base, headers={"Accept": "text/csv"})
    assert by_accept.get_data() == response.get_data()


def test_an_unchanged_answer_is_not_sent_again(client):
    url = "/api/v1/indicators/claimant-count"
    first = client.get(url)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get("/api/v1/indicators/employment-rate",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/api/v1/observations?indicatr=claimant-count", 400, "Unknown parameter 'indicatr'"),
    ("/api/v1/observations?indicator=claimant-count&from=2020-13-01", 400, "YYYY-MM-DD"),
    ("/api/v1/observations?indicator=claimant-count&from=2021-01-01&to=2020-01-01", 400,
     "'from' is after 'to'"),
    ("/api/v1/observations?indicator=Claimant_Count", 400, "not an indicator id"),
    ("/api/v1/observations?area=Oldham", 400, "not an area code"),
    ("/api/v1/observations?page_size=5000", 400, "'page_size' must be"),
    ("/api/v1/observations?indicator=no-such-thing", 404, "No indicator 'no-such-thing'"),
    ("/api/v1/observations?area=E08999999", 404, "No area with code 'E08999999'"),
    ("/api/v1/judgements?level=90", 400, "'level' must be one of 95, 99.8"),
    ("/api/v1/partnerships/nowhere/targets", 404, "No partnership 'nowhere'"),
    ("/api/v1/areas/E99999999", 404, "No area with code"),
    ("/api/v1/nothing-here", 404, "No such address"),
    ("/api/indicators", 404, "The API is under /api/v1/"),
])
def test_every_refusal_is_json_in_one_shape_and_says_what_to_change(client, url, status,
                                                                   words):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    error = response.get_json()["error"]
    assert error["status"] == status and words in error["detail"], error


def test_the_public_cannot_tell_a_partner_only_indicator_from_a_missing_one(client):
    hidden = _json(client, f"/api/v1/observations?indicator={PARTNER_ONLY}", 404)
    missing = _json(client, "/api/v1/observations?indicator=no-such-thing", 404)
    assert hidden["error"]["detail"].replace(PARTNER_ONLY, "X") == \
        missing["error"]["detail"].replace("no-such-thing", "X")
    listed = _json(client, "/api/v1/indicators?page_size=1000")
    ids = [row["indicator_id"] for row in listed["data"]]
    assert PARTNER_ONLY not in ids and "claimant-count" in ids
    assert listed["meta"]["total"] == len(ids)


def test_judgements_carry_the_reason_as_the_pages_word_it(client):
    body = _json(client, f"/api/v1/judgements?indicator=claimant-count&area={OLDHAM}"
                         "&benchmark=england")
    latest = body["data"][0]
    assert latest["is_latest"] is True and latest["benchmark"] == "england"
    assert latest["comparison"] in ("better", "similar", "worse", "higher", "lower",
                                    "not_compared")
    assert latest["comparison_reason"].split(":")[0].split(" (")[0] in (
        "Worse than England", "Better than England", "Similar to England",
        "Higher than England", "Lower than England", "Not compared")


def test_an_area_names_its_parents_and_what_replaced_it(client):
    oldham = _json(client, f"/api/v1/areas/{OLDHAM}")["data"]
    assert {p["area_code"] for p in oldham["parents"]} >= {"E12000002"}
    cumbria = _json(client, "/api/v1/areas/E10000006")["data"]
    assert [s["area_name"] for s in cumbria["successors"]] == [
        "Cumberland", "Westmorland and Furness"]
    regions = _json(client, "/api/v1/areas?area_type=region")
    assert regions["meta"]["total"] == 9


def test_targets_carry_status_reason_and_projection(client, store):
    body = _json(client, "/api/v1/partnerships/oldham/targets")
    shown = store.scorecard_records("oldham")
    assert body["meta"]["total"] == len(shown)
    assert {(r["indicator_id"], r["status"]) for r in body["data"]} == \
        {(r["indicator_id"], r["status"]) for r in shown}
    assert all(r["reason"] for r in body["data"])
    assert all(r["illustrative"] is True for r in body["data"])
    assert any(r["reach_label"] or r["projection_value"] is not None for r in body["data"])


def test_the_docs_page_and_the_document(client):
    page = client.get("/api")
    assert page.status_code == 200 and "/api/v1/openapi.json" in page.get_data(as_text=True)
    document = _json(client, "/api/v1/openapi.json")
    assert document["openapi"] == "3.1.0"
    assert "/observations" in document["paths"]


def test_an_indicator_carries_its_quality_checks(client, store):
    row = _json(client, "/api/v1/indicators/claimant-count")["data"]
    load = store.loads().set_index("load_id").loc[row["load_id"]]
    assert (row["quality_errors"], row["quality_warnings"]) == (load["errors"],
                                                                load["warnings"])
