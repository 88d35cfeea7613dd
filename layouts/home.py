"""Home: find an area by name or code, the partnership areas, and where to go next."""

from __future__ import annotations

from dash import dcc, html

from dashboard.store.base import SEARCHABLE_TYPES
from dashboard.views import explore
from dashboard.web import runtime
from layouts.components import page_header
from layouts.indicator import labelled_field
from layouts.postcode_note import postcode_attribution

PAGE = {"path": "/", "title": "Placeboard: place-based performance and worklessness",
        "order": 0}


class Ids:
    SEARCH = "home-search"
    NAV = "home-nav"
    PARTNERSHIP = "home-partnership"


NEXT_STEPS = (
    ("Compare the partnership areas", None,
     "Work and worklessness indicators side by side, against England."),
    ("Map", "/map", "Any indicator across local authorities, regions or neighbourhoods."),
    ("Neighbourhoods", "/neighbourhoods", "Worklessness and deprivation in small areas."),
    ("Scorecards", "/scorecard", "Partnership targets: on track, at risk or off track."),
    ("Regional oversight", "/oversight",
     "Every partnership in a region against its targets, side by side."),
    ("Data", "/data", "Every dataset and indicator, with sources, licences and quality."),
)


def layout(**_query: object) -> html.Div:
    store = runtime.store()
    areas = store.areas(SEARCHABLE_TYPES)
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    types = dict(zip(areas["area_code"], areas["area_type"], strict=True))
    partnership = [code for code, _ in explore.PARTNERSHIP_AREAS]
    cards = [html.Li([
        dcc.Link(names.get(code, name), href=explore.area_href(code)),
        html.P(f"{explore.area_type_label(types.get(code))} · {code}"),
    ]) for code, name in explore.PARTNERSHIP_AREAS]
    cards += [html.Li([
        dcc.Link(f"{names.get(code, name)} (former county)", href=explore.area_href(code)),
        html.P(f"{code} · replaced in 2023 by Cumberland and Westmorland and Furness"),
    ]) for code, name in explore.FORMER_PARTNERSHIP_AREAS.items()]
    steps = [html.Li([dcc.Link(title, href=href or explore.compare_href(partnership)),
                      html.P(text)]) for title, href, text in NEXT_STEPS]
    return html.Div([
        page_header("Find an area",
                    "Official statistics on work, worklessness, income, skills, health and "
                    "housing for every local authority in England, compared with England, "
                    "the region and similar areas.", caption="Placeboard"),
        html.Div([
            labelled_field("Area name or code", Ids.SEARCH, dcc.Dropdown(
                id=Ids.SEARCH, options=explore.area_options(areas),
                placeholder="Start typing a place name or code", clearable=True,
                searchable=True, maxHeight=320),
                "Local authorities, counties, combined authorities, regions and nations. "
                "Type part of a name (Oldham), a GSS code (E08000004) or a postcode "
                "(OL8 1AA, or a district such as OL8), then choose."),
            dcc.Location(id=Ids.NAV, refresh="callback-nav"),
            postcode_attribution("home-postcode-attribution"),
        ], className="search-panel", role="search"),
        html.H2("Partnership areas"),
        html.Ul(cards, className="card-list", id=Ids.PARTNERSHIP),
        html.H2("Explore"),
        html.Ul(steps, className="card-list"),
    ], className="home-page")
