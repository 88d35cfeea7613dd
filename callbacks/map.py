"""Local authority map callbacks, and what every map page shares: the geometry route and
the browser-side drawing and address syncing (draw_map, sync_url).

The server sends each geography's geometry once (GET /maps/geometry/<level>/<within>.bin,
pre-gzipped, ETag, cached for a year under a versioned URL); callbacks then send only the
values payload, which assets/maps.js draws on a canvas."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, no_update
from flask import Flask, Response, abort, request

from dashboard.common import geography
from dashboard.views import geometry
from dashboard.web import runtime
from layouts import map as page
from layouts.map import Ids

ONE_YEAR = 31_536_000


def register_routes(server: Flask) -> None:
    @server.route("/maps/geometry/<level>/<within>.bin")
    def _geometry(level: str, within: str) -> Response:
        return geometry_response(level, within)


def geometry_response(level: str, within: str) -> Response:
    """The payload for (level, within): gzip when accepted, 304 when the ETag matches."""
    if level not in geometry.LEVELS or not geography.is_valid_code(within):
        abort(404)
    try:
        payload = geometry.payload_for(runtime.store(), level, within)
    except ValueError:
        abort(404)
    headers = {"ETag": f'"{payload.etag}"', "Vary": "Accept-Encoding",
               "Cache-Control": f"public, max-age={ONE_YEAR}, immutable"
               if request.args.get("v") == payload.etag else "public, max-age=0, must-revalidate",
               "X-Features": str(len(payload.codes))}
    if payload.etag in request.if_none_match:
        return Response(status=304, headers=headers)
    if "gzip" in (request.headers.get("Accept-Encoding") or ""):
        body = payload.gzipped
        headers["Content-Encoding"] = "gzip"
    else:
        body = payload.raw
    return Response(body, mimetype="application/octet-stream", headers=headers)


def register(app: Dash) -> None:
    @app.callback(Output(Ids.PERIOD, "options"), Output(Ids.PERIOD, "value"),
                  Input(Ids.INDICATOR, "value"), State(Ids.PERIOD, "value"),
                  prevent_initial_call=True)
    def _periods(indicator, current):
        options = page.period_options(runtime.store().map_periods(indicator)) \
            if indicator else []
        return options, page.choose_period(options, current)

    # The layout carries the first view; callbacks answer changes only.
    @app.callback(Output(Ids.DATA, "data"), Output(Ids.LEGEND, "children"),
                  Output(Ids.TITLE, "children"), Output(Ids.SOURCE, "children"),
                  Output(Ids.DOWNLOADS, "children"),
                  Input(Ids.INDICATOR, "value"), Input(Ids.PERIOD, "value"),
                  Input(Ids.LEVEL, "value"), Input(Ids.EXTENT, "value"),
                  Input(Ids.SCHEME, "value"), Input(Ids.BENCHMARK, "value"),
                  Input(Ids.CONFIDENCE, "value"), prevent_initial_call=True)
    def _map(indicator, period, level, extent, scheme, benchmark, confidence):
        view = page.la_map_view(runtime.store(), indicator, period, level, extent, scheme,
                                benchmark, confidence)
        links = page.map_downloads(indicator if view["payload"] else None, period, level,
                                   extent, scheme, benchmark, confidence, view["title"])
        return view["payload"], view["legend"], view["title"], view["source"], links

    @app.callback(Output(Ids.TABLE, "children"), Input(Ids.SUMMARY, "n_clicks"),
                  Input(Ids.INDICATOR, "value"), Input(Ids.PERIOD, "value"),
                  Input(Ids.LEVEL, "value"), Input(Ids.EXTENT, "value"),
                  Input(Ids.SCHEME, "value"), Input(Ids.BENCHMARK, "value"),
                  Input(Ids.CONFIDENCE, "value"))
    def _table(opened, indicator, period, level, extent, scheme, benchmark, confidence):
        if not opened:  # built the first time someone opens it, then kept up to date
            return no_update
        return page.la_map_view(runtime.store(), indicator, period, level, extent, scheme,
                                benchmark, confidence, with_table=True)["table"]

    draw_map(app, Ids)
    sync_url(app, Ids, Ids.INDICATOR, Ids.PERIOD, Ids.LEVEL, Ids.EXTENT, Ids.SCHEME,
             Ids.BENCHMARK, Ids.CONFIDENCE)


# --- in the browser, for every map page -------------------------------------------------------

def draw_map(app: Dash, ids: type) -> None:
    """assets/maps.js draws the map (ids.MAP) whenever its values payload (ids.DATA)
    changes, and says what it shows in ids.STATUS for screen readers."""
    app.clientside_callback(ClientsideFunction("placeboard_maps", "render"),
                            Output(ids.STATUS, "children"), Input(ids.DATA, "data"),
                            State(ids.MAP, "id"))


def sync_url(app: Dash, ids: type, *pickers: str) -> None:
    """assets/maps.js writes the pickers' values into the address (under the names in
    ids.URL_KEYS, in the same order), so a view can be shared and reopened."""
    app.clientside_callback(ClientsideFunction("placeboard_maps", "sync_url"),
                            *[Input(picker, "value") for picker in pickers],
                            State(ids.URL_KEYS, "data"))
