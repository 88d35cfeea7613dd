"""Signing in through the form, the header's account area and the admin page, in a real
browser."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from callbacks.account import ACCOUNT_STATUS
from dashboard.security.access import SYSTEM
from tests.browser.conftest import console_errors

PASSWORD = "correct horse battery staple"
TIMEOUT = 20


def choose(dash_duo, dropdown_id: str, text: str, option_text: str) -> None:
    """Pick an option in a Dash 4 dropdown (its long lists are virtualised): open it,
    search, click the option."""
    dash_duo.find_element(f"#{dropdown_id}").click()
    search = dash_duo.wait_for_element(".dash-dropdown-search", timeout=TIMEOUT)
    search.send_keys(text)
    xpath = ("//*[contains(@class, 'dash-dropdown-option')]"
             f"[.//span[normalize-space(text())='{option_text}']]")
    WebDriverWait(dash_duo.driver, TIMEOUT, poll_frequency=0.1).until(
        ec.element_to_be_clickable((By.XPATH, xpath))).click()


def _sign_in(dash_duo, username: str, next_path: str = "/admin") -> None:
    dash_duo.driver.get(f"{dash_duo.server_url}/login?next={next_path}")
    dash_duo.wait_for_element("#signin-form", timeout=TIMEOUT)
    dash_duo.find_element("#username").send_keys(username)
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#signin-submit").click()


def test_admin_signs_in_and_changes_an_access_level(dash_duo, app, store) -> None:
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("ann", PASSWORD, "admin")
    title = store.for_viewer(SYSTEM).indicator("claimant-count")["title"]
    dash_duo.start_server(app)

    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/data")
    dash_duo.wait_for_contains_text(f"#{ACCOUNT_STATUS}", "Sign in", timeout=TIMEOUT)
    _sign_in(dash_duo, "ann")
    dash_duo.wait_for_contains_text(f"#{ACCOUNT_STATUS}", "Signed in as ann (Administrator)",
                                    timeout=TIMEOUT)
    dash_duo.wait_for_element("#admin-access-table", timeout=TIMEOUT)
    assert dash_duo.driver.current_url.endswith("/admin")
    dash_duo.wait_for_contains_text('[data-key="indicator:claimant-count"]',
                                    "Public: anyone can see it", timeout=TIMEOUT)

    choose(dash_duo, "admin-key", "claimant-count", f"{title} (claimant-count)")
    # Choosing one starts the edit from its current level.
    WebDriverWait(dash_duo.driver, TIMEOUT, poll_frequency=0.1).until(
        lambda driver: driver.find_element(By.ID, "admin-level").get_attribute("value")
        == "public")
    level = dash_duo.find_element("#admin-level")
    dash_duo.clear_input(level)
    level.send_keys("partners:leeds")
    dash_duo.find_element("#admin-submit").click()
    dash_duo.wait_for_contains_text(
        "#admin-message", "The indicator claimant-count is now partners:leeds", timeout=TIMEOUT)
    dash_duo.wait_for_contains_text('[data-key="indicator:claimant-count"]',
                                    "Partners only: members of leeds", timeout=TIMEOUT)
    dash_duo.wait_for_contains_text("#admin-audit-table", "indicator:claimant-count",
                                    timeout=TIMEOUT)
    newest = dash_duo.find_elements("#admin-audit-table .audit-row")[0]
    assert newest.get_attribute("data-action") == "access_change"
    assert "ann" in newest.text and "from: none; to: partners:leeds" in newest.text
    assert accounts.access_overrides()[1] == {("indicator", "claimant-count"): "partners:leeds"}

    # Filtering the log by action shows only that action.
    dash_duo.select_dcc_dropdown("#admin-audit-action", "login")
    dash_duo.wait_for_text_to_equal("#admin-audit-table tbody tr:first-child td:nth-child(3)",
                                    "login", timeout=TIMEOUT)
    actions = {r.get_attribute("data-action")
               for r in dash_duo.find_elements("#admin-audit-table .audit-row")}
    assert actions == {"login"}

    # Signing out from the header returns to the public view.
    dash_duo.find_element("#account-sign-out").click()
    dash_duo.wait_for_contains_text(f"#{ACCOUNT_STATUS}", "Sign in", timeout=TIMEOUT)
    assert accounts.audit_log(action="logout")["actor"].tolist() == ["ann"]
    assert console_errors(dash_duo) == []


def test_a_partner_gets_the_refusal_page(dash_duo, app) -> None:
    app.server.extensions["placeboard"]["accounts"].add_user("pat", PASSWORD, "partner",
                                                             ["leeds"])
    dash_duo.start_server(app)
    _sign_in(dash_duo, "pat")
    dash_duo.wait_for_contains_text(f"#{ACCOUNT_STATUS}", "Signed in as pat (Partner)",
                                    timeout=TIMEOUT)
    dash_duo.wait_for_text_to_equal("#admin-refused h1",
                                    "You need to sign in as an administrator", timeout=TIMEOUT)
    refusal = dash_duo.find_element("#admin-refused").text
    assert "You are signed in as pat (Partner)" in refusal
    link = dash_duo.find_element("#admin-sign-in")
    assert link.get_attribute("href").endswith("/login?next=%2Fadmin")
    assert not dash_duo.driver.find_elements(By.CSS_SELECTOR, "#admin-access-table")
    assert not dash_duo.driver.find_elements(By.CSS_SELECTOR, "#admin-audit-table")
    assert console_errors(dash_duo) == []


def test_wrong_password_in_the_browser(dash_duo, app) -> None:
    app.server.extensions["placeboard"]["accounts"].add_user("ann", PASSWORD, "admin")
    dash_duo.start_server(app)
    dash_duo.driver.get(f"{dash_duo.server_url}/login")
    dash_duo.wait_for_element("#signin-form", timeout=TIMEOUT)
    dash_duo.find_element("#username").send_keys("ann")
    dash_duo.find_element("#password").send_keys("not the password")
    dash_duo.find_element("#signin-submit").click()
    dash_duo.wait_for_text_to_equal("#signin-error", "The username or password is not right",
                                    timeout=TIMEOUT)
    assert dash_duo.find_element("#username").get_attribute("value") == "ann"
    assert dash_duo.find_element("#password").get_attribute("value") == ""
    assert console_errors(dash_duo) == []
