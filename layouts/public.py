"""Residents' public pages, start: find your area by name (council area, ward or
neighbourhood) and go to its page of plain-English facts. No sign-in; everything is read
through the public store, so small numbers are protected."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dash import dcc, html

from dashboard.views import explore, postcodes, public, public_places
from dashboard.web import runtime
from layouts.components import page_header, problem_page
from layouts.postcode_note import postcode_attribution

RESIDENT_HOME = ("Go to the residents' home page to find your area", "/public")

PAGE = {"path": "/public", "title": "Your area in numbers - Placeboard", "order": 20}

MIN_LETTERS = 2
SEARCH_LIMIT = 12  # results shown; more means "type more of the name"
EXAMPLES = "Oldham, Coldhurst or Leeds, or a postcode such as OL8 1AA"


class Ids:
    SEARCH = "public-search"
    SUBMIT = "public-search-submit"
    RESULTS = "public-results"
    NAV = "public-nav"
    AREAS = "public-areas"
    GLOSSARY = "public-glossary"


def _text(value: Any) -> str:
    """A query-string value as one line of text (a repeated key arrives as a list)."""
    if isinstance(value, (list, tuple)):
        value = next((v for v in value if v), "")
    return " ".join(str(value or "").split())


def layout(q: Any = None, **_query: object) -> html.Div:
    store = runtime.public_store()
    if q is None:
        return start_page()
    text = _text(q)
    if not text:
        return empty_search_page()
    postcode = postcodes.resident_view(store.postcode_search(text))
    if postcode:
        return start_page(text, postcode[1], postcode[0])
    results = public_places.search_results(store.search_places(text, SEARCH_LIMIT))
    if not results:
        return no_results_page(text, public_places.suggest_places(text, store.place_names()))
    return start_page(text, results)


def start_page(text: str = "", results: list[dict] | None = None,
               status: str | None = None) -> html.Div:
    return html.Div([
        page_header(
            "Find out about your area",
            "Plain-English facts about work, money, school, health and your neighbourhood, "
            "from official statistics, compared with England.", caption="Your area in numbers"),
        search_panel(text, results, status),
        html.H2("Or choose one of these areas"),
        html.Ul([html.Li(dcc.Link(name, href=public_places.area_href(code), className="tap-link"))
                 for code, name in explore.PARTNERSHIP_AREAS],
                className="public-area-list", id=Ids.AREAS),
        glossary(),
    ], className="public-page public-start")


def search_panel(text: str = "", results: list[dict] | None = None,
                 status: str | None = None) -> html.Div:
    """The search box: a labelled input, a button, results that update as you type, and
    the postcode lookup's attribution."""
    return html.Div([
        html.Label("Place name or postcode", htmlFor=Ids.SEARCH, className="public-label"),
        html.P(f"The name of your council area, ward or neighbourhood, for example "
               f"{EXAMPLES}.", className="hint", id=f"{Ids.SEARCH}-hint"),
        html.Div([
            dcc.Input(id=Ids.SEARCH, type="search", value=text, debounce=False,
                      autoComplete="off", spellCheck=False, className="public-input",
                      name="q"),  # dcc.Input takes no aria props: the hint sits above it
            html.Button("Search", id=Ids.SUBMIT, n_clicks=0, className="button public-button",
                        type="button"),
        ], className="public-search-row"),
        html.Div(results_list(text, results, status) if text else None, id=Ids.RESULTS,
                 className="public-results", **{"aria-live": "polite"}),
        dcc.Location(id=Ids.NAV, refresh="callback-nav"),
        postcode_attribution(f"{Ids.SEARCH}-postcode-attribution"),
    ], className="public-search", role="search")


def results_list(text: str, results: list[dict] | None, status: str | None = None) -> list:
    """What the results area says for a search: a prompt, 'no places match', what a
    postcode found (`status`: the line above its results, or why it cannot be found), or
    a list of links, each a large tap target naming the place and what kind it is."""
    text = " ".join((text or "").split())
    if len(text) < MIN_LETTERS:
        return [html.P(f"Type at least {MIN_LETTERS} letters of a place name.",
                       className="public-status")]
    if status is not None and not results:
        return [html.P(status, className="public-status")]
    if not results:
        return [html.P(f"No places match “{text}”. Check the spelling, or try the name of "
                       "your council area.", className="public-status")]
    count = len(results)
    if status is None and count >= SEARCH_LIMIT:
        status = (f"The first {count} places that match “{text}”. Type more of the name to "
                  "find others:")
    elif status is None:
        status = f"{count} place{'' if count == 1 else 's'} match{'es' if count == 1 else ''} " \
                 f"“{text}”:"
    return [
        html.P(status, className="public-status"),
        html.Ul([html.Li(dcc.Link([html.Span(r["name"], className="result-name"),
                                   html.Span(r["description"], className="result-desc")],
                                  href=r["href"], className="result-link"),
                         **{"data-code": r["code"]})
                 for r in results], className="public-result-list"),
    ]


def empty_search_page() -> html.Div:
    return html.Div([
        problem_page("Type a place name to search",
                     f"The search was empty. Type the name of your council area, ward or "
                     f"neighbourhood, for example {EXAMPLES}.", home=RESIDENT_HOME),
        search_panel(),
    ], className="public-page")


def no_results_page(text: str, suggestions: Iterable[tuple[str, str]]) -> html.Div:
    return html.Div([
        problem_page("No places found",
                     f"We could not find a place in England called “{text}”. Check the "
                     "spelling, or try the name of your council area.",
                     list(suggestions), home=RESIDENT_HOME),
        html.H2("Search again"),
        search_panel(text),
    ], className="public-page")


def glossary(terms: Iterable[tuple[str, str]] = public.GLOSSARY,
             component_id: str = Ids.GLOSSARY) -> html.Details:
    """A short glossary for the words the pages cannot avoid."""
    items: list = []
    for term, meaning in terms:
        items += [html.Dt(term), html.Dd(meaning)]
    return html.Details([html.Summary("What the words mean"),
                         html.Dl(items, className="public-glossary-list")],
                        className="public-glossary", id=component_id)

