"""Proposing and agreeing a target in a real browser (issue 17): Oldham's editor tries a
value on the target page, takes it to the proposal form, says why and proposes it; the
proposal's page shows where it sits among the statistical neighbours; a data manager
agrees it, and the live scorecard shows the new target."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from dashboard.security.duties import set_duties
from dashboard.server.app import create_app
from tests.browser.conftest import console_errors
from tests.signing import PASSWORD, browser_sign_in

TIMEOUT = 30
ROW = ".ag-row[row-id='claimant-count|E08000004']"


@pytest.fixture()
def app(settings, built_store_path: Path, tmp_path: Path):
    store = tmp_path / "store.duckdb"
    shutil.copy2(built_store_path, store)  # the agreed target is written into it
    app = create_app(replace(settings, store_path=store))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("edna", PASSWORD, "partner", ["oldham"])
    accounts.add_user("dora", PASSWORD, "analyst", [])
    set_duties(accounts, "edna", ["editor:oldham"])
    set_duties(accounts, "dora", ["data_manager"])
    yield app
    app.server.extensions["placeboard"]["store"].close()


def test_an_editor_proposes_and_a_data_manager_agrees(dash_duo, app) -> None:
    dash_duo.start_server(app)
    browser_sign_in(dash_duo, "edna", "/target/oldham/claimant-count?propose=3.5")
    dash_duo.wait_for_element("#target-propose-link", timeout=TIMEOUT).click()

    dash_duo.wait_for_element("#proposal-form", timeout=TIMEOUT)
    assert dash_duo.find_element("#proposal-value").get_attribute("value") == "3.5"
    assert dash_duo.find_element("#proposal-baseline").get_attribute("value") == "2022"
    dash_duo.find_element("#proposal-rationale").send_keys(
        "Two new employment hubs open in Coldhurst and Werneth next year.")
    dash_duo.find_element("#proposal-send").click()
    dash_duo.wait_for_contains_text("#proposal-state", "Waiting for agreement",
                                    timeout=TIMEOUT)
    assert ("3 of 14 statistical neighbours did as well over 2020 to 2025"
            in dash_duo.find_element("#proposal-ambition").text)
    proposal_url = dash_duo.driver.current_url

    dash_duo.driver.delete_all_cookies()
    browser_sign_in(dash_duo, "dora", proposal_url.split(dash_duo.server_url)[1])
    dash_duo.wait_for_element("#proposal-agree", timeout=TIMEOUT).click()
    dash_duo.wait_for_contains_text("#proposal-message", "Agreed", timeout=TIMEOUT)

    dash_duo.driver.get(f"{dash_duo.server_url}/scorecard/oldham")
    dash_duo.wait_for_contains_text(f"{ROW} [col-id='target']", "3.5% by 2027",
                                    timeout=TIMEOUT)
    assert console_errors(dash_duo) == []
