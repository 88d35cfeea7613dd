"""The scorecard on a board member's laptop (issue 17): at 1366 x 768 every partnership's
grid shows status, latest, target, direction of travel, the sparkline and the England
comparison without scrolling sideways, under the same headers in the same order; at
320 px the page itself still does not scroll sideways (the grid scrolls within itself)."""

from __future__ import annotations

from dashboard.security.access import SYSTEM
from tests.browser.conftest import console_errors, wait_until
from tests.signing import PASSWORD, browser_sign_in

TIMEOUT = 20
ROWS = "#scorecard-grid .ag-center-cols-container .ag-row"
# Wigan's scorecard is shared with its partners only: a Wigan partner reads all four.
PARTNERSHIPS = ("oldham", "kent", "liverpool-city-region", "wigan")
HEADERS = ["Indicator", "Status", "Why", "Latest", "Target", "Direction of travel",
           "Recent values", "vs England", "Exception report"]

MEASURE = """
const grid = document.getElementById('scorecard-grid');
const viewport = grid.querySelector('.ag-center-cols-viewport');
const box = grid.parentElement.getBoundingClientRect();
const cells = [...grid.querySelectorAll('.ag-header-cell, .ag-cell')];
return {
  headers: [...grid.querySelectorAll('.ag-header-cell')]
    .sort((a, b) => a.getBoundingClientRect().left - b.getBoundingClientRect().left)
    .map(cell => cell.querySelector('.ag-header-cell-text').textContent.trim()),
  widths: [...grid.querySelectorAll('.ag-header-cell')].map(c => [c.getAttribute('col-id'), Math.round(c.getBoundingClientRect().width)]),
  gridScroll: grid.scrollWidth, containerWidth: grid.parentElement.clientWidth,
  viewportScroll: viewport.scrollWidth, viewportWidth: viewport.clientWidth,
  pageScroll: document.documentElement.scrollWidth, windowWidth: window.innerWidth,
  outside: cells.filter(cell => cell.getBoundingClientRect().right > box.right + 0.5)
    .map(cell => cell.getAttribute('col-id')),
  sparklines: [...grid.querySelectorAll("[col-id='trend'] img")]
    .filter(img => img.complete && img.naturalWidth > 0).length,
};
"""


def open_scorecard(dash_duo, partnership: str, n_rows: int) -> dict:
    """Open a scorecard and measure its grid once every row and sparkline is drawn and
    the columns have settled."""
    dash_duo.driver.get(f"{dash_duo.server_url}/scorecard/{partnership}")
    dash_duo.wait_for_element(ROWS, timeout=TIMEOUT)
    wait_until(lambda: len(dash_duo.find_elements(ROWS)) == n_rows, timeout=TIMEOUT)
    seen: list[dict] = [{}]

    def settled() -> bool:  # every sparkline drawn and nothing moved since the last look
        now = dash_duo.driver.execute_script(MEASURE)
        still = now == seen[-1] and now["sparklines"] == n_rows
        seen.append(now)
        return still

    wait_until(settled, timeout=TIMEOUT)
    return seen[-1]


def test_the_scorecard_fits_a_1366_screen_in_one_column_order(dash_duo, app, store):
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("wyn", PASSWORD, "partner", ["wigan"])
    everyone = store.for_viewer(SYSTEM)
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1366, 768)
    browser_sign_in(dash_duo, "wyn", "/scorecard/wigan")
    dash_duo.wait_for_element(ROWS, timeout=TIMEOUT)

    headers = {}
    for partnership in PARTNERSHIPS:
        card = everyone.scorecard_records(partnership)
        assert card, partnership
        seen = open_scorecard(dash_duo, partnership, len(card))
        assert seen["windowWidth"] <= 1366
        assert seen["viewportScroll"] <= seen["viewportWidth"], (partnership, seen)
        assert seen["gridScroll"] <= seen["containerWidth"], (partnership, seen)
        assert seen["pageScroll"] <= seen["windowWidth"], (partnership, seen)
        assert seen["outside"] == [], (partnership, seen["outside"])
        headers[partnership] = seen["headers"]
        # status as a shape with its word, and the England comparison in words
        status = dash_duo.find_element(f"{ROWS} [col-id='status_rank']").text
        assert status.split(" ", 1)[0] in "★✔▲✖⊘○" and len(status.split(" ", 1)[1]) > 2
        assert any("England" in c.text or c.text == "Not compared" for c in
                   dash_duo.find_elements(f"{ROWS} [col-id='vs_england']"))
    assert all(order == HEADERS for order in headers.values()), headers

    # a 320 px phone: the page does not scroll sideways; the grid scrolls within itself
    # with the indicator and its status first
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 320, "height": 700, "deviceScaleFactor": 1, "mobile": True})
    card = everyone.scorecard_records("oldham")
    seen = open_scorecard(dash_duo, "oldham", len(card))
    assert seen["pageScroll"] <= 320, seen
    assert seen["headers"] == HEADERS
    assert "indicator" not in seen["outside"] and "status_rank" not in seen["outside"]
    assert console_errors(dash_duo) == []
