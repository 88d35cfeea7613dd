"""Map rendering benchmark: the canvas renderer (geometry once, values per recolour) against
the naive approach (a Plotly Choroplethmap carrying the full GeoJSON, rebuilt per callback).

    python bench/bench_maps.py [--store var/placeboard.duckdb] [--repeat 3] [--skip-naive]

Both run in the same headless Chromium (/usr/bin/chromium via selenium). Times are medians:
"first render" is from navigation start to the map drawn, with an empty browser cache;
"recolour" is from changing the measure to the map redrawn (server callback included).
Budgets: all-England LSOA first render < 3 s, recolour < 1 s, payload < 8 MB raw / 3 MB
gzip, one LAD's LSOA map < 1 s.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import geopandas as gpd
from dash import Dash, Input, Output, dcc, html
from selenium import webdriver
from werkzeug.serving import make_server

from dashboard.common.config import Settings
from dashboard.figures.maps import naive_choropleth
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.views import geometry

ENGLAND = geometry.ENGLAND
OLDHAM = "E08000004"
MEASURES = ["iod-employment-score", "iod-income-score", "iod-health-score",
            "iod-education-score", "iod-crime-score", "iod-imd-score"]
BUDGETS = {"england_first_render_ms": 3000, "england_recolour_ms": 1000,
           "england_payload_raw_bytes": 8_000_000, "england_payload_gzip_bytes": 3_000_000,
           "lad_first_render_ms": 1000, "lad_switch_place_in_app_ms": 1000}


def serve(flask_app, port: int) -> object:
    server = make_server("127.0.0.1", port, flask_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1100"):
        options.add_argument(arg)
    return webdriver.Chrome(options=options)


def wait(driver, script: str, timeout: float = 120, *args):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = driver.execute_script(script, *args)
        if value:
            return value
        time.sleep(0.02)
    raise TimeoutError(script)


MAP_STATE = ("var e = document.getElementById(arguments[0]);"
             "if (!e || !e.getAttribute('data-rendered-at')) return null;"
             "if (arguments[1] && (e.getAttribute('data-version') || '').indexOf(arguments[1])"
             " < 0) return null;"
             "return [parseFloat(e.getAttribute('data-rendered-at')),"
             "parseFloat(e.getAttribute('data-render-ms'))];")


def canvas_first_render(base: str, path: str, map_id: str = "nb-map") -> dict:
    driver = browser()
    try:
        driver.get(base + path)
        at, draw = wait(driver, MAP_STATE, 120, map_id, None)
        return {"ms": at, "draw_ms": draw}
    finally:
        driver.quit()


def app_boot(base: str) -> float:
    """Navigation to a map-free page's content drawn (/about): what any Dash page costs."""
    driver = browser()
    try:
        driver.get(base + "/about")
        return wait(driver, "var a = document.getElementById('about-attribution');"
                    "return a ? performance.now() : null;", 60)
    finally:
        driver.quit()


def canvas_place_switches(base: str, places: list[str]) -> list[float]:
    """In the app: choose another place; time until its LSOA map is drawn."""
    driver = browser()
    out = []
    try:
        driver.get(f"{base}/neighbourhoods?area={ENGLAND}")
        wait(driver, MAP_STATE, 120, "nb-map", None)
        for place in places:
            start = driver.execute_script(
                "var t = performance.now();"
                "window.dash_clientside.set_props('nb-place', {value: arguments[0]});"
                "return t;", place)
            at, _draw = wait(driver, MAP_STATE, 60, "nb-map", place + "|")
            out.append(at - start)
    finally:
        driver.quit()
    return out


def canvas_recolours(base: str, area: str, repeat: int) -> list[dict]:
    driver = browser()
    out = []
    try:
        driver.get(f"{base}/neighbourhoods?area={area}&measure={MEASURES[0]}")
        wait(driver, MAP_STATE, 120, "nb-map", None)
        for measure in (MEASURES[1:] * repeat)[: max(repeat * 2, 2)]:
            start = driver.execute_script(
                "var t = performance.now();"
                "window.dash_clientside.set_props('nb-measure', {value: arguments[0]});"
                "return t;", measure)
            at, draw = wait(driver, MAP_STATE, 60, "nb-map", measure)
            out.append({"ms": at - start, "draw_ms": draw})
            time.sleep(0.2)
        fetched = driver.execute_script(
            "return performance.getEntriesByType('resource').filter(function (e) {"
            "return e.name.indexOf('/maps/geometry/') >= 0; }).length")
        out.append({"geometry_fetches": fetched})
    finally:
        driver.quit()
    return out


# --- the naive baseline -----------------------------------------------------------------------

def naive_app(store: Store) -> Dash:
    """One page: a dropdown and a Plotly Choroplethmap with the full GeoJSON per callback."""
    boundaries = store.lsoa_boundaries(ENGLAND)
    shapes = gpd.GeoDataFrame({"code": boundaries["area_code"]},
                              geometry=geometry.to_geometries(boundaries["geometry"]),
                              crs=4326)
    geojson = json.loads(shapes.to_json(drop_id=True))
    app = Dash(__name__, serve_locally=True)
    app.layout = html.Div([dcc.Dropdown(id="measure", options=MEASURES, value=MEASURES[0]),
                           dcc.Graph(id="graph", style={"height": "600px"})])

    @app.callback(Output("graph", "figure"), Input("measure", "value"))
    def _figure(measure):
        frame = store.lsoa_values(measure, ENGLAND)
        figure = naive_choropleth(geojson, frame, measure)
        figure.update_layout(meta=measure)
        return figure

    app.bench_geojson = geojson  # type: ignore[attr-defined]
    return app


PLOTLY_STATE = ("var gd = document.querySelector('#graph .js-plotly-plot');"
                "if (!gd || !gd._fullLayout || !gd._fullLayout.map) return null;"
                "var m = gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;"
                "if (!m || !m.loaded() || !gd.data.length) return null;"
                "if (gd._fullLayout.meta !== arguments[0]) return null;"
                "return performance.now();")


def naive_runs(base: str, repeat: int) -> dict:
    driver = browser()
    try:
        driver.get(base + "/")
        at = wait(driver, PLOTLY_STATE, 300, MEASURES[0])
        updates = []
        for measure in MEASURES[1: 1 + repeat]:
            start = driver.execute_script(
                "var t = performance.now();"
                "window.dash_clientside.set_props('measure', {value: arguments[0]});"
                "return t;", measure)
            done = wait(driver, PLOTLY_STATE, 300, measure)
            updates.append(done - start)
        return {"first_ms": at, "update_ms": updates}
    finally:
        driver.quit()


def median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default=str(ROOT / "var" / "placeboard.duckdb"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    settings = Settings.from_env(store_path=args.store)
    store = Store(settings.store_path, make_cache())

    results: dict = {}
    start = time.perf_counter()
    england = geometry.build_payload(store, "lsoa", ENGLAND)
    results["england_payload_build_s"] = time.perf_counter() - start
    results["england_payload_raw_bytes"] = len(england.raw)
    results["england_payload_gzip_bytes"] = len(england.gzipped)
    oldham = geometry.build_payload(store, "lsoa", OLDHAM)
    results["lad_payload_raw_bytes"] = len(oldham.raw)
    results["lad_payload_gzip_bytes"] = len(oldham.gzipped)

    app = create_app(settings, store=store)
    server = serve(app.server, 8791)
    base = "http://127.0.0.1:8791"
    try:
        cold = canvas_first_render(base, f"/neighbourhoods?area={ENGLAND}")
        results["england_first_render_cold_server_ms"] = cold["ms"]
        firsts = [canvas_first_render(base, f"/neighbourhoods?area={ENGLAND}")
                  for _ in range(args.repeat)]
        results["england_first_render_ms"] = median([f["ms"] for f in firsts])
        results["england_first_draw_ms"] = median([f["draw_ms"] for f in firsts])
        recolours = canvas_recolours(base, ENGLAND, args.repeat)
        timed = [r for r in recolours if "ms" in r]
        results["england_recolour_ms"] = median([r["ms"] for r in timed])
        results["england_recolour_draw_ms"] = median([r["draw_ms"] for r in timed])
        results["england_geometry_fetches_during_recolours"] = recolours[-1]["geometry_fetches"]
        lads = [canvas_first_render(base, f"/neighbourhoods?area={OLDHAM}")
                for _ in range(args.repeat)]
        results["lad_first_render_ms"] = median([f["ms"] for f in lads])
        results["lad_first_draw_ms"] = median([f["draw_ms"] for f in lads])
        results["app_boot_ms"] = median([app_boot(base) for _ in range(args.repeat)])
        results["lad_first_render_minus_app_boot_ms"] = (results["lad_first_render_ms"]
                                                         - results["app_boot_ms"])
        switches = canvas_place_switches(base, [OLDHAM, "E06000009", "E08000003",
                                                "E07000117"][: max(2, args.repeat)])
        results["lad_switch_place_in_app_ms"] = median(switches)
        lad_recolours = canvas_recolours(base, OLDHAM, args.repeat)
        results["lad_recolour_ms"] = median([r["ms"] for r in lad_recolours if "ms" in r])
    finally:
        server.shutdown()

    if not args.skip_naive:
        naive = naive_app(store)
        geojson = naive.bench_geojson  # type: ignore[attr-defined]
        frame = store.lsoa_values(MEASURES[0], ENGLAND)
        start = time.perf_counter()
        figure = naive_choropleth(geojson, frame, MEASURES[0])
        body = figure.to_json().encode()
        results["naive_server_figure_s"] = time.perf_counter() - start
        results["naive_payload_bytes_per_update"] = len(body)
        server = serve(naive.server, 8792)
        try:
            runs = naive_runs("http://127.0.0.1:8792", max(1, min(args.repeat, 2)))
        finally:
            server.shutdown()
        results["naive_first_render_ms"] = runs["first_ms"]
        results["naive_update_ms"] = median(runs["update_ms"])
        results["ratio_first_render_naive_over_canvas"] = (
            results["naive_first_render_ms"] / results["england_first_render_ms"])
        results["ratio_update_naive_over_canvas"] = (
            results["naive_update_ms"] / results["england_recolour_ms"])

    print(json.dumps(results, indent=2, default=float))
    print("\nBudgets:")
    for key, limit in BUDGETS.items():
        value = results.get(key)
        verdict = "ok" if value is not None and value < limit else "OVER"
        print(f"  {key:32s} {value:>14,.1f}  < {limit:>12,}  {verdict}")


if __name__ == "__main__":
    main()
