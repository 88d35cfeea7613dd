"""The neighbourhood map's hot-spot layer in real headless Chromium: switched on from the
address, the map marks every hot and cold spot the store found, names them in words, axe
finds no serious or critical violation on the page with the layer, funnel plot and SII
chart, and switching the layer off clears the marks."""

from __future__ import annotations

from dashboard.methods.stats import hotspots
from tests.browser.conftest import console_errors, wait_until
from tests.browser.test_accessibility import axe_violations, describe
from tests.browser.test_maps import OLDHAM, wait_for_map


def _marked(dash_duo) -> tuple[str | None, str | None]:
    return tuple(dash_duo.driver.execute_script(  # type: ignore[return-value]
        "var e = document.getElementById('nb-map');"
        "return [e.getAttribute('data-hot-spots'), e.getAttribute('data-cold-spots')];"))


def test_oldham_hot_spot_layer_marks_and_names_the_hot_spots(dash_duo, app, store):
    found = store.lsoa_hot_spots("iod-employment-score", OLDHAM)
    hot = found[found["label"] == hotspots.HOT]
    cold = found[found["label"] == hotspots.COLD]
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/neighbourhoods?area={OLDHAM}"
                           "&hotspots=on")
    wait_for_map(dash_duo, "#nb-map")
    wait_until(lambda: _marked(dash_duo) == (str(len(hot)), str(len(cold))), timeout=20)
    dash_duo.wait_for_contains_text(
        ".pb-hotspot-legend", "Hot spot: a cluster of high values, statistically clear "
        "after allowing for many tests")
    dash_duo.wait_for_contains_text(
        "#nb-hotspot-summary", f"{len(hot)} hot spots and {len(cold)} cold spots")
    table = dash_duo.driver.execute_script(
        "return document.getElementById('nb-hotspot-table').textContent;")
    assert all(code in table for code in hot["area_code"])
    dash_duo.wait_for_contains_text("#nb-sii", "Slope index of inequality:", timeout=20)
    dash_duo.wait_for_element("#nb-funnel-table")
    violations = axe_violations(dash_duo)  # the layer, the funnel plot and the SII chart
    assert not violations, describe(violations)
    dash_duo.find_element("#nb-hotspots input[value='off']").click()
    wait_until(lambda: _marked(dash_duo) == ("0", "0"), timeout=20)
    assert "hotspots=off" in dash_duo.driver.current_url
    assert console_errors(dash_duo) == []
