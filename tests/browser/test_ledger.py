"""The data-sharing ledger in a real browser: an Oldham partner views the synthetic
example's indicator page and downloads its CSV from the page's own link; Oldham's data
owner signs in, follows the account page to /ledger, and reads that view and that
download there (with no serious or critical axe-core violations)."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from callbacks.account import ACCOUNT_STATUS
from dashboard.security import ledger
from dashboard.security.duties import set_duties
from tests.browser.conftest import console_errors, wait_until
from tests.browser.test_accessibility import axe_violations, describe
from tests.browser.test_downloads import fetch, links

PASSWORD = "correct horse battery staple"
TIMEOUT = 20
INDICATOR = "synthetic-example-employment-support-starts"


def sign_in(dash_duo, username: str, next_path: str) -> None:
    dash_duo.driver.get(f"{dash_duo.server_url}/login?next={next_path}")
    dash_duo.wait_for_element("#signin-form", timeout=TIMEOUT)
    dash_duo.find_element("#username").send_keys(username)
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#signin-submit").click()
    dash_duo.wait_for_contains_text(f"#{ACCOUNT_STATUS}", username, timeout=TIMEOUT)


def test_the_data_owner_sees_a_partners_view_and_download(dash_duo, app) -> None:
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("owen", PASSWORD, "partner", ["oldham"])
    accounts.add_user("olga", PASSWORD, "partner", ["oldham"])
    set_duties(accounts, "olga", ["data_owner:oldham"])
    dash_duo.start_server(app)

    # Owen, an Oldham partner, opens the indicator page and downloads its CSV.
    sign_in(dash_duo, "owen", f"/indicator/{INDICATOR}")
    dash_duo.wait_for_element("#indicator-downloads", timeout=TIMEOUT)
    (csv_link,) = [link for link in links(dash_duo, "#indicator-downloads")
                   if link["format"] == "csv"]
    assert fetch(dash_duo, csv_link["href"])["status"] == 200
    wait_until(lambda: {e.kind for e in ledger.read_entries(accounts, "olga", "partner")}
               == {"view", "download"}, timeout=TIMEOUT)
    dash_duo.find_element("#account-sign-out").click()
    dash_duo.wait_for_element("#account-sign-in", timeout=TIMEOUT)

    # Olga, Oldham's data owner, finds the ledger from her account page.
    sign_in(dash_duo, "olga", "/account")
    dash_duo.wait_for_element("#account-ledger-link", timeout=TIMEOUT).click()
    dash_duo.wait_for_contains_text("#ledger-summary", "1 view and 1 download by 1 person",
                                    timeout=TIMEOUT)
    rows = dash_duo.driver.find_elements(By.CSS_SELECTOR, "#ledger-table tbody tr")
    cells = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows]
    assert [row[1:4] for row in cells] == [
        ["owen, Partner (oldham)", "SYNTHETIC EXAMPLE: employment support programme starts "
         "(not real data)", "Downloaded"],
        ["owen, Partner (oldham)", "SYNTHETIC EXAMPLE: employment support programme starts "
         "(not real data)", "Viewed"]]
    assert cells[1][4] == f"/indicator/{INDICATOR}"
    assert cells[0][4] == csv_link["href"]
    violations = axe_violations(dash_duo)
    assert violations == [], describe(violations)
    assert console_errors(dash_duo) == []
