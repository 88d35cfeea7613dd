"""The account page's API tokens in words: one row per token, the choices for a new one,
and how to use it (pure; no Dash)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from dashboard.security.tokens import TokenInfo, scopes_for

SCOPE_WORDS = {"read": "Read", "submit": "Read and submit"}
SCOPE_HELP = {
    "read": "read the data you can see, through the API",
    "submit": "read, and send your partnership's data when uploads open",
}
# (value, label) for the expiry choice; "never" has no end date.
EXPIRY_CHOICES = (("30", "30 days"), ("90", "90 days"), ("365", "1 year"),
                  ("never", "Never"))
DEFAULT_EXPIRY = "90"
SHOWN_ONCE = "Copy it now: it will not be shown again."
EXAMPLE_PATH = "/api/v1/openapi.json"  # what the API answers (its documentation is /api)


def when(moment: str | None, missing: str = "—") -> str:
    """An ISO 8601 time as "2 Dec 2026, 10:48 UTC"."""
    if not moment:
        return missing
    value = datetime.fromisoformat(moment).astimezone(UTC)
    return f"{value.day} {value:%b %Y, %H:%M} UTC"


def status_words(token: TokenInfo, now: datetime | None = None) -> str:
    status = token.status(now)
    if status == "revoked":
        return f"Revoked {when(token.revoked_at)}"
    if status == "expired":
        return f"Expired {when(token.expires_at)}"
    return "Works"


def token_rows(tokens: Iterable[TokenInfo], now: datetime | None = None) -> list[dict]:
    """The token table, newest first: words for each column, and whether it can still be
    revoked (an expired token can, so that it stays dead if its expiry were changed)."""
    rows = []
    for token in sorted(tokens, key=lambda t: t.id, reverse=True):
        rows.append({
            "id": token.id, "label": token.label,
            "scope": SCOPE_WORDS.get(token.scope, token.scope),
            "token": token.shown_as, "created": when(token.created_at),
            "last_used": when(token.last_used_at, "Not yet"),
            "expires": when(token.expires_at, "Never"),
            "status": status_words(token, now),
            "revocable": token.revoked_at is None,
        })
    return rows


def scope_options(role: str) -> list[dict]:
    """The scopes a person may choose (submit for anyone signed in)."""
    return [{"label": f" {SCOPE_WORDS[scope]}: {SCOPE_HELP[scope]} ", "value": scope}
            for scope in scopes_for(role)]


def expiry_days(choice: str | None) -> int | None:
    """The number of days a choice means (None: never expires). An unknown choice is the
    default, never "never"."""
    choices = dict(EXPIRY_CHOICES)
    choice = choice if choice in choices else DEFAULT_EXPIRY
    return None if choice == "never" else int(choice)


def usage_example(secret: str, site: str) -> str:
    """A command that uses the token, for the site at `site` (e.g. https://host/)."""
    return (f'curl -H "Authorization: Bearer {secret}" '
            f"{site.rstrip('/')}{EXAMPLE_PATH}")
