"""Board meetings recorded as presented, in the accounts database: what the board saw,
frozen, so anyone can see it later whatever loads and rule changes come after.

A meeting (one per partnership and date) keeps:

- the scorecard as the partnership saw it (values in its own areas as stored), and as
  the public saw it (small numbers withheld), each with every target's values, status,
  reason, projection, commentary and action;
- the data versions (each dataset's file, load and date) the figures came from;
- the board pack PDF as it was that day.

It is never changed or deleted: recording the same date again is refused. Who reads which
view is decided here (`view_for`), not by the pages: the partnership's members, analysts
and administrators read the partnership's; everyone else reads the public's. Recording
is audited (`meeting_recorded`) and moves the accounts database's content version, so
pages cached for the public show the new meeting at once.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from dashboard.common import clock
from dashboard.security.access import Viewer
from dashboard.security.accounts import AccountError, Accounts
from dashboard.security.accounts_database import MEETINGS, META, upsert

MAX_TITLE = 120
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Meeting:
    partnership_id: str
    meeting_date: str
    title: str
    recorded_by: str
    recorded_at: str
    snapshot: dict = field(default_factory=dict, hash=False, compare=False)

    def day(self) -> date:
        return date.fromisoformat(self.meeting_date)


def checked_date(text: str | None) -> str:
    text = (text or "").strip()
    try:
        if not _DATE.match(text):
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise AccountError(f"{text!r} is not a date: use year-month-day, like "
                           "2026-12-03") from None


def record(accounts: Accounts, actor: str, partnership_id: str, meeting_date: str,
           title: str, snapshot: dict, boardpack: bytes | None) -> Meeting:
    """Keep a meeting as presented (refused if that date is already recorded)."""
    day = checked_date(meeting_date)
    title = " ".join((title or "").split())
    if not title:
        raise AccountError("give the meeting a title, e.g. 'Board meeting, December 2026'")
    if len(title) > MAX_TITLE:
        raise AccountError(f"a title is at most {MAX_TITLE} characters")
    if get(accounts, partnership_id, day) is not None:
        raise AccountError(f"a meeting on {day} is already recorded for {partnership_id}; "
                           "a record is never changed")
    at = clock.iso(clock.now())
    with accounts._transaction() as con:
        con.execute(MEETINGS.insert().values(
            partnership_id=partnership_id, meeting_date=day, title=title,
            recorded_by=actor, recorded_at=at,
            snapshot=json.dumps(snapshot, sort_keys=True, default=str),
            boardpack=boardpack))
        upsert(con, META, {"key": "access_version", "value": str(time.time_ns())})
        accounts._audit(con, actor, "meeting_recorded", f"meeting:{partnership_id}:{day}",
                        {"title": title, "targets": len(snapshot.get("partnership", [])),
                         "data_versions": len(snapshot.get("versions", []))})
    accounts.forget_version()
    return Meeting(partnership_id, day, title, actor, at, snapshot)


def listed(accounts: Accounts, partnership_id: str) -> list[Meeting]:
    """A partnership's meetings, newest first (without their snapshots)."""
    query = (select(MEETINGS.c.partnership_id, MEETINGS.c.meeting_date, MEETINGS.c.title,
                    MEETINGS.c.recorded_by, MEETINGS.c.recorded_at)
             .where(MEETINGS.c.partnership_id == partnership_id)
             .order_by(MEETINGS.c.meeting_date.desc()))
    with accounts._reading() as con:
        return [Meeting(*row) for row in con.execute(query)]


def get(accounts: Accounts, partnership_id: str, meeting_date: str) -> Meeting | None:
    query = (select(MEETINGS.c.partnership_id, MEETINGS.c.meeting_date, MEETINGS.c.title,
                    MEETINGS.c.recorded_by, MEETINGS.c.recorded_at, MEETINGS.c.snapshot)
             .where(MEETINGS.c.partnership_id == partnership_id,
                    MEETINGS.c.meeting_date == meeting_date))
    with accounts._reading() as con:
        row = con.execute(query).first()
    return None if row is None else Meeting(*row[:5], json.loads(row[5]))


def boardpack(accounts: Accounts, partnership_id: str, meeting_date: str) -> bytes | None:
    with accounts._reading() as con:
        row = con.execute(select(MEETINGS.c.boardpack).where(
            MEETINGS.c.partnership_id == partnership_id,
            MEETINGS.c.meeting_date == meeting_date)).first()
    return None if row is None or row[0] is None else bytes(row[0])


def sees_partnership_view(viewer: Viewer, partnership_id: str) -> bool:
    return viewer.role in ("analyst", "admin") or partnership_id in viewer.partnerships


def view_for(meeting: Meeting, viewer: Viewer) -> list[dict]:
    """The scorecard records of a meeting as this viewer may see them."""
    key = "partnership" if sees_partnership_view(viewer, meeting.partnership_id) \
        else "public"
    return list(meeting.snapshot.get(key) or [])
