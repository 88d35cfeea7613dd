"""Administration (/admin): access levels of every dataset and indicator, and the audit
log. Administrators only: anyone else gets a page that says how to sign in, and no data."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard.security import admin
from dashboard.security.access import ROLE_LABELS, Viewer
from dashboard.web import auth, runtime
from layouts.components import page_header

PAGE = {"path": "/admin", "title": "Administration - Placeboard"}


class Ids:
    ACCESS_TABLE = "admin-access-table"
    KIND = "admin-kind"
    KEY = "admin-key"
    LEVEL = "admin-level"
    SUBMIT = "admin-submit"
    MESSAGE = "admin-message"
    CHANGED = "admin-changed"
    AUDIT_ACTION = "admin-audit-action"
    AUDIT_TABLE = "admin-audit-table"


LEVEL_HELP = [
    (html.Code("public"), ["anyone, including residents who have not signed in"]),
    (html.Code("partners:<partnership id>[,<id>...]"),
     ["members of those partnerships (and administrators), e.g. ",
      html.Code("partners:example-partnership")]),
    (html.Code("restricted:<role>[,<role>...]"),
     ["signed-in people with those roles: partner, analyst, admin, e.g. ",
      html.Code("restricted:analyst")]),
]


def refusal(viewer: Viewer) -> html.Div:
    """What a non-administrator sees at /admin: how to get in, and nothing else."""
    if viewer.signed_in:
        lead = (f"You are signed in as {viewer.label()} ({ROLE_LABELS[viewer.role]}). "
                "Only administrators can change access levels and read the audit log.")
        link = "Sign in as an administrator"
    else:
        lead = ("Only administrators can change access levels and read the audit log. "
                "Sign in with an administrator's account to continue.")
        link = "Sign in"
    return html.Div(className="problem-page", id="admin-refused", children=[
        html.H1("You need to sign in as an administrator"),
        html.P(lead, className="lead"),
        html.P(html.A(link, href=auth.login_url("/admin"), className="button",
                      id="admin-sign-in")),
        html.P(["An administrator can add accounts on the server with ",
                html.Code("placeboard users add NAME --role admin"), "."]),
        html.P(dcc.Link("Go to the home page", href="/")),
    ])


def current_access_table() -> pd.DataFrame:
    """Every dataset and indicator with its level, as the current (admin) viewer's store
    has them, with the administrators' changes applied."""
    store = runtime.store()
    _version, overrides = runtime.accounts().access_overrides()
    return admin.access_table(store.datasets(), store.indicators(), overrides)


def access_rows(table: pd.DataFrame) -> html.Table:
    """The access-level table: one row per dataset or indicator."""
    body = [html.Tr([
        html.Td(row.kind.capitalize()),
        html.Td([html.Span(row.title), html.Div(row.key, className="code")]),
        html.Td(html.Code(row.level, className="access-level")),
        html.Td([row.meaning] + ([html.Div(row.note, className="source-line")]
                                 if row.note else [])),
        html.Td("Changed (default " + row.default_level + ")" if row.changed else "Default"),
    ], className="access-row", **{"data-key": f"{row.kind}:{row.key}"})
        for row in table.itertuples()]
    return html.Table(className="table", children=[
        html.Caption("Access level of every dataset and indicator", className="visually-hidden"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in (
            "Kind", "Dataset or indicator", "Access level", "Who can see it", "Set by")])),
        html.Tbody(body),
    ])


def audit_table(entries: pd.DataFrame) -> html.Div:
    """The audit log, newest first."""
    if entries.empty:
        return html.P("No entries yet.", id="admin-audit-empty")
    body = [html.Tr([html.Td(row.at.replace("T", " ")[:19]), html.Td(row.actor),
                     html.Td(row.action), html.Td(row.target or ""), html.Td(row.details),
                     html.Td(row.ip or "")], className="audit-row",
                    **{"data-action": row.action})
            for row in entries.itertuples()]
    return html.Div(className="table-wrap", children=html.Table(className="table", children=[
        html.Caption("Audit log, newest first", className="visually-hidden"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in (
            "When (UTC)", "Who", "Action", "What", "Details", "Address")])),
        html.Tbody(body),
    ]))


def change_form(table: pd.DataFrame) -> html.Section:
    return html.Section(id="admin-change", children=[
        html.H2("Change an access level"),
        html.P("The store enforces the new level on every page, download and export at once. "
               "A rebuild of the store keeps it."),
        html.Label("What to change", htmlFor=Ids.KIND, className="h3"),
        dcc.RadioItems(id=Ids.KIND, value="indicator", inline=True,
                       options=[{"label": " Indicator ", "value": "indicator"},
                                {"label": " Dataset ", "value": "dataset"}]),
        html.Label("Dataset or indicator", htmlFor=Ids.KEY, className="h3"),
        dcc.Dropdown(id=Ids.KEY, options=admin.key_options(table, "indicator"),
                     placeholder="Choose one", clearable=False),
        html.Label("New access level", htmlFor=Ids.LEVEL, className="h3"),
        html.Ul([html.Li([form, ": ", *words]) for form, words in LEVEL_HELP],
                id="admin-level-help"),
        dcc.Input(id=Ids.LEVEL, type="text", placeholder="public", debounce=False,
                  style={"width": "100%", "maxWidth": "30em", "font": "inherit",
                         "padding": "6px 8px"}),
        html.P(html.Button("Change access level", id=Ids.SUBMIT, n_clicks=0,
                           className="button"), style={"marginTop": "16px"}),
        html.Div(id=Ids.MESSAGE, role="status"),
    ])


def layout(**_query: object) -> html.Div:
    viewer = runtime.viewer()
    if not viewer.is_admin:
        return refusal(viewer)
    table = current_access_table()
    entries = admin.audit_entries(runtime.accounts(), viewer)
    return html.Div([
        page_header("Administration", "Who can see each dataset and indicator, and what "
                    "people have done: sign-ins, downloads, exports and access changes.",
                    caption=f"Signed in as {viewer.label()}"),
        change_form(table),
        html.Section([html.H2("Access levels"),
                      html.Div(access_rows(table), id=Ids.ACCESS_TABLE,
                               className="table-wrap")]),
        html.Section([
            html.H2("Audit log"),
            html.Label("Show", htmlFor=Ids.AUDIT_ACTION),
            dcc.Dropdown(id=Ids.AUDIT_ACTION, value="all", clearable=False,
                         options=[{"label": "All actions", "value": "all"}]
                         + [{"label": a.replace("_", " "), "value": a}
                            for a in admin.AUDIT_ACTIONS],
                         style={"maxWidth": "20em"}),
            html.P(f"The latest {admin.AUDIT_LIMIT} entries, newest first.",
                   className="source-line"),
            html.Div(audit_table(entries), id=Ids.AUDIT_TABLE),
        ]),
        dcc.Store(id=Ids.CHANGED, data=0),
    ])
