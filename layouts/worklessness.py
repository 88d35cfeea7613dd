"""Worklessness explorer (/worklessness?area=&y=): one place's LSOAs as a map, a scatter of
the employment deprivation rate against another measure, and a ranked table, with one
selection shared by all three, a summary and a CSV download of the selection."""

from __future__ import annotations

import math

import dash_ag_grid as dag
import numpy as np
import pandas as pd
from dash import dcc, html

from dashboard.figures.maps import worklessness_scatter
from dashboard.views import geometry
from dashboard.views import maps as mapping
from dashboard.web import runtime
from layouts.components import page_header, problem_page
from layouts.map import dropdown, map_canvas
from layouts.neighbourhoods import measure_options, neighbourhood_view, place_name, place_options
from layouts.postcode_note import postcode_attribution

PAGE = {"path": "/worklessness", "title": "Worklessness explorer - Placeboard", "order": 5}
DEFAULT_Y = "iod-health-score"


DOWNLOAD_LABEL = "Download selection (CSV)"


class Ids:
    PLACE = "wk-place"
    Y = "wk-y"
    SUMMARY = "wk-summary"
    MAP = "wk-map"
    DATA = "wk-data"
    CLICK = "wk-click"
    STATUS = "wk-status"
    SCATTER = "wk-scatter"
    GRID = "wk-grid"
    SELECTION = "wk-selection"
    SELECTION_TEXT = "wk-selection-text"
    CLEAR = "wk-clear"
    DOWNLOAD_BUTTON = "wk-download-button"
    DOWNLOAD = "wk-download"
    TITLE = "wk-title"
    URL_KEYS = "wk-url-keys"
    SAVE_NAME = "wk-save-name"
    SAVE = "wk-save"
    SAVE_RESULT = "wk-save-result"


COLUMNS = [
    {"field": "area_name", "headerName": "Neighbourhood", "pinned": "left", "minWidth": 170},
    {"field": "area_code", "headerName": "Code", "minWidth": 115},
    {"field": "ward_name", "headerName": "Ward", "minWidth": 140},
    {"field": "employment_rank_in_place", "headerName": "Rank in place", "minWidth": 90,
     "sort": "asc"},
    {"field": "employment_rate", "headerName": "Employment deprivation rate (%)",
     "minWidth": 130, "valueFormatter": {"function": "d3.format('.1f')(params.value)"}},
    {"field": "employment_decile", "headerName": "National employment decile",
     "minWidth": 110},
    {"field": "employment_deprived_people", "headerName": "Employment-deprived people",
     "minWidth": 120},
    {"field": "y", "headerName": "Other measure", "minWidth": 120},
    {"field": "ruc_name", "headerName": "Rural-urban class", "minWidth": 220},
]
GRID_FIELDS = ["area_code", "area_name", "ward_name", "employment_rank_in_place",
               "employment_rate", "employment_decile", "employment_deprived_people", "y",
               "ruc_name"]


def layout(area: str | None = None, y: str | None = None, **_query: object) -> html.Div:
    """The explorer for a place. With no place in the address (the menu's link), the page
    asks for one first: every one of England's 33,755 neighbourhoods at once is a 10.7 MB
    page that took seconds to build and to draw; England stays one of the choices."""
    store = runtime.store()
    places = place_options(store)
    if not area:
        return choose_a_place(store, places, y)
    if area not in {p["value"] for p in places}:
        return problem_page(
            "No worklessness explorer for that area",
            f"'{area}' is not an English local authority, county, region or England. "
            "Neighbourhood worklessness data (IoD 2025) covers England only.",
            [("Oldham", "/worklessness?area=E08000004"),
             ("Blackpool", "/worklessness?area=E06000009")])
    y = chosen_measure(store, y)
    # The first view is part of the page, so nothing waits for a callback round trip.
    return _page(store, places, area, y, intro=(
        "Where worklessness is concentrated in a place: select neighbourhoods on the map "
        "(click; shift-click adds), on the scatter (box or lasso) or in the table, and the "
        "other views follow."), **first_view(store, area, y))


def first_view(store, area: str, y: str | None) -> dict:
    """A place's views with nothing selected (the page's, and the callback's when the
    place or measure changes): the map's values payload, title, summary, table rows and
    scatter."""
    view = neighbourhood_view(store, area, mapping.DEFAULT_MEASURE, "lsoa", "quantiles",
                              click_store=Ids.CLICK)
    rows = explorer_rows(store, area, y)
    name = place_name(store, area)
    return {"title": explorer_title(name, rows), "summary": summary_block(rows, name),
            "payload": view["payload"], "scatter": scatter_figure(store, rows, y, []),
            "rows": rows}


def _page(store, places: list[dict], area: str | None, y: str, intro: str, title: str,
          summary: object, payload: dict | None, scatter: dict, rows: list[dict]
          ) -> html.Div:
    """The explorer's page: pickers, title, summary, map, scatter, selection bar, table."""
    return html.Div([
        page_header("Worklessness explorer", intro, caption="Worklessness"),
        html.Div([
            dropdown(Ids.PLACE, places, area, "Place", wide=True,
                     placeholder="Choose a local authority, county, region or England, "
                                 "or type a postcode"),
            dropdown(Ids.Y, other_measures(store), y, "Compare the employment rate with",
                     wide=True),
        ], className="pb-controls"),
        postcode_attribution("wk-postcode-attribution"),
        html.H2(title, id=Ids.TITLE, className="h2"),
        html.Div(summary, id=Ids.SUMMARY, **{"aria-live": "polite"}),
        html.Div([
            html.Figure([
                html.Figcaption("Employment deprivation rate by neighbourhood (LSOA), "
                                "IoD 2025", className="chart-title"),
                map_canvas(Ids.MAP, "Map of the place's neighbourhoods coloured by the "
                           "employment deprivation rate. The same data is in the table "
                           "below.", small=True),
                html.P(id=Ids.STATUS, className="visually-hidden", **{"aria-live": "polite"}),
            ], className="chart"),
            html.Figure([
                html.Figcaption("Employment deprivation rate against another measure, by "
                                "rural-urban class", className="chart-title"),
                dcc.Graph(id=Ids.SCATTER, config={"displaylogo": False}, figure=scatter,
                          style={"height": "460px"}),
                html.P("Scatter plot of each neighbourhood's employment deprivation rate "
                       "against the chosen measure; the table below lists the same values.",
                       className="visually-hidden"),
            ], className="chart"),
        ], className="pb-explorer"),
        html.Div([
            html.Span(id=Ids.SELECTION_TEXT, **{"aria-live": "polite"}),
            html.Button("Clear selection", id=Ids.CLEAR, className="button secondary",
                        type="button"),
            html.Button(DOWNLOAD_LABEL, id=Ids.DOWNLOAD_BUTTON, className="button",
                        type="button", **{"aria-busy": "false"}),
            dcc.Download(id=Ids.DOWNLOAD),
        ], className="pb-selection-bar"),
        save_selection(),
        grid(store, y, rows),
        html.P(["Source: ", ("Ministry of Housing, Communities and Local Government, English "
                "Indices of Deprivation 2025 (OGL v3.0); ONS Rural Urban Classification "
                "2021; ONS LSOA boundaries (Contains OS data © Crown copyright and database "
                "right 2021). Counts of employment-deprived people are published rounded to "
                "the nearest 5.")], className="source-line"),
        dcc.Store(id=Ids.DATA, data=payload), dcc.Store(id=Ids.CLICK),
        dcc.Store(id=Ids.SELECTION, data=[]),
        dcc.Store(id=Ids.URL_KEYS, data=["area", "y"]),
    ])


def save_selection() -> html.Div:
    """Name the selected neighbourhoods and save them as a custom area (signed-in
    people; layouts/area_custom.py shows it)."""
    return html.Div([
        html.Label("Name for the selection", htmlFor=Ids.SAVE_NAME),
        dcc.Input(id=Ids.SAVE_NAME, type="text", placeholder="e.g. Hathershaw regeneration area",
                  maxLength=120),
        html.Button("Save selection as a custom area", id=Ids.SAVE, className="button secondary",
                    type="button"),
        html.Div(id=Ids.SAVE_RESULT, role="status", **{"aria-live": "polite"}),
        html.P(["Signed-in users only; your partnership can open it too. Or ",
                dcc.Link("type neighbourhood or ward codes", href="/area/custom/new"), "."],
               className="hint"),
    ], className="pb-save-selection")


def other_measures(store) -> list[dict]:
    """The measures the employment rate can be set against (every LSOA measure but it)."""
    return [m for m in measure_options(store) if m["value"] != mapping.DEFAULT_MEASURE]


def chosen_measure(store, y: str | None) -> str:
    """The measure asked for, if it is one of `other_measures`, else the default."""
    return y if y in {m["value"] for m in other_measures(store)} else DEFAULT_Y


def choose_a_place(store, places: list[dict], y: str | None) -> html.Div:
    """The explorer before a place is chosen: the pickers and empty views, which the
    place callback fills, with a few places to start from."""
    y = chosen_measure(store, y)
    examples = [("Oldham", "E08000004"), ("Blackpool", "E06000009"),
                ("Lancashire", "E10000017")]
    links: list = ["For example "]
    for n, (name, code) in enumerate(examples):
        links += [dcc.Link(name, href=f"/worklessness?area={code}"),
                  ", " if n < len(examples) - 2 else (" or " if n == len(examples) - 2
                                                     else ".")]
    return _page(store, places, None, y, intro=(
        "Where worklessness is concentrated in a place: choose a place to see its "
        "neighbourhoods on a map, a scatter and a table."), title="Choose a place to explore",
        summary=html.P(links), payload=None,
        scatter=worklessness_scatter([], "Employment deprivation rate", "", None, []),
        rows=[])


# --- views (used by the layout and by callbacks/worklessness.py) -----------------------

EMPLOYMENT_DECILE = "iod-employment-decile"
EMPLOYMENT_RANK = "iod-employment-rank"


FRAME_COLUMNS = ["area_code", "area_name", "ward_code", "ward_name", "lad_code", "lad_name",
                 "ruc_name", "urban_rural", "employment_score", "employment_rate",
                 "employment_deprived_people", "employment_decile", "employment_rank",
                 "employment_rank_in_place", "y", "x"]


def explorer_rows(store, area: str | None, y: str | None) -> list[dict]:
    """One record per LSOA in the place, most employment-deprived first: employment rate
    (%), decile, ranks, people, the other measure and rural-urban class (None where there
    is no value). One read of the four measures (store.lsoa_records)."""
    area = area or geometry.ENGLAND
    ids = (mapping.DEFAULT_MEASURE, EMPLOYMENT_DECILE, EMPLOYMENT_RANK) + ((y,) if y else ())
    by_measure: dict[str, dict[str, dict]] = {i: {} for i in ids}
    for record in store.lsoa_records(ids, area):
        by_measure[record["indicator_id"]][record["area_code"]] = record
    employment = list(by_measure[mapping.DEFAULT_MEASURE].values())
    codes = [r["area_code"] for r in employment]

    def values(indicator_id: str) -> np.ndarray:
        found = by_measure[indicator_id]
        return np.array([_number((found.get(code) or {}).get("value")) for code in codes],
                        dtype=float)

    score = np.array([_number(r["value"]) for r in employment], dtype=float)
    rate = np.round(score * 100, 1)
    rank = values(EMPLOYMENT_RANK)
    decile = values(EMPLOYMENT_DECILE)
    known = np.sort(rank[~np.isnan(rank)])
    in_place = np.where(np.isnan(rank), np.nan, np.searchsorted(known, rank) + 1.0)
    if y:
        fmt = mapping.display_format(store.indicator(y) or {})
        other = np.round(values(y) * fmt["scale"],
                         max(fmt["decimals"], 3 if fmt["scale"] == 1 else 1))
    else:
        other = np.full(len(codes), np.nan)
    rows = [{"area_code": r["area_code"], "area_name": r["area_name"],
             "ward_code": r["ward_code"], "ward_name": r["ward_name"],
             "lad_code": r["lad_code"], "lad_name": r["lad_name"],
             "ruc_name": r["ruc_name"], "urban_rural": r["urban_rural"],
             "employment_score": _or_none(score[i]), "employment_rate": _or_none(rate[i]),
             "employment_deprived_people": _or_none(_number(r["numerator"])),
             "employment_decile": _or_none(decile[i]), "employment_rank": _or_none(rank[i]),
             "employment_rank_in_place": _or_none(in_place[i]), "y": _or_none(other[i]),
             "x": _or_none(rate[i])}
            for i, r in enumerate(employment)]
    # most deprived first (rank 1), LSOAs without a rank last, ties in code order
    return sorted(rows, key=lambda row: (row["employment_rank"] is None,
                                         row["employment_rank"] or 0.0))


def explorer_frame(store, area: str | None, y: str | None) -> pd.DataFrame:
    """`explorer_rows` as a DataFrame (NaN for no value), for the CSV download."""
    frame = pd.DataFrame(explorer_rows(store, area, y), columns=FRAME_COLUMNS)
    numbers = FRAME_COLUMNS[FRAME_COLUMNS.index("employment_score"):]
    frame[numbers] = frame[numbers].astype(float)
    return frame


def _number(value) -> float:
    return math.nan if value is None else float(value)


def _or_none(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def grid(store, y: str | None, rows: list[dict]) -> dag.AgGrid:
    """The explorer's table: one row per neighbourhood, several can be selected."""
    return dag.AgGrid(id=Ids.GRID, columnDefs=grid_columns(store, y), rowData=grid_rows(rows),
                      getRowId="params.data.area_code",
                      defaultColDef={"sortable": True, "filter": True, "resizable": True},
                      dashGridOptions={"rowSelection": {"mode": "multiRow",
                                                        "checkboxes": True,
                                                        "headerCheckbox": True,
                                                        "enableClickSelection": True},
                                       "animateRows": False},
                      style={"height": "460px"}, className="ag-theme-alpine")


def grid_rows(rows: list[dict]) -> list[dict]:
    return [{c: row[c] for c in GRID_FIELDS} for row in rows]


def summary_block(rows: list[dict], place: str) -> html.Div:
    """The place's summary: LSOAs in the most deprived 10%/20% on employment, people and
    concentration, from the published deciles and numerators."""
    summary = mapping.worklessness_summary([r["employment_decile"] for r in rows],
                                           [r["employment_deprived_people"] for r in rows])
    stats = [
        ("wk-stat-decile1", f"{summary.decile_1:,} of {summary.lsoas:,}",
         f"LSOAs in England's most employment-deprived 10% ({summary.share_decile_1:.1%})"),
        ("wk-stat-decile12", f"{summary.decile_1_2:,}",
         f"LSOAs in the most deprived 20% ({summary.share_decile_1_2:.1%})"),
        ("wk-stat-people", f"{summary.people:,.0f}",
         "employment-deprived people (sum of LSOA counts, each rounded to 5)"),
        ("wk-stat-concentration", f"{summary.concentration:.1%}" if summary.people else "—",
         "of them live in the place's most deprived 10% LSOAs (concentration)"),
    ]
    return html.Div([
        html.Div([html.Div([html.Span(number, className="number"),
                            html.Span(words, className="words")], className="pb-stat",
                           id=stat_id, **{"data-value": number})
                  for stat_id, number, words in stats], className="pb-summary"),
        html.Ul([html.Li(line) for line in mapping.summary_sentences(summary, place)],
                id="wk-summary-lines"),
    ], **{"data-lsoas": str(summary.lsoas), "data-decile1": str(summary.decile_1),
          "data-decile12": str(summary.decile_1_2), "data-people": f"{summary.people:.0f}",
          "data-concentration": f"{summary.concentration:.6f}"})


def scatter_figure(store, rows: list[dict], y: str | None, selection: list | None) -> dict:
    y_title = (store.indicator(y) or {}).get("title", y or "").replace(" (IoD 2025)", "")
    # The figure's caption (html.Figcaption) is its title; a Plotly title would sit under
    # the mode bar.
    return worklessness_scatter(rows, "Employment deprivation rate", y_title, None, selection)


def explorer_title(place: str, rows: list) -> str:
    return f"Worklessness in {place}: {len(rows):,} neighbourhoods (LSOAs), IoD 2025"


def grid_columns(store, y: str | None) -> list[dict]:
    """Table columns, the "other measure" column named after the chosen measure."""
    title = (store.indicator(y) or {}).get("title", y or "Other measure")
    return [dict(c, headerName=title.replace(" (IoD 2025)", "")) if c["field"] == "y" else c
            for c in COLUMNS]
