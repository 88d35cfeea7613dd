"""What a request needs on its way through: the store and settings it is answered with
(`runtime`), who is asking (`auth`: sign-in, sign-out, the viewer of a request;
`api_tokens`: a personal token on an /api/ request, and the API's rate limit), the web
defences (`defences`: security headers, request limits, crafted callbacks, errors
without tracebacks), the public page cache (`page_cache`), embeds (`embeds`: the
only paths another site may frame, and this app's origin for iframe snippets) and the
data-sharing ledger's request hooks (`ledger`).

May import every layer below it. Pages (`layouts/`) and callbacks (`callbacks/`) sit on
top of this package and reach the store through `runtime`; `dashboard.server` puts the
app together.
"""
