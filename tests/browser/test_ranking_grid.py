"""The indicator page's ranking table (dash-ag-grid) and the busy state of long actions, in
real headless Chromium. Expected values are read from the bundled CSV files, or from a
small public count loaded for the test whose small values disclosure control withholds."""

from __future__ import annotations

import json
import shutil

import duckdb
import pandas as pd
import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from dashboard.cli.data import load_steps
from dashboard.common.config import DATA_DIR, Settings
from dashboard.ingest.loader import load_files
from dashboard.methods.disclosure import WITHHELD_LABEL
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from tests.browser.conftest import console_errors
from tests.browser.test_explore import published

TIMEOUT = 30
GRID = "#indicator-ranking-table"
ROWS = f"{GRID} .ag-center-cols-container .ag-row"
OLDHAM, WIGAN, NORTH_WEST = "E08000004", "E08000010", "E12000002"
CANARY = "ranking-canary-starts"


def cell(row, column: str) -> str:
    return row.find_element("css selector", f"[col-id='{column}']").text


def open_ranking(dash_duo, path: str):
    """Open an indicator page, press the ranking's button, and wait for the chosen
    area's row (the grid scrolls to it)."""
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}{path}")
    button = dash_duo.wait_for_element("#indicator-ranking-button", timeout=TIMEOUT)
    total = int(button.text.split("(")[1].split()[0])
    button.click()
    row = dash_duo.wait_for_element(f"{ROWS}.highlight", timeout=TIMEOUT)
    return row, total


def test_ranking_grid_shows_every_area_with_values_and_keyboard_moves(dash_duo, app):
    _, oldham = published("employment-rate", "Employment rate", OLDHAM)
    dash_duo.start_server(app)
    row, total = open_ranking(dash_duo, f"/indicator/employment-rate?area={OLDHAM}")
    until(lambda: cell(row, "area") == "Oldham", timeout=TIMEOUT)
    assert cell(row, "value") == f"{oldham:.1f}%"
    assert int(cell(row, "rank")) >= 1
    assert cell(row, "comparison")  # e.g. "Worse than England", as on the chart
    caption = dash_duo.find_element("#indicator-ranking-table-caption").text
    assert caption.startswith(
        f"Employment rate (Great Britain): {total} English local authorities")
    assert caption.endswith("highest first")
    # Every area is in the grid, though only those in view are drawn.
    grid = dash_duo.find_element(f"{GRID} [role='treegrid'], {GRID} [role='grid']")
    assert int(grid.get_attribute("aria-rowcount")) == total + 1  # and the header row
    headers = [h.text for h in dash_duo.find_elements(f"{GRID} .ag-header-cell-text")]
    assert headers == ["Rank", "Area", "Value", "Compared with England"]
    assert dash_duo.find_element("#indicator-ranking-button").text == "Hide the ranking table"

    # Keyboard: a cell takes focus and the arrow keys move between rows.
    row.find_element("css selector", "[col-id='area']").click()
    focused = dash_duo.driver.switch_to.active_element
    before = focused.find_element("xpath", "..").get_attribute("row-index")
    focused.send_keys(Keys.ARROW_DOWN)
    until(lambda: dash_duo.driver.switch_to.active_element.find_element(
        "xpath", "..").get_attribute("row-index") == str(int(before) + 1), timeout=TIMEOUT)
    assert console_errors(dash_duo) == []


@pytest.fixture(scope="module")
def withheld_store(built_store_path, tmp_path_factory):
    """The built store with a public count for the North West's local authorities, two of
    them (Oldham and Wigan) below the smallest count that may be published."""
    folder = tmp_path_factory.mktemp("ranking-canary")
    path = folder / "store.duckdb"
    shutil.copy(built_store_path, path)
    with duckdb.connect(str(path), read_only=True) as con:
        lads = [r[0] for r in con.execute(
            "SELECT DISTINCT child_code FROM area_links WHERE parent_code = ? AND "
            "parent_type = 'region' AND child_code LIKE 'E0%' AND child_code IN "
            "(SELECT area_code FROM areas WHERE area_type = 'lad' AND valid_to IS NULL) "
            "ORDER BY 1", [NORTH_WEST]).fetchall()]
    counts = {code: 20 + 3 * n for n, code in enumerate(lads)}
    counts.update({OLDHAM: 3, WIGAN: 2})
    frame = pd.DataFrame([{"indicator": "Ranking canary starts", "area_code": code,
                           "period": "2024-04-01/P1Y", "value": value}
                          for code, value in counts.items()])
    frame.to_csv(folder / "ranking-canary.csv", index=False)
    (folder / "ranking-canary.json").write_text(json.dumps({
        "dataset_title": "Ranking canary (public count, test data)", "access": "public",
        "indicators": {"Ranking canary starts": {
            "title": "Ranking canary starts", "unit": "people", "value_type": "count",
            "decimals": 0, "min_count": 5, "polarity": "no_judgement",
            "theme": "work and worklessness"}}}))
    result = load_files(path, [folder / "ranking-canary.csv"], DATA_DIR,
                        refresh_steps=load_steps())
    assert result.ok, [f.report.summary() for f in result.files]
    return path, len(lads)


def test_a_withheld_value_shows_the_disclosure_label_in_the_ranking_grid(
        dash_duo, withheld_store, tmp_path):
    path, n_lads = withheld_store
    settings = Settings.from_env(store_path=path, data_dir=DATA_DIR,
                                 accounts_path=tmp_path / "accounts.sqlite",
                                 secret_key="test-secret-key-not-for-production")
    dash_duo.start_server(create_app(settings, store=Store(path, make_cache())))
    row, total = open_ranking(dash_duo, f"/indicator/{CANARY}?area={OLDHAM}")
    until(lambda: cell(row, "area") == "Oldham", timeout=TIMEOUT)
    assert cell(row, "value") == WITHHELD_LABEL
    assert cell(row, "rank") == ""  # not ranked: its place would say how small it is
    assert total == n_lads - 2
    caption = dash_duo.find_element("#indicator-ranking-table-caption").text
    assert "2 more withheld to protect small numbers, listed last" in caption
    texts = " ".join(r.text for r in dash_duo.find_elements(ROWS))
    assert " 3\n" not in texts and " 2\n" not in texts
    assert console_errors(dash_duo) == []


def test_downloads_say_they_are_busy_while_they_are_prepared(dash_duo, app, store):
    """Board pack and return on the scorecard, CSV on the indicator page: the button is
    disabled, reads "Preparing…" and is aria-busy while the file is made, then returns."""
    from pathlib import Path

    downloads = Path(dash_duo.download_path)
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/scorecard/oldham")
    dash_duo.wait_for_element("#scorecard-grid .ag-row", timeout=TIMEOUT)
    for button, label, pattern in [
            ("scorecard-boardpack", "Download board pack (PDF)",
             "placeboard-boardpack-oldham-*.pdf"),
            ("scorecard-return", "Download return", "placeboard-return-oldham-*.csv")]:
        states = record_states(dash_duo, button)
        assert dash_duo.find_element(f"#{button}").get_attribute("aria-busy") == "false"
        dash_duo.find_element(f"#{button}").click()
        until(lambda p=pattern: [f for f in downloads.glob(p) if f.stat().st_size > 0],
              timeout=60)
        element = dash_duo.find_element(f"#{button}")
        until(lambda e=element, lb=label: e.text == lb and e.is_enabled(), timeout=TIMEOUT)
        assert element.get_attribute("aria-busy") == "false"
        seen = states()
        assert ["true", "Preparing…", True] in seen, seen

    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/indicator/employment-rate")
    dash_duo.wait_for_element("#indicator-download-button", timeout=TIMEOUT)
    states = record_states(dash_duo, "indicator-download-button")
    dash_duo.find_element("#indicator-download-button").click()
    until(lambda: list(downloads.glob("employment-rate_*.csv")), timeout=60)
    until(lambda: ["false", "Download the data in these charts (CSV)", False] in states(),
          timeout=TIMEOUT)
    assert ["true", "Preparing…", True] in states()
    assert console_errors(dash_duo) == []


def record_states(dash_duo, button_id: str):
    """Record every (aria-busy, text, disabled) the button goes through, however briefly:
    polling could miss a state that lasts a few milliseconds."""
    key = f"__states_{button_id.replace('-', '_')}"
    dash_duo.driver.execute_script(
        """const [id, key] = arguments; const button = document.getElementById(id);
        window[key] = [];
        new MutationObserver(() => window[key].push(
            [button.getAttribute('aria-busy'), button.textContent, button.disabled]))
          .observe(button, {attributes: true, childList: true, subtree: true,
                            characterData: true});""", button_id, key)
    return lambda: dash_duo.driver.execute_script(f"return window.{key};")
