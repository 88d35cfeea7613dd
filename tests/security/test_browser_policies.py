"""The security policies in a real browser (headless Chromium, dash_duo): every kind of
page still works under the Content-Security-Policy with nothing refused and no console
errors, and no Plotly chart offers to upload itself to Plotly Cloud or Chart Studio."""

from __future__ import annotations

import time

import pytest

from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from tests.browser.conftest import console_errors

TIMEOUT = 30
# (address, an element that shows the page has drawn what needs scripts, styles, images)
PAGES = [
    ("/", "#main h1"),
    ("/area/E08000004", "img.spine"),
    ("/indicator/claimant-count", ".js-plotly-plot .main-svg"),
    ("/compare", "#compare-matrix table"),
    ("/map", "#map-canvas.pb-map--ready"),
    ("/worklessness", "#wk-title"),  # before a place is chosen
    ("/worklessness?area=E06000009", "#wk-map.pb-map--ready"),
    ("/scorecard/oldham", ".scorecard-grid .ag-row"),
    ("/target/oldham/claimant-count", ".js-plotly-plot .main-svg"),
    ("/public/area/E08000004", ".js-plotly-plot .main-svg"),
    ("/data", "#main h1"),
    ("/login", "#signin-form"),
]
CLOUD_WORDS = ("share", "cloud", "chart studio", "edit chart", "plotly")


@pytest.fixture()
def app(settings):
    return create_app(settings, store=Store(settings.store_path, make_cache()))


def _wait_until_the_page_stops_loading(dash_duo) -> None:
    """Until the document is complete and its list of fetched resources (plotly.js, AG Grid
    styles, geometry, callbacks) has stopped growing for three polls in a row."""
    script = ("return document.readyState === 'complete' ? "
              "performance.getEntriesByType('resource').length : -1")
    counts: list[int] = []
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        counts.append(dash_duo.driver.execute_script(script))
        if len(counts) >= 3 and counts[-1] >= 0 and len(set(counts[-3:])) == 1:
            return
        time.sleep(0.1)
    raise AssertionError("the page kept loading")


def _csp_messages(logs: list[dict]) -> list[str]:
    return [entry.get("message", "") for entry in logs
            if "content security policy" in entry.get("message", "").lower()]


def test_every_kind_of_page_works_under_the_policy(dash_duo, app) -> None:
    dash_duo.start_server(app)
    for path, ready in PAGES:
        dash_duo.driver.get(f"{dash_duo.server_url}{path}")  # /login is not a Dash page
        dash_duo.wait_for_element(ready, timeout=TIMEOUT)
        _wait_until_the_page_stops_loading(dash_duo)  # late loads report refusals too
        logs = dash_duo.get_logs() or []
        assert _csp_messages(logs) == [], path
        assert [e for e in logs if e.get("level") == "SEVERE"
                and "favicon" not in e.get("message", "")] == [], path
    # Positive control: the policy is enforced, and refusals do reach the console.
    dash_duo.driver.execute_script(
        "var s = document.createElement('script'); s.textContent = 'window.injected = 1';"
        "document.head.appendChild(s);")
    assert dash_duo.driver.execute_script("return window.injected") is None
    refusals: list[str] = []
    end = time.monotonic() + TIMEOUT
    while not refusals and time.monotonic() < end:
        refusals += _csp_messages(dash_duo.get_logs() or [])
    assert refusals, "an inline script should be refused"


@pytest.mark.parametrize("path", ["/indicator/claimant-count", "/worklessness?area=E06000009",
                                  "/target/oldham/claimant-count"])
def test_no_chart_offers_to_upload_itself(dash_duo, app, path: str) -> None:
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}{path}")
    dash_duo.wait_for_element(".js-plotly-plot .modebar", timeout=TIMEOUT)
    charts = dash_duo.driver.execute_script("""
        return Array.from(document.querySelectorAll('.js-plotly-plot')).map(function (gd) {
          return {cloud: gd._context.showSendToCloud, studio: gd._context.showEditInChartStudio,
                  link: gd._context.showLink, logo: gd._context.displaylogo,
                  buttons: Array.from(gd.querySelectorAll('.modebar-btn')).map(
                    function (b) { return b.getAttribute('data-title') || ''; }),
                  links: Array.from(gd.querySelectorAll('.modebar a, a.js-plot-link-container'))
                    .map(function (a) { return a.getAttribute('href') || ''; })};
        });""")
    assert charts, "the page has charts"
    for chart in charts:
        assert (chart["cloud"], chart["studio"], chart["link"], chart["logo"]) == \
            (False, False, False, False), chart
        titles = [t.lower() for t in chart["buttons"]]
        assert "download as png" in titles and "download as svg" in titles  # the mode bar
        assert not [t for t in titles if any(word in t for word in CLOUD_WORDS)], titles
        assert not [h for h in chart["links"] if "plot.ly" in h or "plotly.com" in h]
    assert console_errors(dash_duo) == []
