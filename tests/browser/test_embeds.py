"""Embeds in real headless Chromium: an embed draws its chart with its title, units,
source line and text alternative and nothing else; another site can frame it (a page
from another origin, served by a tiny test server, frames it and sees the chart); a
page's chart offers its iframe snippet with a copy button that works from the keyboard
and says "Copied"; and a profile's values carry their flags and notes."""

from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import console_errors, wait_until
from tests.browser.test_accessibility import axe_violations, describe

TIMEOUT = 30
TREND = "/embed/indicator/claimant-count?area=E08000004"
THEME = "/embed/area/E08000016/theme/work-and-worklessness"


def test_an_embed_shows_one_chart_with_its_title_source_and_text_alternative(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.get(f"{dash_duo.server_url}{TREND}")  # not a Dash page
    dash_duo.wait_for_element("#embed-chart .main-svg", timeout=TIMEOUT)
    assert dash_duo.find_element("h1").text.startswith("Claimant Count: Oldham, 2001 to ")
    assert dash_duo.find_element(".embed-details").text.startswith("Unit: ")
    assert dash_duo.find_element(".source-line").text.startswith(
        "Source: Office for National Statistics")
    assert dash_duo.find_element(".quality-line").text.startswith("Quality checks when")
    alt = dash_duo.find_element("#embed-alt").get_attribute("textContent")
    assert alt.startswith("Line chart over time: Oldham from ")
    chart = dash_duo.find_element("#embed-chart")
    assert chart.get_attribute("role") == "img"
    assert chart.get_attribute("aria-describedby") == "embed-alt"
    wait_until(lambda: all(name in chart.text for name in ("Oldham", "England")))
    back = dash_duo.find_element(".embed-link a")
    assert back.get_attribute("href").endswith("/indicator/claimant-count?area=E08000004")
    assert back.get_attribute("target") == "_blank"
    # nothing else: no header, navigation or footer
    assert dash_duo.driver.find_elements(By.CSS_SELECTOR, "header, nav, footer") == []
    assert console_errors(dash_duo) == []


class _FramingPage(BaseHTTPRequestHandler):
    """Another site's page that frames an embed (the class is given its HTML)."""

    page = b""

    def do_GET(self):  # the name http.server calls
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.page if self.path == "/" else b"")

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture()
def other_site():
    """A tiny server on another port (so another origin) serving one page."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FramingPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_another_site_can_frame_an_embed(dash_duo, app, other_site):
    dash_duo.start_server(app)
    src = f"{dash_duo.server_url}{THEME}"
    _FramingPage.page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A council page'
        '</title><link rel="icon" href="data:,"></head><body><h1>Our area</h1>'
        f'<iframe id="framed" src="{html.escape(src)}" title="Work and worklessness" '
        'width="100%" height="420"></iframe></body></html>').encode()
    dash_duo.driver.get(f"http://127.0.0.1:{other_site.server_address[1]}/")
    frame = dash_duo.wait_for_element("#framed", timeout=TIMEOUT)
    dash_duo.driver.switch_to.frame(frame)
    try:
        wait_until(lambda: dash_duo.driver.find_elements(By.CSS_SELECTOR, "h1.embed-title"))
        title = dash_duo.driver.find_element(By.CSS_SELECTOR, "h1.embed-title").text
        assert title == "Work and worklessness: Barnsley compared with England (95%)"
        rows = dash_duo.driver.find_elements(By.CSS_SELECTOR, ".profile-row")
        assert rows and dash_duo.driver.find_elements(By.CSS_SELECTOR, "img.spine")
        # Barnsley's old code: its values carry the publisher's note, listed under the table
        mark = dash_duo.driver.find_element(By.CSS_SELECTOR, ".value-mark")
        note = dash_duo.driver.find_element(By.ID, mark.get_attribute("href").split("#")[1])
        assert note.text.startswith("Obsolete code since 2025")
        assert mark.get_attribute("aria-label") == f"note 1: {note.text}"
    finally:
        dash_duo.driver.switch_to.default_content()
    assert console_errors(dash_duo) == []


def test_a_chart_offers_its_embed_code_and_copies_it_from_the_keyboard(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/indicator/claimant-count"
                               "?area=E08000004")
    panel = dash_duo.wait_for_element("#indicator-trend-embed", timeout=TIMEOUT)
    summary = panel.find_element(By.TAG_NAME, "summary")
    assert summary.text == "Embed this chart"
    summary.send_keys(Keys.ENTER)  # opens the disclosure
    field = dash_duo.find_element("#indicator-trend-embed-code")
    wait_until(field.is_displayed)
    title = dash_duo.find_elements(".chart-title")[0].text
    assert field.get_attribute("value") == (
        f'<iframe src="{dash_duo.server_url}{TREND}" title="{title}" width="100%" '
        'height="420" loading="lazy"></iframe>')
    assert field.get_attribute("readonly") is not None
    button = panel.find_element(By.CSS_SELECTOR, "button.embed-copy")
    button.send_keys(Keys.ENTER)
    status = panel.find_element(By.CSS_SELECTOR, ".embed-copied")
    wait_until(lambda: status.text == "Copied")
    assert status.get_attribute("role") == "status"
    # the ranking has its own, and both sit beside the dataset's quality checks
    assert dash_duo.find_element("#indicator-ranking-embed")
    assert len(dash_duo.find_elements(".quality-line")) == 2
    assert console_errors(dash_duo) == []


@pytest.mark.parametrize(("path", "ready", "opened"), [
    (TREND, "#embed-chart .main-svg", None),
    (THEME, "img.spine", None),
    ("/indicator/no-qualifications?area=E06000017", "#indicator-table .value-mark",
     "#indicator-trend-embed"),
])
def test_embeds_flags_and_notes_have_no_serious_axe_violations(dash_duo, app, path, ready,
                                                              opened):
    dash_duo.start_server(app)
    dash_duo.driver.get(f"{dash_duo.server_url}{path}")
    dash_duo.wait_for_element(ready, timeout=TIMEOUT)
    if opened:  # the panel's field and button, shown
        dash_duo.find_element(f"{opened} summary").click()
        wait_until(dash_duo.find_element(f"{opened} textarea").is_displayed)
    violations = axe_violations(dash_duo)
    assert violations == [], describe(violations)
    assert console_errors(dash_duo) == []
