"""Embeds: /embed/<chart>?<the chart's query> answers with one chart as a small HTML
document (layouts/embed_charts.py builds it from the store as the public sees it,
layouts/embed_html.py writes it); an unknown chart or a parameter that names nothing
answers 404 with a small helpful page. These are the only responses another site may
frame (dashboard/web/defences.py). Plain Flask routes: a Dash page is one app shell, with
the header and navigation an embed must not have.

Answers are kept in the store's cache under the store file's identity and the public's
access version, like public pages (dashboard/web/page_cache.py), so a swapped-in store
or an access change is never answered from an older one.
"""

from __future__ import annotations

from flask import Flask, Response, request

from dashboard.web import page_cache, runtime
from layouts import embed_charts
from layouts.embed_html import embed_document, problem_document


def embed_response(chart: str) -> Response:
    """The answer for /embed/<chart> with this request's query."""
    store = runtime.public_store()
    args = request.args.to_dict(flat=False)
    key = page_cache.page_key(store.identity(), store.access_key(), f"embed:{chart}", args)
    kept = store.cache.get(key)
    if kept is None:
        found = embed_charts.build(store, [part for part in chart.split("/") if part], args)
        if isinstance(found, embed_charts.Problem):
            kept = (404, problem_document(found.title, found.message, found.links))
        else:
            kept = (200, embed_document(found))
        store.cache.set(key, kept)
    status, text = kept
    return Response(text, status=status, mimetype="text/html")


def register_routes(server: Flask) -> None:
    @server.route("/embed")
    @server.route("/embed/")
    def _embed_index() -> Response:
        return Response(problem_document(
            embed_charts.NO_CHART, "Choose a chart to embed: each page's charts offer "
            "their own address under “Embed this chart”."), status=404, mimetype="text/html")

    @server.route("/embed/<path:chart>")
    def _embed(chart: str) -> Response:
        return embed_response(chart)
