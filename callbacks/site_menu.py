"""The site header's menu on narrow screens: one button ("Menu") shows and hides the
navigation and the account links (its aria-expanded, which assets/placeboard.css reads),
and the menu closes when another page opens. On wider screens the button is hidden and
the navigation always shown. A native button, so Enter and Space work; the links are
reached with Tab once it is open."""

from __future__ import annotations

from dash import Dash, Input, Output, State, html

from callbacks.account import PAGES_LOCATION

MENU_BUTTON = "site-menu-button"
MENU = "site-menu"


def menu_button() -> html.Button:
    """The header's Menu button (hidden on wide screens)."""
    return html.Button([html.Span(className="menu-icon", **{"aria-hidden": "true"}), "Menu"],
                       id=MENU_BUTTON, type="button", n_clicks=0, className="menu-toggle",
                       **{"aria-expanded": "false", "aria-controls": MENU})


def register(app: Dash) -> None:
    app.clientside_callback(
        """function (clicks, path, expanded) {
            const ids = dash_clientside.callback_context.triggered.map(t => t.prop_id);
            if (ids.indexOf("site-menu-button.n_clicks") >= 0) {
                return expanded === "true" ? "false" : "true";
            }
            return "false";
        }""",
        Output(MENU_BUTTON, "aria-expanded"), Input(MENU_BUTTON, "n_clicks"),
        Input(PAGES_LOCATION, "pathname"), State(MENU_BUTTON, "aria-expanded"),
        prevent_initial_call=True)
