"""The time, in one place: `now()` (UTC, to the second) is what embargoes and scheduled
publication are judged against, so a test can move the clock (`moved_to`) and every
part of the app sees the same moment."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
_offset = timedelta(0)


def now() -> datetime:
    """The current time (UTC, aware, whole seconds), moved by any offset a test set."""
    return (datetime.now(UTC) + _offset).replace(microsecond=0)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse(text: str | None) -> datetime | None:
    """An ISO 8601 time written by `iso` (or any aware time) as a UTC datetime."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def uk_time(moment: datetime | None) -> str:
    """'Thursday 3 December 2026 at 09:30 (UK time)': how a person reads a release time."""
    if moment is None:
        return "no time set"
    local = moment.astimezone(UK)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} (UK time)"


@contextmanager
def moved_to(moment: datetime) -> Iterator[None]:
    """Run a block as if it were `moment` (tests of embargoes)."""
    global _offset
    before = _offset
    _offset = moment - datetime.now(UTC)
    try:
        yield
    finally:
        _offset = before
