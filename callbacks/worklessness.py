"""Worklessness explorer callbacks: one selection of LSOAs shared by the map (click), the
scatter (box/lasso) and the table (row selection); summary; CSV download."""

from __future__ import annotations

import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from callbacks import area_custom
from callbacks.busy import while_running
from callbacks.map import draw_map, sync_url
from callbacks.neighbourhoods import place_options_for
from dashboard.exports import cells as exports
from dashboard.figures.maps import scatter_selection
from dashboard.web import auth, runtime
from layouts.worklessness import (
    DOWNLOAD_LABEL,
    Ids,
    explorer_frame,
    explorer_rows,
    first_view,
    grid_columns,
    grid_rows,
)

CSV_COLUMNS = {
    "area_code": "LSOA21CD", "area_name": "LSOA21NM", "ward_code": "WD24CD",
    "ward_name": "WD24NM", "lad_code": "LAD24CD", "lad_name": "LAD24NM",
    "employment_rate": "employment_deprivation_rate_percent",
    "employment_decile": "employment_decile_national",
    "employment_rank": "employment_rank_national",
    "employment_rank_in_place": "employment_rank_in_place",
    "employment_deprived_people": "employment_deprived_people_rounded_to_5",
    "y": "other_measure_value", "ruc_name": "rural_urban_class",
}


def register(app: Dash) -> None:
    # The layout carries the first view; callbacks answer changes only.
    @app.callback(Output(Ids.DATA, "data"), Output(Ids.SUMMARY, "children"),
                  Output(Ids.TITLE, "children"), Output(Ids.GRID, "rowData"),
                  Output(Ids.GRID, "columnDefs"),
                  Output(Ids.SELECTION, "data", allow_duplicate=True),
                  Output(Ids.SCATTER, "figure"),
                  Input(Ids.PLACE, "value"), Input(Ids.Y, "value"), prevent_initial_call=True)
    def _place(area, y):
        return place_views(area, y)

    @app.callback(Output(Ids.SELECTION, "data"), Output(Ids.GRID, "selectedRows"),
                  Output(Ids.SCATTER, "figure", allow_duplicate=True),
                  Output(Ids.SELECTION_TEXT, "children"), Output(Ids.GRID, "scrollTo"),
                  Input(Ids.SCATTER, "selectedData"), Input(Ids.CLICK, "data"),
                  Input(Ids.GRID, "selectedRows"), Input(Ids.CLEAR, "n_clicks"),
                  Input(Ids.SELECTION, "data"),
                  State(Ids.PLACE, "value"), State(Ids.Y, "value"),
                  prevent_initial_call=True)
    def _select(scatter, click, rows, _clear, current, area, y):
        return select(ctx.triggered_id, scatter, click, rows, current, area, y)

    @app.callback(Output(Ids.DOWNLOAD, "data"), Input(Ids.DOWNLOAD_BUTTON, "n_clicks"),
                  State(Ids.SELECTION, "data"), State(Ids.PLACE, "value"), State(Ids.Y, "value"),
                  prevent_initial_call=True,
                  running=while_running(Ids.DOWNLOAD_BUTTON, DOWNLOAD_LABEL))
    def _download(_n, selection, area, y):
        return download(selection, area, y)

    @app.callback(Output(Ids.SAVE_RESULT, "children"), Input(Ids.SAVE, "n_clicks"),
                  State(Ids.SAVE_NAME, "value"), State(Ids.SELECTION, "data"),
                  prevent_initial_call=True)
    def _save(_n, name, selection):
        return save_selection(name, selection)

    @app.callback(Output(Ids.PLACE, "options"), Input(Ids.PLACE, "search_value"),
                  prevent_initial_call=True)
    def _place_search(text):  # a postcode offers its council (callbacks/neighbourhoods.py)
        return place_options_for(text)

    draw_map(app, Ids)
    app.clientside_callback(ClientsideFunction("placeboard_maps", "highlight"),
                            Input(Ids.SELECTION, "data"), State(Ids.MAP, "id"))
    sync_url(app, Ids, Ids.PLACE, Ids.Y)


def place_views(area: str | None, y: str | None) -> tuple:
    """A new place or measure: the map's values, summary, title, table (rows and columns),
    an empty selection and the scatter."""
    if not area:  # no place chosen yet: a measure alone shows nothing
        raise PreventUpdate
    store = runtime.store()
    view = first_view(store, area, y)
    return (view["payload"], view["summary"], view["title"], grid_rows(view["rows"]),
            grid_columns(store, y), [], view["scatter"])


def select(trigger: str | None, scatter: dict | None, click: dict | None,
           rows: list[dict] | None, current: list[str] | None, area: str | None,
           y: str | None) -> tuple:
    """One selection shared by the three views: from the scatter (box or lasso), a map
    click, the table's rows, the clear button, or kept (within the place) when the place
    changes. The selection, the table's selected rows, the scatter's selected points, the
    selection's summary and (after a map click) the table row to scroll to."""
    current = list(current or [])
    chosen = _chosen(trigger, scatter, click, rows, current)
    if chosen is None:
        return (no_update,) * 5
    rows = explorer_rows(runtime.store(), area, y) if area else []
    in_place = {row["area_code"] for row in rows}
    chosen = [c for c in chosen if c in in_place]
    patch = Patch()
    for i, points in enumerate(scatter_selection(rows, chosen)):
        patch["data"][i]["selectedpoints"] = points
    scroll = {"rowId": chosen[0]} if trigger == Ids.CLICK and chosen else no_update
    return chosen, {"ids": chosen}, patch, selection_text(rows, chosen), scroll


def _chosen(trigger: str | None, scatter: dict | None, click: dict | None,
            rows: list[dict] | None, current: list[str]) -> list[str] | None:
    """The codes the trigger chooses; None when nothing changes (an emptied scatter
    selection, or table rows that are already the selection)."""
    if trigger == Ids.SCATTER:
        if not scatter:
            return None
        return codes_from_points(scatter.get("points") or [])
    if trigger == Ids.CLICK and click:
        return toggle(current, click["code"], bool(click.get("additive")))
    if trigger == Ids.GRID:
        chosen = sorted({r.get("area_code") for r in (rows or []) if r.get("area_code")})
        return None if chosen == sorted(current) else chosen
    if trigger == Ids.CLEAR:
        return []
    return current  # the selection was reset with a new place


def download(selection: list[str] | None, area: str | None, y: str | None) -> dict:
    """dcc.Download data: the selected LSOAs (all of the place's without a selection) as
    CSV, audited."""
    if not area:  # no place chosen yet: nothing to download
        raise PreventUpdate
    store = runtime.store()
    frame = selection_csv(explorer_frame(store, area, y), selection, y)
    which = "selection" if selection else "all"
    auth.audit_export("worklessness_csv", area=area, measure=y, format="csv",
                      selection=which, rows=len(frame))
    return dcc.send_data_frame(exports.csv_ready(frame).to_csv,
                               f"worklessness-{area}-{which}.csv", index=False)


def save_selection(name: str | None, selection: list[str] | None):
    """The selected neighbourhoods saved as a custom area (callbacks/area_custom.py)."""
    if not selection:
        return area_custom.problem("Select neighbourhoods on the map, scatter or table "
                                   "first, then save them.")
    return area_custom.save(name, selection)


def codes_from_points(points: list[dict]) -> list[str]:
    """LSOA codes from a Plotly selection (customdata[0] holds the code)."""
    codes = set()
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list) and data:
            codes.add(str(data[0]))
    return sorted(codes)


def toggle(current: list[str], code: str, additive: bool) -> list[str]:
    """A map click: select only this LSOA (or clear it); shift-click adds or removes."""
    if additive:
        return sorted(set(current) ^ {code})
    return [] if current == [code] else [code]


def selection_text(rows: list[dict], codes: list[str]) -> str:
    if not codes:
        return "No neighbourhoods selected: the download has every LSOA in the place."
    wanted = set(codes)
    chosen = [row for row in rows if row["area_code"] in wanted]
    people = sum(row["employment_deprived_people"] or 0.0 for row in chosen)
    return (f"{len(chosen):,} neighbourhoods selected, with {people:,.0f} employment-deprived "
            "people (approximate: counts rounded to 5).")


def selection_csv(frame: pd.DataFrame, codes: list[str] | None, y: str | None) -> pd.DataFrame:
    """The selected LSOAs (all of them when nothing is selected) with readable columns."""
    chosen = frame[frame["area_code"].isin(codes)] if codes else frame
    out = chosen[list(CSV_COLUMNS)].rename(columns=CSV_COLUMNS)
    if y:
        out = out.rename(columns={"other_measure_value": y})
    return out
