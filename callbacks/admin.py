"""Administration wiring: choose a dataset or indicator, change its access level, read
the audit log. Every callback checks that the viewer is an administrator itself: the page
being hidden is not enough, since anyone can post to a callback."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, html, no_update

from dashboard.security import admin
from dashboard.web import runtime
from layouts.admin import Ids, access_rows, audit_table, current_access_table


def key_choices(kind: str | None) -> list[dict]:
    """The datasets or indicators an administrator may choose from (none for others)."""
    if not runtime.viewer().is_admin:
        return []
    return admin.key_options(current_access_table(), kind)


def current_level(kind: str | None, key: str | None) -> Any:
    """The chosen dataset's or indicator's level, to start the edit from."""
    if not key or not runtime.viewer().is_admin:
        return no_update
    table = current_access_table()
    match = table[(table["kind"] == kind) & (table["key"] == key)]
    return no_update if match.empty else match["level"].iloc[0]


def submit_change(kind: str | None, key: str | None, level: str | None,
                  changes: int | None) -> tuple[Any, Any, Any]:
    """The message, the refreshed access table and the change counter after a change."""
    viewer = runtime.viewer()
    if not viewer.is_admin:
        return message(False, admin.NOT_ADMIN), no_update, no_update
    table = current_access_table()
    result = admin.change_access(runtime.accounts(), viewer, kind, key, level, table)
    if not result.ok:
        return message(False, result.message), no_update, no_update
    return message(True, result.message), access_rows(current_access_table()), (changes or 0) + 1


def message(ok: bool, text: str) -> html.Div:
    style = {"borderLeft": f"4px solid {'#00703c' if ok else '#801650'}",
             "padding": "4px 12px", "margin": "16px 0", "fontWeight": 700}
    return html.Div(text, className="admin-success" if ok else "admin-error",
                    role="status" if ok else "alert", style=style)


def audit_view(action: str | None) -> Any:
    """The audit log table for an administrator, a refusal for anyone else."""
    viewer = runtime.viewer()
    if not viewer.is_admin:
        return html.P(admin.NOT_ADMIN, className="admin-error")
    return audit_table(admin.audit_entries(runtime.accounts(), viewer, action))


def register(app: Dash) -> None:
    @app.callback(Output(Ids.KEY, "options"), Output(Ids.KEY, "value"),
                  Input(Ids.KIND, "value"), prevent_initial_call=True)
    def _kind(kind: str | None) -> tuple[list[dict], None]:
        return key_choices(kind), None

    @app.callback(Output(Ids.LEVEL, "value"), Input(Ids.KEY, "value"),
                  State(Ids.KIND, "value"), prevent_initial_call=True)
    def _key(key: str | None, kind: str | None) -> Any:
        return current_level(kind, key)

    @app.callback(Output(Ids.MESSAGE, "children"), Output(Ids.ACCESS_TABLE, "children"),
                  Output(Ids.CHANGED, "data"), Input(Ids.SUBMIT, "n_clicks"),
                  State(Ids.KIND, "value"), State(Ids.KEY, "value"), State(Ids.LEVEL, "value"),
                  State(Ids.CHANGED, "data"), prevent_initial_call=True)
    def _change(n_clicks: int | None, kind: str | None, key: str | None, level: str | None,
                changes: int | None) -> tuple[Any, Any, Any]:
        if not n_clicks:
            return no_update, no_update, no_update
        return submit_change(kind, key, level, changes)

    @app.callback(Output(Ids.AUDIT_TABLE, "children"), Input(Ids.AUDIT_ACTION, "value"),
                  Input(Ids.CHANGED, "data"), prevent_initial_call=True)
    def _audit(action: str | None, _changes: int | None) -> Any:
        return audit_view(action)
