"""create_app(settings) -> Dash: the only place pages and callbacks are wired."""

from __future__ import annotations

import functools
import importlib
import logging
import pkgutil
import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any

import dash
import plotly.io
from dash import Dash, dcc, html
from werkzeug.middleware.proxy_fix import ProxyFix

import callbacks
import layouts
from callbacks.account import account_status
from callbacks.site_menu import MENU, menu_button
from dashboard.api import docs as api_docs
from dashboard.api import routes as api_routes
from dashboard.common import attribution
from dashboard.common.config import ROOT, Settings
from dashboard.security.access import PUBLIC
from dashboard.security.accounts import Accounts
from dashboard.store import Store, StoreMissing, make_cache
from dashboard.web import defences as security
from dashboard.web import ledger, meetings, page_cache, proposals, submission_pages
from dashboard.web.auth import init_auth
from layouts import components, not_found_404

NAV_LINKS = [
    ("Home", "/"), ("Compare", "/compare"), ("Map", "/map"),
    ("Neighbourhoods", "/neighbourhoods"), ("Worklessness", "/worklessness"),
    ("Scorecards", "/scorecard"), ("Data", "/data"), ("About", "/about"),
    ("For residents", "/public"),
]


# Dash's default page, with the document language set (WCAG 3.1.1) and no remote assets.
INDEX_STRING = """<!DOCTYPE html>
<html lang="en-GB">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def _modules(package: ModuleType) -> list[ModuleType]:
    return [importlib.import_module(f"{package.__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name)]


def shell() -> html.Div:
    """Header, navigation, page container and footer (with the required attribution)."""
    return html.Div([
        html.A("Skip to main content", href="#main", className="skip-link", id="skip-link"),
        html.Header(className="site-header", children=[
            html.Div(className="container header-inner", children=[
                dcc.Link("Placeboard", href="/", className="brand"),
                # on a phone: one line, the navigation and account behind "Menu"
                menu_button(),
                html.Div(id=MENU, className="site-menu", children=[
                    html.Nav(html.Ul([html.Li(dcc.Link(label, href=href,
                                                       className="nav-link"))
                                      for label, href in NAV_LINKS]),
                             **{"aria-label": "Main"}, id="main-nav"),
                    account_status(),
                ]),
            ]),
        ]),
        html.Main(id="main", className="container", tabIndex="-1",
                  children=dash.page_container),
        html.Footer(id="site-footer", className="site-footer", children=[
            html.Div(className="container", children=[
                html.P("Data: real, openly licensed official statistics. Targets shown are "
                       "illustrative examples, not agreed targets."),
                html.Ul([html.Li(line) for line in attribution.REQUIRED_LINES],
                        className="attribution"),
                html.P([html.A("Open Government Licence v3.0", href=attribution.OGL_URL),
                        " · ", dcc.Link("Sources, licences and methods", href="/about")]),
            ]),
        ]),
    ])


def safe_layout(layout: Callable[..., Any]) -> Callable[..., Any]:
    """A layout that answers a bad URL or parameter with a helpful page, not a traceback."""

    @functools.wraps(layout)
    def wrapper(**query: Any) -> Any:
        try:
            return layout(**query)
        except StoreMissing as exc:
            return components.problem_page("The data store is not built yet", str(exc))
        except Exception:
            logging.getLogger(__name__).exception("layout failed for %r", query)
            return components.problem_page(
                "Sorry, this page could not be shown",
                "Something in the address may not be right. Check the area code or "
                "indicator, or start again from the home page.")

    return wrapper


# Dash writes every response with plotly's JSON writer. Its "orjson" engine (the default
# when orjson is installed) first walks the whole answer in Python to clean each value,
# which for our plain-dict figures and component-JSON tables cost three times the
# standard library's encoder (area profile 170 KB: 18.7 ms against 6.1 ms; indicator
# update 60 KB: 9.4 against 3.2), for the same JSON once parsed.
JSON_ENGINE = "json"


def create_app(settings: Settings | None = None, store: Store | None = None) -> Dash:
    """Build the Dash app for a store. Each call makes a fresh app (tests rely on it)."""
    plotly.io.json.config.default_engine = JSON_ENGINE
    settings = settings or Settings.from_env()
    dash._pages.PAGE_REGISTRY.clear()  # pages are registered per app, not per process
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ROOT / "assets"),
        title="Placeboard",
        suppress_callback_exceptions=True,
        compress=False,
        serve_locally=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    # The accounts database (SQLite by default, PostgreSQL shared by several instances):
    # users, sessions, sign-in throttling, access levels and the audit log.
    accounts = Accounts(settings.accounts_database)
    _trust_proxies(app, settings)
    if store is None:
        if settings.redis_url is None:
            warnings.filterwarnings("ignore", message=".*SimpleCache.*")
        store = Store(settings.store_path, make_cache(settings.redis_url, settings.cache_timeout))
    # The app's store answers as the public unless a request's viewer says otherwise
    # (dashboard.web.runtime.store), and reads admins' access-level changes from accounts.
    store = store.for_viewer(PUBLIC)
    store.accounts = accounts
    app.server.extensions["placeboard"] = {"store": store, "settings": settings,
                                           "accounts": accounts}
    init_auth(app, settings, accounts)
    for module in _modules(layouts):
        page = getattr(module, "PAGE", None)
        if page is not None:
            # public viewers' pages come from the page cache (dashboard/web/page_cache.py)
            layout = page_cache.cached_page(module.__name__, module.layout)
            dash.register_page(module.__name__, layout=safe_layout(layout),
                               **not_found_404.checked_page(module.__name__, page))
    app.index_string = INDEX_STRING
    app.layout = shell()
    for module in _modules(callbacks):
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
    _register_routes(app)
    api_routes.register(app.server)
    submission_pages.register(app.server)
    meetings.register(app.server)
    proposals.register(app.server)
    api_docs.register(app.server)
    _secure(app, settings)
    # every request's reads of partners' shared data go in the data-sharing ledger
    ledger.init_ledger(app.server, app.config.routes_pathname_prefix + "_dash-update-component")
    # after the security hooks: a crafted request is refused before it is looked up
    page_cache.init_response_cache(app.server, app.config.routes_pathname_prefix
                                   + "_dash-update-component")
    return app


def _trust_proxies(app: Dash, settings: Settings) -> None:
    """Behind PLACEBOARD_PROXY_HOPS load balancers, take the client's address from
    X-Forwarded-For: otherwise sign-in limits and lockouts would count every request as
    coming from the balancer, and one person's failures would stop everyone."""
    if settings.proxy_hops > 0:
        app.server.wsgi_app = ProxyFix(app.server.wsgi_app,  # type: ignore[method-assign]
                                       x_for=settings.proxy_hops,
                                       x_proto=settings.proxy_hops)


def _secure(app: Dash, settings: Settings) -> None:
    """Security headers, request limits, crafted-callback refusals and page statuses."""
    security.init_security(
        app.server, settings,
        script_hashes=app.csp_hashes,
        callbacks=lambda: app.callback_map,
        page_status=lambda path, query: not_found_404.page_status(
            app.strip_relative_path(path) or "", query),
        shell=app.index,
        routes_prefix=app.config.routes_pathname_prefix)


def _register_routes(app: Dash) -> None:
    """Plain Flask routes (downloads, geometry) live with their feature modules."""
    for module in _modules(callbacks):
        routes = getattr(module, "register_routes", None)
        if routes is not None:
            routes(app.server)
