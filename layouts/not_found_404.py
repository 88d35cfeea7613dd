"""Page shown for any address that matches no page, and the HTTP status of every page.

Dash draws pages in the browser, so the first HTML response is the same shell for every
address and would answer 200 even for a page that does not exist. `page_status(path,
query)` resolves an address the way Dash's router does, then asks the same store
questions the page's layout asks (is there such an area, indicator, partnership or
target for this viewer?), so the shell can answer 404 for an unknown page or code
(dashboard.web.defences sets it). `checked_page` gives those pages a tab title that does not
name an unknown code as if it were a place."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import dash
from dash import html
from flask import g, has_request_context

from dashboard.web import runtime
from layouts.components import problem_page

PAGE = {"path": "/404", "title": "Page not found - Placeboard"}

log = logging.getLogger(__name__)

# The tab title of a page whose address names something that does not exist.
NOT_FOUND_TITLES = {
    "layouts.area": "Area not found - Placeboard",
    "layouts.public_area": "Area not found - Placeboard",
    "layouts.indicator": "Indicator not found - Placeboard",
    "layouts.scorecard": "Partnership not found - Placeboard",
    "layouts.target": "Target not found - Placeboard",
    "layouts.oversight": "Region not found - Placeboard",
}


def layout(**_query: object) -> html.Div:
    return problem_page(
        "Page not found",
        "There is no page at this address. If you typed it, check it is right; if you "
        "followed a link, it may be out of date.",
        [("Find an area", "/"), ("Browse all indicators (Data)", "/data"),
         ("Map an indicator", "/map")],
    )


def _first(value: Any) -> str | None:
    """A query-string value as the layouts read it (the first of several)."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return None if value is None else str(value)


def _area_exists(variables: Mapping[str, Any], _query: Mapping[str, Any]) -> bool:
    code = (_first(variables.get("code")) or "").strip()
    from layouts import area, area_custom  # the page's own lookups

    if area.is_custom(code):  # a custom area the viewer may not see: as if unknown
        return area_custom.exists(code)
    return bool(code) and runtime.store().area(code.upper()) is not None


def _public_area_exists(variables: Mapping[str, Any], _query: Mapping[str, Any]) -> bool:
    from layouts.public_area import _resolve  # the resident page's own lookup

    return _resolve(runtime.public_store(), _first(variables.get("code")))[0] is not None


def _indicator_exists(variables: Mapping[str, Any], _query: Mapping[str, Any]) -> bool:
    indicator = _first(variables.get("indicator_id")) or ""
    return runtime.store().indicator(indicator) is not None


def _scorecard_exists(variables: Mapping[str, Any], _query: Mapping[str, Any]) -> bool:
    partnership = _first(variables.get("partnership"))
    return not partnership or runtime.store().partnership(partnership) is not None


def _target_exists(variables: Mapping[str, Any], query: Mapping[str, Any]) -> bool:
    """As layouts/target.py: the partnership is visible and has a target for the
    indicator (for the area, when one is asked for; several areas offer a choice)."""
    store = runtime.store()
    partnership = _first(variables.get("partnership")) or ""
    if store.partnership(partnership) is None:
        return False
    indicator = _first(variables.get("indicator")) or ""
    area = _first(query.get("area"))
    return any(row["indicator_id"] == indicator and (not area or row["area_code"] == area)
               for row in store.partnership_target_records(partnership))


def _oversight_exists(variables: Mapping[str, Any], _query: Mapping[str, Any]) -> bool:
    """As layouts/oversight.py: the list of regions, or an English region or England."""
    from layouts.oversight import place  # the page's own lookup

    region = _first(variables.get("region"))
    return not region or place(region) is not None


CHECKS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], bool]] = {
    "layouts.area": _area_exists,
    "layouts.public_area": _public_area_exists,
    "layouts.indicator": _indicator_exists,
    "layouts.scorecard": _scorecard_exists,
    "layouts.target": _target_exists,
    "layouts.oversight": _oversight_exists,
}


def exists(module: str, variables: Mapping[str, Any],
           query: Mapping[str, Any] | None = None) -> bool:
    """Whether the page `module` has something to show for these path variables. A
    failing lookup counts as found: the status must never break a page."""
    check = CHECKS.get(module)
    if check is None:
        return True
    # The HTML shell asks twice (its tab title, then its status): one lookup per request.
    key = repr((module, sorted(variables.items()), sorted((query or {}).items())))
    answers = g.setdefault("pages_found", {}) if has_request_context() else {}
    if key not in answers:
        try:
            answers[key] = bool(check(variables, query or {}))
        except Exception:  # e.g. the store is not built: the page itself says so
            log.debug("could not check %s %r", module, variables, exc_info=True)
            answers[key] = True
    return answers[key]


def page_status(path: str, query: Mapping[str, Any] | None = None) -> int:
    """The HTTP status of the page at `path`: 404 for an address no page matches (the
    router shows this module's page) or that names an unknown code, else 200."""
    # Dash's own matcher, so the status always agrees with the page the router shows.
    page, variables = dash._pages._path_to_page(path.strip("/"))
    module = page.get("module") if page else None
    if module is None or module == __name__:
        return 404
    return 200 if exists(module, variables or {}, query) else 404


def checked_page(module: str, page: Mapping[str, Any]) -> dict[str, Any]:
    """A page's registration with a tab title that reads "... not found" when the
    address names an unknown code (Dash calls titles with the path variables only)."""
    page = dict(page)
    if module not in CHECKS:
        return page
    title = page.get("title")
    not_found = NOT_FOUND_TITLES[module]

    def title_or_not_found(**variables: Any) -> str:
        if not exists(module, variables):
            return not_found
        return title(**variables) if callable(title) else str(title)

    page["title"] = title_or_not_found
    return page
