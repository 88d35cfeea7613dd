"""Your account (/account): who you are signed in as, and your personal API tokens (make
one, see its secret once, revoke it). Signed-in people only: anyone else gets a page
that says how to sign in. The callbacks are in callbacks/account_tokens.py."""

from __future__ import annotations

from dash import dcc, html

from dashboard.security import ledger, tokens
from dashboard.security.access import ROLE_LABELS, Viewer
from dashboard.views import account as words
from dashboard.web import auth, runtime
from layouts.components import page_header

PAGE = {"path": "/account", "title": "Your account - Placeboard"}


class Ids:
    TOKENS = "account-tokens"
    LABEL = "account-token-label"
    SCOPE = "account-token-scope"
    EXPIRES = "account-token-expires"
    CREATE = "account-token-create"
    RESULT = "account-token-result"  # the new token's secret, or why it was not made
    MESSAGE = "account-token-message"  # what revoking did
    SECRET = "account-token-secret"
    REVOKE = "account-token-revoke"  # the type of each token's revoke button


_INPUT_STYLE = {"width": "100%", "maxWidth": "30em", "font": "inherit", "padding": "6px 8px"}
_SMALL_BUTTON = {"padding": "4px 10px", "fontSize": "0.9rem"}


def refusal() -> html.Div:
    return html.Div(className="problem-page", id="account-refused", children=[
        html.H1("Sign in to see your account"),
        html.P("Your account page lists your API tokens. Residents do not need an "
               "account: every public page works without signing in.", className="lead"),
        html.P(html.A("Sign in", href=auth.login_url("/account"), className="button",
                      id="account-page-sign-in")),
        html.P(dcc.Link("Go to the home page", href="/")),
    ])


def token_table(rows: list[dict]) -> html.Div:
    """The person's tokens, newest first, with a revoke button for each live one."""
    if not rows:
        return html.P("You have no API tokens yet.", id="account-tokens-empty")
    body = [html.Tr([
        html.Td(row["label"]), html.Td(row["scope"]),
        html.Td(html.Code(row["token"])), html.Td(row["created"]),
        html.Td(row["last_used"]), html.Td(row["expires"]), html.Td(row["status"]),
        html.Td(html.Button("Revoke", id={"type": Ids.REVOKE, "index": row["id"]},
                            n_clicks=0, className="button secondary", style=_SMALL_BUTTON,
                            **{"aria-label": f"Revoke the token {row['label']}"})
                if row["revocable"] else ""),
    ], className="token-row", **{"data-token": str(row["id"])}) for row in rows]
    return html.Div(className="table-wrap", children=html.Table(className="table", children=[
        html.Caption("Your API tokens, newest first", className="visually-hidden"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in (
            "Label", "Scope", "Token", "Made", "Last used", "Expires", "Status",
            "Action")])),
        html.Tbody(body),
    ]))


def current_tokens(viewer: Viewer) -> html.Div:
    return token_table(words.token_rows(tokens.list_tokens(runtime.accounts(),
                                                           viewer.user)))


def create_form(viewer: Viewer) -> html.Div:
    scopes = words.scope_options(viewer.role)
    return html.Div(id="account-token-form", children=[
        html.H3("Make a token"),
        # The hint is inside the label, so it is read out with the box.
        html.Label([html.Span("What is it for?", className="h3"),
                    html.Span("A label to tell your tokens apart, for example \"nightly "
                              "report script\".", className="source-line",
                              style={"display": "block"})], htmlFor=Ids.LABEL),
        dcc.Input(id=Ids.LABEL, type="text", maxLength=tokens.MAX_LABEL, debounce=False,
                  autoComplete="off", style=_INPUT_STYLE),
        html.Fieldset([
            html.Legend("What may it do?", className="h3"),
            dcc.RadioItems(id=Ids.SCOPE, value="read", options=scopes,
                           labelStyle={"display": "block"}),
        ]),
        html.Fieldset([
            html.Legend("When does it stop working?", className="h3"),
            dcc.RadioItems(id=Ids.EXPIRES, value=words.DEFAULT_EXPIRY, inline=True,
                           options=[{"label": f" {label} ", "value": value}
                                    for value, label in words.EXPIRY_CHOICES]),
        ]),
        html.P(html.Button("Make token", id=Ids.CREATE, n_clicks=0, className="button"),
               style={"marginTop": "16px"}),
        html.Div(id=Ids.RESULT, role="status", **{"aria-live": "polite"}),
    ])


def ledger_section(viewer: Viewer) -> html.Section | None:
    """For a partnership's data owner (or an administrator): the way to the ledger."""
    owned = ledger.readable_partnerships(runtime.accounts(), viewer.user, viewer.role)
    if owned is not None and not owned:
        return None
    if owned is None:
        whose = "every partnership's"
    elif len(owned) == 1:
        whose = f"the {next(iter(owned))} partnership's"
    else:
        whose = f"your partnerships' ({', '.join(sorted(owned))})"
    return html.Section(id="account-ledger", children=[
        html.H2("Data-sharing ledger"),
        html.P([f"You can read who viewed and downloaded {whose} shared data: ",
                dcc.Link("open the data-sharing ledger", href="/ledger",
                         id="account-ledger-link"), "."]),
    ])


def sharing_section() -> html.Section:
    """The way to send data for review and to follow what was sent (plain pages, not
    Dash's: html.A, so the browser loads them)."""
    return html.Section(id="account-submissions", children=[
        html.H2("Sharing data"),
        html.P(["Send a file of your partnership's data for a data manager's review: ",
                html.A("send data", href="/submit", id="account-submit-link"),
                ". Follow what you have sent, and what has happened to it, on ",
                html.A("your submissions", href="/submissions",
                       id="account-submissions-link"), "."]),
    ])


def layout(**_query: object) -> html.Div:
    viewer = runtime.viewer()
    if not viewer.signed_in or not viewer.user:
        return refusal()
    return html.Div([
        page_header("Your account", caption=f"Signed in as {viewer.label()} "
                    f"({ROLE_LABELS[viewer.role]})"),
        sharing_section(),
        ledger_section(viewer),
        html.Section(id="account-api-tokens", children=[
            html.H2("API tokens"),
            html.P(["A personal API token lets a script or another system read "
                    "Placeboard's data through the API (", html.Code("/api/v1"),
                    ") as you: it sees exactly what you can see. Keep it secret, like a "
                    "password, and revoke it when you no longer need it."]),
            html.H3("Your tokens"),
            html.Div(id=Ids.MESSAGE, role="status", **{"aria-live": "polite"}),
            html.Div(current_tokens(viewer), id=Ids.TOKENS),
            create_form(viewer),
        ]),
    ])
