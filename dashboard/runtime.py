"""Access to the running app's store and settings from layouts and callbacks.

create_app() puts them on the Flask app; code under a request reads them from
flask.current_app, so nothing imports a module-global app.
"""

from __future__ import annotations

from flask import current_app

from dashboard.config import Settings
from dashboard.store import Store


def store() -> Store:
    """The store for the current request's audience."""
    return current_app.extensions["placeboard"]["store"]


def public_store() -> Store:
    """The same store with public disclosure rules (for resident-facing pages)."""
    return store().for_audience("public")


def settings() -> Settings:
    return current_app.extensions["placeboard"]["settings"]
