"""Exception reports in words (pure): whether a target's report is needed, missing, out
of date or current (`freshness`), the scorecard's line and marks, the target page's
report and its versions, and the form's rows as written.

A report is out of date when it was written before the target's status changed (its
status then is kept with it), before the latest value behind the target was loaded, or
more than STALE_AFTER_DAYS days ago.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from dashboard.common import clock
from dashboard.security.exceptions import (
    EXCEPTION_STATUSES,
    PROGRESS,
    PROGRESS_WORDS,
    STATUS_NAMES,
    Report,
    changes,
)

STALE_AFTER_DAYS = 90
NOT_NEEDED, MISSING, OUT_OF_DATE, CURRENT = "not_needed", "missing", "out_of_date", "current"
MARK_WORDS = {NOT_NEEDED: "Not needed", MISSING: "Exception report missing",
              OUT_OF_DATE: "Exception report out of date", CURRENT: "Exception report current"}
# The scorecard's short marks: a shape with each word, never colour alone.
MARK_ICONS = {NOT_NEEDED: "", MISSING: "!", OUT_OF_DATE: "⟳", CURRENT: "✓"}
# The scorecard's column is headed "Exception report": its cells need only the state.
SHORT_WORDS = {NOT_NEEDED: "Not needed", MISSING: "Missing", OUT_OF_DATE: "Out of date",
               CURRENT: "Current"}
FROM_TARGETS_FILE = "From the targets file (no exception report has been written here yet)"


@dataclass(frozen=True)
class Freshness:
    state: str
    reason: str  # in words: why it is missing or out of date, or who wrote it when

    @property
    def flagged(self) -> bool:
        return self.state in (MISSING, OUT_OF_DATE)

    @property
    def mark(self) -> str:
        icon = MARK_ICONS[self.state]
        return f"{icon} {MARK_WORDS[self.state]}" if icon else MARK_WORDS[self.state]

    @property
    def short_mark(self) -> str:
        """The shape and one or two words ("! Missing"), for a column headed by the rest."""
        icon = MARK_ICONS[self.state]
        return f"{icon} {SHORT_WORDS[self.state]}" if icon else SHORT_WORDS[self.state]


def day_words(moment: datetime | date) -> str:
    """'2 December 2026' (a moment: its day in the UK)."""
    day = moment.astimezone(clock.UK).date() if isinstance(moment, datetime) else moment
    return f"{day.day} {day:%B %Y}"


def _utc(moment: Any) -> datetime | None:
    """A stored time (naive times are UTC, as the store keeps them) as an aware one."""
    if hasattr(moment, "to_pydatetime"):  # a pandas time; NaT is a missing one
        moment = None if moment != moment else moment.to_pydatetime()  # noqa: PLR0124
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if not isinstance(moment, datetime):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def freshness(report: Report | None, status: str, data_loaded_at: Any = None,
              today: date | None = None) -> Freshness:
    """Whether a target's exception report is needed, missing, out of date or current,
    with the reason in words."""
    if status not in EXCEPTION_STATUSES:
        return Freshness(NOT_NEEDED, "No exception report is needed: the target is not "
                                     "at risk, off track or missed")
    now_name = STATUS_NAMES[status]
    if report is None:
        return Freshness(MISSING, f"Exception report missing: the target is {now_name} "
                                  "and no report has been written")
    written = report.written()
    if report.status_at_writing != status:
        then = STATUS_NAMES.get(report.status_at_writing,
                                report.status_at_writing.replace("_", " "))
        return Freshness(OUT_OF_DATE, f"Exception report out of date: written on "
                                      f"{day_words(written)} when the target was {then}; "
                                      f"it is now {now_name}")
    loaded = _utc(data_loaded_at)
    if loaded is not None and written < loaded:
        return Freshness(OUT_OF_DATE, f"Exception report out of date: written on "
                                      f"{day_words(written)}, before the latest data was "
                                      f"loaded on {day_words(loaded)}")
    age = ((today or clock.now().date()) - written.astimezone(clock.UK).date()).days
    if age > STALE_AFTER_DAYS:
        return Freshness(OUT_OF_DATE, f"Exception report out of date: written on "
                                      f"{day_words(written)}, {age} days ago (more than "
                                      f"{STALE_AFTER_DAYS})")
    return Freshness(CURRENT, f"Exception report written by {report.written_by} on "
                              f"{day_words(written)}")


def scorecard_marks(card: Iterable[Mapping[str, Any]],
                    reports: Mapping[tuple[str, str], Report],
                    loaded: Mapping[tuple[str, str], Any],
                    today: date | None = None) -> dict[tuple[str, str], Freshness]:
    """Each target's freshness, by (indicator id, area code)."""
    out = {}
    for row in card:
        key = (row["indicator_id"], row["area_code"])
        out[key] = freshness(reports.get(key), row["status"], loaded.get(key), today)
    return out


def scorecard_line(card: Sequence[Mapping[str, Any]],
                   marks: Mapping[tuple[str, str], Freshness]) -> str:
    """One line for the scorecard and board pack: which exception reports are missing
    or out of date, by target title."""
    needed = [row for row in card if row["status"] in EXCEPTION_STATUSES]
    if not needed:
        return "No target is at risk, off track or missed: no exception report is needed."
    several_areas = len({row["area_code"] for row in card}) > 1

    def names(state: str) -> list[str]:
        return [str(row["title"]) + (f" ({row.get('area_name') or row['area_code']})"
                                     if several_areas else "")
                for row in needed
                if marks[(row["indicator_id"], row["area_code"])].state == state]

    missing, stale = names(MISSING), names(OUT_OF_DATE)
    if not missing and not stale:
        return (f"Exception reports: all {len(needed)} targets at risk, off track or "
                "missed have a current report.")
    parts = []
    if missing:
        parts.append(f"{len(missing)} missing ({'; '.join(missing)})")
    if stale:
        parts.append(f"{len(stale)} out of date ({'; '.join(stale)})")
    return f"Exception reports: {' and '.join(parts)}."


def flagged(card: Sequence[Mapping[str, Any]],
            marks: Mapping[tuple[str, str], Freshness]) -> list[tuple[str, str]]:
    """(target title, reason) for each report missing or out of date, scorecard order."""
    out = []
    for row in card:
        mark = marks.get((row["indicator_id"], row["area_code"]))
        if mark is not None and mark.flagged:
            out.append((str(row["title"]), mark.reason))
    return out


# -- the target page ------------------------------------------------------------------------

def written_words(report: Report) -> str:
    """'Version 2, written by edna on Wednesday 2 December 2026 at 14:30 (UK time)'."""
    return f"Version {report.version}, written by {report.written_by} on " \
           f"{clock.uk_time(report.written())}"


def action_rows(report: Report | None, today: date | None = None) -> list[dict]:
    """The report's actions as a table shows them: what, due, progress and note; an
    action not done whose due date has passed says so."""
    if report is None:
        return []
    today = today or clock.now().date()
    rows = []
    for action in report.actions:
        progress = action.progress_words
        if action.progress not in ("done", "overdue") and action.due_date < today:
            progress += " (due date passed)"
        rows.append({"action": action.action, "due": day_words(action.due_date),
                     "progress": progress, "note": action.note or ""})
    return rows


def version_rows(history: Sequence[Report]) -> list[dict]:
    """Each version, newest first: its number, who wrote it, when, and what changed."""
    rows = []
    for i, report in enumerate(history):
        previous = history[i - 1] if i else None
        rows.append({"version": report.version, "who": report.written_by,
                     "when": clock.uk_time(report.written()),
                     "changes": changes(previous, report)})
    return rows[::-1]


def form_actions(texts: Sequence[Any], dues: Sequence[Any], progresses: Sequence[Any],
                 notes: Sequence[Any]) -> list[dict]:
    """The form's action rows (one list per field, in row order) as written."""
    return [{"action": text, "due_date": due, "progress": progress, "note": note}
            for text, due, progress, note in zip(texts, dues, progresses, notes,
                                                 strict=False)]


def starting_rows(report: Report | None) -> list[dict]:
    """The form's rows to begin from: the current report's actions, or one empty row."""
    if report is None or not report.actions:
        return [{"action": "", "due_date": None, "progress": "not_started", "note": ""}]
    return [{"action": a.action, "due_date": a.due_date.isoformat(), "progress": a.progress,
             "note": a.note} for a in report.actions]


PROGRESS_OPTIONS = [{"label": PROGRESS_WORDS[p], "value": p} for p in PROGRESS]
