"""Residents' public pages: the place search updates as you type; Search (or Enter) goes
to the one place meant, or to the results page."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.views import postcodes, public_places
from dashboard.web import runtime
from layouts.public import MIN_LETTERS, SEARCH_LIMIT, Ids, results_list


def live_results(text: str | None) -> list:
    """The results area for what has been typed so far: a postcode's neighbourhood (or
    the areas a postcode district covers, or why it cannot be found), else places by
    name."""
    text = " ".join((text or "").split())
    if len(text) < MIN_LETTERS:
        return results_list(text, [])
    store = runtime.public_store()
    postcode = postcodes.resident_view(store.postcode_search(text))
    if postcode:
        line, results = postcode
        return results_list(text, results, line)
    return results_list(text, public_places.search_results(
        store.search_places(text, SEARCH_LIMIT)))


def destination(text: str | None) -> str:
    """Where Search goes for the typed text: a full postcode's neighbourhood in one step,
    the one place with that name, or the results page."""
    text = " ".join((text or "").split())
    store = runtime.public_store()
    straight = postcodes.destination(store.postcode_search(text)) if text else None
    if straight:
        return straight
    frame = store.search_places(text, SEARCH_LIMIT) if text else None
    return public_places.search_destination(text, frame) if frame is not None else \
        public_places.search_href("")


def register(app: Dash) -> None:
    @app.callback(Output(Ids.RESULTS, "children"), Input(Ids.SEARCH, "value"),
                  prevent_initial_call=True)
    def _type_ahead(text: str | None) -> list:
        return live_results(text)

    @app.callback(Output(Ids.NAV, "href"), Input(Ids.SUBMIT, "n_clicks"),
                  Input(Ids.SEARCH, "n_submit"), State(Ids.SEARCH, "value"),
                  prevent_initial_call=True)
    def _search(clicks: int | None, submits: int | None, text: str | None) -> str:
        if not (clicks or submits):
            return no_update
        return destination(text)
