"""The data-sharing ledger: who viewed, downloaded or read through the API a
partnership's shared data, and when, kept in the accounts database (the `data_ledger`
table; SQLite or PostgreSQL, parameters always bound).

A shared dataset is one whose access level is ``partners:<ids>``; those partnerships are
its owners. The store notes every shared dataset whose values leave it
(dashboard/store/shared_reads.py) and the web layer writes one entry per dataset per
request (dashboard/web/ledger.py) with `record`: when, who (username, role and
partnerships, as they were then), which dataset and its owners, how (``view``,
``download`` or ``api``) and where (the page's path and query, with anything that looks
like a secret taken out). A page's own callbacks read the same data again as it is
drawn, so a second view of the same page by the same person within VIEW_REPEAT_S adds
no entry; every download and API read does.

Who may read it (`read_entries`): an administrator, all of it; a partnership's data
owner (dashboard/security/duties.py), the entries of datasets that partnership owns,
chosen by the entries' `owners` here, whatever page asks; anyone else, nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote_plus, urlsplit

from sqlalchemy import literal, or_, select

from dashboard.security.access import Viewer
from dashboard.security.accounts import AccountError, Accounts
from dashboard.security.accounts_database import LEDGER
from dashboard.security.duties import owned_partnerships

KINDS = ("view", "download", "api")
MAX_PATH = 500
VIEW_REPEAT_S = 60
READ_LIMIT = 5000
# Query-string keys whose values are never kept, and how a token's secret begins.
SECRET_KEYS = frozenset({"token", "access_token", "api_key", "apikey", "key", "secret",
                         "password", "csrf_token", "session", "auth", "authorization"})
SECRET_VALUE_PREFIX = "pb_"  # dashboard.security.tokens.SECRET_PREFIX
_COLUMNS = ("id", "at", "username", "role", "partnerships", "dataset_id", "owners",
            "kind", "path")


@dataclass(frozen=True)
class LedgerEntry:
    """One read of one shared dataset (`at` is ISO 8601, UTC)."""

    id: int
    at: str
    username: str
    role: str
    partnerships: tuple[str, ...]
    dataset_id: str
    owners: tuple[str, ...]
    kind: str
    path: str


def _ids(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split(",") if part)


def _entry(row: Any) -> LedgerEntry:
    values = dict(zip(_COLUMNS, row, strict=True))
    return LedgerEntry(**{**values, "id": int(values["id"]),
                          "partnerships": _ids(values["partnerships"]),
                          "owners": _ids(values["owners"])})


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def clean_path(path: str | None) -> str:
    """A page's path and query as kept: no scheme, host or fragment, no control
    characters, no query values under secret-sounding keys or that look like a token's
    secret, at most MAX_PATH characters."""
    text = "".join(c for c in (path or "") if c.isprintable())
    if text.startswith("/"):  # "//host/x" is a path here, never another site's address
        text = "/" + text.lstrip("/")
    parts = urlsplit(text)
    kept = [pair for pair in parts.query.split("&") if pair and not _secret(pair)]
    query = "&".join(kept)  # as it was written, less the secrets
    cleaned = (parts.path or "/") + (f"?{query}" if query else "")
    return cleaned[:MAX_PATH]


def _secret(pair: str) -> bool:
    """Whether one key=value of a query string names or holds a secret."""
    key, _, value = pair.partition("=")
    key, value = unquote_plus(key).strip().lower(), unquote_plus(value).strip()
    return key in SECRET_KEYS or value.startswith(SECRET_VALUE_PREFIX)


def record(accounts: Accounts, viewer: Viewer, touched: Mapping[str, Iterable[str]],
           kind: str, path: str, now: datetime | None = None) -> int:
    """Write one entry per shared dataset in `touched` (dataset id -> owners) read by a
    signed-in `viewer`; the number written. A view of a page the person viewed within
    VIEW_REPEAT_S is not written again."""
    if kind not in KINDS:
        raise AccountError(f"a ledger entry's kind is one of {', '.join(KINDS)}, not {kind!r}")
    if not (viewer.signed_in and viewer.user and touched):
        return 0
    at, path = _iso(now or datetime.now(UTC)), clean_path(path)
    rows = [{"at": at, "username": viewer.user, "role": viewer.role,
             "partnerships": ",".join(sorted(viewer.partnerships)),
             "dataset_id": str(dataset), "owners": ",".join(sorted(set(owners))),
             "kind": kind, "path": path}
            for dataset, owners in sorted(touched.items())]
    with accounts._transaction() as con:
        if kind == "view":
            since = _iso(datetime.fromisoformat(at) - timedelta(seconds=VIEW_REPEAT_S))
            seen = set(con.execute(select(LEDGER.c.dataset_id).where(
                LEDGER.c.dataset_id.in_([row["dataset_id"] for row in rows]),
                LEDGER.c.at >= since, LEDGER.c.username == viewer.user,
                LEDGER.c.kind == "view", LEDGER.c.path == path)).scalars())
            rows = [row for row in rows if row["dataset_id"] not in seen]
        if rows:
            con.execute(LEDGER.insert(), rows)
    return len(rows)


def readable_partnerships(accounts: Accounts, username: str | None,
                          role: str) -> frozenset[str] | None:
    """The partnerships whose entries this person may read: None for an administrator
    (every entry), else the partnerships they are data owner of (often none)."""
    if role == "admin":
        return None
    return owned_partnerships(accounts, username, role)


def _owned_by(partnership: str) -> Any:
    """The entries of datasets `partnership` owns (one of their comma-separated owners;
    autoescape, because "_" is a LIKE wildcard and partnership ids may hold it)."""
    return (literal(",") + LEDGER.c.owners + literal(",")).contains(
        f",{partnership},", autoescape=True)


def read_entries(accounts: Accounts, username: str | None, role: str,
                 partnership: str | None = None, dataset: str | None = None,
                 since: datetime | None = None, limit: int = READ_LIMIT
                 ) -> list[LedgerEntry]:
    """The entries this person may read (see `readable_partnerships`), newest first:
    only those of `partnership` and `dataset` when given, and since `since`."""
    readable = readable_partnerships(accounts, username, role)
    if readable is not None and partnership:
        readable = readable & {partnership}
    if readable is not None and not readable:
        return []
    conditions = []
    if readable is not None:
        conditions.append(or_(*(_owned_by(p) for p in sorted(readable))))
    elif partnership:
        conditions.append(_owned_by(partnership))
    if dataset:
        conditions.append(LEDGER.c.dataset_id == dataset)
    if since is not None:
        conditions.append(LEDGER.c.at >= _iso(since))
    query = (select(*(LEDGER.c[name] for name in _COLUMNS)).where(*conditions)
             .order_by(LEDGER.c.at.desc(), LEDGER.c.id.desc()).limit(int(limit)))
    with accounts._reading() as con:
        entries = [_entry(row) for row in con.execute(query)]
    # The query chose them by owner; checked again here, so a wrong match never shows.
    return [e for e in entries if readable is None or set(e.owners) & readable]
