"""The data-sharing ledger's request hooks: every request runs under a collector of the
partners' shared datasets whose values leave the store (dashboard/store/shared_reads.py),
and after it, when a signed-in person (by session, trusted header or API token) was
answered with any, one entry per dataset is written (dashboard/security/ledger.py).

- kind: ``api`` under /api/, ``download`` under /download/ and for any other export
  (every export is audited through `auth.audit_export`, which calls `mark_download`),
  ``view`` otherwise;
- path: the page the person was on: for Dash's callback requests the Referer's path and
  query when it is this site's, else the request's own path and query (never a token:
  `ledger.clean_path` drops secret-looking values).

Writing the ledger never breaks a page: a failure is logged and the answer goes out.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, Response, g, has_request_context, request

from dashboard.security import ledger
from dashboard.store import shared_reads
from dashboard.web import runtime

log = logging.getLogger(__name__)

_TOKEN = "placeboard_ledger_collector"
_DOWNLOAD = "placeboard_ledger_download"


def mark_download() -> None:
    """Say that the current request hands over a file (a download or export)."""
    if has_request_context():
        g.setdefault(_DOWNLOAD, True)


def request_kind(path: str, marked_download: bool = False) -> str:
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/download/") or marked_download:
        return "download"
    return "view"


def page_path(path: str, query: str, callback_path: str, referer: str | None,
              host: str) -> str:
    """Where the person was: a callback's page from its same-site Referer, else the
    request's own path and query."""
    if path == callback_path and referer:
        parts = urlsplit(referer)
        if parts.netloc == host and parts.path.startswith("/"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return path + (f"?{query}" if query else "")


def init_ledger(server: Flask, callback_path: str) -> None:
    """Open a collector before each request of `server`, record after it, and close it
    however the request ends."""

    def open_collector() -> None:
        if _TOKEN not in g:
            setattr(g, _TOKEN, shared_reads.start())

    def record(response: Response) -> Response:
        token = g.pop(_TOKEN, None)
        if token is None:
            return response
        touched = shared_reads.finish(token)
        if touched and response.status_code < 400:
            _write(touched, callback_path)
        return response

    def close_collector(_error: BaseException | None) -> None:
        token = g.pop(_TOKEN, None)
        if token is not None:
            shared_reads.finish(token)

    server.before_request(open_collector)
    server.after_request(record)
    server.teardown_request(close_collector)


def _write(touched: shared_reads.Touched, callback_path: str) -> None:
    try:
        viewer = runtime.viewer()
        if not (viewer.signed_in and viewer.user):
            return
        query = request.query_string.decode("utf-8", "replace")
        path = page_path(request.path, query, callback_path, request.headers.get("Referer"),
                         request.host)
        ledger.record(runtime.accounts(), viewer, touched,
                      request_kind(request.path, bool(g.get(_DOWNLOAD))), path)
    except Exception:  # the person still gets their page; the log says why
        log.exception("could not write the data-sharing ledger for %s", request.path)
