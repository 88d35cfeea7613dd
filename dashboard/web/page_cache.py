"""Public viewers' page responses, cached by (store identity, access version, URL).

A page's content is the layout its URL asks for (Dash calls the page's layout function
with the path variables and query parameters). For a viewer who is not signed in that
content depends only on the store file, the access levels and the URL, so the layout is
built once and kept, as JSON, in the store's flask-caching backend (SimpleCache, or Redis
when configured, shared by every worker and instance). The key holds the store file's
identity, so a store swapped in by `placeboard build` or `load` is never answered from an
older file's pages, and the access version, so an administrator's change of an access
level shows at once. Signed-in viewers are never served from this cache.

Only pages whose content is a function of their URL are cached (CACHED_PAGES); a page
that failed (an exception) is not kept, so a passing fault is not repeated.

A step further (`init_response_cache`): the whole answer to the page-content callback,
the bytes Dash sends, is kept for public viewers under the same store identity and access
version and the request's exact bytes, and answered before Dash sees the request. A kept
layout still cost Dash's dispatch, a parse of the kept JSON and a new serialisation (10-18
ms for an area profile of 170 KB); the kept answer is a lookup. Only an answer whose
layout was built or read from the page cache without failing is kept (`g` carries that
from `cached_page` to the after-request hook).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

import dash
import orjson
from flask import Flask, Response, g, has_request_context, request
from plotly.io.json import to_json_plotly

from dashboard.common import clock
from dashboard.security import exceptions
from dashboard.store import StoreMissing
from dashboard.web import embeds, runtime

KEY_PREFIX = "page:"
# The area, indicator, compare, scorecard, target, public and map pages, and the
# fixed pages; not /admin (signed in only), /worsening (reads the request itself) or the
# sign-in pages (a form token per visitor).
CACHED_PAGES = frozenset({
    "layouts.home", "layouts.about", "layouts.data", "layouts.area", "layouts.indicator",
    "layouts.compare", "layouts.scorecard", "layouts.target", "layouts.public",
    "layouts.public_area", "layouts.map",
})
# Pages that show exception reports (kept in the accounts database, not the store): their
# key holds the reports' version, so a saved report shows at once, and the day, since a
# report goes out of date with age.
REPORT_PAGES = frozenset({"layouts.scorecard", "layouts.target"})


def content_key(store: Any, page: str | None) -> str:
    """What a cached page's content depends on besides the store file and its URL: the
    access levels and, for pages that show exception reports, their version and the
    day."""
    key = store.access_key()
    if page in REPORT_PAGES and store.accounts is not None:
        key += f"|{exceptions.version(store.accounts)}|{clock.now().date().isoformat()}"
    return key


def page_key(store_identity: object, access_key: str, page: str,
             query: Mapping[str, Any], origin: str = "") -> str:
    """The cache key of one page for one URL: the page, its path variables and query
    parameters (in any order; repeated parameters as lists), under one store file and one
    set of access levels, as asked of one origin (scheme and host: a page's "Embed this
    chart" snippet names it, so a page asked for under one name, or with a crafted Host
    header, is never answered to another)."""
    url = sorted((str(k), v if isinstance(v, str) else json.dumps(v, sort_keys=True,
                                                                  default=str))
                 for k, v in query.items())
    source = repr((store_identity, access_key, page, url, origin))
    return KEY_PREFIX + hashlib.sha1(source.encode()).hexdigest()


def cached_page(page: str, layout: Callable[..., Any]) -> Callable[..., Any]:
    """`layout`, answered from the cache for public viewers of a cacheable page."""
    if page not in CACHED_PAGES:
        return layout

    @functools.wraps(layout)
    def wrapper(**query: Any) -> Any:
        if not has_request_context() or runtime.viewer().signed_in:
            return layout(**query)
        store = runtime.store()
        key = page_key(store.identity(), content_key(store, page), page, query,
                       embeds.origin())
        hit = store.cache.get(key)
        if hit is not None:
            # the JSON Dash would send: it renders a component from its JSON form
            g.page_content_ok = True
            return orjson.loads(hit)
        content = layout(**query)
        store.cache.set(key, to_json_plotly(content))
        g.page_content_ok = True
        return content

    return wrapper


# -- whole answers to the page-content callback ------------------------------------------

PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."
RESPONSE_PREFIX = "page-answer:"


def init_response_cache(server: Flask, callback_path: str) -> None:
    """Answer public viewers' page-content callbacks from the cache (register after the
    security hooks, so a malformed request is refused before it is looked up)."""

    def answer_from_cache() -> Response | None:
        try:
            key = _response_key(callback_path)
        except StoreMissing:  # no store yet: Dash answers as it would (never kept)
            return None
        if key is None:
            return None
        hit = runtime.store().cache.get(key)
        if hit is not None:
            return Response(hit, mimetype="application/json")
        g.page_answer_key = key
        return None

    def keep_answer(response: Response) -> Response:
        key = g.pop("page_answer_key", None)
        if key is not None and response.status_code == 200 and g.get("page_content_ok"):
            runtime.store().cache.set(key, response.get_data())
        return response

    server.before_request(answer_from_cache)
    server.after_request(keep_answer)


def _response_key(callback_path: str) -> str | None:
    """The cache key of this request's answer, or None when it is not a public viewer's
    page-content callback for a cached page."""
    if request.method != "POST" or request.path != callback_path:
        return None
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or body.get("output") != PAGES_OUTPUT:
        return None
    inputs = {i.get("property"): i.get("value") for i in body.get("inputs") or []
              if isinstance(i, dict)}
    pathname = inputs.get("pathname")
    if not isinstance(pathname, str) or runtime.viewer().signed_in:
        return None
    page, _ = dash._pages._path_to_page(pathname.strip("/"))
    if not page or page.get("module") not in CACHED_PAGES:
        return None
    store = runtime.store()
    source = repr((store.identity(), content_key(store, page.get("module")),
                   embeds.origin(), request.get_data()))
    return RESPONSE_PREFIX + hashlib.sha1(source.encode()).hexdigest()
