"""What a value carries: its status flag and its published note, shown beside it, and
the quality checks of the dataset it came from, in one line.

A table marks a flagged value with its flag ("u"), linked to a key under the table that
says what the flag means ("u: low reliability, treat with caution"), and a value with a
published note with the note's number ("1"), linked to the note's words in a numbered
list under the table. The words are in the document, never only on hover, and never shown
by colour. Only the flags and notes a table's values carry are listed.

A withheld value already reads the one label every withheld value carries ("withheld to
protect small numbers": disclosure control sets its status to "c" and its note to the
label), so it is marked "c" like every other withheld value and gets no note of its own:
nothing beside it hints whether it is small or protects another.

The flags are the ones the loader recognises (dashboard/ingest/rows.py STATUS_FLAGS) and
the published data uses: x (not available) and u (low reliability), and c, set by
disclosure control. An unrecognised flag (the loader warns about it) is shown as
published.

A value revised lately (by a load within the last REVISED_WITHIN_DAYS days) reads the
date and what it was beside it, in words: "revised on 12 March 2026: was 6.4%"
(`revision_words`, formatted as the indicator formats values; an old value withheld to
protect small numbers reads the withheld label, never its number).

Pure: plain values in, plain values out (no Dash, no store).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dashboard.common.formatting import format_value
from dashboard.methods.disclosure import SUPPRESSED_STATUS, WITHHELD_LABEL

REVISED_WITHIN_DAYS = 90

FLAG_WORDS = {
    "x": "not available",
    "u": "low reliability: the estimate is based on a small sample, so treat it with "
         "caution",
    SUPPRESSED_STATUS: WITHHELD_LABEL,
}
FLAG_ORDER = ("x", "u", SUPPRESSED_STATUS)


def _clean(value: Any) -> str | None:
    """Text of a status or note, or None when it is missing (None, NaN or blank)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _key(text: str) -> str:
    """Notes that differ only in case or a closing full stop are the same note."""
    return text.casefold().rstrip(". ")


def flag_words(flag: str) -> str:
    """What a status flag means, in plain English."""
    return FLAG_WORDS.get(flag, f"flagged “{flag}” by the publisher")


@dataclass(frozen=True)
class Mark:
    """One marker beside a value: its visible text ("u", "1"), the id of the key entry or
    note it links to, and what it says to assistive technology (the visible text is
    part of it, WCAG 2.5.3)."""

    text: str
    target: str
    label: str


class ValueNotes:
    """The flags and notes of one table's values, numbered in the order they are met.

    `marks(status, note, text)` gives the markers for one value (and records its flag
    and note); `flags` and `notes` then list what the key under the table shows. `prefix`
    makes the link targets' ids unique on the page."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._flags: set[str] = set()
        self._notes: dict[str, tuple[int, str]] = {}

    def flag_id(self, flag: str) -> str:
        return f"{self.prefix}-flag-{''.join(c if c.isalnum() else '-' for c in flag)}"

    def note_id(self, number: int) -> str:
        return f"{self.prefix}-note-{number}"

    def marks(self, status: Any, note: Any, text: str | None = None) -> list[Mark]:
        """The markers for one value with this status flag and note. `text` is how the
        value reads: a note it already says (a withheld value's label, a missing value's
        reason) is not repeated."""
        flag, note = _clean(status), _clean(note)
        out = []
        if flag is not None:
            self._flags.add(flag)
            out.append(Mark(flag, self.flag_id(flag), f"flag {flag}: {flag_words(flag)}"))
        if note is None or flag == SUPPRESSED_STATUS or \
                (text is not None and _key(note) in _key(text)):
            return out
        number, words = self._notes.setdefault(_key(note), (len(self._notes) + 1, note))
        out.append(Mark(str(number), self.note_id(number), f"note {number}: {words}"))
        return out

    @property
    def flags(self) -> list[tuple[str, str, str]]:
        """(flag, what it means, its id) for each flag met: x, u, c, then others."""
        order = [f for f in FLAG_ORDER if f in self._flags] + sorted(
            f for f in self._flags if f not in FLAG_ORDER)
        return [(flag, flag_words(flag), self.flag_id(flag)) for flag in order]

    @property
    def notes(self) -> list[tuple[int, str, str]]:
        """(number, the note's words, its id) for each note met, in number order."""
        return [(number, words, self.note_id(number))
                for number, words in sorted(self._notes.values())]

    def __bool__(self) -> bool:
        return bool(self._flags or self._notes)


# -- revisions ----------------------------------------------------------------------------

def _as_utc(moment: date | datetime) -> datetime:
    """A time as aware UTC (the store keeps load times in UTC without a zone; a date is
    its midnight)."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def revision_words(revised_at: date | datetime | None, previous: Mapping[str, Any] | None,
                   text: str, meta: Mapping[str, Any] | None, now: date | datetime,
                   days: int = REVISED_WITHIN_DAYS) -> str | None:
    """"revised on 12 March 2026: was 6.4%" for a value shown as `text` whose latest
    revision was at `revised_at` (UTC) and replaced the row `previous` (its value, status
    and note as the viewer may see them), formatted as the indicator formats values;
    None when it was not revised within `days` days before `now`, or the old value
    reads as the new one does (a revised interval, count or note only)."""
    if revised_at is None or previous is None:
        return None
    when = _as_utc(revised_at)
    if _as_utc(now) - when > timedelta(days=days):
        return None
    was = format_value(previous.get("value"), dict(meta or {}), _clean(previous.get("status")),
                       _clean(previous.get("note")))
    if was == text:
        return None
    return f"revised on {when.day} {when:%B %Y}: was {was}"


def revised_since(now: date | datetime, days: int = REVISED_WITHIN_DAYS) -> date:
    """The day from which pages read revisions (`Store.revised_values`): a day, so a
    day's pages share one cached read; `revision_words` judges the exact time."""
    return (_as_utc(now) - timedelta(days=days)).date()


def _day(moment: Any) -> Any:
    """A period start as a date, whether it came as a date, a datetime or a Timestamp."""
    return moment.date() if isinstance(moment, datetime) else moment


def revision_key(indicator_id: Any, area_code: Any, period_start: Any,
                 period_duration: Any) -> tuple:
    """The key a value's revision is looked up by (see `revisions_by_key`)."""
    return (indicator_id, area_code, _day(period_start), period_duration or "")


def revisions_by_key(rows: Iterable[Mapping[str, Any]]) -> dict[tuple, Mapping[str, Any]]:
    """`Store.revised_values` records (each the row a value's latest revision replaced,
    with `revised_at`) by `revision_key`."""
    return {revision_key(r["indicator_id"], r["area_code"], r["period_start"],
                         r["period_duration"]): r for r in rows}


def revision_for(revisions: Mapping[tuple, Mapping[str, Any]] | None, key: tuple, text: str,
                 meta: Mapping[str, Any] | None, now: date | datetime | None,
                 days: int = REVISED_WITHIN_DAYS) -> str | None:
    """`revision_words` for the value with this key shown as `text`, from
    `revisions_by_key`'s lookup (None without one)."""
    if not revisions or now is None:
        return None
    previous = revisions.get(key)
    if previous is None:
        return None
    return revision_words(previous["revised_at"], previous, text, meta, now, days)


# -- the dataset's quality checks --------------------------------------------------------

def quality_counts(summaries: Iterable[Mapping[str, Any]]) -> dict[str, int] | None:
    """Errors, warnings and datasets summed over `Store.dataset_quality` records; None
    when there are none (no dataset with a recorded load)."""
    rows = list(summaries)
    if not rows:
        return None
    return {"errors": sum(int(r.get("errors") or 0) for r in rows),
            "warnings": sum(int(r.get("warnings") or 0) for r in rows),
            "datasets": len(rows)}


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def quality_sentence(summaries: Iterable[Mapping[str, Any]]) -> str | None:
    """'Quality checks when the data was loaded: 0 errors, 366 warnings' for one dataset,
    '... when these 5 datasets were loaded: ...' for several; None without any."""
    counts = quality_counts(summaries)
    if counts is None:
        return None
    when = ("when the data was loaded" if counts["datasets"] == 1 else
            f"when these {counts['datasets']} datasets were loaded")
    return (f"Quality checks {when}: {_count(counts['errors'], 'error')}, "
            f"{_count(counts['warnings'], 'warning')}")
