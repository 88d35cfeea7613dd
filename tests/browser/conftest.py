"""Browser tests: real headless Chromium through dash[testing]'s dash_duo."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.store import Store, make_cache


@pytest.fixture()
def app(settings):
    return create_app(settings, store=Store(settings.store_path, make_cache()))


def console_errors(dash_duo) -> list[dict]:
    """Severe browser console messages, ignoring the favicon request."""
    return [entry for entry in dash_duo.get_logs() or []
            if entry.get("level") == "SEVERE" and "favicon" not in entry.get("message", "")]
