"""Scorecard wiring: filters (mirrored in the URL), board pack and return downloads, and
the sparkline images the grid shows."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, no_update
from flask import Flask, Response, abort

from callbacks.busy import while_running
from dashboard.exports import boardpack, returns
from dashboard.methods import targets as model
from dashboard.security import exceptions
from dashboard.web import auth, runtime
from dashboard.web.meetings import last_meeting_changes
from layouts.scorecard import (
    BOARDPACK_LABEL,
    RETURN_LABEL,
    Ids,
    exception_marks,
    filter_search,
    grid_rows,
    shown_text,
    table_downloads,
)


def filtered_view(partnership_id: str, statuses: list[str] | None,
                  themes: list[str] | None) -> tuple[list[dict], str, str, dict]:
    """Grid rows, the "Showing n of m" line, the query string and the table's download
    links for the chosen filters."""
    store = runtime.store()
    card = store.scorecard_records(partnership_id)
    shown = model.filter_records(card, statuses, themes)
    name = (store.partnership(partnership_id) or {}).get("name") or partnership_id
    return (grid_rows(shown, partnership_id, exception_marks(partnership_id, card)),
            shown_text(len(shown), len(card)),
            filter_search(statuses, themes),
            table_downloads(partnership_id, name, statuses, themes))


def visible_partnership(partnership_id: Any) -> str:
    """The partnership id if the request's viewer may see that partnership; otherwise a
    404 (a crafted request cannot tell a partnership kept from it from one that does not
    exist, and never gets a 500)."""
    if not isinstance(partnership_id, str) or \
            runtime.store().partnership(partnership_id) is None:
        abort(404)
    return partnership_id


def register(app: Dash) -> None:
    @app.callback(Output(Ids.GRID, "rowData"), Output(Ids.SHOWN, "children"),
                  Output(Ids.URL, "search"), Output(Ids.DOWNLOADS, "children"),
                  Input(Ids.STATUS, "value"), Input(Ids.THEME, "value"),
                  State(Ids.PARTNERSHIP, "data"), prevent_initial_call=True)
    def _filter(statuses, themes, partnership_id):
        if not partnership_id:
            return no_update, no_update, no_update, no_update
        return filtered_view(visible_partnership(partnership_id), statuses, themes)

    @app.callback(Output(Ids.BOARDPACK_DOWNLOAD, "data"), Input(Ids.BOARDPACK, "n_clicks"),
                  State(Ids.PARTNERSHIP, "data"), prevent_initial_call=True,
                  running=while_running(Ids.BOARDPACK, BOARDPACK_LABEL))
    def _boardpack(n_clicks, partnership_id):
        if not n_clicks or not partnership_id:
            return no_update
        partnership_id = visible_partnership(partnership_id)
        store = runtime.store()
        pdf = boardpack.build_boardpack(
            store, partnership_id,
            reports=exceptions.latest_for_partnership(runtime.accounts(), partnership_id),
            since=last_meeting_changes(partnership_id,
                                       store.scorecard_records(partnership_id)))
        auth.audit_export("boardpack", partnership=partnership_id, format="pdf",
                          bytes=len(pdf))
        return dcc.send_bytes(pdf, boardpack.filename(partnership_id))

    @app.callback(Output(Ids.RETURN_DOWNLOAD, "data"), Input(Ids.RETURN, "n_clicks"),
                  State(Ids.RETURN_FORMAT, "value"), State(Ids.PARTNERSHIP, "data"),
                  prevent_initial_call=True, running=while_running(Ids.RETURN, RETURN_LABEL))
    def _return(n_clicks, fmt, partnership_id):
        if not n_clicks or not partnership_id or fmt not in returns.FORMATS:
            return no_update
        content = returns.export(runtime.store(), [visible_partnership(partnership_id)], fmt)
        auth.audit_export("return", partnership=partnership_id, format=fmt,
                          bytes=len(content))
        return dcc.send_bytes(content, returns.filename(partnership_id, fmt),
                              type=returns.MEDIA_TYPES[fmt])


def sparkline(partnership_id: str, indicator_id: str, area_code: str) -> str | None:
    """The SVG sparkline of one target's recent values and trajectory, or None."""
    card = runtime.store().scorecard_records(partnership_id)
    match = [r for r in card if r["indicator_id"] == indicator_id
             and r["area_code"] == area_code]
    if not match:
        return None
    row = match[0]
    return model.sparkline_svg(list(row["spark_values"]), list(row["spark_trajectory"]),
                               colour=model.STATUS_COLOURS[row["status"]])


def register_routes(server: Flask) -> None:
    @server.route("/targets/sparkline/<partnership_id>/<indicator_id>/<area_code>.svg")
    def _sparkline(partnership_id: str, indicator_id: str, area_code: str) -> Response:
        svg = sparkline(partnership_id, indicator_id, area_code)
        if svg is None:
            abort(404)
        return Response(svg, mimetype="image/svg+xml",
                        headers={"Cache-Control": "private, max-age=600",
                                 "Vary": "Cookie"})
