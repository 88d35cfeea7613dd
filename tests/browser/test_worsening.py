"""The "worse and getting worse" finder (/worsening) in real headless Chromium: both views,
the benchmark, level and area-type switches (links that change the address and the
result), helpful pages for bad addresses, and a phone-width layout.

Most tests use a copy of the built store in which one of Oldham's indicators that is
significantly worse than England is marked getting worse, so there is always something
to find whatever a build's data holds; one test reads the real store as built."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest
from selenium.webdriver.common.by import By

from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.views import finder
from dashboard.views.finder import AREA
from tests.browser.conftest import console_errors, wait_until

TIMEOUT = 20
OLDHAM = "E08000004"
TABLE_ROW = "#worsening-table tbody tr.finder-row"


@pytest.fixture(scope="module")
def patched(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A store copy where Oldham's first worse indicator (England, 95%) is getting worse."""
    path = tmp_path_factory.mktemp("finder") / "patched.duckdb"
    shutil.copy(built_store_path, path)
    with duckdb.connect(str(path)) as connection:
        indicator_id, period, title = connection.execute(
            "SELECT j.indicator_id, j.period_start, i.title FROM judgements j "
            "JOIN indicators i USING (indicator_id) WHERE j.area_code = ? AND j.is_latest "
            "AND j.benchmark = 'england' AND (j.level = 0.95 OR j.level IS NULL) "
            "AND j.result = 'worse' "
            "AND i.access_level = 'public' AND j.indicator_id NOT LIKE 'iod%' "
            "ORDER BY j.indicator_id LIMIT 1", [OLDHAM]).fetchone()
        connection.execute("UPDATE trends SET trend = 'getting_worse', reason = 'Getting "
                           "worse: marked for this test.' WHERE indicator_id = ? AND "
                           "area_code = ? AND period_start = ?", [indicator_id, OLDHAM, period])
    return {"path": path, "indicator_id": indicator_id, "title": title}


@pytest.fixture()
def patched_app(settings, patched):
    settings = dataclasses.replace(settings, store_path=patched["path"])
    return create_app(settings, store=Store(patched["path"], make_cache()))



def query_of(dash_duo) -> dict[str, list[str]]:
    return parse_qs(urlparse(dash_duo.driver.current_url).query)


def words(element) -> str:
    """An element's text with line breaks and runs of spaces as single spaces (a badge is
    a flex box, so its glyph and word come back on separate lines)."""
    return " ".join(element.text.split())


def summary(dash_duo) -> str:
    return dash_duo.find_element("#worsening-summary").text


def expected_area_sentence(path: Path, code: str, name: str, benchmark: str,
                           level: str, words: str | None = None) -> str:
    """What the summary should say, from the store through the pure helpers."""
    store = Store(path, make_cache())
    rows = finder.finder_rows(store.judged_indicators(
        code, benchmark, finder.parse_query(area=code, level=level).level_value), AREA)
    words = words or finder.benchmark_words(benchmark, AREA, finder.first_name(rows))
    return finder.area_sentence(finder.count_rows(rows), name, words)


def test_area_view_lists_the_indicator_with_words_and_reasons(dash_duo, patched_app,
                                                              patched):
    dash_duo.start_server(patched_app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/worsening?area={OLDHAM}")
    dash_duo.wait_for_text_to_equal("h1", "Oldham: worse and getting worse", timeout=TIMEOUT)
    table = dash_duo.find_element("#worsening-table")
    assert table.find_element(By.TAG_NAME, "caption").text.startswith(
        "Indicators where Oldham is significantly worse than England (95% level)")
    assert [th.get_attribute("scope") for th in table.find_elements(
        By.CSS_SELECTOR, "thead th")] == ["col"] * 6
    row = dash_duo.find_element(f'{TABLE_ROW}[data-key="{patched["indicator_id"]}"]')
    header = row.find_element(By.CSS_SELECTOR, "th[scope='row'] a")
    assert header.text == patched["title"]
    assert urlparse(header.get_attribute("href")).path == \
        f"/indicator/{patched['indicator_id']}"
    badge = row.find_element(By.CSS_SELECTOR, ".judgement")
    assert words(badge) == "▼ Worse" and "worse" in badge.get_attribute("class").split()
    assert "Getting worse" in row.find_element(By.CSS_SELECTOR, ".trend").text
    assert "Getting worse: marked for this test." in row.text
    assert "Worse than England" in row.text  # the stored comparison reason
    assert summary(dash_duo) == expected_area_sentence(patched["path"], OLDHAM, "Oldham",
                                                       "england", "95")
    assert "getting worse on 1" in summary(dash_duo)
    wait_until(lambda: dash_duo.driver.title == "Oldham: worse and getting worse - Placeboard")
    assert console_errors(dash_duo) == []


def test_the_switch_links_change_the_address_and_the_result(dash_duo, patched_app, patched):
    dash_duo.start_server(patched_app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/worsening?area={OLDHAM}")
    dash_duo.wait_for_element(TABLE_ROW, timeout=TIMEOUT)
    dash_duo.find_element("#worsening-switch").find_element(By.LINK_TEXT, "Region").click()
    wait_until(lambda: query_of(dash_duo) == {"area": [OLDHAM], "benchmark": ["region"]})
    dash_duo.wait_for_element('#worsening-page[data-benchmark="region"]', timeout=TIMEOUT)
    assert "than North West" in summary(dash_duo)
    assert summary(dash_duo) == expected_area_sentence(patched["path"], OLDHAM, "Oldham",
                                                       "region", "95")
    current = dash_duo.find_element("#worsening-switch [aria-current='true']")
    assert current.text == "Region"

    dash_duo.find_element("#worsening-switch").find_element(By.LINK_TEXT, "99.8%").click()
    wait_until(lambda: query_of(dash_duo) == {"area": [OLDHAM], "benchmark": ["region"],
                                              "level": ["99.8"]})
    dash_duo.wait_for_element('#worsening-page[data-level="99.8"]', timeout=TIMEOUT)
    assert summary(dash_duo) == expected_area_sentence(patched["path"], OLDHAM, "Oldham",
                                                       "region", "99.8")
    assert "at the 99.8% level" in dash_duo.find_element("#worsening-coverage").text

    dash_duo.find_element("#worsening-switch").find_element(By.LINK_TEXT, "England").click()
    wait_until(lambda: query_of(dash_duo) == {"area": [OLDHAM], "level": ["99.8"]})
    dash_duo.wait_for_element('#worsening-page[data-benchmark="england"]', timeout=TIMEOUT)
    assert summary(dash_duo) == expected_area_sentence(patched["path"], OLDHAM, "Oldham",
                                                       "england", "99.8")
    assert console_errors(dash_duo) == []


def test_indicator_view_lists_the_area_and_switches_to_counties(dash_duo, patched_app,
                                                                patched):
    indicator_id, title = patched["indicator_id"], patched["title"]
    dash_duo.start_server(patched_app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/worsening?indicator={indicator_id}")
    dash_duo.wait_for_text_to_equal("h1", f"{title}: areas worse and getting worse",
                                    timeout=TIMEOUT)
    row = dash_duo.find_element(f'{TABLE_ROW}[data-key="{OLDHAM}"]')
    link = row.find_element(By.CSS_SELECTOR, "th[scope='row'] a")
    assert link.text == "Oldham" and urlparse(link.get_attribute("href")).path == \
        f"/area/{OLDHAM}"
    assert "▼ Worse" in words(row) and "Getting worse" in words(row)
    assert summary(dash_duo).startswith(f"On {title}, ")
    assert "local authorit" in summary(dash_duo)
    wait_until(lambda: dash_duo.driver.title ==
               f"{title}: areas worse and getting worse - Placeboard")

    dash_duo.find_element("#worsening-type").find_element(By.LINK_TEXT, "Counties").click()
    wait_until(lambda: query_of(dash_duo) == {"indicator": [indicator_id],
                                              "type": ["county"]})
    wait_until(lambda: "counties" in summary(dash_duo))
    assert not dash_duo.driver.find_elements(By.CSS_SELECTOR,
                                             f'{TABLE_ROW}[data-key="{OLDHAM}"]')
    assert console_errors(dash_duo) == []


def test_the_real_store_finds_what_its_tables_say(dash_duo, app, built_store_path):
    """Without patching: the first row the build itself judges worse and getting worse."""
    with duckdb.connect(str(built_store_path), read_only=True) as connection:
        row = connection.execute(
            "SELECT j.area_code, a.area_name, j.benchmark, j.level, j.indicator_id "
            "FROM judgements j JOIN trends t ON t.indicator_id = j.indicator_id "
            "AND t.area_code = j.area_code AND t.period_start = j.period_start "
            "JOIN areas a ON a.area_code = j.area_code "
            "JOIN indicators i ON i.indicator_id = j.indicator_id "
            "WHERE j.is_latest AND j.result = 'worse' AND t.trend = 'getting_worse' "
            "AND i.access_level = 'public' AND a.area_type IN ('lad', 'county') "
            "ORDER BY j.area_code, j.indicator_id, j.benchmark, j.level LIMIT 1").fetchone()
    if row is None:
        pytest.skip("nothing in this build is both worse and getting worse")
    code, name, benchmark, level, indicator_id = row
    level_text = "95" if level == 0.95 else "99.8"
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}"
                               f"{finder.href(area=code, benchmark=benchmark, level=level_text)}")
    dash_duo.wait_for_text_to_equal("h1", f"{name}: worse and getting worse", timeout=TIMEOUT)
    found = dash_duo.find_element(f'{TABLE_ROW}[data-key="{indicator_id}"]')
    assert "▼ Worse" in words(found) and "Getting worse" in words(found)
    assert console_errors(dash_duo) == []


@pytest.mark.parametrize("address, heading, words", [
    ("/worsening?area=E08000099", "Area not found", "E0800"),
    ("/worsening?indicator=claimant-cont", "Indicator not found", "Claimant Count"),
    (f"/worsening?area={OLDHAM}&benchmark=wales", "This address is not quite right",
     "“wales” is not a benchmark"),
    (f"/worsening?area={OLDHAM}&level=90", "This address is not quite right",
     "“90” is not a confidence level"),
    ("/worsening?indicator=synthetic-example-employment-support-starts",
     "Indicator not found", "Every indicator is listed on the Data page"),
])
def test_a_bad_address_gets_a_helpful_page(dash_duo, app, address, heading, words):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}{address}")
    dash_duo.wait_for_text_to_equal("h1", heading, timeout=TIMEOUT)
    problem = dash_duo.find_element(".problem-page")
    assert words in problem.text
    assert problem.find_elements(By.TAG_NAME, "a")  # somewhere to go next
    assert console_errors(dash_duo) == []


def test_the_table_stacks_at_320_pixels(dash_duo, patched_app, patched):
    dash_duo.start_server(patched_app)
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/worsening?area={OLDHAM}")
    row = dash_duo.wait_for_element(TABLE_ROW, timeout=TIMEOUT)
    assert dash_duo.driver.execute_script(
        "return document.documentElement.clientWidth") == 320
    wait_until(lambda: dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth") <= 320)
    assert row.size["width"] <= 320
    value = row.find_element(By.CSS_SELECTOR, "td.value")
    label = dash_duo.driver.execute_script(
        "return getComputedStyle(arguments[0], '::before').content", value)
    assert label == '"Oldham: "'
    assert console_errors(dash_duo) == []


def test_the_start_page_says_where_a_trend_can_be_found(dash_duo, app, store):
    coverage = finder.coverage_rows(store.trend_coverage())
    with_trend = [r for r in coverage if r["n_trends"]]
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/worsening")
    dash_duo.wait_for_text_to_equal("h1", "Worse and getting worse", timeout=TIMEOUT)
    assert summary(dash_duo).startswith(
        f"The recent trend can be calculated for {len(with_trend)} of the {len(coverage)} "
        "indicators")
    dash_duo.find_element("#main").find_element(By.LINK_TEXT, "Oldham").click()
    dash_duo.wait_for_text_to_equal("h1", "Oldham: worse and getting worse", timeout=TIMEOUT)
    assert query_of(dash_duo) == {"area": [OLDHAM]}
    assert console_errors(dash_duo) == []
