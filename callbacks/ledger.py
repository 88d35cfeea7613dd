"""The data-sharing ledger's CSV (/ledger.csv?partnership=&dataset=): the entries the
page shows for the same filters, every one of them, in spreadsheet-safe cells. For a
partnership's data owner or an administrator only (403 for anyone else); audited as an
export; never kept by a shared cache."""

from __future__ import annotations

from flask import Flask, Response, request

from dashboard.exports import cells
from dashboard.views import ledger as words
from dashboard.web import auth, runtime
from layouts.ledger import CSV_PATH, ledger_page

REFUSED = "Only a partnership's data owners and administrators can download the ledger"


def ledger_csv(query: dict) -> Response:
    """The answer to GET /ledger.csv for the current request's viewer."""
    viewer = runtime.viewer()
    page = ledger_page(viewer, query) if viewer.signed_in and viewer.user else None
    if page is None:
        return Response(REFUSED, status=403, mimetype="text/plain",
                        headers={"Cache-Control": "no-store"})
    body = cells.csv_text(words.CSV_COLUMNS, words.csv_rows(page.entries, page.titles))
    name = words.csv_name(page.filters)
    auth.audit_export("ledger_csv", format="csv", rows=len(page.entries), file=name,
                      **page.filters.query())
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "private, no-store", "Vary": "Cookie"})


def register_routes(server: Flask) -> None:
    @server.route(CSV_PATH)
    def _ledger_csv() -> Response:
        return ledger_csv(request.args.to_dict())
