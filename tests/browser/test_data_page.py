"""The Data page lists every indicator with its metadata and quality summary."""

from __future__ import annotations

from dashboard.common import attribution
from tests.browser.conftest import console_errors


def test_data_page_lists_every_indicator_with_metadata(dash_duo, app, store):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/data")
    dash_duo.wait_for_element("#data-catalogue", timeout=15)
    rows = dash_duo.find_elements(".indicator-row")
    indicators = store.indicators()
    assert len(rows) == len(indicators)

    claimant = dash_duo.find_element('[data-indicator="claimant-count"]')
    text = claimant.text
    assert "Claimant Count" in text
    assert "Percentage of people aged 16 to 64 who are claiming" in text
    assert "2001 to 2025 (25 periods)" in text
    assert "Lower is better" in text

    section = dash_duo.find_element("#dataset-claimant-count").text
    assert "Office for National Statistics" in section
    assert "Open Government Licence v3.0" in section
    assert "0 errors" in section and "warnings" in section

    footer = dash_duo.find_element("#site-footer").text
    for line in attribution.REQUIRED_LINES:
        assert line in footer
    assert console_errors(dash_duo) == []


def test_unknown_address_gets_a_helpful_page(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/no-such-page")
    dash_duo.wait_for_text_to_equal("h1", "Page not found", timeout=15)
    assert "Find an area" in dash_duo.find_element(".problem-page").text
    assert console_errors(dash_duo) == []
