"""WSGI entry point, for running gunicorn (or another WSGI server) directly:

    PLACEBOARD_STORE=var/placeboard.duckdb gunicorn --workers 2 --threads 4 dashboard.server.wsgi

Settings come from the PLACEBOARD_* environment (dashboard.common.config). The app is built once
in each worker process, after the fork, so no DuckDB connection, SQLite handle or
database pool is ever shared between processes, even with gunicorn's --preload.
`placeboard serve` uses the same object.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

from dashboard.common.config import Settings


class PerProcessApp:
    """A WSGI callable that builds the Flask server of `create_app(settings)` in the
    process that first calls it (or `load`s it), and again in any process forked later."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._server: Any = None
        self._pid: int | None = None

    def load(self) -> Any:
        """The Flask server for this process, built on first use."""
        if self._server is None or self._pid != os.getpid():
            with self._lock:
                if self._server is None or self._pid != os.getpid():
                    from dashboard.server.app import create_app
                    from dashboard.web.publishing import start_publisher

                    settings = self.settings or Settings.from_env()
                    self._server = create_app(settings).server
                    self._pid = os.getpid()
                    # scheduled submissions are published by each worker's thread (one
                    # claims each submission first: dashboard/web/publishing.py)
                    start_publisher(settings, self._server.extensions["placeboard"]["accounts"])
        return self._server

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        return self.load()(environ, start_response)


application = PerProcessApp()
