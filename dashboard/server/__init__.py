"""The app put together and served: `app.create_app` finds the pages (`layouts/`) and
their callbacks (`callbacks/`) and wires them to the web layer; `serve` runs it with
gunicorn (or Flask's development server); `wsgi` is the entry point for any WSGI server.

Sits above `layouts` and `callbacks` (the only package that imports them); only the cli
imports it.
"""
