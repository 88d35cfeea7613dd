"""Embeds: the /embed/... views of one chart, the only responses another site may frame
(dashboard/web/defences.py relaxes its framing headers for them alone), and what a page
needs to offer one: this app's origin for the iframe snippet, and whether the public
may see an indicator (an embed reads what the public sees, whoever is signed in).

The views themselves are plain Flask routes (callbacks/embed.py), drawn by
layouts/embed_charts.py and layouts/embed_html.py; the snippet and paths are pure
(dashboard/views/embeds.py).
"""

from __future__ import annotations

import os

from flask import has_request_context, request

from dashboard.web import runtime
from dashboard.web.auth import SECURE_COOKIES_ENV

EMBED_ROOT = "/embed"


def is_embed(path: str) -> bool:
    """Whether a request path is an embed (/embed or below): the only framable ones."""
    return path == EMBED_ROOT or path.startswith(EMBED_ROOT + "/")


def origin() -> str:
    """scheme://host of this app as the request reached it ('' outside a request): HTTPS
    when the request came over it or the app is configured as served over it
    (PLACEBOARD_SECURE_COOKIES=1, e.g. behind a proxy that ends TLS), so a snippet pasted
    into an HTTPS page is not blocked as mixed content."""
    if not has_request_context():
        return ""
    secure = request.is_secure or os.environ.get(SECURE_COOKIES_ENV) == "1"
    return f"{'https' if secure else request.scheme}://{request.host}"


def public_indicator(indicator_id: str) -> bool:
    """Whether the public may see an indicator (so an embed of it would show it)."""
    return indicator_id in runtime.public_store().access_state().indicators
