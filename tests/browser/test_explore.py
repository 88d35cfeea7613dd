"""Explore pages in real headless Chromium: home, area profile, indicator, compare and
helpful pages for unknown codes. Expected values are read from the bundled CSV files."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pandas as pd
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.common.config import DATA_DIR
from tests.browser.conftest import console_errors, wait_until

TIMEOUT = 20


def published(dataset: str, indicator: str, area: str,
              period: str | None = None) -> tuple[str, float]:
    """(period start, value) as published in data/ons/<dataset>/<dataset>.csv for one
    indicator and area: the latest period unless one is given (e.g. '2023-01-01')."""
    frame = pd.read_csv(DATA_DIR / "ons" / dataset / f"{dataset}.csv", encoding="utf-8-sig",
                        dtype={"areacd": str, "period": str})
    rows = frame[(frame["areacd"] == area) & (frame["indicator"] == indicator)
                 & frame["observation"].notna()].copy()
    rows["start"] = rows["period"].str.split("/").str[0]
    if period is not None:
        rows = rows[rows["start"] == period]
    row = rows.sort_values("start").iloc[-1]
    return row["start"], float(row["observation"])


def choose(dash_duo, dropdown_id: str, text: str, option_text: str) -> None:
    """Pick an option in a Dash 4 dropdown: open it, search, click the option."""
    dash_duo.find_element(f"#{dropdown_id}").click()
    search = dash_duo.wait_for_element(".dash-dropdown-search", timeout=TIMEOUT)
    search.send_keys(text)
    xpath = ("//*[contains(@class, 'dash-dropdown-option')]"
             f"[.//span[normalize-space(text())='{option_text}']]")
    option = WebDriverWait(dash_duo.driver, TIMEOUT, poll_frequency=0.1).until(
        ec.element_to_be_clickable((By.XPATH, xpath)))
    option.click()


def query_of(dash_duo) -> dict[str, list[str]]:
    return parse_qs(urlparse(dash_duo.driver.current_url).query)



def test_home_finds_an_area_and_opens_its_profile(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/")
    dash_duo.wait_for_text_to_equal("h1", "Find an area", timeout=TIMEOUT)
    partnership = dash_duo.find_element("#home-partnership").text
    for name in ("Cumberland", "Westmorland and Furness", "Lancashire", "Oldham", "Wigan",
                 "Kent", "Leeds", "Liverpool City Region", "Cumbria"):
        assert name in partnership
    label = dash_duo.find_element("label[for='home-search']")
    assert label.text == "Area name or code"
    choose(dash_duo, "home-search", "E08000010", "Wigan (Local authority, E08000010)")
    dash_duo.wait_for_text_to_equal("h1", "Wigan", timeout=TIMEOUT)
    assert urlparse(dash_duo.driver.current_url).path == "/area/E08000010"
    assert console_errors(dash_duo) == []


def test_area_profile_shows_the_published_claimant_count(dash_duo, app):
    _, value = published("claimant-count", "Claimant Count", "E08000004")
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/area/E08000004")
    dash_duo.wait_for_text_to_equal("h1", "Oldham", timeout=TIMEOUT)
    row = '.profile-row[data-indicator="claimant-count"]'
    dash_duo.wait_for_text_to_equal(f"{row} .value", f"{value:.1f}%", timeout=TIMEOUT)
    text = dash_duo.find_element(row).text
    assert "Claimant Count" in text
    # a comparison is a word and a shape, with a reason, never colour alone
    badge = dash_duo.find_element(f"{row} .judgement")
    assert badge.text.split()[-1] in ("Better", "Similar", "Worse", "Higher", "Lower")
    assert badge.text.split()[0] in "▲▼●○"
    assert "England" in badge.get_attribute("title")
    spine = dash_duo.find_element(f"{row} .spine")
    assert spine.tag_name == "img"
    assert "English local authorities" in spine.get_attribute("alt")
    headings = [h.text for h in dash_duo.find_elements("h2")]
    assert headings[0] == "Work and worklessness"
    assert console_errors(dash_duo) == []


def test_obsolete_code_says_what_replaced_it(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/area/E10000006")
    dash_duo.wait_for_text_to_equal("h1", "Cumbria", timeout=TIMEOUT)
    notice = dash_duo.find_element("#area-replaced")
    assert "replaced by" in notice.text
    links = {a.text: a.get_attribute("href") for a in notice.find_elements(By.TAG_NAME, "a")}
    assert links["Cumberland (E06000063)"].endswith("/area/E06000063")
    assert links["Westmorland and Furness (E06000064)"].endswith("/area/E06000064")
    assert console_errors(dash_duo) == []


def test_indicator_page_switching_area_updates_charts_table_and_url(dash_duo, app):
    start, wigan = published("employment-rate", "Employment rate", "E08000010")
    _, oldham = published("employment-rate", "Employment rate", "E08000004", start)
    dash_duo.start_server(app)
    dash_duo.wait_for_page(
        url=f"{dash_duo.server_url}/indicator/employment-rate?area=E08000004")
    dash_duo.wait_for_element("#indicator-table", timeout=TIMEOUT)
    table = dash_duo.find_element("#indicator-table")
    assert "Oldham" in table.text and f"{oldham:.1f}%" in table.text
    dash_duo.wait_for_element("#indicator-trend .main-svg", timeout=TIMEOUT)

    choose(dash_duo, "indicator-area", "Wigan", "Wigan (Local authority, E08000010)")
    # The table, the charts and the ranking are each redrawn by their own callback: wait
    # for each to show Wigan (an element read mid-redraw counts as "not yet").
    wait_until(lambda: [th.text for th in dash_duo.find_elements(
        "#indicator-table thead th")][1:2] == ["Wigan"])

    def latest_row() -> list[str]:
        row = dash_duo.find_elements("#indicator-table tbody tr")[0]
        return [row.find_element(By.TAG_NAME, "th").text,
                row.find_elements(By.TAG_NAME, "td")[0].text]
    wait_until(lambda: latest_row() == [start[:4], f"{wigan:.1f}%"])
    wait_until(lambda: dash_duo.find_elements(".chart-title")[0].text.startswith(
        "Employment rate (Great Britain): Wigan, 2004 to"))
    wait_until(lambda: all(name in dash_duo.find_element("#indicator-trend").text
                           for name in ("Wigan", "England")))
    # the highlighted bar's direct label
    wait_until(lambda: f"Wigan: {wigan:.1f}%" in dash_duo.find_element(
        "#indicator-ranking").text)
    wait_until(lambda: query_of(dash_duo).get("area") == ["E08000010"])

    dash_duo.find_element("#indicator-ranking-button").click()
    highlighted = "#indicator-ranking-table .ag-row.highlight"
    dash_duo.wait_for_element(highlighted, timeout=TIMEOUT)
    wait_until(lambda: "Wigan" in dash_duo.find_element(highlighted).text
               and f"{wigan:.1f}%" in dash_duo.find_element(highlighted).text)
    assert dash_duo.find_element("#indicator-ranking-button").text == "Hide the ranking table"
    assert console_errors(dash_duo) == []


def test_a_copied_indicator_url_reopens_the_same_view(dash_duo, app):
    start, wigan = published("employment-rate", "Employment rate", "E08000010")
    _, north_west = published("employment-rate", "Employment rate", "E12000002", start)
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/indicator/employment-rate"
                               "?area=E08000010&compare=E12000002")
    # Each part is filled by its own callback: wait for what a person would see, in turn
    # (reading them as soon as the table element exists failed about 1 run in 5).
    dash_duo.wait_for_text_to_equal("#indicator-area", "Wigan (Local authority, E08000010)",
                                    timeout=TIMEOUT)
    dash_duo.wait_for_contains_text("#indicator-compare", "North West (Region, E12000002)",
                                    timeout=TIMEOUT)
    for value in (f"{wigan:.1f}%", f"{north_west:.1f}%"):
        dash_duo.wait_for_contains_text("#indicator-table", value, timeout=TIMEOUT)
    wait_until(lambda: query_of(dash_duo) == {"area": ["E08000010"],
                                              "compare": ["E12000002"]})
    assert console_errors(dash_duo) == []


def test_compare_matrix_for_the_partnership_areas(dash_duo, app):
    _, oldham = published("claimant-count", "Claimant Count", "E08000004")
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/compare")
    dash_duo.wait_for_element(".matrix", timeout=TIMEOUT)
    rows = dash_duo.find_elements(".matrix tbody tr[data-area]")
    assert {r.get_attribute("data-area") for r in rows} >= {"E08000004", "E08000010",
                                                            "E10000017", "E47000004"}
    cell = dash_duo.find_element(
        '.matrix tr[data-area="E08000004"] td[data-indicator="claimant-count"]')
    assert cell.find_element(By.CLASS_NAME, "cell-value").text == f"{oldham:.1f}%"
    word = cell.find_element(By.CLASS_NAME, "cell-word").text
    assert word.split()[-1] in ("Better", "Similar", "Worse")
    assert word.split()[-1].lower() in cell.get_attribute("class")

    choose(dash_duo, "compare-sort", "Claimant", "Claimant Count")
    dash_duo.find_element("#compare-order input[value='desc']").click()
    wait_until(lambda: query_of(dash_duo).get("order") == ["desc"])
    assert query_of(dash_duo)["sort"] == ["claimant-count"]
    values = [float(c.text.rstrip("%")) for c in dash_duo.find_elements(
        '.matrix tr[data-area] td[data-indicator="claimant-count"] .cell-value')
        if c.text.endswith("%")]
    assert len(values) >= 4 and values == sorted(values, reverse=True)
    assert console_errors(dash_duo) == []


def test_unknown_codes_get_helpful_pages(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/area/E08000099")
    dash_duo.wait_for_text_to_equal("h1", "Area not found", timeout=TIMEOUT)
    suggestions = dash_duo.find_element(".problem-page").text
    assert "Did you mean" in suggestions and "E0800" in suggestions
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/indicator/claimant-cont")
    dash_duo.wait_for_text_to_equal("h1", "Indicator not found", timeout=TIMEOUT)
    assert "Claimant Count" in dash_duo.find_element(".problem-page").text
    assert console_errors(dash_duo) == []


def test_home_search_works_with_the_keyboard_alone(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/")
    dash_duo.wait_for_element("#home-search", timeout=TIMEOUT)
    driver = dash_duo.driver
    for _ in range(40):  # Tab from the top of the page to the search
        driver.switch_to.active_element.send_keys(Keys.TAB)
        if "dash-dropdown" in (driver.switch_to.active_element.get_attribute("class") or ""):
            break
    else:
        raise AssertionError("the area search cannot be reached with Tab")
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait_until(lambda: "dash-dropdown-search" in (
        driver.switch_to.active_element.get_attribute("class") or ""))
    driver.switch_to.active_element.send_keys("Wigan")
    wait_until(lambda: any(option.text.startswith("Wigan") for option in
                           dash_duo.find_elements(".dash-dropdown-option")))
    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    dash_duo.wait_for_text_to_equal("h1", "Wigan", timeout=TIMEOUT)
    assert urlparse(driver.current_url).path == "/area/E08000010"
    assert console_errors(dash_duo) == []
