"""Home page: choosing an area opens its profile; a postcode typed in the search offers
its neighbourhood (or the areas a postcode district covers) on the neighbourhood map."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from dash import Dash, Input, Output, no_update

from dashboard.store.base import SEARCHABLE_TYPES
from dashboard.views import explore, postcodes
from dashboard.web import runtime
from layouts.home import Ids


def destination(code: str | None) -> str | None:
    """Where choosing an option goes: an area's profile, or the address a postcode
    option carries (None when nothing is chosen, or for an option that explains)."""
    if not code or code.startswith("postcode:"):
        return None
    return code if code.startswith("/") else explore.area_href(code)


def postcode_href(row: Mapping[str, Any]) -> str | None:
    """A postcode's council (its profile) or neighbourhood (the neighbourhood map of its
    council with the neighbourhood picked); wards have no page of their own here."""
    lad = row.get("lad_code")
    if row["area_type"] == "lad":
        return explore.area_href(row["area_code"])
    if row["area_type"] != "lsoa" or not lad:
        return None
    return "/neighbourhoods?" + urlencode({"area": lad, "lsoa": row["area_code"]})


def options(text: str | None) -> list | Any:
    """The areas, with the postcode's options first when the text reads as one (no
    change otherwise: the dropdown filters its own options as you type, and hides the
    options of an earlier postcode that do not match)."""
    store = runtime.store()
    extra = postcodes.dropdown_options(store.postcode_search(text or ""), postcode_href)
    if not extra:
        return no_update
    return extra + explore.area_options(store.areas(SEARCHABLE_TYPES))


def register(app: Dash) -> None:
    @app.callback(Output(Ids.NAV, "href"), Input(Ids.SEARCH, "value"),
                  prevent_initial_call=True)
    def _open_area(code: str | None) -> str:
        return destination(code) or no_update

    @app.callback(Output(Ids.SEARCH, "options"), Input(Ids.SEARCH, "search_value"),
                  prevent_initial_call=True)
    def _postcode(text: str | None) -> list:
        return options(text)
