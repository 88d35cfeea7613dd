"""Open downloads in real headless Chromium: every table's "Download this table: CSV,
Excel (XLSX), CSV on the Web metadata" links, their accessible names, the CSV they fetch
(with its Link to the metadata), links that follow the page's choices, and every chart's
"Download as PNG" and "Download as SVG" buttons (the images made in the browser, with the
chart's title, under a file name from it). Expected values are read from the bundled
source files."""

from __future__ import annotations

from urllib.parse import unquote

import pandas as pd

from dashboard.common.config import DATA_DIR
from tests.browser.conftest import console_errors, wait_until

TIMEOUT = 20
OLDHAM = "E08000004"

FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0]).then(async (r) => done({status: r.status, text: await r.text(),
  type: r.headers.get('Content-Type'), link: r.headers.get('Link'),
  disposition: r.headers.get('Content-Disposition')}))
  .catch((e) => done({status: 0, text: String(e)}));
"""


def claimant_count(area: str) -> float:
    """The latest published Claimant Count of an area."""
    frame = pd.read_csv(DATA_DIR / "ons" / "claimant-count" / "claimant-count.csv",
                        encoding="utf-8-sig", dtype={"areacd": str, "period": str})
    rows = frame[(frame["areacd"] == area) & (frame["indicator"] == "Claimant Count")
                 & frame["observation"].notna()]
    return float(rows.sort_values("period").iloc[-1]["observation"])


def links(dash_duo, holder: str) -> list[dict]:
    """The download links in an element: format, href and accessible name (the
    textContent, which includes the words only assistive technology reads)."""
    return dash_duo.driver.execute_script("""
        return Array.from(document.querySelectorAll(arguments[0] + ' a.download-link'))
          .map(a => ({format: a.dataset.format, href: a.getAttribute('href'),
                      name: a.textContent.replace(/\\s+/g, ' ').trim(),
                      shown: (() => { const c = a.cloneNode(true);
                                      c.querySelectorAll('.visually-hidden')
                                        .forEach(n => n.remove());
                                      return c.textContent.trim(); })()}));""", holder)


def fetch(dash_duo, href: str) -> dict:
    return dash_duo.driver.execute_async_script(FETCH, href)


def test_the_area_profile_offers_each_theme_table_and_the_csv_downloads(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/area/{OLDHAM}")
    dash_duo.wait_for_element("#downloads-work-and-worklessness", timeout=TIMEOUT)
    found = links(dash_duo, "#downloads-work-and-worklessness")
    assert [link["format"] for link in found] == ["csv", "xlsx", "csv-metadata.json"]
    assert [link["shown"] for link in found] == ["CSV", "Excel (XLSX)",
                                                "CSV on the Web metadata"]
    assert found[0]["name"] == ("Download the work and worklessness table for Oldham "
                                "as CSV")
    assert found[2]["name"] == ("Download the CSV on the Web metadata for the work and "
                                "worklessness table for Oldham (JSON)")
    assert dash_duo.find_element("#downloads-work-and-worklessness").text.startswith(
        "Download this table:")
    answer = fetch(dash_duo, found[0]["href"])
    assert answer["status"] == 200 and answer["type"].startswith("text/csv")
    assert answer["disposition"].startswith("attachment; filename=\"area-profile_E08000004")
    assert 'rel="describedby"' in answer["link"]
    lines = answer["text"].splitlines()
    assert lines[0].startswith("Area code,Area,Theme,Indicator id,Indicator,Period,Value,")
    claimant = next(line for line in lines if ",claimant-count," in line)
    assert f",{claimant_count(OLDHAM)}," in claimant
    metadata = fetch(dash_duo, found[2]["href"])
    assert metadata["status"] == 200 and '"http://www.w3.org/ns/csvw"' in metadata["text"]
    assert console_errors(dash_duo) == []


def test_the_compare_links_follow_the_choices(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/compare?areas={OLDHAM},E08000010"
                               "&indicators=claimant-count")
    dash_duo.wait_for_element("#compare-downloads", timeout=TIMEOUT)
    first = links(dash_duo, "#compare-downloads")
    assert "order=desc" not in first[0]["href"]
    dash_duo.find_element("#compare-order input[value='desc']").click()
    wait_until(lambda: "order=desc" in links(dash_duo, "#compare-downloads")[0]["href"])
    answer = fetch(dash_duo, links(dash_duo, "#compare-downloads")[0]["href"])
    assert answer["status"] == 200
    rows = answer["text"].splitlines()
    assert rows[1].startswith("E92000001,England,claimant-count")  # England first
    assert [row.split(",")[1] for row in rows[2:]] == ["Wigan", "Oldham"]  # as sorted
    assert console_errors(dash_duo) == []


def chart_buttons(dash_duo) -> list[dict]:
    return dash_duo.driver.execute_script("""
        return Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => ({
          id: gd.closest('.dash-graph') ? gd.closest('.dash-graph').id : gd.id,
          buttons: Array.from(gd.querySelectorAll('.modebar-btn'))
                     .map(b => b.getAttribute('data-title') || ''),
          file: window.PlaceboardCharts.fileName(gd)}));""")


def image(dash_duo, graph_id: str, fmt: str) -> str:
    return dash_duo.driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
        window.PlaceboardCharts.image(gd, arguments[1]).then(done)
          .catch(e => done('failed: ' + e));""", graph_id, fmt)


def test_every_chart_offers_png_and_svg_with_its_title(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/indicator/claimant-count"
                               f"?area={OLDHAM}")
    dash_duo.wait_for_element("#indicator-trend .modebar", timeout=TIMEOUT)
    charts = chart_buttons(dash_duo)
    assert {chart["id"] for chart in charts} >= {"indicator-trend", "indicator-ranking"}
    for chart in charts:
        assert "Download as PNG" in chart["buttons"] and "Download as SVG" in chart["buttons"]
        assert "Download plot as a png" not in chart["buttons"]  # Plotly's untitled one
    data = links(dash_duo, "#indicator-downloads")
    assert [link["format"] for link in data] == ["csv", "xlsx", "csv-metadata.json"]
    assert f"area={OLDHAM}" in data[1]["href"]
    workbook = fetch(dash_duo, data[1]["href"])
    assert workbook["status"] == 200 and "spreadsheetml" in workbook["type"]
    trend = next(c for c in charts if c["id"] == "indicator-trend")
    assert trend["file"].startswith("claimant-count-oldham-")
    svg = image(dash_duo, "indicator-trend", "svg")
    assert svg.startswith("data:image/svg+xml")
    assert "Claimant Count: Oldham" in unquote(svg)  # the title is in the image
    assert image(dash_duo, "indicator-trend", "png").startswith("data:image/png;base64,")
    assert console_errors(dash_duo) == []


def test_the_residents_page_offers_its_figures_and_charts(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public/area/{OLDHAM}")
    dash_duo.wait_for_element("#public-area-headlines-downloads", timeout=TIMEOUT)
    headlines = links(dash_duo, "#public-area-headlines-downloads")
    assert headlines[0]["name"] == "Download the figures for Oldham on this page as CSV"
    answer = fetch(dash_duo, headlines[0]["href"])
    assert answer["status"] == 200 and "claimant-count" in answer["text"]
    trend = links(dash_duo, "#public-area-trend-claimant-count-downloads")
    assert "indicator=claimant-count" in trend[1]["href"] and trend[1]["format"] == "xlsx"
    dash_duo.wait_for_element("#public-area-trend-claimant-count .modebar", timeout=TIMEOUT)
    charts = chart_buttons(dash_duo)
    assert charts and all(chart["buttons"] == ["Download as PNG", "Download as SVG"]
                          for chart in charts), charts
    assert console_errors(dash_duo) == []
