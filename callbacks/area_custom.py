"""Saving custom areas: from the form at /area/custom/new and from the worklessness
explorer's selection. The codes are checked against the store (every one must be a known
neighbourhood or ward), then dashboard.security.custom_areas saves, audits and decides
who sees it."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from dashboard.security import custom_areas
from dashboard.security.access import PermissionDenied
from dashboard.security.accounts import AccountError
from dashboard.views import area_groups
from dashboard.web import runtime
from layouts.area_custom import Ids


def save(name: Any, codes: Any) -> html.Div:
    """Save a custom area for the signed-in viewer: a link to it, or what is wrong."""
    wanted = area_groups.split_codes(codes)
    known = runtime.store().group_members(tuple(wanted)) if wanted else None
    found = set() if known is None else set(known["area_code"]) | set(known["ward_code"])
    unknown = [c for c in wanted if c not in found]
    if unknown:
        return problem("Not a neighbourhood (LSOA) or ward we know: "
                        + ", ".join(unknown[:5]) + (" and more" if len(unknown) > 5 else ""))
    try:
        area = custom_areas.save(runtime.accounts(), runtime.viewer(), name, wanted)
    except (AccountError, PermissionDenied) as exc:
        return problem(str(exc))
    return html.Div([f"Saved “{area.name}” ({len(area.members):,} areas). ",
                     dcc.Link("Open the custom area", href=area.href, id="custom-saved-link"),
                     f" (address {area.href})."], className="notice success")


def problem(text: str) -> html.Div:
    return html.Div(text, className="notice error", role="alert")


def register(app: Dash) -> None:
    @app.callback(Output(Ids.RESULT, "children"), Input(Ids.SAVE, "n_clicks"),
                  State(Ids.NAME, "value"), State(Ids.CODES, "value"),
                  prevent_initial_call=True)
    def _save(_n: int, name: Any, codes: Any) -> html.Div:
        return save(name, codes)
