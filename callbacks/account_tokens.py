"""The account page's API tokens: make one (its secret is shown once, in this answer
only) and revoke one. Every callback checks the viewer itself (anyone can post to a
callback): only a signed-in person, for their own tokens. Like every Dash callback these
are JSON posts, which a cross-site page cannot send (dashboard.web.auth, on CSRF)."""

from __future__ import annotations

from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from flask import request

from dashboard.security import tokens
from dashboard.security.accounts import AccountError
from dashboard.views import account as words
from dashboard.web import runtime
from layouts.account import Ids, current_tokens

NOT_SIGNED_IN = "Sign in to make or revoke API tokens"
_OK = {"borderLeft": "4px solid #00703c", "padding": "4px 12px", "margin": "16px 0"}
_PROBLEM = {"borderLeft": "4px solid #801650", "padding": "4px 12px", "margin": "16px 0",
            "fontWeight": 700}


def problem(text: str) -> html.Div:
    return html.Div(text, className="account-token-error", role="alert", style=_PROBLEM)


def new_token_panel(new: tokens.NewToken, site: str) -> html.Div:
    """The secret of a token just made, with how to copy and use it."""
    return html.Div(className="account-token-new", style=_OK, children=[
        html.H4(f"Your new token: {new.info.label}"),
        html.P(html.Strong(words.SHOWN_ONCE + " Only a fingerprint of it is kept, so "
                                               "nobody can show it to you later.")),
        html.Div([html.Code(new.secret, id=Ids.SECRET, style={"wordBreak": "break-all"}),
                  dcc.Clipboard(target_id=Ids.SECRET, title="Copy the token",
                                style={"display": "inline-block", "marginLeft": "8px",
                                       "cursor": "pointer"})],
                 style={"fontSize": "1.05rem", "margin": "8px 0"}),
        html.P("Select it and copy it (Ctrl+C, or Cmd+C on a Mac), or use the copy "
               "button beside it, and keep it somewhere safe, such as a password manager."),
        html.P("Send it in the Authorization header of each request to the API, for "
               "example:"),
        html.Pre(html.Code(words.usage_example(new.secret, site)),
                 style={"whiteSpace": "pre-wrap", "wordBreak": "break-all"}),
        html.P(["The API's own documentation is at ", html.A("/api", href="/api"), "."]),
    ])


def make_token(label: str | None, scope: str | None, expires: str | None) -> tuple:
    """(result, revoke message, token table, label) after asking for a new token."""
    viewer = runtime.viewer()
    if not viewer.signed_in or not viewer.user:
        return problem(NOT_SIGNED_IN), no_update, no_update, no_update
    try:
        new = tokens.create_token(runtime.accounts(), viewer.user, label, scope or "read",
                                  words.expiry_days(expires), actor=viewer.user)
    except AccountError as exc:
        return (problem(f"The token was not made: {exc}."), no_update, no_update,
                no_update)
    return (new_token_panel(new, request.host_url), "", current_tokens(viewer), "")


def revoke(token_id: Any) -> tuple:
    """(result, revoke message, token table, label) after revoking one of one's own."""
    viewer = runtime.viewer()
    if not viewer.signed_in or not viewer.user:
        return no_update, problem(NOT_SIGNED_IN), no_update, no_update
    try:
        info = tokens.revoke_token(runtime.accounts(), int(token_id), actor=viewer.user,
                                   owner=viewer.user)
    except (AccountError, TypeError, ValueError) as exc:
        return no_update, problem(f"Nothing was revoked: {exc}."), no_update, no_update
    done = html.Div(f"The token \"{info.label}\" ({info.shown_as}) is revoked: anything "
                    "still using it is now refused.", className="account-token-revoked",
                    style=_OK)
    return "", done, current_tokens(viewer), no_update


def answer(triggered: Any, clicked: Any, label: str | None, scope: str | None,
           expires: str | None) -> tuple:
    """Make or revoke, by what was pressed. Nothing else changes anything: a revoke
    button that appeared with a new table was not pressed."""
    if not clicked:
        return no_update, no_update, no_update, no_update
    if isinstance(triggered, dict) and triggered.get("type") == Ids.REVOKE:
        return revoke(triggered.get("index"))
    if triggered in (Ids.CREATE, Ids.LABEL):
        return make_token(label, scope, expires)
    return no_update, no_update, no_update, no_update


def register(app: Dash) -> None:
    @app.callback(Output(Ids.RESULT, "children"), Output(Ids.MESSAGE, "children"),
                  Output(Ids.TOKENS, "children"), Output(Ids.LABEL, "value"),
                  Input(Ids.CREATE, "n_clicks"), Input(Ids.LABEL, "n_submit"),
                  Input({"type": Ids.REVOKE, "index": ALL}, "n_clicks"),
                  State(Ids.LABEL, "value"), State(Ids.SCOPE, "value"),
                  State(Ids.EXPIRES, "value"), prevent_initial_call=True)
    def _tokens(_create: int | None, _submit: int | None, _revokes: list | None,
                label: str | None, scope: str | None, expires: str | None) -> tuple:
        clicked = ctx.triggered[0]["value"] if ctx.triggered else None
        return answer(ctx.triggered_id, clicked, label, scope, expires)
