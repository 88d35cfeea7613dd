"""Regional oversight wiring: the theme and status filters (mirrored in the URL) redraw
the table, the lists and the download links; the download of every listed partnership's
return is a plain route, read through the request's store (so access applies) and
audited."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, no_update
from flask import Flask, Response, abort, request

from dashboard.exports import returns
from dashboard.views import oversight as view
from dashboard.web import auth, runtime
from layouts.oversight import Ids, downloads, oversight_model, place, results


def filtered(code: str, themes: Any, statuses: Any) -> tuple:
    """What the filters change: summary, status options, shown line, results,
    downloads and the query string."""
    area = place(code)
    if area is None:
        abort(404)
    themes, statuses = view.chosen(themes, statuses)
    page = oversight_model(area["area_code"], themes, statuses)
    return (page["summary"], page["status_options"], page["shown"],
            results(page, area["area_name"]),
            downloads(page, area["area_code"], themes, statuses),
            view.filter_search(themes, statuses))


def register(app: Dash) -> None:
    @app.callback(Output(Ids.SUMMARY, "children"), Output(Ids.STATUS, "options"),
                  Output(Ids.SHOWN, "children"), Output(Ids.RESULTS, "children"),
                  Output(Ids.DOWNLOADS, "children"), Output(Ids.URL, "search"),
                  Input(Ids.THEME, "value"), Input(Ids.STATUS, "value"),
                  State(Ids.REGION, "data"), prevent_initial_call=True)
    def _filter(themes, statuses, code):
        if not isinstance(code, str) or not code:
            return (no_update,) * 6
        return filtered(code, themes, statuses)


def return_file(code: str, fmt: str, themes: Any,
                statuses: Any) -> tuple[bytes, list[str], str]:
    """The returns of the partnerships the view lists for these filters, in one file;
    their ids; the place's code (a 404 for an unknown place or format)."""
    area = place(code)
    if area is None or fmt not in returns.FORMATS:
        abort(404)
    themes, statuses = view.chosen(themes, statuses)
    ids = oversight_model(area["area_code"], themes, statuses)["listed_ids"]
    return returns.export(runtime.store(), ids, fmt), ids, area["area_code"]


def register_routes(server: Flask) -> None:
    @server.route("/oversight/<code>/returns.<fmt>")
    def _returns(code: str, fmt: str) -> Response:
        content, ids, place_code = return_file(code, fmt, request.args.getlist("theme"),
                                               request.args.getlist("status"))
        auth.audit_export("return", region=place_code, partnerships=ids, format=fmt,
                          bytes=len(content))
        name = returns.filename(f"oversight-{place_code}", fmt)
        return Response(content, mimetype=returns.MEDIA_TYPES[fmt], headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store", "Vary": "Cookie"})
