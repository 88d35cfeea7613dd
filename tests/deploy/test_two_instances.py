"""Scale-out on real parts: two `placeboard serve` processes sharing a real PostgreSQL
accounts database and a real Redis, talked to over real HTTP, as a load balancer would
spread one person's requests over them (docs/deploy.md).

Each "browser" is a requests.Session: its cookie jar sends the same session cookie to
both instances (cookies do not depend on the port), and it names its own client address
in X-Forwarded-For, which the instances trust for one hop (PLACEBOARD_PROXY_HOPS=1), as
they would behind the balancer. Every test uses addresses of its own, so the sign-in
limits of one test never touch another's.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import requests

from dashboard.security.accounts import Accounts
from dashboard.security.throttling import LOCKOUT_FAILURES
from tests.conftest import ROOT, PostgresServer, free_port

PASSWORD = "correct horse battery staple"
SECRET_KEY = "deployment-test-key-shared-by-every-instance"
RATE_LIMIT = 6  # sign-in attempts per client address per minute, across all instances
START_TIMEOUT_S = 60
REQUEST_TIMEOUT_S = 30


@dataclass
class Instance:
    """One app process."""

    name: str
    base: str
    process: subprocess.Popen
    log: Path
    accounts_file: Path  # the SQLite default it must NOT use

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


@dataclass
class Cluster:
    """Two instances, and the services they share."""

    a: Instance
    b: Instance
    accounts_url: str
    redis_url: str


def _command(store: Path, port: int) -> list[str]:
    """`placeboard serve`, run from this checkout with the tests' own interpreter."""
    return [sys.executable, "-m", "dashboard.cli", "serve", "--store", str(store),
            "--host", "127.0.0.1", "--port", str(port)]


def _start(name: str, store: Path, folder: Path, accounts_url: str, redis_url: str
           ) -> Instance:
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = dict(os.environ,
               PLACEBOARD_ACCOUNTS_URL=accounts_url, PLACEBOARD_REDIS_URL=redis_url,
               PLACEBOARD_SECRET_KEY=SECRET_KEY, PLACEBOARD_PROXY_HOPS="1",
               PLACEBOARD_LOGIN_RATE_LIMIT=f"{RATE_LIMIT} per minute",
               PLACEBOARD_ACCOUNTS=str(folder / "accounts.sqlite"), PYTHONUNBUFFERED="1",
               # this checkout's dashboard package, whatever the instance's folder
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
                                                        os.environ.get("PYTHONPATH")])))
    log = folder / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(_command(store, port), env=env, stdout=out,
                                   stderr=subprocess.STDOUT, cwd=folder)
    return Instance(name, f"http://127.0.0.1:{port}", process, log,
                    folder / "accounts.sqlite")


def _wait_until_serving(instances: list[Instance]) -> None:
    """Poll each instance's sign-in page until it answers (no fixed sleeps); fail with
    the instance's own output if it stops or takes longer than START_TIMEOUT_S."""
    deadline = time.monotonic() + START_TIMEOUT_S
    for instance in instances:
        while True:
            if instance.process.poll() is not None:
                pytest.fail(f"instance {instance.name} stopped:\n{instance.output()}")
            try:
                if requests.get(instance.base + "/login", timeout=2).status_code == 200:
                    break
            # gunicorn listens at once and answers when a worker has built the app: until
            # then a request waits (Timeout); before it listens, ConnectionError.
            except (requests.ConnectionError, requests.Timeout):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"instance {instance.name} did not answer within "
                            f"{START_TIMEOUT_S} s:\n{instance.output()}")
            time.sleep(0.1)


def _stop(instance: Instance) -> None:
    if instance.process.poll() is None:
        instance.process.terminate()
        try:
            instance.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            instance.process.kill()
            instance.process.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster(postgres_server: PostgresServer, redis_url: str, built_store_path: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A fresh accounts database with an admin and a partner, and two instances on it."""
    accounts_url = postgres_server.create_database()
    accounts = Accounts(accounts_url)
    accounts.add_user("ann", PASSWORD, "admin")
    accounts.add_user("pat", PASSWORD, "partner", ["leeds"])
    accounts.close()
    folder = tmp_path_factory.mktemp("instances")
    instances: list[Instance] = []
    try:
        for name in ("a", "b"):  # both start at once, as behind a balancer
            instances.append(_start(name, built_store_path, folder / name, accounts_url,
                                    redis_url))
        _wait_until_serving(instances)
        yield Cluster(instances[0], instances[1], accounts_url, redis_url)
        for instance in instances:  # neither fell back to its own SQLite file
            assert not instance.accounts_file.exists(), instance.name
    finally:
        for instance in instances:
            _stop(instance)
        postgres_server.drop_database(accounts_url)


# -- a browser ---------------------------------------------------------------------------
def browser(address: str) -> requests.Session:
    """A client whose requests the balancer forwards from `address`."""
    session = requests.Session()
    session.headers["X-Forwarded-For"] = address
    return session


def csrf_token(session: requests.Session, instance: Instance, path: str = "/login") -> str:
    page = session.get(instance.base + path, timeout=REQUEST_TIMEOUT_S)
    assert page.status_code == 200, page.text[:300]
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def sign_in(session: requests.Session, instance: Instance, username: str,
            password: str = PASSWORD) -> requests.Response:
    form = {"username": username, "password": password,
            "csrf_token": csrf_token(session, instance)}
    return session.post(instance.base + "/login", data=form, allow_redirects=False,
                        timeout=REQUEST_TIMEOUT_S)


def signed_in_as(session: requests.Session, instance: Instance) -> str | None:
    """Who the sign-in page says this browser is signed in as, on this instance."""
    page = session.get(instance.base + "/login", timeout=REQUEST_TIMEOUT_S)
    found = re.search(r'id="signin-current">You are signed in as\s*<strong>([^<]+)</strong>',
                      page.text)
    return found.group(1) if found else None


def dash_callback(session: requests.Session, instance: Instance, output: str,
                  inputs: list[tuple[str, str, object]],
                  state: list[tuple[str, str, object]] = ()) -> dict:
    """POST one Dash callback as the browser would; its JSON response."""
    outputs = [dict(zip(("id", "property"), o.split("."), strict=True))
               for o in output.split()]
    payload = {"output": ("...".join(output.split()).join(("..", ".."))
                          if len(outputs) > 1 else output),
               "outputs": outputs if len(outputs) > 1 else outputs[0],
               "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
               "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
               "changedPropIds": [f"{i}.{p}" for i, p, _ in inputs]}
    response = session.post(instance.base + "/_dash-update-component", json=payload,
                            timeout=REQUEST_TIMEOUT_S)
    assert response.status_code == 200, response.text[:500]
    return response.json()["response"]


def audit_table(session: requests.Session, instance: Instance, action: str) -> str:
    """The admin page's audit table for one action, as this instance renders it."""
    answer = dash_callback(session, instance, "admin-audit-table.children",
                           [("admin-audit-action", "value", action),
                            ("admin-changed", "data", 0)])
    return json.dumps(answer)


def change_access(session: requests.Session, instance: Instance, kind: str, key: str,
                  level: str) -> str:
    answer = dash_callback(
        session, instance,
        "admin-message.children admin-access-table.children admin-changed.data",
        [("admin-submit", "n_clicks", 1)],
        [("admin-kind", "value", kind), ("admin-key", "value", key),
         ("admin-level", "value", level), ("admin-changed", "data", 0)])
    return json.dumps(answer["admin-message"])


# -- the tests ---------------------------------------------------------------------------
def test_signed_in_through_one_instance_is_signed_in_on_the_other(cluster: Cluster) -> None:
    ann = browser("198.51.100.10")
    response = sign_in(ann, cluster.a, "ann")
    assert response.status_code == 303, response.text[:300]
    assert signed_in_as(ann, cluster.b) == "ann (Administrator)"
    # Signing out through the other instance ends the session everywhere, and a copy of
    # the cookie taken before opens nothing on either.
    copy = browser("198.51.100.10")
    copy.cookies.update(ann.cookies)
    assert signed_in_as(copy, cluster.a) == "ann (Administrator)"
    token = csrf_token(ann, cluster.b)
    out = ann.post(cluster.b.base + "/logout", data={"csrf_token": token},
                   allow_redirects=False, timeout=REQUEST_TIMEOUT_S)
    assert out.status_code == 303
    assert signed_in_as(ann, cluster.a) is None
    assert signed_in_as(copy, cluster.a) is None and signed_in_as(copy, cluster.b) is None


def test_a_lockout_through_one_instance_refuses_on_the_other(cluster: Cluster) -> None:
    guesser = browser("198.51.100.20")
    answers = [sign_in(guesser, cluster.a, "pat", "not the password")
               for _ in range(LOCKOUT_FAILURES)]
    assert [a.status_code for a in answers] == [200] * (LOCKOUT_FAILURES - 1) + [429]
    refused = sign_in(guesser, cluster.b, "pat")  # even the right password, elsewhere
    assert refused.status_code == 429
    assert "Too many attempts to sign in to this account" in refused.text
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert signed_in_as(guesser, cluster.b) is None
    # The account itself is not locked: Pat signs in from her own address, on either.
    pat = browser("198.51.100.21")
    assert sign_in(pat, cluster.b, "pat").status_code == 303
    assert signed_in_as(pat, cluster.a) == "pat (Partner)"


def test_audit_entries_written_through_one_are_seen_through_the_other(
        cluster: Cluster) -> None:
    stranger = browser("198.51.100.30")
    assert sign_in(stranger, cluster.a, "nobody", "not the password").status_code == 200
    ann = browser("198.51.100.31")
    assert sign_in(ann, cluster.a, "ann").status_code == 303
    failed = audit_table(ann, cluster.b, "login_failed")  # written by a, read by b
    assert '"nobody"' in failed and "198.51.100.30" in failed
    logins = audit_table(ann, cluster.b, "login")
    assert '"ann"' in logins and "198.51.100.31" in logins
    # An entry written by b (the refusal in the lockout test, or this one) reaches a.
    assert sign_in(stranger, cluster.b, "nobody2", "not the password").status_code == 200
    assert '"nobody2"' in audit_table(ann, cluster.a, "login_failed")


def test_an_access_change_through_one_applies_on_the_other_at_once(
        cluster: Cluster) -> None:
    public = browser("198.51.100.40")
    page = "/indicator/claimant-count"
    assert public.get(cluster.b.base + page, timeout=REQUEST_TIMEOUT_S).status_code == 200
    cache = redis.Redis.from_url(cluster.redis_url)
    cached = set(cache.keys("placeboard:*"))
    assert any(key.startswith(b"placeboard:q2:") for key in cached), \
        "the query cache is not in the shared Redis"
    # a answers the same page from what b cached: nothing new is added.
    assert public.get(cluster.a.base + page, timeout=REQUEST_TIMEOUT_S).status_code == 200
    assert set(cache.keys("placeboard:*")) == cached
    ann = browser("198.51.100.41")
    assert sign_in(ann, cluster.a, "ann").status_code == 303
    message = change_access(ann, cluster.a, "indicator", "claimant-count",
                            "restricted:analyst")
    assert "The indicator claimant-count is now restricted:analyst" in message
    # b answers the public from the new levels straight away, though it had the old
    # answer cached (the access version is read from the shared database per query).
    assert public.get(cluster.b.base + page, timeout=REQUEST_TIMEOUT_S).status_code == 404
    assert public.get(cluster.a.base + page, timeout=REQUEST_TIMEOUT_S).status_code == 404
    assert "claimant-count" in change_access(ann, cluster.b, "indicator", "claimant-count",
                                             "public")
    assert public.get(cluster.a.base + page, timeout=REQUEST_TIMEOUT_S).status_code == 200


def test_the_sign_in_rate_limit_counts_attempts_on_both_instances(cluster: Cluster) -> None:
    """Flask-Limiter's per-address count is kept in the shared Redis: attempts spread
    over two instances are counted once, not per instance."""
    hurried = browser("198.51.100.50")
    instances = [cluster.a, cluster.b] * (RATE_LIMIT // 2)
    for n, instance in enumerate(instances):
        answer = sign_in(hurried, instance, f"guess{n}", "not the password")
        assert answer.status_code == 200, (n, answer.text[:300])
    limited = sign_in(hurried, cluster.a, "guess-more", "not the password")
    assert limited.status_code == 429
    assert "Too many sign-in attempts from your network address" in limited.text
    assert sign_in(browser("198.51.100.51"), cluster.b, "pat").status_code == 303
