"""Compare page: the pickers redraw the matrix and rewrite the query string."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output

from dashboard.web import runtime
from layouts.compare import Ids, matrix, resolve, sort_options


def update_matrix(areas: Any, indicators: Any, sort: Any, order: Any, benchmark: Any = None,
                  level: Any = None) -> tuple[list, list[dict], str, str]:
    """Matrix, sort choices, sort value and query string for the pickers' values."""
    store = runtime.store()
    selection = resolve(store, areas or [], indicators or [], sort, order, benchmark, level)
    return (matrix(store, selection), sort_options(store, selection.indicators),
            selection.sort, selection.query())


def register(app: Dash) -> None:
    @app.callback(Output(Ids.MATRIX, "children"), Output(Ids.SORT, "options"),
                  Output(Ids.SORT, "value"), Output(Ids.URL, "search"),
                  Input(Ids.AREAS, "value"), Input(Ids.INDICATORS, "value"),
                  Input(Ids.SORT, "value"), Input(Ids.ORDER, "value"),
                  Input(Ids.BENCHMARK, "value"), Input(Ids.LEVEL, "value"),
                  prevent_initial_call=True)
    def _update(areas: Any, indicators: Any, sort: Any, order: Any, benchmark: Any,
                level: Any) -> tuple[list, list[dict], str, str]:
        return update_matrix(areas, indicators, sort, order, benchmark, level)
