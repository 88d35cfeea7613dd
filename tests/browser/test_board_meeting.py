"""A board's year in a real browser (issue 17): Oldham's editor writes an exception report
on the off-track claimant count target and records the board meeting; then a revised
claimant count file is loaded and the target is changed in the targets file. The meeting
view still shows the values, statuses and commentary as presented; the live scorecard
shows the new ones; "since the last meeting" lists the differences."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from dashboard.common import clock
from dashboard.security.duties import set_duties
from dashboard.server.app import create_app
from tests.browser.conftest import console_errors, wait_until
from tests.signing import browser_sign_in
from tests.store.test_meetings import revise_claimant_count

PASSWORD = "correct horse battery staple"
TIMEOUT = 30
ROW = ".ag-row[row-id='claimant-count|E08000004']"


def field(kind: str, index: int) -> str:
    return f"[id='{{\"index\":{index},\"type\":\"{kind}\"}}']"


@pytest.fixture()
def app(settings, built_store_path: Path, tmp_path: Path):
    store = tmp_path / "store.duckdb"
    shutil.copy2(built_store_path, store)  # a revised file is loaded into it
    app = create_app(replace(settings, store_path=store))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("edna", PASSWORD, "partner", ["oldham"])
    set_duties(accounts, "edna", ["editor:oldham"])
    yield app
    app.server.extensions["placeboard"]["store"].close()


def cell(dash_duo, column: str) -> str:
    return dash_duo.find_element(f"{ROW} [col-id='{column}']").text


def test_the_meeting_stays_as_presented(dash_duo, app, tmp_path: Path) -> None:
    dash_duo.start_server(app)
    browser_sign_in(dash_duo, "edna", "/target/oldham/claimant-count")

    dash_duo.wait_for_element("#exception-form", timeout=TIMEOUT)
    dash_duo.find_element("#exception-commentary").send_keys(
        "Claimants rose after a large employer closed in the spring.")
    dash_duo.find_element("#exception-owner").send_keys("Oldham Works board")
    dash_duo.find_element(field("exception-action", 0)).send_keys("Open two job clubs")
    dash_duo.find_element(field("exception-due", 0)).send_keys("2027-03-31")
    dash_duo.find_element(f"{field('exception-progress', 0)} input[value='in_progress']"
                          ).click()
    dash_duo.find_element("#exception-save").click()
    dash_duo.wait_for_contains_text("#exception-message", "Saved version 1",
                                    timeout=TIMEOUT)

    dash_duo.driver.get(f"{dash_duo.server_url}/scorecard/oldham/meetings")
    dash_duo.wait_for_element("#meeting-form", timeout=TIMEOUT)
    dash_duo.find_element("#meeting-title").send_keys("Board meeting, December 2026")
    dash_duo.find_element("#meeting-record").click()
    dash_duo.wait_for_element("#scorecard-meeting-banner", timeout=TIMEOUT)
    day = clock.now().astimezone(clock.UK).date().isoformat()
    assert dash_duo.driver.current_url.endswith(f"/scorecard/oldham?meeting={day}")
    dash_duo.wait_for_element(ROW, timeout=TIMEOUT)
    assert cell(dash_duo, "latest").startswith("6.6%")

    revise_claimant_count(tmp_path, app.server.extensions["placeboard"]["settings"]
                          .store_path)

    dash_duo.driver.get(f"{dash_duo.server_url}/scorecard/oldham?meeting={day}")
    dash_duo.wait_for_element("#scorecard-meeting-banner", timeout=TIMEOUT)
    dash_duo.wait_for_element(ROW, timeout=TIMEOUT)
    assert cell(dash_duo, "latest").startswith("6.6%")  # as presented
    assert cell(dash_duo, "target").startswith("5.0% by 2027")
    assert "Off track" in cell(dash_duo, "status_rank")
    commentary = dash_duo.find_element("#scorecard-meeting-commentary").text
    assert "Claimants rose after a large employer closed in the spring." in commentary
    assert "Open two job clubs" in commentary

    dash_duo.driver.get(f"{dash_duo.server_url}/scorecard/oldham")
    dash_duo.wait_for_element("#scorecard-since-meeting", timeout=TIMEOUT)
    wait_until(lambda: cell(dash_duo, "latest").startswith("4.2%"), timeout=TIMEOUT)
    assert cell(dash_duo, "target").startswith("6.0% by 2027")
    since = dash_duo.find_element("#scorecard-since-meeting").text
    assert "Claimant Count: ✖ Off track → ★ Achieved" in since
    assert "Claimant Count: 2025 revised: was 6.6, now 4.2" in since
    assert "Claimant Count: 2024 revised: was 6.9, now 7.1" in since
    assert console_errors(dash_duo) == []
