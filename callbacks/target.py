"""Target page wiring: the exception report form (add and remove action rows, save a new
version). Saving checks everything again on the server: anyone can post to a callback,
so the target, its status and the editor's duty are read afresh, never taken from the
request."""

from __future__ import annotations

from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, html, no_update

from dashboard.methods import targets as model
from dashboard.security import exceptions
from dashboard.security.access import PermissionDenied
from dashboard.views import exceptions as words
from dashboard.web import runtime
from layouts.target_exceptions import Ids, action_rows, report_view

NO_TARGET = "There is no such target that you can see: reload the page and try again."


def message(ok: bool, text: str, problems: list[str] | None = None) -> html.Div:
    children: list = [html.P(text)]
    if problems:
        children.append(html.Ul([html.Li(p) for p in problems]))
    return html.Div(children, role="status" if ok else "alert",
                    className="exception-saved" if ok else "exception-error")


def _target_key(data: Any) -> exceptions.TargetKey | None:
    """The form's target as the request names it (checked against the store later)."""
    if not isinstance(data, dict):
        return None
    values = [data.get(f) for f in exceptions.TargetKey._fields]
    if not all(isinstance(v, str) and v and len(v) < 200 for v in values):
        return None
    return exceptions.TargetKey(*values)


def save(data: Any, based_on: Any, commentary: Any, owner: Any,
         rows: list[dict]) -> tuple[Any, Any, Any]:
    """(the report shown, the message, the version the form is now based on)."""
    key = _target_key(data)
    store = runtime.store()
    info = store.partnership(key.partnership_id) if key else None
    detail = model.target_view(store, key.partnership_id, key.indicator_id,
                               key.area_code) if info else None
    if detail is None or "target" not in detail:
        return no_update, message(False, NO_TARGET), no_update
    status = detail["assessment"].status
    accounts = runtime.accounts()
    try:
        report, changed = exceptions.save(
            accounts, runtime.viewer(), key, status, commentary, owner, rows,
            based_on=based_on if isinstance(based_on, int) else None,
            partnership_name=info["name"])
    except PermissionDenied as exc:
        return no_update, message(False, str(exc)), no_update
    except exceptions.ReportError as exc:
        return no_update, message(False, "The report was not saved:", exc.problems), \
            no_update
    history = exceptions.history(accounts, key)
    fresh = words.freshness(report, status, store.data_loaded(key.partnership_id)
                            .get((key.indicator_id, key.area_code)))
    return (report_view(detail["target"], history, fresh),
            message(True, f"Saved version {report.version}: " + "; ".join(changed) + "."),
            report.version)


def edit_rows(triggered: Any, removes: list, rows: list[dict]) -> Any:
    """The action rows after "Add an action" or a "Remove action n" button."""
    if triggered == Ids.ADD:
        return action_rows([*rows, *words.starting_rows(None)])
    if isinstance(triggered, dict) and triggered.get("type") == Ids.REMOVE:
        index = triggered.get("index")
        if isinstance(index, int) and 0 <= index < min(len(rows), len(removes)) \
                and removes[index]:
            kept = [row for i, row in enumerate(rows) if i != index]
            return action_rows(kept or words.starting_rows(None))
    return no_update


def _row_states() -> list[State]:
    return [State({"type": kind, "index": ALL}, prop) for kind, prop in (
        (Ids.ACTION, "value"), (Ids.DUE, "value"), (Ids.PROGRESS, "value"),
        (Ids.NOTE, "value"))]


def _rows(texts: Any, dues: Any, progresses: Any, notes: Any) -> list[dict]:
    lists = [v if isinstance(v, list) else [] for v in (texts, dues, progresses, notes)]
    return words.form_actions(*lists)


def register(app: Dash) -> None:
    @app.callback(Output(Ids.ROWS, "children"), Input(Ids.ADD, "n_clicks"),
                  Input({"type": Ids.REMOVE, "index": ALL}, "n_clicks"), *_row_states(),
                  prevent_initial_call=True)
    def _edit_rows(_add, removes, texts, dues, progresses, notes):
        return edit_rows(ctx.triggered_id, removes if isinstance(removes, list) else [],
                         _rows(texts, dues, progresses, notes))

    @app.callback(Output(Ids.REPORT, "children"), Output(Ids.MESSAGE, "children"),
                  Output(Ids.BASED_ON, "data"), Input(Ids.SAVE, "n_clicks"),
                  State(Ids.KEY, "data"), State(Ids.BASED_ON, "data"),
                  State(Ids.COMMENTARY, "value"), State(Ids.OWNER, "value"), *_row_states(),
                  prevent_initial_call=True)
    def _save(n_clicks, data, based_on, commentary, owner, texts, dues, progresses, notes):
        if not n_clicks:
            return no_update, no_update, no_update
        return save(data, based_on, commentary, owner,
                    _rows(texts, dues, progresses, notes))
