"""A signed-in partner in a real browser selects three Oldham neighbourhoods in the
worklessness explorer, saves them as a custom area, and opens its address: the page shows
the sum of their employment-deprived counts over their Census 2021 residents aged 16 to
64 (930 of 3,296, 28.2%, by hand in tests/store/test_custom_areas_store.py), and axe-core
finds no serious or critical violation on it."""

from __future__ import annotations

from tests.browser.conftest import console_errors, wait_until
from tests.browser.test_accessibility import axe_violations, describe
from tests.signing import PASSWORD, browser_sign_in

THREE = ["E01005321", "E01005323", "E01005325"]
TIMEOUT = 30


def test_saving_the_explorers_selection_and_opening_its_address(dash_duo, app) -> None:
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("olive", PASSWORD, "partner", ["oldham"])
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1400, 1100)
    browser_sign_in(dash_duo, "olive", "/worklessness?area=E08000004")
    dash_duo.wait_for_element("#wk-grid .ag-row", timeout=TIMEOUT)
    dash_duo.driver.execute_script(
        "var codes = arguments[0];"
        "dash_ag_grid.getApi('wk-grid').forEachNode(function (node) {"
        "  if (codes.indexOf(node.data.area_code) >= 0) { node.setSelected(true); } });",
        THREE)
    dash_duo.wait_for_contains_text("#wk-selection-text", "3 neighbourhoods selected",
                                    timeout=TIMEOUT)
    dash_duo.find_element("#wk-save-name").send_keys("Hathershaw and Fitton Hill")
    dash_duo.find_element("#wk-save").click()
    dash_duo.wait_for_element("#custom-saved-link", timeout=TIMEOUT)
    href = dash_duo.find_element("#custom-saved-link").get_attribute("href")
    assert "/area/custom/" in href
    dash_duo.driver.get(href)
    dash_duo.wait_for_element("#custom-figures", timeout=TIMEOUT)
    row = "#custom-figures tr[data-indicator='iod-employment-score']"
    wait_until(lambda: "930 of 3,296" in dash_duo.find_element(row).text, timeout=TIMEOUT)
    text = dash_duo.find_element(row).text
    assert "28.2%" in text and "Census 2021 usual residents aged 16 to 64" in text
    assert dash_duo.find_element("h1").text == "Hathershaw and Fitton Hill"
    violations = axe_violations(dash_duo)
    assert violations == [], describe(violations)
    assert console_errors(dash_duo) == []
