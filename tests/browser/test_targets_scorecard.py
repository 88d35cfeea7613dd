"""Board member journey: Oldham scorecard -> filter to off track -> open a target."""

from __future__ import annotations

from dash.testing.wait import until

from dashboard.methods import targets as model
from tests.browser.conftest import console_errors

ROWS = "#scorecard-grid .ag-center-cols-container .ag-row"


def _status_cells(dash_duo) -> list[str]:
    return [cell.text for cell in dash_duo.find_elements(f"{ROWS} [col-id='status_rank']")]


def test_oldham_scorecard_filter_to_off_track_and_open_target(dash_duo, app, store):
    card = store.scorecard("oldham")
    off_track = card[card["status"] == model.OFF_TRACK]
    assert len(card) >= 10 and len(off_track) >= 1

    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/scorecard/oldham")
    dash_duo.wait_for_element(ROWS, timeout=20)
    until(lambda: len(dash_duo.find_elements(ROWS)) == len(card), timeout=10)
    summary = dash_duo.find_element("#scorecard-summary").text
    assert summary == f"{len(card)} targets: {model.summary_line(card['status'])}"
    assert "off track" in summary
    assert "Illustrative examples, not agreed targets" in dash_duo.find_element(
        ".illustrative-banner").text
    statuses = _status_cells(dash_duo)
    assert any("Off track" in s for s in statuses) and any("On track" in s for s in statuses)
    # Icon and word together, never colour alone.
    assert all(s.split(" ", 1)[0] in model.STATUS_ICONS.values() for s in statuses)

    dash_duo.find_element("#scorecard-status input[value='off_track']").click()
    until(lambda: len(dash_duo.find_elements(ROWS)) == len(off_track), timeout=10)
    assert all(s == "✖ Off track" for s in _status_cells(dash_duo))
    until(lambda: "status=off_track" in dash_duo.driver.current_url, timeout=5)
    assert dash_duo.find_element("#scorecard-shown").text == \
        f"Showing {len(off_track)} of {len(card)} targets"
    status_cell = dash_duo.find_element(f"{ROWS} [col-id='status_rank']")
    assert "status-off_track" in status_cell.get_attribute("class")

    link = dash_duo.find_element(f"{ROWS} [col-id='indicator'] a")
    title = link.text
    row = off_track[off_track["title"] == title].iloc[0]
    assert link.get_attribute("href").endswith(f"/target/oldham/{row['indicator_id']}")
    link.click()

    dash_duo.wait_for_element("#target-chart .main-svg", timeout=20)
    dash_duo.wait_for_contains_text("#target-status", "Off track", timeout=10)
    reason = dash_duo.find_element("#target-reason").text
    assert reason == row["reason"]
    assert reason.startswith("Off track: ") and "trajectory" in reason
    legend = " ".join(e.text for e in dash_duo.find_elements("#target-chart .legendtext"))
    assert "Trajectory to target" in legend and "Target:" in legend
    assert "Oldham (published)" in legend and "England" in legend
    assert "Commentary and action" in dash_duo.find_element("#target-commentary").text
    assert "Illustrative commentary" in dash_duo.find_element("#target-commentary").text
    assert "Open Government Licence" in dash_duo.find_element(".chart .source-line").text
    assert console_errors(dash_duo) == []


def test_scorecard_url_filters_and_helpful_pages(dash_duo, app, store):
    card = store.scorecard("oldham")
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/scorecard/oldham?status=missed,achieved")
    dash_duo.wait_for_element(ROWS, timeout=20)
    wanted = card[card["status"].isin([model.MISSED, model.ACHIEVED])]
    until(lambda: len(dash_duo.find_elements(ROWS)) == len(wanted), timeout=10)
    checked = dash_duo.find_elements("#scorecard-status input:checked")
    assert sorted(c.get_attribute("value") for c in checked) == ["achieved", "missed"]

    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/scorecard")
    dash_duo.wait_for_element("#scorecard-list", timeout=20)
    partnerships = store.partnerships()
    listed = dash_duo.find_elements("#scorecard-list tbody tr")
    assert len(listed) == len(partnerships)
    oldham = dash_duo.find_element("#scorecard-list tr[data-partnership='oldham']").text
    assert model.summary_line(card["status"]) in oldham

    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/scorecard/no-such-partnership")
    dash_duo.wait_for_text_to_equal("h1", "Partnership not found", timeout=15)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/target/cumbria/claimant-count")
    dash_duo.wait_for_text_to_equal("h1", "Choose an area", timeout=15)
    assert "Cumberland (E06000063)" in dash_duo.find_element(".problem-page").text
    assert console_errors(dash_duo) == []


def test_board_pack_and_return_download_from_the_scorecard(dash_duo, app, store):
    from pathlib import Path

    import pandas as pd

    from dashboard.exports import returns

    downloads = Path(dash_duo.download_path)
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/scorecard/kent")
    dash_duo.wait_for_element(ROWS, timeout=20)

    dash_duo.find_element("#scorecard-return").click()
    until(lambda: list(downloads.glob("placeboard-return-kent-*.csv")), timeout=20)
    [csv_file] = downloads.glob("placeboard-return-kent-*.csv")
    table = pd.read_csv(csv_file)
    assert list(table.columns) == list(returns.COLUMNS)
    assert len(table) == len(store.scorecard("kent"))

    dash_duo.find_element("#scorecard-boardpack").click()
    until(lambda: [p for p in downloads.glob("placeboard-boardpack-kent-*.pdf")
                   if p.stat().st_size > 0], timeout=60)
    [pdf] = downloads.glob("placeboard-boardpack-kent-*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert console_errors(dash_duo) == []
