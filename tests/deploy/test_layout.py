"""deploy/compose.yaml and deploy/nginx.conf say what the two-instance test runs on: every
app instance shares PostgreSQL, Redis and one secret key, trusts exactly the balancer's
hop, and reads the store folder read-only; the balancer replaces X-Forwarded-For and
strips the trusted sign-on header."""

from __future__ import annotations

from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _apps() -> dict[str, dict]:
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    return {name: s for name, s in services.items() if name.startswith("app")}


def test_every_instance_shares_the_accounts_database_redis_and_key() -> None:
    apps = _apps()
    assert len(apps) >= 2
    for service in apps.values():
        env = service["environment"]
        assert env["PLACEBOARD_ACCOUNTS_URL"].startswith("postgresql+psycopg://")
        assert env["PLACEBOARD_ACCOUNTS_URL"].endswith("@postgres:5432/placeboard")
        assert env["PLACEBOARD_REDIS_URL"] == "redis://redis:6379/0"
        assert env["PLACEBOARD_SECRET_KEY"].startswith("${PLACEBOARD_SECRET_KEY:?")
        assert env["PLACEBOARD_PROXY_HOPS"] == "1"
        assert service["volumes"] == ["./store:/srv/placeboard/store:ro"]
        assert env["PLACEBOARD_STORE"] == "/srv/placeboard/store/placeboard.duckdb"


def test_the_balancer_sends_to_every_instance_with_the_clients_address() -> None:
    conf = (DEPLOY / "nginx.conf").read_text()
    for name in _apps():
        assert f"server {name}:8050" in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert 'proxy_set_header X-Remote-User "";' in conf
