"""Signing in from tests: a Flask test client through the sign-in form (with its CSRF
token), or a real browser (dash_duo) through the same form."""

from __future__ import annotations

import re
from typing import Any

PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def form_token(client: Any, path: str = "/login") -> str:
    """The CSRF token of the form on `path` (the session's token)."""
    return _TOKEN.search(client.get(path).text).group(1)


def sign_in(client: Any, username: str, password: str = PASSWORD) -> None:
    """Sign a Flask test client in as `username` (it then keeps the session cookie)."""
    answer = client.post("/login", data={"username": username, "password": password,
                                         "csrf_token": form_token(client)})
    assert answer.status_code == 303, answer.text[:300]


def browser_sign_in(dash_duo: Any, username: str, next_path: str,
                    password: str = PASSWORD) -> None:
    """Sign a real browser in as `username`, going on to `next_path`."""
    dash_duo.driver.get(f"{dash_duo.server_url}/login?next={next_path}")
    dash_duo.wait_for_element("#signin-form", timeout=20)
    dash_duo.find_element("#username").send_keys(username)
    dash_duo.find_element("#password").send_keys(password)
    dash_duo.find_element("#signin-submit").click()
