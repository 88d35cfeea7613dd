"""A board member reads a target's gap in people and how ambitious it is, then tries a
proposed value from the page (?propose=, nothing saved), in headless Chromium."""

from __future__ import annotations

from dash.testing.wait import until
from selenium.webdriver.common.by import By

from tests.browser.conftest import console_errors
from tests.browser.test_accessibility import axe_violations, describe


def test_gap_ambition_and_a_proposed_value(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/target/oldham/claimant-count")
    dash_duo.wait_for_element("#target-ambition-chart .main-svg", timeout=20)
    gap = dash_duo.find_element("#target-gap").text
    assert ("About 2,400 fewer people aged 16 to 64 who are claiming unemployment-related "
            "benefits would meet the target.") in gap
    assert "mid-2021 population estimate, aged 16 to 64 (ONS), 148,496 people" in gap
    rows = dash_duo.find_elements("#target-gap-neighbourhoods tbody tr")
    assert len(rows) == 5 and rows[0].text.startswith("Oldham 014B (E01005350) Coldhurst")
    ambition = dash_duo.find_element("#target-ambition").text
    assert "12 of 14 statistical neighbours did as well over 2020 to 2025" in ambition
    assert "Needed: -0.30 a year" in ambition
    dash_duo.wait_for_no_elements("._dash-loading", timeout=20)
    violations = axe_violations(dash_duo)
    assert violations == [], describe(violations)

    box = dash_duo.find_element("#target-propose")
    box.send_keys("3.5")
    dash_duo.driver.find_element(By.CSS_SELECTOR, ".propose-form button").click()
    until(lambda: "propose=3.5" in dash_duo.driver.current_url, timeout=10)
    dash_duo.wait_for_contains_text("#target-ambition", "The proposed target of 3.5% by "
                                    "2027 needs a fall of 0.60 percentage points a year",
                                    timeout=20)
    assert "3 of 14 statistical neighbours did as well" in \
        dash_duo.find_element("#target-ambition").text
    assert "nothing has been saved" in dash_duo.find_element("#target-ambition").text
    assert console_errors(dash_duo) == []
