"""Open downloads of every page's tables: one family of plain routes for all of them.

    GET /download/<view>.csv                 the rows, as CSV (Link: its metadata)
    GET /download/<view>.xlsx                the same rows, and an 'about' sheet
    GET /download/<view>.csv-metadata.json   CSV on the Web metadata of the CSV

with the view's own query string (callbacks/download_views.py names the views and how
each is rebuilt through the request's store). Every answer is an attachment named for
the view, area and period, audited, kept out of shared caches (a partner's download
must not be served to the public), and 404 for a view that does not exist.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from urllib.parse import urljoin

from flask import Flask, Response, abort, request

from callbacks.download_views import VIEWS
from dashboard.exports import tables
from dashboard.views.value_notes import quality_sentence
from dashboard.web import auth, runtime


def register_routes(server: Flask) -> None:
    @server.route("/download/<name>")
    def _download(name: str) -> Response:
        return download(name)


def _query() -> dict:
    """The request's query as a page's layout gets it: a repeated key as a list."""
    return {key: values[0] if len(values) == 1 else values
            for key, values in request.args.lists()}


def _url(view: str, fmt: str) -> str:
    """This download's address in another format, with the same query."""
    query = request.query_string.decode("utf-8", "replace")
    return urljoin(request.url_root, f"download/{view}.{fmt}") + (f"?{query}" if query else "")


def download(name: str) -> Response:
    """The answer to GET /download/<name>: the view's table in the asked-for format."""
    parsed = tables.split_name(name)
    build = VIEWS.get(parsed[0]) if parsed else None
    if parsed is None or build is None:
        abort(404)
    view, fmt = parsed
    table = build(_query())
    if table is None:
        abort(404)
    table = dataclasses.replace(table, url=urljoin(request.url_root, table.url.lstrip("/")),
                                notes=table.notes + _quality_notes(table, _query()))
    downloaded = datetime.now(UTC).replace(microsecond=0).isoformat()
    headers = {"Cache-Control": "private, no-cache", "Vary": "Cookie",
               "Content-Disposition":
                   f'attachment; filename="{tables.file_name(table, fmt)}"'}
    if fmt == "csv":
        body: bytes = tables.to_csv(table).encode("utf-8")
        headers["Link"] = (f'<{_url(view, "csv-metadata.json")}>; rel="describedby"; '
                           'type="application/csvm+json"')
    elif fmt == "xlsx":
        body = tables.to_xlsx(table, downloaded)
    else:
        body = json.dumps(tables.csvw_metadata(table, _url(view, "csv"), downloaded),
                          ensure_ascii=False, indent=2).encode("utf-8")
    auth.audit_export(f"download_{view}", format=fmt, rows=len(table.rows),
                      file=tables.file_name(table, fmt), **_audited(_query()))
    return Response(body, headers=headers, mimetype=None,
                    content_type=tables.MEDIA_TYPES[fmt])


def indicators_of(table: tables.Table, query: dict) -> set[str]:
    """The indicators a download's rows are of: its indicator_id column, or the view's
    indicator (measure) in the query."""
    names = {column.name for column in table.columns}
    found = {str(v) for v in tables.column_values(table, "indicator_id") if v} \
        if "indicator_id" in names else set()
    for key in ("indicator", "measure", "indicators"):
        values = query.get(key) or []
        for value in [values] if isinstance(values, str) else values:
            found.update(part for part in str(value).split(",") if part)
    return found


def _quality_notes(table: tables.Table, query: dict) -> tuple[str, ...]:
    """The quality checks of the datasets behind the rows (the line the pages show
    beside the source), for the 'about' sheet and the CSVW metadata."""
    store = runtime.store()
    catalogue = store.catalogue_records()
    datasets = {catalogue[i]["dataset_id"] for i in indicators_of(table, query)
                if i in catalogue and catalogue[i].get("dataset_id")}
    sentence = quality_sentence(store.dataset_quality(tuple(sorted(datasets))))
    return (f"{sentence} (the findings are on the Data page).",) if sentence else ()


def _audited(query: dict) -> dict:
    """The query's values for the audit log, under names that cannot clash with its own."""
    return {f"q_{key}"[:40]: value for key, value in list(query.items())[:12]}
