"""Placeboard: indicators, targets and neighbourhood maps for English local partnerships.

The code is grouped by capability, one package each, and imports point one way: a
package may import the packages before it in `LAYERS`, never one after it, and no module
takes part in an import circle (tests/unit/test_architecture.py checks both). Data flows
the same way: files are ingested into the store, read through its queries, judged by
pure methods, shaped into page models and figures, and served: pages (`layouts/`) and
callbacks (`callbacks/`) over the web layer, put together by `server`. docs/architecture.md draws it.
"""

# Lowest first. `layouts` and `callbacks` are the top-level packages of pages and their
# callbacks; the others are packages of `dashboard`.
LAYERS = (
    "common",    # settings, GSS codes, periods, formatting, attribution
    "security",  # access levels, accounts, audit log, administration rules
    "methods",   # statistics, judgements, disclosure control, quality rules, targets model
    "ingest",    # readers for each source format, validation, the loader
    "store",     # the DuckDB store: connection, SQL, caches, derived tables
    "views",     # pure page models
    "figures",   # pure figure builders
    "exports",   # CSV/XLSX cells, board pack, structured returns
    "web",       # a request's store and viewer, sign-in, web defences, page cache
    "api",       # the read API under /api/v1: JSON and CSV, OpenAPI, tokens' requests
    "layouts",   # pages: layout(**query) -> components (top-level package)
    "callbacks",  # their callbacks: thin wiring over views and figures (top-level package)
    "server",    # the app put together (create_app) and served (gunicorn, WSGI)
    "cli",       # the placeboard command
)
