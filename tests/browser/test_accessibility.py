"""Accessibility in real headless Chromium: axe-core (from the npm registry, installed by
`make test` into tests/browser/a11y) finds no serious or critical WCAG 2.x A/AA
violations, the public view works with the keyboard alone, and a map's values can be
reached with the keyboard (its table, and area by area on the canvas)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import console_errors

AXE = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CLAIMANT_CSV = Path(__file__).resolve().parents[2] / "data" / "ons" / "claimant-count" / \
    "claimant-count.csv"


def axe_violations(dash_duo, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the current page; the serious and critical violations."""
    assert AXE.exists(), f"{AXE} is missing: run `make test` (it installs axe-core with npm)"
    driver = dash_duo.driver
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        "  .then(r => done(JSON.stringify(r.violations)))"
        "  .catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical',"
        "                                    help: String(e), nodes: []}])));",
        WCAG_TAGS)
    violations = json.loads(result)
    return [v for v in violations if v.get("impact") in impacts]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at "
                     + "; ".join(n.get("target", [""])[0] if n.get("target") else ""
                                 for n in v.get("nodes", [])[:5])
                     for v in violations)


def latest_claimant_count(code: str) -> str:
    with CLAIMANT_CSV.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["areacd"] == code and r["observation"]]
    latest = max(rows, key=lambda r: r["period"])
    return f"{float(latest['observation']):.1f}%"


@pytest.mark.parametrize("path, ready", [
    ("/", "#main h1"),
    ("/public", "#main h1"),
    ("/public/area/E08000004", "#main h1"),
    ("/area/E08000004?benchmark=neighbours&level=99.8", "#neighbour-list"),
    ("/worsening?area=E08000004", "#main h1"),
    # Multi-selects whose chosen values overflow: the button is named by what shows.
    ("/compare", "#compare-matrix table"),
    ("/map", "#map-canvas.pb-map--ready"),
    # Breakdowns: a superseded area's note, dot-and-whisker charts and their tables.
    ("/indicator/fingertips-93356?area=E10000009&period=2016", "#indicator-breakdowns table"),
])
def test_no_serious_or_critical_axe_violations(dash_duo, app, path, ready):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}{path}")
    dash_duo.wait_for_element(ready, timeout=20)
    dash_duo.wait_for_no_elements("._dash-loading", timeout=20)
    violations = axe_violations(dash_duo)
    assert violations == [], describe(violations)
    assert console_errors(dash_duo) == []


def test_keyboard_only_resident_finds_an_area_and_reads_the_headline(dash_duo, app):
    """Tab to the search, type, Tab to the first result, press Enter, read the headline."""
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public")
    dash_duo.wait_for_element("#main h1", timeout=20)
    driver = dash_duo.driver
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # the skip link comes first
    for _ in range(60):
        active = driver.switch_to.active_element
        if active.tag_name == "input" and active.get_attribute("type") in ("search", "text"):
            break
        active.send_keys(Keys.TAB)
    else:
        pytest.fail("the area search could not be reached with the Tab key")
    active.send_keys("Oldham")
    dash_duo.wait_for_element(".result-link", timeout=20)  # results as you type
    active.send_keys(Keys.TAB)  # the Search button, then the first result
    driver.switch_to.active_element.send_keys(Keys.TAB)
    link = driver.switch_to.active_element
    assert link.tag_name == "a" and "Oldham" in link.text, link.text
    link.send_keys(Keys.ENTER)
    expected = latest_claimant_count("E08000004")
    dash_duo.wait_for_contains_text("#main", expected, timeout=20)
    assert "/public/area/E08000004" in driver.current_url
    assert "Oldham" in driver.find_element(By.CSS_SELECTOR, "#main h1").text
    assert console_errors(dash_duo) == []


def tab_until(dash_duo, wanted, limit: int = 150):
    """Press Tab from the top of the page until `wanted(active element)`; that element."""
    driver = dash_duo.driver
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    for _ in range(limit):
        active = driver.switch_to.active_element
        if wanted(active):
            return active
        active.send_keys(Keys.TAB)
    pytest.fail("the element could not be reached with the Tab key")


def wait_for(dash_duo, script: str, *args, timeout: float = 20):
    """The first truthy result of a script, polled."""
    return WebDriverWait(dash_duo.driver, timeout, poll_frequency=0.1).until(
        lambda driver: driver.execute_script(script, *args))


def test_a_maps_values_can_be_reached_with_the_keyboard(dash_duo, app):
    """The visible "Table of the mapped data" link opens the table and moves focus into
    it; on the canvas the arrow keys step from area to area and the live region reads
    the same name, value and comparison the table gives; Enter opens the area."""
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/map")
    dash_duo.wait_for_element("#map-canvas.pb-map--ready", timeout=30)
    driver = dash_duo.driver

    link = tab_until(dash_duo, lambda e: e.get_attribute("id") == "map-canvas-table-link")
    assert link.text == "Table of the mapped data" and link.is_displayed()
    link.send_keys(Keys.ENTER)
    wait_for(dash_duo, "return document.getElementById('map-table-details').open")
    assert driver.switch_to.active_element.get_attribute("id") == "map-table-summary"
    table = wait_for(dash_duo, """
        var rows = document.querySelectorAll('#map-table tbody tr');
        if (rows.length < 290) return null;
        var out = {};
        rows.forEach(function (r) {
          var c = r.querySelectorAll('td');
          out[c[1].textContent] = [c[0].textContent, c[2].textContent, c[3].textContent];
        });
        return {rows: out, first: rows[0].querySelector('td').textContent};""")
    rows = table["rows"]
    driver.switch_to.active_element.send_keys(Keys.TAB)  # into the table: its first area
    first = driver.switch_to.active_element
    assert first.tag_name == "a" and first.text == table["first"]
    assert driver.execute_script("return document.getElementById('map-table')"
                                 ".contains(document.activeElement)")

    # The canvas is the next stop after the link; the arrow keys move between areas.
    dash_duo.find_element("#map-canvas-table-link").send_keys(Keys.TAB)
    canvas = driver.switch_to.active_element
    assert "pb-map-canvas" in canvas.get_attribute("class")
    assert canvas.get_attribute("role") == "application"
    visited = []
    for key in (Keys.ARROW_RIGHT, Keys.ARROW_DOWN, Keys.ARROW_LEFT):
        canvas.send_keys(key)
        code = wait_for(dash_duo, "var c = document.getElementById('map-canvas')"
                        ".getAttribute('data-focus-code');"
                        "return c && c !== arguments[0] ? c : null;",
                        visited[-1] if visited else "")
        name, value, comparison = rows[code]
        spoken = wait_for(dash_duo, "var t = document.querySelector('#map-canvas .pb-map-live')"
                          ".textContent; return t.indexOf(arguments[0]) >= 0 ? t : null;",
                          name)
        assert value in spoken and comparison in spoken, (spoken, rows[code])
        assert "Press Enter to open its profile" in spoken
        visited.append(code)  # every key moved to another area (the wait asks for one)

    canvas.send_keys(Keys.ENTER)
    WebDriverWait(driver, 20, poll_frequency=0.1).until(lambda d: f"/area/{visited[-1]}" in d.current_url)
    dash_duo.wait_for_contains_text("#main h1", rows[visited[-1]][0], timeout=20)
    assert console_errors(dash_duo) == []
