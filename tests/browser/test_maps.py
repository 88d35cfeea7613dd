"""Maps in real headless Chromium: the canvas renderer's drawing, hit-testing, panel and the
linked worklessness views, checked against the bundled files read with pandas."""

from __future__ import annotations

import time

import geopandas as gpd
import pandas as pd
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.common.config import DATA_DIR
from tests.browser.conftest import console_errors, wait_until

OLDHAM = "E08000004"


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "iod" / "iod2025_lsoa21_scores_ranks_deciles.csv.gz"
                       ).set_index("LSOA21CD")


@pytest.fixture(scope="module")
def oldham_shapes(published) -> gpd.GeoDataFrame:
    shapes = gpd.read_parquet(DATA_DIR / "boundaries" / "lsoa21_england_bsc_simplified.parquet")
    return shapes[shapes["LSOA21CD"].isin(published.index[published["LAD24CD"] == OLDHAM])]


def wait_for_map(dash_duo, selector: str, version_part: str | None = None,
                 timeout: float = 30) -> dict:
    """Wait until assets/maps.js reports a drawn map (optionally of a given payload)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        state = dash_duo.driver.execute_script(
            "var e = document.querySelector(arguments[0]); if (!e) return null;"
            "return {at: e.getAttribute('data-rendered-at'), features: "
            "e.getAttribute('data-features'), coloured: e.getAttribute('data-coloured'),"
            "version: e.getAttribute('data-version'), error: e.getAttribute('data-error')};",
            selector)
        if state and state["error"]:
            raise AssertionError(state["error"])
        if state and state["at"] and (version_part is None
                                      or version_part in (state["version"] or "")):
            return state
        time.sleep(0.1)
    raise AssertionError(f"map {selector} was not drawn within {timeout} s")


def point_inside(shapes: gpd.GeoDataFrame, code: str) -> tuple[float, float]:
    """A point well inside an LSOA polygon (clear of the 10 m quantisation at edges)."""
    polygon = shapes.loc[shapes["LSOA21CD"] == code, "geometry"].iloc[0]
    inner = polygon.buffer(-0.0015)
    point = (inner if not inner.is_empty else polygon).representative_point()
    return point.x, point.y


def move_to_lonlat(dash_duo, map_id: str, lon: float, lat: float):
    """Move the real mouse to a lon/lat on the canvas (the renderer's own projection)."""
    canvas = dash_duo.find_element(f"#{map_id} canvas.pb-map-canvas")
    # WebDriver measures pointer offsets from the element's in-view centre: bring the
    # whole canvas into view first, or a partly hidden canvas shifts every offset.
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", canvas)
    x, y = dash_duo.driver.execute_script(
        "var p = window.PlaceboardMaps.project(arguments[0], arguments[1], arguments[2]);"
        "var r = arguments[3].getBoundingClientRect(); return [p[0] - r.left, p[1] - r.top];",
        map_id, lon, lat, canvas)
    ActionChains(dash_duo.driver).move_to_element_with_offset(canvas, x, y).perform()
    return canvas, x, y


def biggest(shapes: gpd.GeoDataFrame, n: int = 1) -> list[str]:
    areas = shapes.to_crs(27700).area
    return shapes.loc[areas.sort_values(ascending=False).index[:n], "LSOA21CD"].tolist()


def test_oldham_neighbourhood_map_hover_and_click(dash_duo, app, published, oldham_shapes):
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1400, 1100)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/neighbourhoods?area={OLDHAM}")
    state = wait_for_map(dash_duo, "#nb-map")
    oldham = published[published["LAD24CD"] == OLDHAM]
    assert int(state["features"]) == len(oldham) == 142
    assert int(state["coloured"]) == oldham["Employment_score"].notna().sum()
    dash_duo.wait_for_element("#nb-legend .legend-class", timeout=10)
    counts = [int(li.get_attribute("data-count"))
              for li in dash_duo.find_elements("#nb-legend .legend-class")]
    assert len(counts) == 5 and sum(counts) == 142
    assert "%" in dash_duo.find_element("#nb-legend").text

    code = biggest(oldham_shapes)[0]
    row = oldham.loc[code]
    canvas, x, y = move_to_lonlat(dash_duo, "nb-map", *point_inside(oldham_shapes, code))
    dash_duo.wait_for_contains_text("#nb-map .pb-map-tooltip", row["LSOA21NM"], timeout=10)
    tooltip = dash_duo.find_element("#nb-map .pb-map-tooltip").text
    assert code in tooltip
    assert f"{row['Employment_score'] * 100:.1f}%" in tooltip
    assert f"National employment decile: {int(row['Employment_decile'])}" in tooltip
    assert dash_duo.find_element("#nb-map").get_attribute("data-hover-code") == code

    ActionChains(dash_duo.driver).move_to_element_with_offset(canvas, x, y).click().perform()
    dash_duo.wait_for_contains_text("#nb-panel h2", row["LSOA21NM"], timeout=10)
    panel = dash_duo.find_element("#nb-panel").text
    assert f"{row['Employment_score'] * 100:.1f}% (rate)" in panel
    assert f"{int(row['Employment_rank']):,}" in panel
    assert f"{int(row['IMD_rank']):,}" in panel
    position = int(oldham["Employment_rank"].rank(method="min")[code])
    expected = "The most" if position == 1 else f"{position}"
    headline = dash_duo.find_element("#nb-panel-headline").text
    assert expected in headline and "employment-deprived of 142 LSOAs in Oldham" in headline
    domains = dash_duo.find_element("#nb-panel-domains").text
    for domain, column in (("Health deprivation and disability", "Health"),
                           ("Crime", "Crime")):
        assert domain in domains
        assert f"{int(row[f'{column}_rank']):,}" in domains
    wait_for_url(dash_duo, f"lsoa={code}")
    assert console_errors(dash_duo) == []


def wait_for_url(dash_duo, text: str, timeout: float = 10) -> None:
    deadline = time.time() + timeout
    while text not in dash_duo.driver.current_url and time.time() < deadline:
        time.sleep(0.1)
    assert text in dash_duo.driver.current_url


def test_neighbourhood_map_recolours_without_refetching_geometry(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/neighbourhoods?area={OLDHAM}")
    wait_for_map(dash_duo, "#nb-map")
    fetches = "return performance.getEntriesByType('resource').filter(" \
              "function (e) { return e.name.indexOf('/maps/geometry/') >= 0; }).length"
    assert dash_duo.driver.execute_script(fetches) == 1
    dash_duo.select_dcc_dropdown("#nb-measure", "Income deprivation: rate (IoD 2025)")
    wait_for_map(dash_duo, "#nb-map", "iod-income-score")
    assert dash_duo.driver.execute_script(fetches) == 1
    wait_for_url(dash_duo, "measure=iod-income-score")
    dash_duo.find_element("#nb-geography input[value='ward']").click()
    state = wait_for_map(dash_duo, "#nb-map", "|ward|")
    assert int(state["features"]) == 20
    assert "Approximate ward shapes built from LSOAs (best-fit)" in \
        dash_duo.find_element("#nb-source").text
    assert console_errors(dash_duo) == []


def test_la_map_shows_every_english_lad_with_claimant_count(dash_duo, app, store):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/map?indicator=claimant-count")
    state = wait_for_map(dash_duo, "#map-canvas")
    values = store.period_values("claimant-count", None, ("lad",))
    english = values[values["area_code"].str.startswith("E") & values["is_lower_tier"]]
    with_data = int(english["value"].notna().sum())
    boundaries = store.map_boundaries("lad")
    assert int(state["features"]) == boundaries["area_code"].str.startswith("E").sum()
    assert int(state["coloured"]) == with_data
    counts = [int(li.get_attribute("data-count"))
              for li in dash_duo.find_elements("#map-legend .legend-class")]
    assert sum(counts) == with_data
    title = dash_duo.find_element("#map-title").text
    assert "Claimant Count" in title and "lower-tier local authorities in England" in title
    dash_duo.find_element("#map-table-details summary").click()   # built when opened
    dash_duo.wait_for_element("#map-table tbody tr", timeout=10)
    rows = dash_duo.driver.execute_script(
        "return document.querySelectorAll('#map-table tbody tr').length")
    assert rows == int(state["features"])
    dash_duo.find_element("#map-level input[value='region']").click()
    state = wait_for_map(dash_duo, "#map-canvas", "|region|")
    assert int(state["features"]) == 9
    wait_for_url(dash_duo, "level=region")
    assert console_errors(dash_duo) == []


def test_la_map_hover_compares_with_england_and_click_opens_profile(dash_duo, app, store):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/map?indicator=claimant-count")
    wait_for_map(dash_duo, "#map-canvas")
    lads = gpd.read_file(DATA_DIR / "boundaries" / "lad_2024_uk_generalised.geojson")
    code_column = next(c for c in lads.columns if c.upper().startswith("LAD") and
                       c.upper().endswith("CD"))
    shape = lads.loc[lads[code_column] == "E06000057", "geometry"].iloc[0]  # Northumberland
    point = shape.buffer(-0.02).representative_point()
    canvas, x, y = move_to_lonlat(dash_duo, "map-canvas", point.x, point.y)
    dash_duo.wait_for_contains_text("#map-canvas .pb-map-tooltip", "Northumberland",
                                    timeout=10)
    tooltip = dash_duo.find_element("#map-canvas .pb-map-tooltip").text
    value = store.period_values("claimant-count", None, ("lad",)).set_index("area_code")
    assert f"{value.loc['E06000057', 'value']:.1f}%" in tooltip
    assert "England (" in tooltip
    ActionChains(dash_duo.driver).move_to_element_with_offset(canvas, x, y).click().perform()
    wait_for_url(dash_duo, "/area/E06000057")


def test_worklessness_summary_and_linked_selection(dash_duo, app, published, oldham_shapes):
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1400, 1100)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/worklessness?area={OLDHAM}")
    wait_for_map(dash_duo, "#wk-map")
    dash_duo.wait_for_element("#wk-stat-decile1", timeout=15)
    numerators = pd.read_csv(DATA_DIR / "iod" / "iod2025_lsoa21_indicators.csv.gz",
                             usecols=["LSOA21CD", "employment_domain_numerator"]
                             ).set_index("LSOA21CD")["employment_domain_numerator"]
    lookup = pd.read_csv(DATA_DIR / "iod" / "lookup_lsoa21_ward24_lad24_rgn24.csv.gz")
    codes = lookup.loc[lookup["LAD24CD"] == OLDHAM, "LSOA21CD"]
    deciles = published.loc[codes, "Employment_decile"]
    people = numerators[codes]
    summary = dash_duo.find_element("#wk-summary > div")
    assert summary.get_attribute("data-lsoas") == str(len(codes))
    assert summary.get_attribute("data-decile1") == str(int((deciles == 1).sum()))
    assert summary.get_attribute("data-decile12") == str(int(deciles.isin([1, 2]).sum()))
    assert summary.get_attribute("data-people") == f"{people.sum():.0f}"
    concentration = people[deciles[deciles == 1].index].sum() / people.sum()
    assert float(summary.get_attribute("data-concentration")) == pytest.approx(concentration,
                                                                               abs=1e-6)
    assert f"{people.sum():,.0f}" in dash_duo.find_element("#wk-stat-people").text

    code = biggest(oldham_shapes)[0]
    canvas, x, y = move_to_lonlat(dash_duo, "wk-map", *point_inside(oldham_shapes, code))
    ActionChains(dash_duo.driver).move_to_element_with_offset(canvas, x, y).click().perform()
    dash_duo.wait_for_contains_text("#wk-selection-text", "1 neighbourhoods selected",
                                    timeout=10)
    deadline = time.time() + 10
    selected = None
    while time.time() < deadline:
        selected = dash_duo.driver.execute_script(
            "return dash_ag_grid.getApi('wk-grid').getSelectedRows()"
            ".map(function (r) { return r.area_code; })")
        if selected:
            break
        time.sleep(0.1)
    assert code in selected
    assert dash_duo.find_element("#wk-map").get_attribute("data-selected") == "1"
    points = dash_duo.driver.execute_script(
        "var g = document.querySelector('#wk-scatter .js-plotly-plot');"
        "return g.data.map(function (t) { return t.selectedpoints || null; });")
    assert sum(len(p) for p in points if p) == 1

    # Box/lasso on the scatter: the same event dcc.Graph listens to.
    two = [c for c in published.index[published["LAD24CD"] == OLDHAM] if c != code][:2]
    dash_duo.driver.execute_script(
        "var gd = document.querySelector('#wk-scatter .js-plotly-plot');"
        "var wanted = arguments[0], points = [];"
        "gd.data.forEach(function (trace, t) { (trace.customdata || []).forEach("
        "function (d, i) { if (wanted.indexOf(d[0]) >= 0) {"
        "points.push({curveNumber: t, pointNumber: i, pointIndex: i}); } }); });"
        "gd.emit('plotly_selected', {points: points});", two)
    dash_duo.wait_for_contains_text("#wk-selection-text", "2 neighbourhoods selected",
                                    timeout=10)
    wait_for_attribute(dash_duo, "#wk-map", "data-selected", "2")
    # Row selection in the table.
    dash_duo.driver.execute_script(
        "dash_ag_grid.getApi('wk-grid').getRowNode(arguments[0]).setSelected(true);",
        code)
    dash_duo.wait_for_contains_text("#wk-selection-text", "3 neighbourhoods selected",
                                    timeout=10)
    wait_for_attribute(dash_duo, "#wk-map", "data-selected", "3")
    dash_duo.find_element("#wk-clear").click()
    dash_duo.wait_for_contains_text("#wk-selection-text", "No neighbourhoods selected",
                                    timeout=10)
    assert console_errors(dash_duo) == []


def wait_for_attribute(dash_duo, selector: str, name: str, value: str,
                       timeout: float = 10) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if dash_duo.find_element(selector).get_attribute(name) == value:
            return
        time.sleep(0.1)
    assert dash_duo.find_element(selector).get_attribute(name) == value


def test_a_neighbourhood_can_be_found_with_the_keyboard(dash_duo, app, published):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/neighbourhoods?area={OLDHAM}")
    wait_for_map(dash_duo, "#nb-map")
    code = "E01005325"
    name = published.loc[code, "LSOA21NM"]
    dash_duo.find_element("#nb-lsoa").click()
    dash_duo.driver.switch_to.active_element.send_keys(code)
    dash_duo.wait_for_contains_text(".dash-dropdown-options", name, timeout=10)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text("#nb-panel h2", name, timeout=10)
    wait_for_attribute(dash_duo, "#nb-map", "data-selected", "1")
    assert console_errors(dash_duo) == []


def test_unknown_place_gets_a_helpful_page(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/neighbourhoods?area=W06000015")
    dash_duo.wait_for_contains_text("h1", "No neighbourhood map for that area", timeout=10)
    assert "England only" in dash_duo.find_element(".problem-page").text
    assert console_errors(dash_duo) == []


def test_the_explorer_asks_for_a_place_then_shows_it(dash_duo, app):
    """The menu's link (no place in the address) asks for a place rather than drawing all
    of England's 33,755 neighbourhoods; choosing one fills the map, summary and table,
    and the address follows."""
    from tests.browser.test_explore import choose, query_of

    lookup = pd.read_csv(DATA_DIR / "iod" / "lookup_lsoa21_ward24_lad24_rgn24.csv.gz")
    n_oldham = int((lookup["LAD24CD"] == OLDHAM).sum())
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/worklessness")
    dash_duo.wait_for_text_to_equal("#wk-title", "Choose a place to explore", timeout=15)
    assert "Oldham" in dash_duo.find_element("#wk-summary").text  # a place to start from
    assert dash_duo.find_elements("#wk-grid .ag-row") == []
    choose(dash_duo, "wk-place", "Oldham", "Oldham (local authority)")
    dash_duo.wait_for_contains_text("#wk-title", f"Worklessness in Oldham: {n_oldham} "
                                    "neighbourhoods", timeout=30)
    wait_for_map(dash_duo, "#wk-map")
    dash_duo.wait_for_element("#wk-stat-decile1", timeout=15)
    wait_until(lambda: query_of(dash_duo).get("area") == [OLDHAM], timeout=15)
    assert console_errors(dash_duo) == []
