"""What a person does beyond their role: duties, kept in the accounts database.

A role (dashboard.security.access) says what a person may SEE. A duty says what else
they are trusted to DO:

- ``data_manager``: reviews partners' submissions (approve, reject, set an embargo) for
  every partnership. The persona of ../shared/PRODUCT.md who loads and checks releases.
- ``data_owner:<partnership>``: answers for one partnership's shared data; reads who
  viewed and downloaded it (the data-sharing ledger).
- ``editor:<partnership>``: writes one partnership's exception reports (commentary,
  owner, actions) and proposes its targets.

Administrators hold every duty. Duties never widen what a person sees: a data owner who
is a partner still sees only what their role and partnerships allow.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select

from dashboard.security.access import AccessError, AccessLevel
from dashboard.security.accounts import AccountError, Accounts
from dashboard.security.accounts_database import USER_DUTIES

DATA_MANAGER = "data_manager"
DATA_OWNER = "data_owner"
EDITOR = "editor"
DUTIES = (DATA_MANAGER, DATA_OWNER, EDITOR)
PER_PARTNERSHIP = (DATA_OWNER, EDITOR)
DUTY_LABELS = {DATA_MANAGER: "Data manager", DATA_OWNER: "Data owner", EDITOR: "Editor"}


def parse_duty(text: str) -> tuple[str, str]:
    """``data_manager``, ``data_owner:<partnership id>`` or ``editor:<partnership id>`` as
    (duty, partnership id)."""
    duty, _, partnership = (text or "").strip().partition(":")
    duty, partnership = duty.strip(), partnership.strip()
    if duty == DATA_MANAGER and not partnership:
        return duty, ""
    if duty in PER_PARTNERSHIP and partnership:
        try:  # validates the id
            AccessLevel.parse(f"partners:{partnership}")
        except AccessError as exc:
            raise AccountError(str(exc)) from None
        return duty, partnership
    raise AccountError(f"duty {text!r} is not understood; expected 'data_manager', "
                       "'data_owner:<partnership id>' or 'editor:<partnership id>'")


def duty_text(duty: str, partnership: str) -> str:
    return f"{duty}:{partnership}" if partnership else duty


def set_duties(accounts: Accounts, username: str, duties: Iterable[str],
               actor: str = "system") -> tuple[str, ...]:
    """Replace a user's duties (audited as `duties_set`); the duties kept, as text."""
    user = accounts.user(username)
    if user is None:
        raise AccountError(f"there is no user named {username!r}")
    parsed = sorted({parse_duty(d) for d in duties})
    with accounts._transaction() as con:
        con.execute(delete(USER_DUTIES).where(USER_DUTIES.c.username == user.username))
        for duty, partnership in parsed:
            con.execute(USER_DUTIES.insert().values(username=user.username, duty=duty,
                                                    partnership_id=partnership))
        kept = tuple(duty_text(d, p) for d, p in parsed)
        accounts._audit(con, actor, "duties_set", user.username, {"duties": list(kept)})
    return kept


def duties_of(accounts: Accounts, username: str | None) -> frozenset[str]:
    """A user's duties as text (``data_manager``, ``data_owner:oldham``); none if unknown."""
    if not username:
        return frozenset()
    with accounts._reading() as con:
        rows = con.execute(select(USER_DUTIES.c.duty, USER_DUTIES.c.partnership_id)
                           .where(USER_DUTIES.c.username == username.strip().lower()))
        return frozenset(duty_text(d, p) for d, p in rows)


def is_data_manager(accounts: Accounts, username: str | None, role: str) -> bool:
    return role == "admin" or DATA_MANAGER in duties_of(accounts, username)


def owned_partnerships(accounts: Accounts, username: str | None, role: str,
                       every: Iterable[str] = ()) -> frozenset[str]:
    """The partnerships whose data this person owns (an administrator: all of `every`)."""
    return _partnerships_with(DATA_OWNER, accounts, username, role, every)


def edited_partnerships(accounts: Accounts, username: str | None, role: str,
                        every: Iterable[str] = ()) -> frozenset[str]:
    """The partnerships this person edits (exception reports, proposed targets); an
    administrator: all of `every`."""
    return _partnerships_with(EDITOR, accounts, username, role, every)


def is_editor(accounts: Accounts, username: str | None, role: str, partnership: str) -> bool:
    return role == "admin" or f"{EDITOR}:{partnership}" in duties_of(accounts, username)


def _partnerships_with(duty: str, accounts: Accounts, username: str | None, role: str,
                       every: Iterable[str]) -> frozenset[str]:
    if role == "admin":
        return frozenset(every)
    prefix = duty + ":"
    return frozenset(d[len(prefix):] for d in duties_of(accounts, username)
                     if d.startswith(prefix))
