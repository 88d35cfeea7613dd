"""Access to the running app's store and settings from layouts and callbacks.

create_app() puts them on the Flask app; code under a request reads them from
flask.current_app, so nothing imports a module-global app.
"""

from __future__ import annotations

from flask import current_app, has_request_context

from dashboard.common.config import Settings
from dashboard.security.access import PUBLIC, Viewer
from dashboard.security.accounts import Accounts
from dashboard.store import Store


def viewer() -> Viewer:
    """Who the current request is answered for: the signed-in person, or the public."""
    if not has_request_context():
        return PUBLIC
    getter = current_app.extensions["placeboard"].get("viewer")
    return getter() if getter is not None else PUBLIC


def store() -> Store:
    """The store as the current request's viewer may see it (access rules and, for the
    public, disclosure control are applied by the store itself)."""
    return current_app.extensions["placeboard"]["store"].for_viewer(viewer())


def public_store() -> Store:
    """The store as the public sees it, whoever is signed in (resident-facing pages)."""
    return current_app.extensions["placeboard"]["store"].for_viewer(PUBLIC)


def accounts() -> Accounts:
    return current_app.extensions["placeboard"]["accounts"]


def settings() -> Settings:
    return current_app.extensions["placeboard"]["settings"]
