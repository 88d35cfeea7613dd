"""Home page: choosing an area opens its profile."""

from __future__ import annotations

from dash import Dash, Input, Output, no_update

from dashboard.views import explore
from layouts.home import Ids


def destination(code: str | None) -> str | None:
    """Where choosing an area goes: its profile (None when nothing is chosen)."""
    return explore.area_href(code) if code else None


def register(app: Dash) -> None:
    @app.callback(Output(Ids.NAV, "pathname"), Input(Ids.SEARCH, "value"),
                  prevent_initial_call=True)
    def _open_area(code: str | None) -> str:
        return destination(code) or no_update
