"""Partners' submissions, as the accounts database keeps them: the uploaded file, its
checks, the review and publication, every step audited (target ``submission:<id>``).

A submission's life:

- ``pending``: the file passed its checks and waits for a data manager. It is NOT in
  the store: no page, download or API can show it. Only its submitter and data managers
  can read it (its own page shows its checks, never on a public route).
- ``rejected``: a data manager said no, with a comment. The file is deleted; it never
  reaches the store.
- ``scheduled``: approved, to be published at its embargo time (or at once). Still not
  in the store until then: publication loads it (dashboard.web.publishing).
- ``publishing``: claimed by one process, which is loading it now.
- ``published``: loaded (``load_id``), at the access level the data manager chose.
- ``failed``: the load at publication refused it (e.g. the store changed meanwhile);
  the reason is kept and shown; a data manager may approve it again.

- ``failed_checks``: the file had errors. Its report is kept for the submitter; the
  file is not. Send a corrected file as a new submission.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from dashboard.common import clock
from dashboard.security.access import AccessError, AccessLevel, Viewer
from dashboard.security.accounts import AccountError, Accounts
from dashboard.security.accounts_database import (
    AUDIT_COLUMNS,
    AUDIT_LOG,
    SUBMISSION_FILES,
    SUBMISSIONS,
)

STATUSES = ("failed_checks", "pending", "rejected", "scheduled", "publishing", "published", "failed")
OPEN = ("pending", "failed")  # a data manager can still decide
MAX_COMMENT = 2000
_COLUMNS = ("id", "submitter", "partnership_id", "file_name", "sha256", "size", "format",
            "status", "created_at", "report", "access_level", "embargo_until", "reviewer",
            "review_comment", "decided_at", "published_at", "load_id", "failure")


@dataclass(frozen=True)
class Submission:
    id: int
    submitter: str
    partnership_id: str
    file_name: str
    sha256: str
    size: int
    format: str | None
    status: str
    created_at: str
    report: dict = field(hash=False, compare=False)
    access_level: str = "public"
    embargo_until: str | None = None
    reviewer: str | None = None
    review_comment: str | None = None
    decided_at: str | None = None
    published_at: str | None = None
    load_id: int | None = None
    failure: str | None = None

    @property
    def target(self) -> str:
        return f"submission:{self.id}"

    def embargo(self) -> datetime | None:
        return clock.parse(self.embargo_until)


def _submission(row: Any) -> Submission:
    values = dict(zip(_COLUMNS, row, strict=True))
    values["report"] = json.loads(values["report"] or "{}")
    return Submission(**values)


def default_access(viewer: Viewer, partnership_id: str) -> str:
    """New data is for the submitter's partnership only until a data manager says
    otherwise (an analyst with no partnership: analysts only)."""
    return f"partners:{partnership_id}" if partnership_id else "restricted:analyst"


def create(accounts: Accounts, viewer: Viewer, partnership_id: str, file_name: str,
           content: bytes, sha256: str, file_format: str | None, report: dict,
           passed: bool = True) -> Submission:
    """Keep a checked file as a pending submission, or only its report when it did not
    pass its checks (audited `submission_made`)."""
    if not viewer.signed_in or not viewer.user:
        raise AccountError("sign in to submit data")
    if partnership_id and partnership_id not in viewer.partnerships and not viewer.is_admin:
        raise AccountError(f"you are not a member of partnership {partnership_id!r}")
    values = {"submitter": viewer.user, "partnership_id": partnership_id,
              "file_name": file_name, "sha256": sha256, "size": len(content),
              "format": file_format, "status": "pending" if passed else "failed_checks",
              "created_at": clock.iso(clock.now()),
              "report": json.dumps(report, sort_keys=True, default=str),
              "access_level": default_access(viewer, partnership_id)}
    with accounts._transaction() as con:
        new_id = int(con.execute(SUBMISSIONS.insert().values(**values))
                     .inserted_primary_key[0])
        if passed:
            con.execute(SUBMISSION_FILES.insert().values(submission_id=new_id,
                                                         content=content))
        accounts._audit(con, viewer.user, "submission_made", f"submission:{new_id}",
                        {"file": file_name, "partnership": partnership_id,
                         "rows": report.get("rows"), "sha256": sha256,
                         "passed_checks": passed})
    return _submission([new_id, *(values[c] for c in _COLUMNS[1:11]),
                        None, None, None, None, None, None, None])


MAX_ID = 2**63 - 1  # the databases' largest integer: a larger number names nothing


def get(accounts: Accounts, submission_id: int) -> Submission | None:
    if not 0 < int(submission_id) <= MAX_ID:
        return None
    with accounts._reading() as con:
        row = con.execute(select(*(SUBMISSIONS.c[c] for c in _COLUMNS))
                          .where(SUBMISSIONS.c.id == int(submission_id))).first()
    return None if row is None else _submission(row)


def listed(accounts: Accounts, submitter: str | None = None,
           statuses: tuple[str, ...] | None = None) -> list[Submission]:
    """Newest first; one person's, or everyone's (for data managers)."""
    query = select(*(SUBMISSIONS.c[c] for c in _COLUMNS)).order_by(SUBMISSIONS.c.id.desc())
    if submitter is not None:
        query = query.where(SUBMISSIONS.c.submitter == submitter)
    if statuses:
        query = query.where(SUBMISSIONS.c.status.in_(statuses))
    with accounts._reading() as con:
        return [_submission(row) for row in con.execute(query)]


def content(accounts: Accounts, submission_id: int) -> bytes | None:
    with accounts._reading() as con:
        row = con.execute(select(SUBMISSION_FILES.c.content).where(
            SUBMISSION_FILES.c.submission_id == int(submission_id))).first()
    return None if row is None else bytes(row[0])


def may_read(viewer: Viewer, submission: Submission, manager: bool) -> bool:
    """The submitter and data managers (administrators are data managers)."""
    return manager or (viewer.signed_in and viewer.user == submission.submitter)


def checked_level(level: str) -> str:
    try:
        return str(AccessLevel.parse(level))
    except AccessError as exc:
        raise AccountError(str(exc)) from None


def decide(accounts: Accounts, submission: Submission, reviewer: str, approve: bool,
           comment: str | None, embargo_until: datetime | None = None,
           access_level: str | None = None) -> Submission:
    """Approve (to be published at `embargo_until`, or at once) or reject, with a comment.
    A rejected file is deleted. Only a pending or failed submission can be decided."""
    comment = " ".join((comment or "").split())
    if len(comment) > MAX_COMMENT:
        raise AccountError(f"a comment is at most {MAX_COMMENT} characters")
    if not approve and not comment:
        raise AccountError("say why it is rejected: the submitter reads the comment")
    level = checked_level(access_level or submission.access_level)
    now = clock.now()
    if approve and embargo_until is not None and embargo_until <= now:
        raise AccountError(f"the embargo time {clock.uk_time(embargo_until)} has passed: "
                           "choose a later time, or publish now")
    values = {"status": "scheduled" if approve else "rejected", "reviewer": reviewer,
              "review_comment": comment or None, "decided_at": clock.iso(now),
              "access_level": level, "failure": None,
              "embargo_until": clock.iso(embargo_until) if approve and embargo_until
              else None}
    with accounts._transaction() as con:
        changed = con.execute(update(SUBMISSIONS).where(
            SUBMISSIONS.c.id == submission.id, SUBMISSIONS.c.status.in_(OPEN))
            .values(**values)).rowcount
        if not changed:
            raise AccountError(f"submission {submission.id} was already decided")
        if not approve:
            con.execute(delete(SUBMISSION_FILES).where(
                SUBMISSION_FILES.c.submission_id == submission.id))
        accounts._audit(con, reviewer, "submission_approved" if approve
                        else "submission_rejected", submission.target,
                        {"comment": comment, "access_level": level,
                         "embargo_until": values["embargo_until"]})
    return replace(submission, **values)


def claim_due(accounts: Accounts, now: datetime) -> list[Submission]:
    """The scheduled submissions whose time has come, each claimed by this process (set
    to `publishing` only if still scheduled), so two workers never publish one twice."""
    due = [s for s in listed(accounts, statuses=("scheduled",))
           if s.embargo() is None or s.embargo() <= now]
    claimed = []
    for item in sorted(due, key=lambda s: s.id):
        with accounts._transaction() as con:
            if con.execute(update(SUBMISSIONS).where(
                    SUBMISSIONS.c.id == item.id, SUBMISSIONS.c.status == "scheduled")
                    .values(status="publishing")).rowcount:
                claimed.append(replace(item, status="publishing"))
    return claimed


def finish(accounts: Accounts, submission: Submission, load_id: int | None,
           failure: str | None = None) -> Submission:
    """Record a publication's outcome (audited `submission_published` / `_failed`)."""
    at = clock.iso(clock.now())
    values: dict[str, Any] = ({"status": "failed", "failure": failure[:2000]} if failure
                              else {"status": "published", "published_at": at,
                                    "load_id": load_id, "failure": None})
    with accounts._transaction() as con:
        con.execute(update(SUBMISSIONS).where(SUBMISSIONS.c.id == submission.id)
                    .values(**values))
        accounts._audit(con, "system", "submission_failed" if failure
                        else "submission_published", submission.target,
                        {"load_id": load_id, "failure": failure,
                         "access_level": submission.access_level})
    return replace(submission, **values)


def events(accounts: Accounts, submission_id: int) -> list[dict]:
    """Every audited step of one submission, oldest first (the submitter sees these)."""
    query = (select(*(AUDIT_LOG.c[c] for c in AUDIT_COLUMNS))
             .where(AUDIT_LOG.c.target == f"submission:{int(submission_id)}")
             .order_by(AUDIT_LOG.c.id))
    with accounts._reading() as con:
        return [dict(zip(AUDIT_COLUMNS, row, strict=True)) for row in con.execute(query)]
