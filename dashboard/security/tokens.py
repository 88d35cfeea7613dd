"""Personal API tokens: created, listed, revoked and resolved, in the accounts database.

A token lets a script read the API (/api/v1) as the person who made it: the same role
and partnerships, so the store shows it exactly what that person may see. What is kept:

- The secret ("pb_" and 43 random URL-safe characters, 256 bits) is shown once, when the
  token is made, and never stored: the database keeps its SHA-256 hash (a leaked copy
  of the database hands out no working tokens) and its first characters after "pb_"
  (the prefix), so a person can tell their tokens apart. A secret this long needs no
  salt or slow hash: nobody can guess it, so the hash only has to be one-way.
- A label (what it is for), a scope (`read`; `submit` for uploads, which partners, analysts
  and administrators may hold), when it was made, when it expires (optional),
  when it was last used and when it was revoked.

A presented secret is found by its hash (an indexed lookup; the hash is then compared
in constant time), and refused when the token is revoked, has expired, or belongs to a
user who has been removed (removing a user also revokes their tokens, so re-adding the
name does not bring them back). A `submit` token of someone whose role can no longer
submit answers as `read`. Every use is audited (`token_used`, with the token's id and
the request path, never the secret), as are a refused use of a known token
(`token_refused`), creating (`token_created`) and revoking (`token_revoked`).

The command line (`placeboard tokens`) acts as the system; the account page lets a
signed-in person make and revoke their own tokens only.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from dashboard.security.access import SIGNED_IN_ROLES
from dashboard.security.accounts import AccountError, Accounts, User
from dashboard.security.accounts_database import API_TOKENS, USERS

SECRET_PREFIX = "pb_"
PREFIX_CHARS = 8  # kept after "pb_", to recognise a token by
SCOPES = ("read", "submit")
SUBMIT_ROLES = SIGNED_IN_ROLES  # who may hold a submit token (partners and analysts upload)
MAX_LABEL = 80
MAX_EXPIRY_DAYS = 366
MAX_ACTIVE_TOKENS = 20  # per person
_SECRET_LENGTH = len(SECRET_PREFIX) + 43  # token_urlsafe(32)
_COLUMNS = ("id", "username", "label", "scope", "prefix", "created_at", "expires_at",
            "last_used_at", "revoked_at")


@dataclass(frozen=True)
class TokenInfo:
    """What is kept of a token: everything but the secret (times are ISO 8601, UTC)."""

    id: int
    username: str
    label: str
    scope: str
    prefix: str
    created_at: str
    expires_at: str | None = None
    last_used_at: str | None = None
    revoked_at: str | None = None

    @property
    def shown_as(self) -> str:
        """How the token is shown once its secret is gone: "pb_AbCdEfGh…"."""
        return f"{SECRET_PREFIX}{self.prefix}…"

    def expired(self, now: datetime | None = None) -> bool:
        return (self.expires_at is not None
                and datetime.fromisoformat(self.expires_at) <= (now or _utcnow()))

    def status(self, now: datetime | None = None) -> str:
        """active, revoked or expired."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expired(now) else "active"


@dataclass(frozen=True)
class NewToken:
    """A token just made: its secret, to be shown once and then forgotten."""

    secret: str
    info: TokenInfo


def secret_hash(secret: str) -> str:
    """What the database keeps of a secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _info(row: Any) -> TokenInfo:
    return TokenInfo(*(row._mapping[name] for name in _COLUMNS))


def scopes_for(role: str) -> tuple[str, ...]:
    """The scopes a person with this role may give a token."""
    return SCOPES if role in SUBMIT_ROLES else ("read",)


def _checked_label(label: str | None) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise AccountError("give the token a label that says what it is for")
    if len(label) > MAX_LABEL:
        raise AccountError(f"a label has at most {MAX_LABEL} characters")
    if not label.isprintable():
        raise AccountError("a label cannot hold control characters")
    return label


def _checked_expiry(expires_days: int | None, now: datetime) -> str | None:
    if expires_days is None:
        return None
    if not 1 <= int(expires_days) <= MAX_EXPIRY_DAYS:
        raise AccountError(f"a token expires after 1 to {MAX_EXPIRY_DAYS} days (or never)")
    return _iso(now + timedelta(days=int(expires_days)))


def create_token(accounts: Accounts, username: str, label: str | None, scope: str = "read",
                 expires_days: int | None = None, actor: str = "system") -> NewToken:
    """Make a token for an existing user; its secret is in the answer and nowhere else.
    Refuses an unknown user, a scope their role may not hold, an empty or overlong
    label, an expiry out of range, and a person with MAX_ACTIVE_TOKENS live tokens."""
    user = accounts.user(username)
    if user is None:
        raise AccountError(f"there is no user named {username!r}")
    if scope not in SCOPES:
        raise AccountError(f"scope must be one of {', '.join(SCOPES)}")
    if scope not in scopes_for(user.role):
        raise AccountError(f"only people who can sign in may hold a {scope} token")
    label = _checked_label(label)
    now = _utcnow()
    expires_at = _checked_expiry(expires_days, now)
    if sum(t.status(now) == "active" for t in list_tokens(accounts, user.username)) \
            >= MAX_ACTIVE_TOKENS:
        raise AccountError(f"{user.username} already has {MAX_ACTIVE_TOKENS} tokens that "
                           "work: revoke one before making another")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    values = {"username": user.username, "label": label, "scope": scope,
              "prefix": secret[len(SECRET_PREFIX):][:PREFIX_CHARS],
              "created_at": _iso(now), "expires_at": expires_at}
    with accounts._transaction() as con:
        token_id = int(con.execute(API_TOKENS.insert().values(
            hash=secret_hash(secret), **values)).inserted_primary_key[0])
        accounts._audit(con, actor, "token_created", f"token:{token_id}",
                        {"token": token_id, "user": user.username, "label": label,
                         "scope": scope, "expires_at": expires_at})
    return NewToken(secret, TokenInfo(id=token_id, **values))


def list_tokens(accounts: Accounts, username: str | None = None) -> list[TokenInfo]:
    """Every token (or one user's), oldest first. Never the secrets, which are not kept."""
    query = select(*(API_TOKENS.c[name] for name in _COLUMNS)).order_by(API_TOKENS.c.id)
    if username is not None:
        query = query.where(API_TOKENS.c.username == username.strip().lower())
    with accounts._reading() as con:
        return [_info(row) for row in con.execute(query)]


def token(accounts: Accounts, token_id: int) -> TokenInfo | None:
    with accounts._reading() as con:
        row = con.execute(select(*(API_TOKENS.c[name] for name in _COLUMNS))
                          .where(API_TOKENS.c.id == int(token_id))).first()
    return None if row is None else _info(row)


def revoke_token(accounts: Accounts, token_id: int, actor: str = "system",
                 owner: str | None = None) -> TokenInfo:
    """Revoke a token at once (its next use is refused). With `owner` (the account page),
    only that person's own tokens: anyone else's answers as if it did not exist."""
    found = token(accounts, token_id)
    if found is None or (owner is not None and found.username != owner.strip().lower()):
        raise AccountError(f"there is no token {token_id}")
    if found.revoked_at is not None:
        raise AccountError(f"token {token_id} was already revoked at {found.revoked_at}")
    revoked_at = _iso(_utcnow())
    with accounts._transaction() as con:
        con.execute(update(API_TOKENS).where(API_TOKENS.c.id == found.id,
                                             API_TOKENS.c.revoked_at.is_(None))
                    .values(revoked_at=revoked_at))
        accounts._audit(con, actor, "token_revoked", f"token:{found.id}",
                        {"token": found.id, "user": found.username, "label": found.label})
    return replace(found, revoked_at=revoked_at)


def _looks_like_a_secret(secret: str | None) -> bool:
    return (isinstance(secret, str) and secret.startswith(SECRET_PREFIX)
            and len(secret) == _SECRET_LENGTH and secret.isascii())


_RESOLVE = (select(*(API_TOKENS.c[name] for name in _COLUMNS), API_TOKENS.c.hash,
                   USERS.c.role, USERS.c.partnerships)
            .join_from(API_TOKENS, USERS, USERS.c.username == API_TOKENS.c.username,
                       isouter=True))


def resolve_token(accounts: Accounts, secret: str | None, path: str = "",
                  ip: str | None = None) -> tuple[User, TokenInfo] | None:
    """The user a presented secret stands for, and the token, or None when it is not a
    live token (unknown, revoked, expired, or its user removed). Records the use (last
    used, and a `token_used` audit entry naming the token and `path`)."""
    if not _looks_like_a_secret(secret):
        return None
    digest = secret_hash(secret)
    with accounts._reading() as con:
        row = con.execute(_RESOLVE.where(API_TOKENS.c.hash == digest)).first()
    if row is None or not hmac.compare_digest(row._mapping["hash"], digest):
        return None
    found, role = _info(row), row._mapping["role"]
    now = _utcnow()
    reason = ("revoked" if found.revoked_at is not None else
              "expired" if found.expired(now) else
              "user removed" if role is None else None)
    with accounts._transaction() as con:
        if reason is None:  # still live as it is marked used (not revoked meanwhile)
            live = con.execute(update(API_TOKENS).where(API_TOKENS.c.id == found.id,
                                                        API_TOKENS.c.revoked_at.is_(None))
                               .values(last_used_at=_iso(now))).rowcount
            reason = None if live else "revoked"
        if reason is not None:
            accounts._audit(con, found.username, "token_refused", f"token:{found.id}",
                            {"token": found.id, "path": path[:300], "reason": reason}, ip)
            return None
        accounts._audit(con, found.username, "token_used", f"token:{found.id}",
                        {"token": found.id, "path": path[:300], "scope": found.scope}, ip)
    partnerships = row._mapping["partnerships"] or ""
    user = User(found.username, role, tuple(p for p in partnerships.split(",") if p))
    scope = found.scope if found.scope in scopes_for(role) else "read"
    return user, replace(found, scope=scope, last_used_at=_iso(now))
