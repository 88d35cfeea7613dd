"""Exception reports: what a partnership's editors write on a target that is at risk, off
track or missed (commentary, an owner, actions with due dates and their progress), kept
in the accounts database beside the audit log.

Every save is a new version; none is changed in place, so who wrote what, and when, is
always there to read (`history`). The latest version is the current report. Each save
is audited (`exception_edited`, target ``exception:<partnership>/<indicator>/<area>``)
with what changed since the version before. Only an editor of the partnership
(dashboard.security.duties; administrators edit every partnership) may save.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from dashboard.common import clock
from dashboard.security.access import PermissionDenied, Viewer
from dashboard.security.accounts import AccountError, Accounts
from dashboard.security.accounts_database import (
    EXCEPTION_ACTIONS,
    EXCEPTION_REPORTS,
    META,
    upsert,
)
from dashboard.security.duties import is_editor

# The target statuses a report is written for (the words of dashboard.methods.targets),
# and those that need at least one action.
EXCEPTION_STATUSES = ("at_risk", "off_track", "missed")
ACTION_REQUIRED = ("off_track", "missed")
STATUS_NAMES = {"at_risk": "at risk", "off_track": "off track", "missed": "missed"}
PROGRESS = ("not_started", "in_progress", "done", "overdue")
PROGRESS_WORDS = {"not_started": "Not started", "in_progress": "In progress",
                  "done": "Done", "overdue": "Overdue"}
MAX_COMMENTARY = 4000
MAX_OWNER = 200
MAX_ACTION = 1000
MAX_NOTE = 1000
MAX_ACTIONS = 20
EARLIEST_DUE, LATEST_DUE = date(2000, 1, 1), date(2100, 12, 31)
VERSION_KEY = "exceptions_version"
NOT_EDITOR = ("Only the partnership's editors can write its exception reports: sign in "
              "as an editor of {name}")


class ReportError(AccountError):
    """A report that cannot be saved; `problems` lists every reason, in words."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class TargetKey(NamedTuple):
    partnership_id: str
    indicator_id: str
    area_code: str

    @property
    def audit_target(self) -> str:
        return f"exception:{self.partnership_id}/{self.indicator_id}/{self.area_code}"


@dataclass(frozen=True)
class Action:
    action: str
    due_date: date
    progress: str
    note: str = ""

    @property
    def progress_words(self) -> str:
        return PROGRESS_WORDS.get(self.progress, self.progress)


@dataclass(frozen=True)
class Draft:
    """A report as written, checked (see `checked_draft`)."""
    commentary: str
    owner: str
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Report:
    id: int
    key: TargetKey
    version: int
    commentary: str
    owner: str
    status_at_writing: str
    written_by: str
    written_at: str  # ISO 8601 UTC
    actions: tuple[Action, ...] = ()

    def written(self) -> datetime:
        return clock.parse(self.written_at)  # type: ignore[return-value]


# -- checking (pure) ----------------------------------------------------------------------

def _text(value: Any) -> str:
    """Text as written, trimmed: spaces within a line collapsed, line breaks kept."""
    lines = ("" if value is None else str(value)).strip().splitlines()
    return "\n".join(" ".join(line.split()) for line in lines)


def _due(value: Any, where: str, problems: list[str]) -> date | None:
    if isinstance(value, date):
        day = value
    else:
        text = _text(value)
        if not text:
            problems.append(f"{where}: give a due date")
            return None
        try:  # a date picker may send the day with a time of midnight
            day = date.fromisoformat(text.split("T")[0])
        except ValueError:
            problems.append(f"{where}: the due date “{text}” is not a date; write it as "
                            "YYYY-MM-DD, for example 2027-03-31")
            return None
    if not EARLIEST_DUE <= day <= LATEST_DUE:
        problems.append(f"{where}: the due date {day.isoformat()} is not between "
                        f"{EARLIEST_DUE.year} and {LATEST_DUE.year}")
        return None
    return day


def _action(row: Mapping[str, Any], where: str, problems: list[str]) -> Action | None:
    text, note = _text(row.get("action")), _text(row.get("note"))
    progress = row.get("progress") or "not_started"
    before = len(problems)
    if not text:
        problems.append(f"{where}: say what the action is")
    elif len(text) > MAX_ACTION:
        problems.append(f"{where}: an action is at most {MAX_ACTION} characters "
                        f"(this one is {len(text)})")
    if len(note) > MAX_NOTE:
        problems.append(f"{where}: a progress note is at most {MAX_NOTE} characters "
                        f"(this one is {len(note)})")
    if progress not in PROGRESS:
        problems.append(f"{where}: progress “{progress}” is not one of "
                        + ", ".join(PROGRESS_WORDS[p].lower() for p in PROGRESS))
    due = _due(row.get("due_date"), where, problems)
    if len(problems) > before or due is None:
        return None
    return Action(text, due, progress, note)


def _blank(row: Mapping[str, Any]) -> bool:
    return not any(_text(row.get(k)) for k in ("action", "due_date", "note"))


def checked_draft(commentary: Any, owner: Any, actions: Iterable[Mapping[str, Any]],
                  status: str) -> Draft:
    """A report as written, checked: commentary and owner given and not too long, each
    action with a real due date and a known progress, at least one action for a target
    off track or missed. Wholly blank action rows are left out. Raises ReportError with
    every problem found."""
    problems: list[str] = []
    if status not in EXCEPTION_STATUSES:
        problems.append("An exception report is written for a target that is at risk, "
                        "off track or missed; this target is not")
    commentary, owner = _text(commentary), _text(owner)
    if not commentary:
        problems.append("Write the commentary: what is happening and why")
    elif len(commentary) > MAX_COMMENTARY:
        problems.append(f"The commentary is at most {MAX_COMMENTARY} characters "
                        f"(this is {len(commentary)})")
    if not owner:
        problems.append("Name the owner: the person or body answerable for the target")
    elif len(owner) > MAX_OWNER:
        problems.append(f"The owner is at most {MAX_OWNER} characters (this is {len(owner)})")
    rows = [row for row in actions if not _blank(row)]
    if len(rows) > MAX_ACTIONS:
        problems.append(f"A report has at most {MAX_ACTIONS} actions (this has {len(rows)})")
    checked = [_action(row, f"Action {i}", problems) for i, row in enumerate(rows, 1)]
    if status in ACTION_REQUIRED and not rows:
        problems.append(f"A target that is {STATUS_NAMES[status]} needs at least one "
                        "action with a due date")
    if problems:
        raise ReportError(problems)
    return Draft(commentary, owner, tuple(a for a in checked if a is not None))


def changes(previous: Report | Draft | None, current: Report | Draft) -> list[str]:
    """What changed from one version to the next, in words: fields changed, actions
    added, removed or changed (actions are matched by what they say)."""
    if previous is None:
        count = len(current.actions)
        return [f"first version, with {count} action{'' if count == 1 else 's'}"]
    out = []
    if previous.commentary != current.commentary:
        out.append("commentary changed")
    if previous.owner != current.owner:
        out.append(f"owner changed from “{previous.owner}” to “{current.owner}”")
    before = {a.action: a for a in previous.actions}
    after = {a.action: a for a in current.actions}
    out += [f"action removed: “{text}”" for text in before if text not in after]
    out += [f"action added: “{text}”" for text in after if text not in before]
    for text, new in after.items():
        old = before.get(text)
        if old is None or old == new:
            continue
        parts = []
        if old.progress != new.progress:
            parts.append(f"progress {old.progress_words.lower()} to "
                         f"{new.progress_words.lower()}")
        if old.due_date != new.due_date:
            parts.append(f"due {old.due_date.isoformat()} to {new.due_date.isoformat()}")
        if old.note != new.note:
            parts.append("note changed")
        out.append(f"action “{text}”: " + ", ".join(parts))
    return out or ["no changes: confirmed as current"]


# -- the database ---------------------------------------------------------------------------

_REPORT_COLUMNS = ("id", "partnership_id", "indicator_id", "area_code", "version",
                   "commentary", "owner", "status_at_writing", "written_by", "written_at")


def _reports(con: Any, where: Any) -> list[Report]:
    """Reports matching `where`, oldest version first, with their actions."""
    rows = con.execute(select(*(EXCEPTION_REPORTS.c[c] for c in _REPORT_COLUMNS))
                       .where(where).order_by(EXCEPTION_REPORTS.c.version)).all()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    actions: dict[int, list[Action]] = {i: [] for i in ids}
    a = EXCEPTION_ACTIONS.c
    for row in con.execute(select(a.report_id, a.action, a.due_date, a.progress, a.note)
                           .where(a.report_id.in_(ids))
                           .order_by(a.report_id, a.position)):
        actions[row[0]].append(Action(row[1], date.fromisoformat(row[2]), row[3],
                                      row[4] or ""))
    return [Report(row[0], TargetKey(row[1], row[2], row[3]), int(row[4]), row[5], row[6],
                   row[7], row[8], row[9], tuple(actions[row[0]])) for row in rows]


def _of(key: TargetKey) -> Any:
    r = EXCEPTION_REPORTS.c
    return ((r.partnership_id == key.partnership_id) & (r.indicator_id == key.indicator_id)
            & (r.area_code == key.area_code))


def history(accounts: Accounts, key: TargetKey) -> list[Report]:
    """Every version of one target's report, oldest first."""
    with accounts._reading() as con:
        return _reports(con, _of(key))


def latest(accounts: Accounts, key: TargetKey) -> Report | None:
    """The current report of one target (its latest version), or None."""
    r = EXCEPTION_REPORTS.c
    with accounts._reading() as con:
        newest = select(func.max(r.version)).where(_of(key)).scalar_subquery()
        found = _reports(con, _of(key) & (r.version == newest))
    return found[0] if found else None


def latest_for_partnership(accounts: Accounts,
                           partnership_id: str) -> dict[tuple[str, str], Report]:
    """The current report of each of a partnership's targets that has one, by
    (indicator id, area code)."""
    r = EXCEPTION_REPORTS.c
    newest = (select(r.indicator_id, r.area_code, func.max(r.version).label("version"))
              .where(r.partnership_id == partnership_id)
              .group_by(r.indicator_id, r.area_code).subquery())
    ids = select(r.id).join(newest, (r.indicator_id == newest.c.indicator_id)
                            & (r.area_code == newest.c.area_code)
                            & (r.version == newest.c.version)).where(
        r.partnership_id == partnership_id)
    with accounts._reading() as con:
        found = _reports(con, r.id.in_(ids))
    return {(report.key.indicator_id, report.key.area_code): report for report in found}


def version(accounts: Accounts) -> str:
    """Changes with every report saved (cached pages that show reports are keyed on it)."""
    with accounts._reading() as con:
        value = con.execute(select(META.c.value).where(META.c.key == VERSION_KEY)).scalar()
    return value if value is not None else "0"


def save(accounts: Accounts, viewer: Viewer, key: TargetKey, status: str, commentary: Any,
         owner: Any, actions: Iterable[Mapping[str, Any]], based_on: int | None = None,
         partnership_name: str | None = None) -> tuple[Report, list[str]]:
    """Save a new version of a target's report for an editor of its partnership (anyone
    else: PermissionDenied); `status` is the target's status now, as the store says.
    `based_on` is the version the writer started from (0: none): if someone saved a
    newer one meanwhile, nothing is saved and ReportError says so. Audited
    `exception_edited` with what changed. Returns the report and its changes."""
    if not viewer.signed_in or not is_editor(accounts, viewer.user, viewer.role,
                                             key.partnership_id):
        raise PermissionDenied(NOT_EDITOR.format(
            name=partnership_name or key.partnership_id))
    draft = checked_draft(commentary, owner, actions, status)
    try:
        with accounts._transaction() as con:
            before = _reports(con, _of(key))
            previous = before[-1] if before else None
            number = previous.version if previous else 0
            if based_on is not None and based_on != number:
                raise ReportError([
                    f"{previous.written_by if previous else 'Someone'} saved version "
                    f"{number} of this report while you were writing: reload the page to "
                    "read it, then make your changes again"])
            report = _insert(con, viewer.label(), key, number + 1, status, draft)
            changed = changes(previous, report)
            upsert(con, META, {"key": VERSION_KEY, "value": str(time.time_ns())})
            accounts._audit(con, viewer.label(), "exception_edited", key.audit_target,
                            {"version": report.version, "status": status,
                             "changes": changed})
    except IntegrityError:  # another save of the same version won the race
        raise ReportError(["Someone saved this report at the same moment: reload the page "
                           "to read their version, then make your changes again"]) from None
    return report, changed


def _insert(con: Any, writer: str, key: TargetKey, number: int, status: str,
            draft: Draft) -> Report:
    at = clock.iso(clock.now())
    values = {"partnership_id": key.partnership_id, "indicator_id": key.indicator_id,
              "area_code": key.area_code, "version": number,
              "commentary": draft.commentary, "owner": draft.owner,
              "status_at_writing": status, "written_by": writer, "written_at": at}
    report_id = int(con.execute(EXCEPTION_REPORTS.insert().values(**values))
                    .inserted_primary_key[0])
    for position, action in enumerate(draft.actions, 1):
        con.execute(EXCEPTION_ACTIONS.insert().values(
            report_id=report_id, position=position, action=action.action,
            due_date=action.due_date.isoformat(), progress=action.progress,
            note=action.note))
    return Report(report_id, key, number, draft.commentary, draft.owner, status, writer,
                  at, draft.actions)
