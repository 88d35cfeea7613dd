"""A partner's file from upload to publication, in a real browser: the partner sends a
real ONS file, a data manager approves it with an embargo until tomorrow, the public
cannot see it through the page, a download or the API; with the clock moved past the
embargo it is published and the public sees it. A second file, rejected, never reaches
any output."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from dashboard.common import clock
from dashboard.security.duties import set_duties
from dashboard.server.app import create_app
from dashboard.web import publishing
from tests.browser.conftest import console_errors, wait_until
from tests.signing import browser_sign_in

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL_FILE = FIXTURES / "library-walk.csv"  # real ONS data, not in the default store
INDICATOR = "residents-within-a-30-minute-walk-of-their-nearest-library"
TITLE = "Residents within a 30 minute walk of their nearest library"
PASSWORD = "correct horse battery staple"


@pytest.fixture()
def app(settings, built_store_path: Path, tmp_path: Path):
    from dataclasses import replace

    store = tmp_path / "store.duckdb"
    shutil.copy2(built_store_path, store)  # publication writes it
    app = create_app(replace(settings, store_path=store))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("pat", PASSWORD, "partner", ["oldham"])
    accounts.add_user("dee", PASSWORD, "analyst")
    set_duties(accounts, "dee", ["data_manager"])
    yield app
    app.server.extensions["placeboard"]["store"].close()


def sign_out(dash_duo) -> None:
    """Become an anonymous visitor (the session cookie goes)."""
    dash_duo.driver.delete_all_cookies()


def send(dash_duo, path: Path) -> int:
    browser_sign_in(dash_duo, "pat", "/submit")
    dash_duo.wait_for_element("#file", timeout=20).send_keys(str(path))
    dash_duo.find_element("#submit-send").click()
    dash_duo.wait_for_text_to_equal("#submission-status", "Waiting for review", timeout=30)
    return int(dash_duo.driver.current_url.rstrip("/").rsplit("/", 1)[1])


def decide(dash_duo, number: int, button: str, comment: str = "",
           day: str | None = None) -> None:
    browser_sign_in(dash_duo, "dee", f"/submissions/{number}")
    dash_duo.wait_for_element("#review-form", timeout=20)
    if day:
        dash_duo.driver.execute_script("arguments[0].value = arguments[1]",
                                       dash_duo.find_element("#embargo-date"), day)
        dash_duo.find_element("input[name=access_level][value=public]").click()
    dash_duo.find_element("#comment").send_keys(comment)
    dash_duo.find_element(button).click()


def public_sees(dash_duo, indicator: str, words: str) -> bool:
    """Whether an anonymous person finds `words` on the indicator's page, its download
    and its API answer."""
    base = dash_duo.server_url
    api = requests.get(f"{base}/api/v1/observations?indicator={indicator}&area=E08000004",
                       timeout=30).text
    download = requests.get(f"{base}/download/indicator.csv?indicator={indicator}"
                            "&area=E08000004", timeout=30).text
    dash_duo.driver.get(f"{base}/indicator/{indicator}?area=E08000004")
    dash_duo.wait_for_element("h1", timeout=20)
    wait_until(lambda: dash_duo.find_element("h1").text.strip() != "")
    page = dash_duo.find_element("#main").text
    return any(words in text for text in (api, download, page))


def test_upload_approve_with_embargo_then_publish(dash_duo, app) -> None:
    dash_duo.start_server(app)
    number = send(dash_duo, REAL_FILE)
    assert "new values" in dash_duo.find_element("#submission-changes").text
    sign_out(dash_duo)

    tomorrow = (clock.now() + timedelta(days=1)).astimezone(clock.UK)
    decide(dash_duo, number, "#review-approve", "Checked", f"{tomorrow:%Y-%m-%d}")
    dash_duo.wait_for_text_to_equal("#submission-status",
                                    "Approved, waiting for its publication time", timeout=30)
    assert "09:30 (UK time)" in dash_duo.find_element("#submission-sentence").text
    sign_out(dash_duo)

    assert not public_sees(dash_duo, INDICATOR, TITLE)
    assert "No indicator" in requests.get(
        f"{dash_duo.server_url}/api/v1/indicators/{INDICATOR}", timeout=30).text

    accounts = app.server.extensions["placeboard"]["accounts"]
    settings = app.server.extensions["placeboard"]["settings"]
    with clock.moved_to(tomorrow.replace(hour=9, minute=31)):
        assert [s.status for s in publishing.publish_due(settings, accounts)] == [
            "published"]
    assert public_sees(dash_duo, INDICATOR, TITLE)
    wait_until(lambda: "91" in dash_duo.find_element("#main").text)  # Oldham, in the file
    rows = requests.get(f"{dash_duo.server_url}/api/v1/observations?indicator={INDICATOR}"
                        "&area=E08000004", timeout=30).json()["data"]
    assert [r["value"] for r in rows] == [91]
    assert console_errors(dash_duo) == []


def test_a_rejected_file_never_reaches_any_output(dash_duo, app, tmp_path: Path) -> None:
    invented = tmp_path / "referrals.csv"
    invented.write_text("indicator,area_code,area_name,period,value\n"
                        "Referrals (invented for a test),E08000004,Oldham,2024,4321\n")
    dash_duo.start_server(app)
    number = send(dash_duo, invented)
    sign_out(dash_duo)
    decide(dash_duo, number, "#review-reject", "Please send the full year")
    dash_duo.wait_for_text_to_equal("#submission-status", "Rejected", timeout=30)
    sign_out(dash_duo)
    settings = app.server.extensions["placeboard"]["settings"]
    with clock.moved_to(clock.now() + timedelta(days=30)):
        assert publishing.publish_due(settings,
                                      app.server.extensions["placeboard"]["accounts"]) == []
    assert not public_sees(dash_duo, "referrals-invented-for-a-test", "4321")
    browser_sign_in(dash_duo, "pat", f"/submissions/{number}")
    dash_duo.wait_for_text_to_equal("#submission-status", "Rejected", timeout=30)
    assert "Please send the full year" in dash_duo.find_element("#submission-events").text
