"""Oldham's resident page on a 390 x 844 phone (issue 18): the headline numbers, as the
store has them, are within the first screen under a compact header whose menu works
from the keyboard; the sections below are folded, so the page is a few screens, not
thirteen; axe-core finds no serious or critical violation, with every section open."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.security.access import PUBLIC
from layouts import public_area
from tests.browser.conftest import console_errors, wait_until
from tests.browser.test_accessibility import axe_violations, describe
from tests.browser.test_public import claimant_count

OLDHAM = "E08000004"
WIDTH, HEIGHT = 390, 844
TIMEOUT = 20

GLANCE = """
return [...document.querySelectorAll('#public-area-glance .glance-item')].map(item => {
  const value = item.querySelector('.glance-value').getBoundingClientRect();
  return {indicator: item.dataset.indicator,
          value: item.querySelector('.glance-value').textContent,
          top: value.top, bottom: value.bottom, right: value.right};
});
"""


def test_oldham_on_a_phone_shows_its_numbers_first(dash_duo, app, store):
    area = public_area.page_area(store.for_viewer(PUBLIC), OLDHAM)
    _metas, _values, records = public_area.page_values(store.for_viewer(PUBLIC), area)
    expected = [(r["indicator_id"], r["value_text"]) for r in records
                if r["state"] != "missing"]
    year, published, _, _ = claimant_count(OLDHAM)
    assert ("claimant-count", f"{published:.1f}%") in expected  # the source file's figure

    dash_duo.start_server(app)
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True})
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public/area/{OLDHAM}")
    dash_duo.wait_for_element("#public-area-glance .glance-value", timeout=TIMEOUT)
    dash_duo.wait_for_no_elements("._dash-loading", timeout=TIMEOUT)
    driver = dash_duo.driver
    assert driver.execute_script("return window.innerHeight") == HEIGHT

    seen = driver.execute_script(GLANCE)
    assert [(s["indicator"], s["value"]) for s in seen] == expected
    assert len(expected) >= 6
    for number in seen:  # every headline number on the first screen, none cut off
        assert 0 <= number["top"] and number["bottom"] <= HEIGHT, number
        assert number["right"] <= WIDTH, number
    claimant = dash_duo.find_element(".glance-item[data-indicator='claimant-count']")
    assert claimant.text.splitlines()[:3] == [
        "Claiming unemployment-related benefits", f"{published:.1f}%", f"in {year}"]
    tag = claimant.find_element(By.CSS_SELECTOR, ".glance-tag")
    # a shape and a word on screen ("than England" is the list's heading), read in full
    assert " ".join(tag.get_attribute("textContent").split()) == "▼ Worse than England"
    assert dash_duo.find_element("#public-area-glance-title").text == \
        "Oldham compared with England"

    # a compact header, and the page a few screens long with its sections folded
    assert dash_duo.find_element(".site-header").size["height"] <= 64
    assert not dash_duo.find_element("#main-nav").is_displayed()
    folds = dash_duo.find_elements("details.public-fold")
    assert len(folds) >= 5 and not any(f.get_attribute("open") for f in folds)
    assert driver.execute_script("return document.documentElement.scrollHeight") \
        <= 4 * HEIGHT
    assert driver.execute_script("return document.documentElement.scrollWidth") <= WIDTH

    # the keyboard: the skip link first, then the brand, then Menu, which opens the menu
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("id") == "skip-link"
    driver.switch_to.active_element.send_keys(Keys.TAB)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    button = driver.switch_to.active_element
    assert button.get_attribute("id") == "site-menu-button" and button.text == "Menu"
    assert button.get_attribute("aria-expanded") == "false"
    button.send_keys(Keys.ENTER)
    wait_until(lambda: button.get_attribute("aria-expanded") == "true")
    assert dash_duo.find_element("#main-nav").is_displayed()
    button.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.text == "Home"
    button.send_keys(Keys.SPACE)  # and closes it again
    wait_until(lambda: button.get_attribute("aria-expanded") == "false")
    assert not dash_duo.find_element("#main-nav").is_displayed()

    for fold in folds:  # every section open, so axe sees all of the page
        fold.find_element(By.TAG_NAME, "summary").click()
    wait_until(lambda: all(f.get_attribute("open") is not None for f in folds))
    violations = axe_violations(dash_duo)
    assert violations == [], describe(violations)
    assert console_errors(dash_duo) == []
