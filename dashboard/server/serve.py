"""`placeboard serve`: gunicorn workers for production, Flask's server with --dev.

Each worker imports and builds its own app after the fork (dashboard.server.wsgi.PerProcessApp),
so DuckDB connections are opened per worker and never inherited from the master. A store swapped in by `placeboard load`
or `build` is noticed by every worker at its next query (dashboard/store/base.py).
"""

from __future__ import annotations

import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from dashboard.common.config import Settings
from dashboard.server.wsgi import PerProcessApp


def bind_address(host: str, port: int) -> str:
    """gunicorn's bind string: IPv6 addresses in brackets."""
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """Worker processes x threads; sync workers when one thread is asked for."""
    return {
        "bind": bind_address(host, port),
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "preload_app": False,  # each worker builds its app after the fork
        "timeout": 120,  # a board pack or a large export may take seconds, never minutes
        "graceful_timeout": 20,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # gunicorn 25+ opens a control socket at one path per user: two instances on a
        # machine would fight over it, and nothing here uses it.
        "control_socket_disable": True,
    }


class GunicornServer(BaseApplication):
    """gunicorn run in-process with options from the command line, not a config file."""

    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.options = options
        self.application = PerProcessApp(settings)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # settings older gunicorns lack are left out
                self.cfg.set(key, value)

    def load(self) -> PerProcessApp:
        # Called in each worker after the fork: build the app there, before the first
        # request, so no request waits for it.
        self.application.load()
        return self.application


def serve(settings: Settings, host: str, port: int, workers: int, threads: int) -> None:
    """Run gunicorn until it is stopped (Ctrl+C or SIGTERM). The master does not import
    the app: a library that starts a native thread at import leaves each forked worker
    aborting at exit ("terminate called without an active exception")."""

    print(f"Placeboard at http://{bind_address(host, port)}/ (gunicorn: {workers} worker"
          f"{'s' if workers != 1 else ''} x {threads} thread{'s' if threads != 1 else ''}; "
          f"store {settings.store_path})", file=sys.stderr, flush=True)
    GunicornServer(settings, gunicorn_options(host, port, workers, threads)).run()


def serve_dev(settings: Settings, host: str, port: int, debug: bool) -> None:
    """Flask's development server with the reloader (and Dash's dev tools with debug)."""
    from dashboard.server.app import create_app
    from dashboard.web.publishing import start_publisher

    app = create_app(settings)
    start_publisher(settings, app.server.extensions["placeboard"]["accounts"])
    print(f"Placeboard (development server) at http://{bind_address(host, port)}/",
          file=sys.stderr, flush=True)
    app.run(host=host, port=port, debug=debug, use_reloader=True)
