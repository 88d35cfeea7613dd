"""Choosing the benchmark and confidence level, in real headless Chromium: the area
profile's links, the compare page's radios and the map's radios change the judgement
shown, the words and the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from selenium.webdriver.common.by import By

from tests.browser.conftest import console_errors
from tests.browser.test_explore import TIMEOUT, wait_until

OLDHAM = "E08000004"


def test_profile_benchmark_and_level_links_change_the_judgements(dash_duo, app, store):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/area/{OLDHAM}")
    dash_duo.wait_for_text_to_equal("h1", "Oldham", timeout=TIMEOUT)
    summary = dash_duo.find_element("#area-summary").text
    assert summary.startswith("Compared with England at the 95% level, Oldham has")
    current = dash_duo.find_element("#benchmark-switch [aria-current='true']")
    assert current.text == "England"
    dash_duo.find_element("#benchmark-switch").find_element(By.LINK_TEXT, "Region").click()
    dash_duo.wait_for_contains_text("#area-summary", "Compared with North West",
                                    timeout=TIMEOUT)
    assert parse_qs(urlparse(dash_duo.driver.current_url).query) == {"benchmark": ["region"]}
    dash_duo.find_element("#benchmark-switch").find_element(By.LINK_TEXT, "99.8%").click()
    dash_duo.wait_for_contains_text("#area-summary", "at the 99.8% level", timeout=TIMEOUT)
    # each row shows the stored judgement for that benchmark and level, with its reason
    expected = {r["indicator_id"]: r for r in store.area_profile(OLDHAM, "region", 0.998)}
    row = dash_duo.find_element('.profile-row[data-indicator="employment-rate"]')
    badge = row.find_element(By.CSS_SELECTOR, ".judgement")
    word = {"better": "Better", "similar": "Similar", "worse": "Worse",
            "not_compared": "Not compared"}[expected["employment-rate"]["comparison"]]
    assert badge.text.endswith(word)
    assert badge.get_attribute("title") == expected["employment-rate"]["comparison_reason"]
    assert "99.8% confidence interval" in badge.get_attribute("title")
    dash_duo.find_element("#benchmark-switch").find_element(
        By.LINK_TEXT, "Statistical neighbours").click()
    dash_duo.wait_for_element("#neighbour-list li", timeout=TIMEOUT)
    names = [li.text for li in dash_duo.find_elements("#neighbour-list li")]
    assert len(names) == 15 and all("% similar" in n for n in names)
    assert console_errors(dash_duo) == []


def test_compare_page_benchmark_radio_updates_the_matrix_and_url(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/compare?areas={OLDHAM}"
                               "&indicators=employment-rate")
    dash_duo.wait_for_contains_text("#compare-method", "Compared with England at the 95%",
                                    timeout=TIMEOUT)
    dash_duo.find_element("#compare-benchmark input[value='region']").click()
    dash_duo.wait_for_contains_text("#compare-method", "each area's region", timeout=TIMEOUT)
    wait_until(lambda: "benchmark=region" in dash_duo.driver.current_url)
    cell = dash_duo.find_element(f'tr[data-area="{OLDHAM}"] td.cell')
    assert "North West" in cell.get_attribute("title")
    assert console_errors(dash_duo) == []


def test_map_hover_notes_follow_the_chosen_benchmark(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/map?indicator=employment-rate"
                               "&benchmark=region&confidence=99.8")
    dash_duo.wait_for_element("#map-canvas canvas", timeout=TIMEOUT)
    assert dash_duo.find_element("#map-benchmark input[value='region']").is_selected()
    dash_duo.find_element("#map-table-summary").click()
    dash_duo.wait_for_contains_text("#map-table", "Compared with Region (99.8%)",
                                    timeout=TIMEOUT)
    assert console_errors(dash_duo) == []
