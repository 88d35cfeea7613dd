"""Indicator page: the pickers redraw the charts and table and rewrite the query string."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, no_update

from callbacks.busy import while_running
from dashboard.exports import cells as exports
from dashboard.views import indicator
from dashboard.web import auth, runtime
from layouts.indicator import (
    DOWNLOAD_LABEL,
    Ids,
    download,
    ranking_button_text,
    ranking_table,
    resolve,
    view_data,
    views,
)


def update_views(indicator_id: str, area: Any, compare: Any, period: Any) -> tuple[list, str]:
    """The charts and table for a selection, and the query string that reopens it."""
    store = runtime.store()
    selection = resolve(store, indicator_id, area, compare, period)
    periods = indicator.period_choices(store.indicator_periods(indicator_id))
    latest = periods[0]["value"] if periods else None
    return views(store, selection), selection.query(latest)


def csv_download(indicator_id: str, area: Any, compare: Any, period: Any) -> dict:
    """dcc.Download data for the CSV behind the charts."""
    store = runtime.store()
    columns, rows, name = download(store, resolve(store, indicator_id, area, compare, period))
    auth.audit_export("indicator_csv", indicator=indicator_id, area=area, compare=compare,
                      period=period, format="csv", rows=len(rows), file=name)
    # the writer quotes formula-like text (names, notes and titles are data)
    return dcc.send_string(exports.csv_text(columns, rows), name)


def toggle_ranking_table(n_clicks: int | None, indicator_id: str, area: Any, compare: Any,
                         period: Any) -> tuple[Any, str]:
    """Odd clicks show the ranking's table, even clicks hide it."""
    store = runtime.store()
    selection = resolve(store, indicator_id, area, compare, period)
    if (n_clicks or 0) % 2 == 0:
        n_areas = len(view_data(store, selection)["ranked"])
        return None, ranking_button_text(False, n_areas)
    table = ranking_table(store, selection)
    return table, ranking_button_text(True, 0)


def register(app: Dash) -> None:
    @app.callback(Output(Ids.VIEWS, "children"), Output(Ids.URL, "search"),
                  Input(Ids.AREA, "value"), Input(Ids.COMPARE, "value"),
                  Input(Ids.PERIOD, "value"), State(Ids.INDICATOR, "data"),
                  prevent_initial_call=True)
    def _update(area: Any, compare: Any, period: Any, indicator_id: str) -> tuple[list, str]:
        return update_views(indicator_id, area, compare, period)

    @app.callback(Output(Ids.RANKING_HOLDER, "children"),
                  Output(Ids.RANKING_BUTTON, "children"),
                  Input(Ids.RANKING_BUTTON, "n_clicks"), State(Ids.INDICATOR, "data"),
                  State(Ids.AREA, "value"), State(Ids.COMPARE, "value"),
                  State(Ids.PERIOD, "value"), prevent_initial_call=True)
    def _ranking_table(n_clicks: int | None, indicator_id: str, area: Any, compare: Any,
                       period: Any) -> tuple[Any, str]:
        return toggle_ranking_table(n_clicks, indicator_id, area, compare, period)

    @app.callback(Output(Ids.DOWNLOAD, "data"), Input(Ids.DOWNLOAD_BUTTON, "n_clicks"),
                  State(Ids.AREA, "value"), State(Ids.COMPARE, "value"),
                  State(Ids.PERIOD, "value"), State(Ids.INDICATOR, "data"),
                  prevent_initial_call=True,
                  running=while_running(Ids.DOWNLOAD_BUTTON, DOWNLOAD_LABEL))
    def _download(n_clicks: int | None, area: Any, compare: Any, period: Any,
                  indicator_id: str) -> Any:
        if not n_clicks:
            return no_update
        return csv_download(indicator_id, area, compare, period)
