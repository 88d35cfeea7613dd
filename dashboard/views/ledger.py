"""The data-sharing ledger page (/ledger) in words: one row per entry, the summary line,
the filters and the CSV's rows (pure; no Dash, no database). The entries come from
dashboard/security/ledger.py, which keeps each data owner to their partnerships'."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from dashboard.security.access import ROLE_LABELS, AccessError, AccessLevel
from dashboard.security.ledger import LedgerEntry

SUMMARY_DAYS = 30
SHOWN_ENTRIES = 500  # the page's table; the CSV holds every entry the filters keep
KIND_WORDS = {"view": "Viewed", "download": "Downloaded", "api": "Read through the API"}
CSV_COLUMNS = ("at", "username", "role", "partnerships", "dataset_id", "dataset",
               "how", "path")


@dataclass(frozen=True)
class Filters:
    """What the page is asked to show (from its query string), checked against what the
    person may choose: an unknown partnership or dataset is no filter, not an error."""

    partnership: str | None = None
    dataset: str | None = None

    def query(self) -> dict[str, str]:
        return {key: value for key, value in (("partnership", self.partnership),
                                              ("dataset", self.dataset)) if value}


def _one(value: Any) -> str | None:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def chosen_filters(query: Mapping[str, Any], partnerships: Iterable[str],
                   datasets: Iterable[str]) -> Filters:
    partnership, dataset = _one(query.get("partnership")), _one(query.get("dataset"))
    return Filters(partnership if partnership in set(partnerships) else None,
                   dataset if dataset in set(datasets) else None)


def shared_datasets(levels: Mapping[str, str], owned: Iterable[str] | None
                    ) -> dict[str, tuple[str, ...]]:
    """The datasets shared with partners (level partners:<ids>) among `levels`, with their
    owners: all of them for `owned` None (an administrator), else those owned by one of
    `owned`."""
    found = {}
    for dataset, level in levels.items():
        try:
            parsed = AccessLevel.parse(level)
        except AccessError:
            continue
        if parsed.kind == "partners" and (owned is None or parsed.members & set(owned)):
            found[dataset] = tuple(sorted(parsed.members))
    return found


def when(moment: str) -> str:
    """"2 Dec 2026, 10:48 UTC"."""
    value = datetime.fromisoformat(moment).astimezone(UTC)
    return f"{value.day} {value:%b %Y, %H:%M} UTC"


def who(entry: LedgerEntry) -> str:
    """"owen, Partner (oldham)"."""
    role = ROLE_LABELS.get(entry.role, entry.role)
    groups = f" ({', '.join(entry.partnerships)})" if entry.partnerships else ""
    return f"{entry.username}, {role}{groups}"


def linkable(path: str) -> bool:
    """Whether a kept path can be a link here: this site's, never another's."""
    return path.startswith("/") and not path.startswith("//") and "\\" not in path


def entry_rows(entries: Sequence[LedgerEntry], titles: Mapping[str, str]) -> list[dict]:
    """The table: newest first (as read), words for each column."""
    return [{"id": e.id, "at": e.at, "when": when(e.at), "who": who(e),
             "username": e.username, "dataset_id": e.dataset_id,
             "dataset": titles.get(e.dataset_id, e.dataset_id), "kind": e.kind,
             "how": KIND_WORDS.get(e.kind, e.kind), "path": e.path,
             "link": linkable(e.path)} for e in entries]


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def summary(entries: Iterable[LedgerEntry], now: datetime | None = None,
            days: int = SUMMARY_DAYS) -> str:
    """"12 views and 3 downloads by 4 people in the last 30 days" (API reads are named
    when there are any)."""
    since = (now or datetime.now(UTC)) - timedelta(days=days)
    recent = [e for e in entries if datetime.fromisoformat(e.at) >= since]
    if not recent:
        return f"No views or downloads in the last {days} days."
    counts = {kind: sum(e.kind == kind for e in recent) for kind in KIND_WORDS}
    parts = [_count(counts["view"], "view", "views"),
             _count(counts["download"], "download", "downloads")]
    if counts["api"]:
        parts.append(_count(counts["api"], "API read", "API reads"))
    listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    people = _count(len({e.username for e in recent}), "person", "people")
    return f"{listed} by {people} in the last {days} days."


def csv_rows(entries: Sequence[LedgerEntry], titles: Mapping[str, str]) -> list[list]:
    """The CSV's rows (CSV_COLUMNS), newest first; exports/cells makes them safe."""
    return [[e.at, e.username, e.role, ",".join(e.partnerships), e.dataset_id,
             titles.get(e.dataset_id, e.dataset_id), KIND_WORDS.get(e.kind, e.kind), e.path]
            for e in entries]


def csv_name(filters: Filters, today: datetime | None = None) -> str:
    """"data-sharing-ledger-oldham-2026-12-02.csv"."""
    parts = ["data-sharing-ledger", filters.partnership, filters.dataset,
             (today or datetime.now(UTC)).strftime("%Y-%m-%d")]
    return "-".join(p for p in parts if p) + ".csv"
