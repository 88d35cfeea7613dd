"""The API's page for people, at /api: what each address answers and which parameters it
takes, written from the OpenAPI document itself (so the two never disagree), with
examples to copy. Plain HTML in the app's own style sheet; no scripts.
"""

from __future__ import annotations

from html import escape

from flask import Flask, Response

from dashboard.api import openapi, responses
from dashboard.api.params import ApiError
from dashboard.api.routes import PREFIX

EXAMPLES = (
    f"{PREFIX}/observations?indicator=claimant-count&area=E08000004",
    f"{PREFIX}/observations?indicator=claimant-count&area_type=lad&parent=E12000002"
    "&from=2020-01-01&format=csv",
    f"{PREFIX}/judgements?indicator=employment-rate&area=E08000004&benchmark=england",
    f"{PREFIX}/areas/E10000006",
    f"{PREFIX}/areas?q=OL8%201AA",
    f"{PREFIX}/partnerships/oldham/targets",
)


def _operation(path: str, method: str, operation: dict) -> str:
    rows = "".join(
        f"<tr><th scope='row'><code>{escape(param['name'])}</code></th>"
        f"<td>{escape(param.get('description', 'part of the address'))}</td></tr>"
        for param in operation.get("parameters", []))
    table = (f"<table class='table'><caption>Parameters of {escape(path)}</caption>"
             f"<thead><tr><th scope='col'>Name</th><th scope='col'>What it does</th></tr>"
             f"</thead><tbody>{rows}</tbody></table>") if rows else ""
    return (f"<section><h3><code>{method.upper()} {escape(PREFIX + path)}</code></h3>"
            f"<p>{escape(operation['summary'])}.</p>{table}</section>")


def page() -> str:
    document = openapi.document(PREFIX)
    operations = "".join(_operation(path, method, operation)
                         for path, item in document["paths"].items()
                         for method, operation in item.items())
    examples = "".join(f"<li><a href='{escape(url)}'><code>{escape(url)}</code></a></li>"
                       for url in EXAMPLES)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API - Placeboard</title>
<link rel="stylesheet" href="/assets/placeboard.css"></head>
<body><main id="main" class="page">
<p><a href="/">Placeboard</a></p>
<h1>Placeboard's data API</h1>
<p>Everything the dashboard shows is here as data: indicators, areas, published values,
judgements, partnerships' targets and data-quality reports, as JSON, and as CSV where it
is a table. The same access rules apply as on the pages, and small numbers are protected
the same way: a withheld value has no number, status <code>c</code> and the note
"withheld to protect small numbers".</p>
<h2>Start here</h2><ul>{examples}</ul>
<p>The machine-readable description is <a href="{PREFIX}/openapi.json">{PREFIX}/openapi.json</a>
(OpenAPI 3.1).</p>
<h2>Pages, caching and errors</h2>
<p>Lists come a page at a time (<code>page</code>, <code>page_size</code> up to 1,000), with
<code>links.next</code> to the next page (in CSV, a <code>Link</code> header and the total
in <code>X-Total-Count</code>). Every answer has an <code>ETag</code>: send it back as
<code>If-None-Match</code> and you get <code>304 Not Modified</code> until the data
changes. Errors are JSON: <code>{{"error": {{"status", "title", "detail"}}}}</code>, and the
detail says what to change.</p>
<h2>Partners' data</h2>
<p>Without a token you get what the public sees. With a personal token (made on your
account page or with <code>placeboard tokens create</code>) you get what you may see when
signed in:</p>
<pre><code>curl -H "Authorization: Bearer pb_..." "https://your-placeboard{EXAMPLES[0]}"</code></pre>
<h2>Sending data</h2>
<p>Partners and analysts send files for review with a token that has the
<code>submit</code> scope. The file is checked at once, as on the <a href="/submit">Send
data</a> page; a data manager then approves it (now, or at an embargo time) or rejects it.
Until it is published nobody else can see it.</p>
<pre><code>curl -H "Authorization: Bearer pb_..." -F file=@starts.csv "https://your-placeboard{PREFIX}/submissions"</code></pre>
<h2>Every address</h2>{operations}
</main></body></html>"""


def register(server: Flask) -> None:
    @server.get("/api")
    @server.get("/api/")
    def api_docs() -> Response:
        return Response(page(), mimetype="text/html")

    @server.route("/api/<path:rest>", methods=["GET", "HEAD", "POST", "PUT", "PATCH",
                                               "DELETE"])
    def api_unknown(rest: str) -> Response:
        return responses.error(ApiError(404, f"No such address: /api/{rest[:100]}. The "
                                             f"API is under {PREFIX}/; the list is at "
                                             f"{PREFIX}/openapi.json."))
