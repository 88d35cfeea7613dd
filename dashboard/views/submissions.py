"""What a submission's pages say (pure): its status in words, the checks, what it adds or
revises, its small counts, the steps taken and the choices a data manager has."""

from __future__ import annotations

import json
from datetime import date, datetime, time

from dashboard.common import clock
from dashboard.security.access import AccessLevel, Viewer
from dashboard.security.submissions import Submission

STATUS_WORDS = {
    "failed_checks": "Did not pass its checks",
    "pending": "Waiting for review",
    "rejected": "Rejected",
    "scheduled": "Approved, waiting for its publication time",
    "publishing": "Being published",
    "published": "Published",
    "failed": "Could not be published",
}
EVENT_WORDS = {
    "submission_made": "sent the file",
    "submission_approved": "approved it",
    "submission_rejected": "rejected it",
    "submission_published": "published it",
    "submission_failed": "tried to publish it, and could not",
}
DEFAULT_RELEASE = time(9, 30)


def _count(n: object) -> str:
    return f"{int(n or 0):,}"  # UK statistics are released at 9:30


def status_sentence(item: Submission) -> str:
    """One sentence on where the submission is and what happens next."""
    if item.status == "failed_checks":
        return ("The file has errors, so it was not kept. Correct them and send the file "
                "again.")
    if item.status == "pending":
        return ("The file passed its checks. A data manager will review it; until it is "
                "published nobody else can see it.")
    if item.status == "rejected":
        return f"A data manager rejected it: {item.review_comment}. The file was deleted."
    if item.status == "scheduled":
        when = clock.uk_time(item.embargo()) if item.embargo_until else "at once"
        return (f"Approved. It will be published {'on ' if item.embargo_until else ''}"
                f"{when} to {describe_level(item.access_level).lower()}; until then "
                "only you and data managers can see it.")
    if item.status == "publishing":
        return "It is being loaded into the store now."
    if item.status == "published":
        return (f"Published {clock.uk_time(clock.parse(item.published_at))} to "
                f"{describe_level(item.access_level).lower()}.")
    return f"Approved, but it could not be published: {item.failure}"


def describe_level(level: str) -> str:
    parsed = AccessLevel.parse(level)
    if parsed.kind == "partners":
        return "Partners only: members of " + ", ".join(sorted(parsed.members))
    return parsed.describe()


def change_sentence(report: dict) -> str:
    changes = report.get("changes")
    if not changes:
        return "Not compared with the store (the file has errors)."
    return (f"{_count(changes['new'])} new values, "
            f"{_count(changes['revised'])} revised and "
            f"{_count(changes['unchanged'])} unchanged against the store.")


def small_count_sentence(report: dict) -> str:
    small = report.get("small_counts") or {}
    n = int(small.get("count") or 0)
    if not n:
        return "No small counts: nothing would be withheld from public views."
    return (f"{_count(n)} small count{'s' if n != 1 else ''}: public views will "
            "withhold them (partners in the data's own partnership see them).")


def finding_rows(report: dict) -> list[dict]:
    """Each finding (up to 20 of each rule) as a row: severity, what, where, value."""
    rows = []
    for group in (report.get("quality") or {}).get("groups", []):
        for finding in group["findings"]:
            where = ", ".join(part for part in (
                f"line {finding['line']}" if finding.get("line") else "",
                f"column {finding['column']}" if finding.get("column") else "") if part)
            rows.append({"severity": "Error" if group["severity"] == "error" else "Warning",
                         "rule": group["title"], "where": where or "the whole file",
                         "value": finding.get("value") or "",
                         "message": finding.get("message") or ""})
    return rows


def event_rows(events: list[dict]) -> list[dict]:
    """The audited steps, oldest first, in words."""
    rows = []
    for event in events:
        detail = json.loads(event.get("detail") or "{}")
        words = EVENT_WORDS.get(event["action"], event["action"])
        if detail.get("comment"):
            words += f": \u201c{detail['comment']}\u201d"
        if event["action"] == "submission_approved" and detail.get("embargo_until"):
            words += " for publication " + clock.uk_time(clock.parse(detail["embargo_until"]))
        if detail.get("failure"):
            words += f" ({detail['failure']})"
        rows.append({"when": clock.uk_time(clock.parse(event["at"])),
                     "who": event["actor"], "what": words})
    return rows


def level_choices(item: Submission) -> list[dict]:
    """The access levels a data manager can publish at: the submitter's partnership only
    (the default), or everyone."""
    choices = [item.access_level]
    if "public" not in choices:
        choices.append("public")
    return [{"value": level, "label": describe_level(level),
             "checked": level == item.access_level} for level in choices]


def parse_release(day: str | None, at: str | None) -> datetime | None:
    """A release date and time typed in the UK ('2026-12-03', '09:30') as UTC; None for
    "publish now". Raises ValueError with words a person can act on."""
    day, at = (day or "").strip(), (at or "").strip()
    if not day:
        if at:
            raise ValueError("give the date of the publication as well as its time")
        return None
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"{day!r} is not a date: use the date picker, or "
                         "year-month-day like 2026-12-03") from None
    try:
        moment = time.fromisoformat(at) if at else DEFAULT_RELEASE
    except ValueError:
        raise ValueError(f"{at!r} is not a time: use 24-hour hours and minutes like "
                         "09:30") from None
    return datetime.combine(when, moment, tzinfo=clock.UK).astimezone(clock.now().tzinfo)


def partnership_choices(viewer: Viewer) -> list[str]:
    return sorted(viewer.partnerships)
