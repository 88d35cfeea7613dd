"""Browser tests: real headless Chromium through dash[testing]'s dash_duo."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import dash.testing.browser
import pytest
from dash.testing.application_runners import BaseDashRunner
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.support.wait import WebDriverWait

from dashboard.server.app import create_app
from dashboard.store import Store, make_cache


@pytest.fixture(autouse=True)
def _free_port():
    """Each test's server on a port the system says is free: dash's runner counts up from
    8050 per process, so parallel workers (pytest-xdist) or two checkouts' suites would
    otherwise meet on the same port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        BaseDashRunner._next_port = probe.getsockname()[1]
    yield


class _PromptWait(WebDriverWait):
    """dash[testing]'s wait_for_* use Selenium's WebDriverWait, which checks its
    condition every 0.5 s: each wait ended up to half a second after the page was ready.
    Every 0.1 s instead (the timeouts are unchanged)."""

    def __init__(self, driver, timeout, poll_frequency=0.1, ignored_exceptions=None):
        super().__init__(driver, timeout, poll_frequency, ignored_exceptions)


@pytest.fixture(scope="session", autouse=True)
def _prompt_waits():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dash.testing.browser, "WebDriverWait", _PromptWait)
        yield


@pytest.fixture()
def app(settings):
    return create_app(settings, store=Store(settings.store_path, make_cache()))


def console_errors(dash_duo) -> list[dict]:
    """Severe browser console messages, ignoring the favicon request and the 404 status
    of a page whose address names nothing (it answers 404 by design; each test checks
    its helpful content)."""
    return [entry for entry in dash_duo.get_logs() or []
            if entry.get("level") == "SEVERE" and "favicon" not in entry.get("message", "")
            and not _page_answered_404(entry)]


def _page_answered_404(entry: dict) -> bool:
    """The browser's report that the page's own address answered 404 (not an asset or
    callback: those would still be errors)."""
    message = entry.get("message", "")
    path = urlsplit(message.split(" - ", 1)[0]).path
    return (entry.get("source") == "network" and "status of 404" in message
            and not path.startswith(("/_dash-", "/assets/", "/maps/", "/targets/")))


def wait_until(condition, timeout: float = 20) -> None:
    """Wait (polling every 0.1 s) until condition() is true. An element found while Dash
    re-renders may be replaced before it is read: a stale or missing element counts as
    "not yet", never as a failure."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if condition():
                return
        except (StaleElementReferenceException, NoSuchElementException):
            pass
        time.sleep(0.1)
    raise AssertionError("condition not met in time")
