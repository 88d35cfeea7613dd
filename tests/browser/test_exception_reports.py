"""Oldham's editor in a real browser: the scorecard says the Claimant Count target's
exception report is missing; on the target page they write one (adding and removing an
action row), save it, read it back with its version, and the scorecard no longer says
it is missing. No console errors; no serious or critical axe-core violations."""

from __future__ import annotations

from dashboard.security import exceptions
from dashboard.security.duties import set_duties
from tests.browser.conftest import console_errors, wait_until
from tests.browser.test_accessibility import axe_violations, describe

PASSWORD = "correct horse battery staple"
TIMEOUT = 20
TARGET = exceptions.TargetKey("oldham", "claimant-count", "E08000004")
CELL = ".ag-row[row-id='claimant-count|E08000004'] [col-id='exception']"


def field(kind: str, index: int) -> str:
    """The CSS selector of one action row's field (Dash writes the id as JSON)."""
    return f"[id='{{\"index\":{index},\"type\":\"{kind}\"}}']"


def test_an_editor_writes_a_report_and_the_scorecard_sees_it(dash_duo, app, store) -> None:
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("edna", PASSWORD, "partner", ["oldham"])
    set_duties(accounts, "edna", ["editor:oldham"])
    assert store.scorecard("oldham").set_index("indicator_id").loc[
        "claimant-count", "status"] == "off_track"
    dash_duo.start_server(app)
    dash_duo.driver.get(f"{dash_duo.server_url}/login?next=/scorecard/oldham")
    dash_duo.wait_for_element("#signin-form", timeout=TIMEOUT)
    dash_duo.find_element("#username").send_keys("edna")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#signin-submit").click()
    dash_duo.wait_for_element(CELL, timeout=TIMEOUT)
    # the column is headed "Exception report": a shape and a word, linking to the report,
    # the whole reason as the link's title
    assert dash_duo.find_element(CELL).text == "! Missing"
    mark = dash_duo.find_element(f"{CELL} a")
    assert mark.get_attribute("title") == (
        "! Exception report missing: the target is off track and no report has been written")
    assert mark.get_attribute("href").endswith(
        "/target/oldham/claimant-count#target-commentary")
    assert "Claimant Count" in dash_duo.find_element("#scorecard-exceptions").text

    link = dash_duo.find_element(".ag-row[row-id='claimant-count|E08000004'] "
                                 "[col-id='indicator'] a")
    # clicked where it is now: the grid may still be sizing its rows to their text
    dash_duo.driver.execute_script("arguments[0].click();", link)
    dash_duo.wait_for_element("#exception-form", timeout=TIMEOUT)
    assert "Exception report missing" in dash_duo.find_element("#target-commentary").text
    dash_duo.find_element("#exception-commentary").send_keys(
        "Claimants rose after the Hollinwood plant closed in the spring.")
    dash_duo.find_element("#exception-owner").send_keys("Oldham Works board")
    dash_duo.find_element(field("exception-action", 0)).send_keys("Open two job clubs")
    dash_duo.find_element(field("exception-due", 0)).send_keys("2027-03-31")
    dash_duo.find_element(f"{field('exception-progress', 0)} input[value='in_progress']"
                          ).click()
    dash_duo.find_element("#exception-add-action").click()
    dash_duo.wait_for_element(field("exception-action", 1), timeout=TIMEOUT)
    # the first row keeps what was typed when a row is added
    assert dash_duo.find_element(field("exception-action", 0)).get_attribute("value") == \
        "Open two job clubs"
    dash_duo.find_element(field("exception-action", 1)).send_keys("A row to remove")
    dash_duo.find_element(field("exception-remove", 1)).click()
    wait_until(lambda: not dash_duo.driver.find_elements(
        "css selector", field("exception-action", 1)), timeout=TIMEOUT)
    violations = axe_violations(dash_duo)
    assert violations == [], describe(violations)

    dash_duo.find_element("#exception-save").click()
    dash_duo.wait_for_contains_text("#exception-message",
                                    "Saved version 1: first version, with 1 action.",
                                    timeout=TIMEOUT)
    assert dash_duo.find_element("#target-report-written").text.startswith(
        "Version 1, written by edna on ")
    assert "Open two job clubs" in dash_duo.find_element("#target-report-actions").text
    assert "In progress" in dash_duo.find_element("#target-report-actions").text
    dash_duo.find_element("#target-versions summary").click()
    assert "first version, with 1 action" in dash_duo.find_element("#target-versions").text
    (report,) = exceptions.history(accounts, TARGET)
    assert (report.written_by, report.owner) == ("edna", "Oldham Works board")

    dash_duo.find_element(".back-link a").click()
    dash_duo.wait_for_element(CELL, timeout=TIMEOUT)
    wait_until(lambda: dash_duo.find_element(CELL).text == "✓ Current", timeout=TIMEOUT)
    assert dash_duo.find_element(f"{CELL} a").get_attribute("title").startswith(
        "✓ Exception report written by edna on ")
    line = dash_duo.find_element("#scorecard-exceptions").text
    assert line.startswith("Exception reports: ") and "Claimant Count" not in line
    assert console_errors(dash_duo) == []
