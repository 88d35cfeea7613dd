"""The target page's commentary and action: the current exception report (its author and
date, commentary, owner, actions, and a "Versions" disclosure of who changed what, when),
or the targets file's commentary labelled as such; and, for an editor of the partnership
on a target at risk, off track or missed, the form that saves a new version
(callbacks/target.py)."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.methods import targets as model
from dashboard.security import exceptions
from dashboard.security.exceptions import Report
from dashboard.views import exceptions as words
from layouts.components import summary_list

DUE_HINT = "Write the date as YYYY-MM-DD, for example 2027-03-31."


class Ids:
    SECTION = "target-commentary"
    REPORT = "target-report"
    WRITTEN = "target-report-written"
    FRESHNESS = "target-report-freshness"
    ACTIONS = "target-report-actions"
    VERSIONS = "target-versions"
    FORM = "exception-form"
    KEY = "exception-key"
    BASED_ON = "exception-based-on"
    COMMENTARY = "exception-commentary"
    OWNER = "exception-owner"
    ROWS = "exception-action-rows"
    ADD = "exception-add-action"
    SAVE = "exception-save"
    MESSAGE = "exception-message"
    # pattern-matching ids of each action row's fields: {"type": ..., "index": n}
    ACTION = "exception-action"
    DUE = "exception-due"
    PROGRESS = "exception-progress"
    NOTE = "exception-note"
    REMOVE = "exception-remove"


def section(target: model.Target, status: str, history: list[Report],
            freshness: words.Freshness, form: html.Div | None) -> html.Section | None:
    """'Commentary and action': the report (or the targets file's words) and any form."""
    report = history[-1] if history else None
    if report is None and form is None and status not in model.NEEDS_ACTION \
            and not freshness.flagged and not (target.commentary or target.action):
        return None
    return html.Section([
        html.H2("Commentary and action"),
        html.Div(report_view(target, history, freshness), id=Ids.REPORT),
        form,
    ], id=Ids.SECTION, className="target-commentary")


def report_view(target: model.Target, history: list[Report],
                freshness: words.Freshness) -> list:
    """The current report with its versions, or the targets file's commentary."""
    report = history[-1] if history else None
    flag = html.P(freshness.reason, id=Ids.FRESHNESS, role="note",
                  className=f"exception-flag exception-{freshness.state}") \
        if freshness.flagged else None
    if report is None:
        return [flag, *_from_targets_file(target)]
    return [
        html.P(words.written_words(report), id=Ids.WRITTEN, className="exception-written"),
        flag,
        summary_list([("Commentary", html.Span(report.commentary,
                                               className="exception-commentary-text")),
                      ("Owner", report.owner)]),
        actions_table(words.action_rows(report)),
        versions(history),
    ]


def _from_targets_file(target: model.Target) -> list:
    label = "Illustrative " if target.illustrative else ""
    rows = [(f"{label}commentary".capitalize(), target.commentary or
             "No commentary recorded: add commentary to the targets file."),
            (f"{label}action".capitalize(), target.action or
             "No action recorded: add an action and due date to the targets file."),
            ("Owner", target.owner),
            ("Due", target.due_date.isoformat() if target.due_date else None)]
    out: list = [html.P(words.FROM_TARGETS_FILE, className="exception-source")]
    if target.illustrative:
        out.append(html.P("Illustrative example: this commentary and action are "
                          "invented to show how the board pack works.",
                          className="illustrative-banner", role="note"))
    return [*out, summary_list(rows)]


def actions_table(rows: list[dict]) -> html.Div | html.P:
    if not rows:
        return html.P("No actions recorded.", id=Ids.ACTIONS)
    return html.Div(className="table-wrap", id=Ids.ACTIONS, children=html.Table(
        className="table", children=[
            html.Caption("Actions"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in (
                "Action", "Due", "Progress", "Note")])),
            html.Tbody([html.Tr([html.Td(r["action"]), html.Td(r["due"]),
                                 html.Td(r["progress"]), html.Td(r["note"] or "—")])
                        for r in rows])]))


def versions(history: list[Report]) -> html.Details:
    """Every version, newest first: who, when, what changed."""
    items = [html.Li([html.Strong(f"Version {row['version']}"),
                      f", {row['who']}, {row['when']}: ", "; ".join(row["changes"])])
             for row in words.version_rows(history)]
    count = len(history)
    return html.Details([html.Summary(f"Versions ({count})"), html.Ul(items)],
                        id=Ids.VERSIONS, className="exception-versions")


# -- the editor's form ----------------------------------------------------------------------

def form(key: exceptions.TargetKey, report: Report | None, status: str) -> html.Div:
    """The form that saves a new version of the report (editors only)."""
    need = "at least one action" if status in exceptions.ACTION_REQUIRED else "any actions"
    return html.Div(id=Ids.FORM, className="exception-form", children=[
        html.H3("Update the exception report" if report else "Write the exception report"),
        html.P(f"Saving keeps a new version; earlier versions stay readable. Give {need} "
               "with a due date and its progress.", className="source-line"),
        dcc.Store(id=Ids.KEY, data=key._asdict()),
        dcc.Store(id=Ids.BASED_ON, data=report.version if report else 0),
        html.Label("Commentary: what is happening and why", htmlFor=Ids.COMMENTARY,
                   className="exception-label"),
        dcc.Textarea(id=Ids.COMMENTARY, value=report.commentary if report else "",
                     maxLength=exceptions.MAX_COMMENTARY, className="exception-textarea"),
        html.Label("Owner: the person or body answerable", htmlFor=Ids.OWNER,
                   className="exception-label"),
        dcc.Input(id=Ids.OWNER, type="text", value=report.owner if report else "",
                  maxLength=exceptions.MAX_OWNER, autoComplete="off",
                  className="exception-input"),
        html.Fieldset([html.Legend("Actions", className="h3"),
                       html.Div(action_rows(words.starting_rows(report)), id=Ids.ROWS),
                       html.Button("Add an action", id=Ids.ADD, n_clicks=0,
                                   className="button secondary")],
                      className="exception-actions"),
        html.P(html.Button("Save a new version", id=Ids.SAVE, n_clicks=0,
                           className="button")),
        html.Div(id=Ids.MESSAGE, **{"aria-live": "polite"}),
    ])


def action_rows(rows: list[dict]) -> list[html.Fieldset]:
    return [action_row(i, row) for i, row in enumerate(rows)]


def action_row(index: int, row: dict[str, Any]) -> html.Fieldset:
    """One action's fields; labels name the action's number."""
    n = index + 1

    def ident(kind: str) -> dict:
        return {"type": kind, "index": index}

    def label(text: str, kind: str) -> html.Label:
        # pattern-matching ids are JSON in the page; a label points at it by that text
        return html.Label(text, className="exception-label",
                          htmlFor=f'{{"index":{index},"type":"{kind}"}}')

    return html.Fieldset(className="exception-action-row", children=[
        html.Legend(f"Action {n}"),
        label(f"What will be done (action {n})", Ids.ACTION),
        dcc.Input(id=ident(Ids.ACTION), type="text", value=row.get("action") or "",
                  maxLength=exceptions.MAX_ACTION, className="exception-input"),
        label(f"Due date (action {n}). {DUE_HINT}", Ids.DUE),
        dcc.Input(id=ident(Ids.DUE), type="text", value=row.get("due_date") or "",
                  placeholder="YYYY-MM-DD", maxLength=10, autoComplete="off",
                  className="exception-input exception-due"),
        html.Fieldset([html.Legend(f"Progress (action {n})", className="exception-label"),
                       dcc.RadioItems(id=ident(Ids.PROGRESS),
                                      value=row.get("progress") or "not_started",
                                      options=words.PROGRESS_OPTIONS, inline=True,
                                      className="exception-progress",
                                      labelStyle={"marginRight": "16px"})],
                      className="exception-progress-group"),
        label(f"Progress note (action {n}, optional)", Ids.NOTE),
        dcc.Input(id=ident(Ids.NOTE), type="text", value=row.get("note") or "",
                  maxLength=exceptions.MAX_NOTE, className="exception-input"),
        html.Button(f"Remove action {n}", id=ident(Ids.REMOVE), n_clicks=0,
                    className="button secondary exception-remove"),
    ])
