"""The header's account area: "Sign in", or "Signed in as X (role) · Your account ·
Sign out".

The shell (dashboard.server.app.shell) is static, so one page-independent callback fills
`html.Div(id=ACCOUNT_STATUS)` whenever the page location changes. The shell places
`account_status()` in the header."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html
from flask_wtf.csrf import generate_csrf

from dashboard.security.access import PUBLIC, ROLE_LABELS, Viewer
from dashboard.web import auth, runtime

ACCOUNT_STATUS = "account-status"
PAGES_LOCATION = "_pages_location"  # the dcc.Location inside dash.page_container
# White on the header's dark blue (#12436D: contrast 10:1). Inline so the area reads
# well wherever the shell puts it; assets/placeboard.css may take these over.
_AREA_STYLE = {"marginLeft": "auto", "color": "#fff", "display": "flex", "flexWrap": "wrap",
               "alignItems": "center", "gap": "0 6px"}
_LINK_STYLE = {"color": "#fff"}
_BUTTON_STYLE = {"color": "#fff", "background": "none", "border": "0", "padding": "0",
                 "font": "inherit", "textDecoration": "underline", "cursor": "pointer"}


def account_status() -> html.Div:
    """The empty account area for the page header (the callback fills it)."""
    # Starts as the signed-out view (the callback corrects it for a signed-in person), so
    # the header does not change height when the callback answers and the page below
    # (a map, say) does not jump.
    return html.Div(status_children(PUBLIC, "/", None), id=ACCOUNT_STATUS,
                    className="account-status", style=_AREA_STYLE, **{"aria-live": "polite"})


def status_children(viewer: Viewer, here: str, csrf_token: str | None,
                    by_header: bool = False) -> list:
    """What the account area shows for a viewer on the page at `here` (path and query)."""
    if not viewer.signed_in:
        return [html.A("Sign in", href=auth.login_url(here), className="account-link",
                       id="account-sign-in", style=_LINK_STYLE)]
    children: list = [html.Span(["Signed in as ", html.Strong(viewer.label()),
                                 f" ({ROLE_LABELS[viewer.role]})"], id="account-signed-in")]
    if viewer.user:  # the account page: API tokens
        children += [" · ", dcc.Link("Your account", href="/account", id="account-page-link",
                                        className="account-link", style=_LINK_STYLE)]
    if viewer.is_admin:
        children += [" · ", dcc.Link("Administration", href="/admin", className="account-link",
                                        style=_LINK_STYLE)]
    if not by_header:  # behind single sign-on, signing out is the proxy's business
        children += [" · ", html.Form(
            [dcc.Input(type="hidden", name="csrf_token", value=csrf_token or ""),
             html.Button("Sign out", type="submit", className="account-link link-button",
                         id="account-sign-out", style=_BUTTON_STYLE)],
            action="/logout", method="POST", className="account-signout",
            style={"display": "inline", "margin": "0"})]
    return children


def current_status(pathname: str | None, search: str | None) -> list:
    """The account area for the current request's viewer."""
    viewer = runtime.viewer()
    by_header = auth.signed_in_by_header()
    token = generate_csrf() if viewer.signed_in and not by_header else None
    return status_children(viewer, (pathname or "/") + (search or ""), token, by_header)


def register(app: Dash) -> None:
    @app.callback(Output(ACCOUNT_STATUS, "children"), Input(PAGES_LOCATION, "pathname"),
                  State(PAGES_LOCATION, "search"))
    def _status(pathname: str | None, search: str | None) -> list:
        return current_status(pathname, search)
