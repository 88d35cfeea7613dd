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
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from flask import has_request_context
from plotly.io.json import to_json_plotly

from dashboard import runtime

KEY_PREFIX = "page:"
# The area, indicator, compare, scorecard, target, public and map pages, and the
# fixed pages; not /admin (signed in only), /worsening (reads the request itself) or the
# sign-in pages (a form token per visitor).
CACHED_PAGES = frozenset({
    "layouts.home", "layouts.about", "layouts.data", "layouts.area", "layouts.indicator",
    "layouts.compare", "layouts.scorecard", "layouts.target", "layouts.public",
    "layouts.public_area", "layouts.map",
})


def page_key(store_identity: object, access_key: str, page: str,
             query: Mapping[str, Any]) -> str:
    """The cache key of one page for one URL: the page, its path variables and query
    parameters (in any order; repeated parameters as lists), under one store file and one
    set of access levels."""
    url = sorted((str(k), v if isinstance(v, str) else json.dumps(v, sort_keys=True,
                                                                  default=str))
                 for k, v in query.items())
    source = repr((store_identity, access_key, page, url))
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
        key = page_key(store.identity(), store.access_key(), page, query)
        hit = store.cache.get(key)
        if hit is not None:
            # the JSON Dash would send: it renders a component from its JSON form
            return json.loads(hit)
        content = layout(**query)
        store.cache.set(key, to_json_plotly(content))
        return content

    return wrapper
