"""Redis is a cache the instances share, not a store of record: when it goes away, pages
and sign-ins keep working (slower), and the limits kept in the accounts database still
hold."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pandas as pd

from dashboard.common.config import Settings
from dashboard.security.throttling import LOCKOUT_FAILURES
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from tests.deploy.conftest import RedisServer

PASSWORD = "correct horse battery staple"


def test_queries_answer_without_redis(built_store_path: Path, tmp_path: Path,
                                      caplog) -> None:
    server = RedisServer(tmp_path)
    try:
        store = Store(built_store_path, make_cache(server.url))
        cached = store.period_values("claimant-count", "2025-01-01", ("lad",))
    finally:
        server.stop()
    with caplog.at_level(logging.WARNING, logger="dashboard.store.cache"):
        again = store.period_values("claimant-count", "2025-01-01", ("lad",))
        other = store.period_values("claimant-count", "2025-01-01", ("region",))
    pd.testing.assert_frame_equal(cached, again)
    assert not other.empty
    assert "Redis cache unavailable" in caplog.text


def _sign_in(client, username: str, password: str = PASSWORD):
    import re

    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token})


def test_sign_in_works_without_redis_and_the_lockout_still_holds(
        settings: Settings, tmp_path: Path) -> None:
    server = RedisServer(tmp_path)
    app = create_app(replace(settings, redis_url=server.url))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])
    server.stop()
    guesser = app.server.test_client()
    answers = [_sign_in(guesser, "pat", "not the password").status_code
               for _ in range(LOCKOUT_FAILURES)]
    assert answers == [200] * (LOCKOUT_FAILURES - 1) + [429]  # the database's lockout
    # The per-address rate limit kept in Redis is skipped, not an error for everyone.
    assert _sign_in(app.server.test_client(), "nobody").status_code == 200
    assert accounts.locked_out("pat", "127.0.0.1")
    other = app.server.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.9"
    assert _sign_in(other, "pat").status_code == 303
    assert app.server.test_client().get("/indicator/claimant-count").status_code == 200
