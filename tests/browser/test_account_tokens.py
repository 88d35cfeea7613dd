"""The account page in a real browser: from the header to /account, make an API token,
copy its secret (shown once), revoke it; with the keyboard, and no serious or critical
axe-core violations."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from callbacks.account import ACCOUNT_STATUS
from dashboard.security import tokens
from tests.browser.conftest import console_errors, wait_until
from tests.browser.test_accessibility import axe_violations, describe

PASSWORD = "correct horse battery staple"
TIMEOUT = 20


def test_a_partner_makes_and_revokes_a_token(dash_duo, app) -> None:
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])
    dash_duo.start_server(app)
    dash_duo.driver.get(f"{dash_duo.server_url}/login?next=/data")
    dash_duo.wait_for_element("#signin-form", timeout=TIMEOUT)
    dash_duo.find_element("#username").send_keys("pat")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#signin-submit").click()
    dash_duo.wait_for_contains_text(f"#{ACCOUNT_STATUS}", "Your account", timeout=TIMEOUT)
    dash_duo.find_element("#account-page-link").click()
    dash_duo.wait_for_text_to_equal("#account-tokens-empty", "You have no API tokens yet.",
                                    timeout=TIMEOUT)

    # Type a label and press Enter: the token is made and its secret shown, once.
    label = dash_duo.find_element("#account-token-label")
    label.send_keys("nightly report")
    label.send_keys(Keys.ENTER)
    dash_duo.wait_for_element("#account-token-secret", timeout=TIMEOUT)
    secret = dash_duo.find_element("#account-token-secret").text
    (made,) = tokens.list_tokens(accounts, "pat")
    assert tokens.resolve_token(accounts, secret)[1].id == made.id
    result = dash_duo.find_element("#account-token-result").text
    assert "Copy it now: it will not be shown again." in result
    assert f'curl -H "Authorization: Bearer {secret}"' in result
    dash_duo.wait_for_contains_text(f'[data-token="{made.id}"]', "nightly report",
                                    timeout=TIMEOUT)
    violations = axe_violations(dash_duo)
    assert violations == [], describe(violations)

    # Revoke it with the keyboard.
    button = dash_duo.find_element(f'[data-token="{made.id}"] button')
    assert button.get_attribute("aria-label") == "Revoke the token nightly report"
    button.send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text("#account-token-message", "is revoked", timeout=TIMEOUT)
    dash_duo.wait_for_contains_text(f'[data-token="{made.id}"]', "Revoked", timeout=TIMEOUT)
    wait_until(lambda: tokens.resolve_token(accounts, secret) is None, timeout=TIMEOUT)
    assert not dash_duo.driver.find_elements(By.CSS_SELECTOR,
                                             f'[data-token="{made.id}"] button')

    # Back on the page later, the secret is nowhere.
    dash_duo.driver.get(f"{dash_duo.server_url}/account")
    dash_duo.wait_for_contains_text(f'[data-token="{made.id}"]', "Revoked", timeout=TIMEOUT)
    assert secret not in dash_duo.driver.page_source
    assert console_errors(dash_duo) == []
