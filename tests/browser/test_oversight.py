"""Regional oversight in a real browser: from a scorecard to every partnership in the
North West, their statuses side by side, filters that change the table and the URL, each
partnership's targets; Wigan (partners only) for a signed-in Wigan partner and nobody else;
the helpful page for a code that names no region."""

from __future__ import annotations

from collections import Counter

from selenium.webdriver.common.by import By

from dashboard.methods import targets as model
from dashboard.security.access import PUBLIC, Viewer
from tests.browser.conftest import console_errors, wait_until
from tests.browser.test_accessibility import axe_violations, describe

NORTH_WEST = "E12000002"
ROWS = "#oversight-table tbody tr.oversight-row"
PASSWORD = "correct horse battery staple"
COUNT_ORDER = ("achieved", "on_track", "at_risk", "off_track", "missed", "no_data")


def expected(store, viewer, pids) -> dict[str, dict]:
    """Each partnership's name and status counts, as the viewer's store gives them."""
    seen = store.for_viewer(viewer)
    out = {}
    for pid in pids:
        counts = Counter(r["status"] for r in seen.scorecard_records(pid))
        out[pid] = {"name": seen.partnership(pid)["name"],
                    "counts": [str(counts.get(s, 0)) for s in COUNT_ORDER]}
    return out


def shown(dash_duo) -> dict[str, dict]:
    """What the table shows: each row's partnership link text and its counts."""
    out = {}
    for row in dash_duo.find_elements(ROWS):
        cells = row.find_elements(By.CSS_SELECTOR, "td.status-count")
        out[row.get_attribute("data-partnership")] = {
            "name": row.find_element(By.CSS_SELECTOR, "th a").text,
            "counts": [c.text for c in cells]}
    return out


def test_the_public_north_west_view_from_a_scorecard(dash_duo, app, store):
    public = ["cumbria", "lancashire", "liverpool-city-region", "oldham"]
    want = expected(store, PUBLIC, public)
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/scorecard/oldham")
    link = dash_duo.wait_for_element(".oversight-link a", timeout=20)
    assert link.text == "Every partnership's targets in the North West"
    link.click()

    dash_duo.wait_for_element(ROWS, timeout=20)
    assert dash_duo.driver.current_url.endswith(f"/oversight/{NORTH_WEST}")
    assert dash_duo.find_element("h1").text == "North West: partnerships' targets"
    wait_until(lambda: shown(dash_duo) == want)
    assert "Liverpool City Region" in want["liverpool-city-region"]["name"]
    assert "Cumberland" in dash_duo.find_element(
        f"{ROWS}[data-partnership='cumbria'] .oversight-members").text
    # the status words and shapes head the counts: never colour alone
    heads = [h.text for h in dash_duo.find_elements("#oversight-table th.status-head")]
    assert heads == [model.status_label(s) for s in COUNT_ORDER]
    assert "Illustrative examples, not agreed targets" in \
        dash_duo.find_element(".illustrative-banner").text
    assert "improved" in dash_duo.find_element(
        f"{ROWS}[data-partnership='oldham'] .oversight-change").text
    page = dash_duo.find_element("#main").text
    assert "Wigan" not in page  # not a row, not a hint
    assert dash_duo.find_element("#oversight-shown").text == "Showing all 4 partnerships."

    # a status filter lists the partnerships with a missed target, in the URL too
    dash_duo.find_element("#oversight-status input[value='missed']").click()
    wait_until(lambda: list(shown(dash_duo)) == ["oldham"])
    wait_until(lambda: "status=missed" in dash_duo.driver.current_url)
    assert dash_duo.find_element("#oversight-shown").text == \
        "Showing 1 of 4 partnerships: those with a target missed."
    csv_link = dash_duo.find_element(".oversight-download-csv")
    assert csv_link.get_attribute("href").endswith(
        f"/oversight/{NORTH_WEST}/returns.csv?status=missed")

    # each partnership's targets open from its summary, with status and reason
    details = dash_duo.find_element(".oversight-partnership[data-partnership='oldham']")
    details.find_element(By.TAG_NAME, "summary").click()
    item = details.find_element(By.CSS_SELECTOR, ".oversight-target")
    wait_until(lambda: item.is_displayed())
    assert item.get_attribute("data-status") == "missed"
    assert item.find_element(By.CSS_SELECTOR, ".status-badge").text == "⊘ Missed"
    assert item.find_element(By.CSS_SELECTOR, ".target-reason").text.startswith("Missed")

    # clearing it shows all four again; the page has no serious accessibility faults
    dash_duo.find_element("#oversight-status input[value='missed']").click()
    wait_until(lambda: shown(dash_duo) == want)
    wait_until(lambda: "status=" not in dash_duo.driver.current_url)
    # assets/a11y.js repairs the checklist Dash redraws on the next animation frame
    wait_until(lambda: not dash_duo.find_elements(".dash-options-list-option[aria-selected]"))
    violations = axe_violations(dash_duo)
    assert violations == [], describe(violations)
    assert console_errors(dash_duo) == []


def test_a_wigan_partner_sees_wigan_in_the_north_west(dash_duo, app, store):
    app.server.extensions["placeboard"]["accounts"].add_user("wyn", PASSWORD, "partner",
                                                             ["wigan"])
    wyn = Viewer("partner", frozenset({"wigan"}), "wyn")
    want = expected(store, wyn, ["cumbria", "lancashire", "liverpool-city-region", "oldham",
                                 "wigan"])
    dash_duo.start_server(app)
    dash_duo.driver.get(f"{dash_duo.server_url}/login?next=/oversight/{NORTH_WEST}")
    dash_duo.wait_for_element("#signin-form", timeout=20)
    dash_duo.find_element("#username").send_keys("wyn")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#signin-submit").click()

    dash_duo.wait_for_element(ROWS, timeout=20)
    wait_until(lambda: shown(dash_duo) == want)
    assert want["wigan"]["name"] == "Wigan"
    assert dash_duo.find_element(f"{ROWS}[data-partnership='wigan'] th a") \
        .get_attribute("href").endswith("/scorecard/wigan")

    # a theme filter counts each partnership's targets in that theme
    dash_duo.select_dcc_dropdown("#oversight-theme", "Housing")
    wait_until(lambda: "theme=housing" in dash_duo.driver.current_url)
    seen = store.for_viewer(wyn)
    housing = {pid: sum(r.get("theme") == "housing" for r in seen.scorecard_records(pid))
               for pid in want}
    wait_until(lambda: {pid: int(row.find_element(By.CSS_SELECTOR, ".oversight-total").text)
                        for pid, row in ((r.get_attribute("data-partnership"), r)
                                         for r in dash_duo.find_elements(ROWS))}
               == {pid: n for pid, n in housing.items() if n})
    assert console_errors(dash_duo) == []


def test_a_code_that_names_no_region_gets_the_helpful_page(dash_duo, app):
    dash_duo.start_server(app)
    # a region with no partnerships says so, and offers England
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/oversight/E12000007")
    dash_duo.wait_for_text_to_equal("h1", "London: partnerships' targets", timeout=20)
    assert dash_duo.find_element("#oversight-summary").text == \
        "No partnerships that you can see have member areas here."
    assert dash_duo.find_element("#oversight-results a").get_attribute("href").endswith(
        "/oversight/E92000001")
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/oversight/E08000004")
    dash_duo.wait_for_text_to_equal(".problem-page h1", "Region not found", timeout=20)
    text = dash_duo.find_element(".problem-page").text
    assert "E08000004" in text and "North West" in text
    dash_duo.find_element(".problem-page a[href='/oversight/E12000002']").click()
    dash_duo.wait_for_element(ROWS, timeout=20)
    assert console_errors(dash_duo) == []
