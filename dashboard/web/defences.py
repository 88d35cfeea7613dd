"""The web layer's defences: security headers, request limits, crafted callbacks, errors
without tracebacks, and HTTP statuses for Dash pages.

`init_security(server, settings, ...)` (called by create_app) adds, for every response:

- Content-Security-Policy: scripts only from this app plus the hashes of Dash's own
  inline scripts (`Dash.csp_hashes()`, recomputed as Dash adds clientside callbacks, so
  no 'unsafe-inline' for scripts); styles from this app and inline (Plotly, AG Grid and
  Dash components set styles at run time); images from this app and data:/blob: URLs
  (spine charts are SVG data URIs, chart downloads are blobs) plus the basemap's tile
  host when one is configured; fetches to this app only; no plugins; forms post here
  only; `frame-ancestors 'none'`, except on embeds (below).
- X-Frame-Options: DENY (older browsers) - no page may be framed, except the embeds:
  responses under /embed/ (one chart each, for other sites' pages: callbacks/embed.py)
  say `frame-ancestors *` and carry no X-Frame-Options, so any site may frame them.
- X-Content-Type-Options: nosniff; Referrer-Policy: same-origin (Flask-WTF checks the
  Referer of HTTPS form posts, so it must still reach us; other sites get nothing);
  Cross-Origin-Opener-Policy: same-origin.
- Strict-Transport-Security, only when PLACEBOARD_SECURE_COOKIES=1 (the app is served
  over HTTPS), for settings.hsts_seconds (PLACEBOARD_HSTS_SECONDS; 0 turns it off).

Requests: bodies over settings.max_request_bytes answer 413 (Dash callbacks here are a
few kB). A callback request that is not a JSON object naming a server callback of this
app answers 400; a callback that fails answers 400 (its traceback goes to the log, never
to the client). Requests for files that do not exist answer 404. Only a real fault of
the server answers 500 (503 while the store is not built), again without a traceback.

Pages: Dash sends the same HTML shell for every address, so `page_status` (from
layouts/not_found_404.py) decides the shell's status: 404 for unknown pages and codes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from dashboard.common.config import Settings
from dashboard.web import embeds
from dashboard.web.auth import SECURE_COOKIES_ENV

log = logging.getLogger(__name__)

CALLBACK_REFUSED = "This request is not one Placeboard can answer"
CALLBACK_FAILED = "Placeboard could not answer this request; check the address and try again"
SERVER_FAULT = "Sorry, something went wrong on our side; please try again later"


def content_security_policy(script_hashes: Sequence[str], tiles: str | None = None,
                            framable: bool = False) -> str:
    """The Content-Security-Policy for every response (see the module docstring);
    `framable` (embeds only) lets any site frame the response."""
    images = ["'self'", "data:", "blob:"]
    tile_origin = _origin(tiles)
    if tile_origin:
        images.append(tile_origin)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["*"] if framable else ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _origin(url_template: str | None) -> str | None:
    """scheme://host[:port] of a tile URL template, or None."""
    if not url_template:
        return None
    parts = urlsplit(url_template.replace("{", "").replace("}", ""))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


class SecurityHeaders:
    """Adds the security headers to every response (after_request)."""

    def __init__(self, settings: Settings, script_hashes: Callable[[], Sequence[str]]
                 ) -> None:
        self.settings = settings
        self.script_hashes = script_hashes
        secure = os.environ.get(SECURE_COOKIES_ENV) == "1"
        self.hsts = (f"max-age={settings.hsts_seconds}"
                     if secure and settings.hsts_seconds > 0 else None)

    def policy(self, framable: bool = False) -> str:
        # Recomputed per response: Dash adds inline scripts (the pages router's
        # clientside callback) at the first request, and hashing a dozen short
        # scripts takes microseconds.
        return content_security_policy(self.script_hashes(), self.settings.basemap_tiles,
                                       framable)

    def __call__(self, response: Response) -> Response:
        headers = response.headers
        framable = embeds.is_embed(request.path)
        headers["Content-Security-Policy"] = self.policy(framable)
        if framable:
            headers.pop("X-Frame-Options", None)
        else:
            headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if self.hsts:
            headers["Strict-Transport-Security"] = self.hsts
        return response


def callback_body_problem(body: Any, callbacks: Mapping[str, Any]) -> str | None:
    """Why a /_dash-update-component body cannot be a request for one of `callbacks`
    (Dash's callback_map), or None. Dash itself assumes a well-formed body and fails with
    a 500 on anything else."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str):
        return "the body must name the callback's output"
    spec = callbacks.get(output)
    if not isinstance(spec, dict) or spec.get("callback") is None:
        return "there is no server callback for that output"
    for key in ("inputs", "state"):
        if not _dependencies(body.get(key, [])):
            return f"'{key}' must be a list of {{id, property, value}} objects"
    outputs = body.get("outputs", [])
    if not (isinstance(outputs, dict) or _dependencies(outputs)):
        return "'outputs' must be an object or a list of them"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "'changedPropIds' must be a list of strings"
    return None


def _dependencies(items: Any) -> bool:
    """A list of {id, property} objects, or of lists of them (pattern-matching ids)."""
    if not isinstance(items, list):
        return False
    for item in items:
        group = item if isinstance(item, list) else [item]
        if not all(isinstance(d, dict) and "id" in d and isinstance(d.get("property"), str)
                   for d in group):
            return False
    return True


def _json_error(status: int, message: str) -> Response:
    response = jsonify({"message": message})
    response.status_code = status
    return response


class CallbackGate:
    """Refuses malformed callback requests before Dash sees them (before_request)."""

    def __init__(self, callback_path: str, callbacks: Callable[[], Mapping[str, Any]]
                 ) -> None:
        self.callback_path = callback_path
        self.callbacks = callbacks

    def __call__(self) -> Response | None:
        if request.method != "POST" or request.path != self.callback_path:
            return None
        # Not JSON: 415; unreadable JSON: 400; over the size limit: 413 (all raised here).
        problem = callback_body_problem(request.get_json(), self.callbacks())
        if problem is not None:
            return _json_error(400, f"{CALLBACK_REFUSED}: {problem}")
        return None


class PageStatus:
    """Sets the status of Dash's HTML shell to the page's own status (after_request)."""

    def __init__(self, index_endpoints: frozenset[str],
                 page_status: Callable[[str, Mapping[str, Any]], int]) -> None:
        self.index_endpoints = index_endpoints
        self.page_status = page_status

    def __call__(self, response: Response) -> Response:
        if (request.method in ("GET", "HEAD") and response.status_code == 200
                and request.endpoint in self.index_endpoints):
            try:
                response.status_code = self.page_status(request.path,
                                                        request.args.to_dict(flat=False))
            except Exception:  # the page still works; only its status is unknown
                log.exception("could not work out the status of %s", request.path)
        return response


class ErrorAnswers:
    """Answers for exceptions: never a traceback, never a 5xx for a bad request."""

    def __init__(self, callback_path: str, suites_prefix: str,
                 shell: Callable[[], Any] | None = None) -> None:
        self.callback_path = callback_path
        self.suites_prefix = suites_prefix
        self.shell = shell

    def __call__(self, error: Exception) -> Any:
        from dashboard.store import StoreMissing

        on_callback = request.path == self.callback_path
        if isinstance(error, HTTPException):
            if on_callback:
                return _json_error(error.code or 400, error.description or "")
            return self._not_found_page(error)
        if request.path.startswith(self.suites_prefix):
            # Dash raises DependencyException for a file it does not serve.
            return Response("Not found", status=404, mimetype="text/plain")
        if isinstance(error, StoreMissing):
            log.error("%s: %s", request.path, error)
            return Response("The data store is not built yet", status=503,
                            mimetype="text/plain")
        if on_callback:
            # The body named a real callback but its values broke it: crafted or stale
            # input. The traceback is for the log, not for whoever sent it.
            log.warning("callback %r failed", (request.get_json(silent=True) or {})
                        .get("output"), exc_info=error)
            return _json_error(400, CALLBACK_FAILED)
        log.error("%s %s failed", request.method, request.path, exc_info=error)
        return Response(SERVER_FAULT, status=500, mimetype="text/plain")

    def _not_found_page(self, error: HTTPException) -> Any:
        """An address no route matches at all (e.g. one with a line break, which Dash's
        catch-all route does not take) gets Dash's shell, whose router shows the helpful
        page, with status 404, when a browser asks for a page; anything else gets the
        plain error."""
        if (error.code == 404 and self.shell is not None and request.url_rule is None
                and request.method in ("GET", "HEAD")
                and request.accept_mimetypes.accept_html):
            try:
                return Response(self.shell(), status=404, mimetype="text/html")
            except Exception:  # the plain 404 will do
                log.exception("could not draw the page shell for %r", request.path)
        return error


def init_security(server: Flask, settings: Settings, *,
                  script_hashes: Callable[[], Sequence[str]],
                  callbacks: Callable[[], Mapping[str, Any]],
                  page_status: Callable[[str, Mapping[str, Any]], int],
                  shell: Callable[[], Any] | None = None,
                  routes_prefix: str = "/") -> None:
    """Headers, limits, callback checks, error answers and page statuses for one app.
    `shell` draws Dash's HTML page; `routes_prefix` is Dash's routes_pathname_prefix (its
    routes are named from it)."""
    server.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    callback_path = f"{routes_prefix}_dash-update-component"
    server.before_request(CallbackGate(callback_path, callbacks))
    server.after_request(PageStatus(frozenset({routes_prefix, f"{routes_prefix}<path:path>"}),
                                    page_status))
    server.after_request(SecurityHeaders(settings, script_hashes))
    server.register_error_handler(
        Exception, ErrorAnswers(callback_path, f"{routes_prefix}_dash-component-suites/",
                                shell))
