"""Oldham's and Kent's board packs page by page: no page ends with a heading (or a label
such as "Exception report missing: ...") whose content starts on the next page, and the
pack carries the exception reports and what has changed since the last meeting."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.exports import boardpack
from dashboard.security import exceptions
from dashboard.security.access import SYSTEM
from dashboard.views import exceptions as exception_words
from dashboard.views.meetings import since_last
from tests.pdf_pages import page_lines

TODAY = date(2026, 12, 2)
FOOTER_MM = 14  # the running footer sits in the bottom margin
HEADING_POINTS = 11.5  # the smallest heading (h3); body text is 10 points, tables 8.5
MEETING = "Since the last meeting (Board meeting, September 2026, 2026-09-30)"


def as_presented_earlier(card: list[dict]) -> list[dict]:
    """The records a meeting in September would have kept: the first target then on
    track, the second's latest value a period earlier."""
    then = [dict(row) for row in card]
    then[0]["status"] = "on_track" if then[0]["status"] != "on_track" else "at_risk"
    then[1]["latest_period"] = "2019"
    return then


def stranded(pdf: bytes, labels: set[str]) -> list[tuple[int, str]]:
    """(page, last line) for each page that ends with a heading or a label (a line of
    its own, each short enough for one line)."""
    found = []
    for number, lines in enumerate(page_lines(pdf, above_mm=FOOTER_MM), start=1):
        if lines and (lines[-1].size >= HEADING_POINTS or lines[-1].text in labels):
            found.append((number, lines[-1].text))
    return found


@pytest.mark.parametrize("partnership", ["oldham", "kent"])
def test_no_page_ends_with_a_heading_and_the_pack_has_the_reports_and_changes(
        store, accounts, partnership):
    store = store.for_viewer(SYSTEM)
    card = store.scorecard_records(partnership)
    needing = [r for r in card if r["status"] in exceptions.EXCEPTION_STATUSES]
    reports = {}
    if partnership == "oldham":
        row = needing[0]
        exceptions.save(accounts, accounts.user("edna").viewer(), exceptions.TargetKey(
            "oldham", row["indicator_id"], row["area_code"]), row["status"],
            "Fewer employers are recruiting since the spring.", "Oldham Works board",
            [{"action": "Run a jobs fair in Oldham town centre", "due_date": "2027-03-31",
              "progress": "in_progress", "note": "Venue booked"}])
        reports = exceptions.latest_for_partnership(accounts, "oldham")
    changes = since_last(as_presented_earlier(card), card)
    pdf = boardpack.build_boardpack(store, partnership, today=TODAY, reports=reports,
                                    since=(MEETING, changes, "2026-09-30"))

    marks = exception_words.scorecard_marks(card, reports, store.data_loaded(partnership),
                                            TODAY)
    labels = {exception_words.FROM_TARGETS_FILE + "."} | {
        mark.reason for mark in marks.values() if mark.flagged}
    assert stranded(pdf, labels) == []

    text = " ".join(line.text for page in page_lines(pdf) for line in page)
    assert MEETING in text
    assert f"{changes[0]['title']}: {changes[0]['text']}" in text
    assert "new data for" in text
    assert text.count("Exception reports") >= 1
    assert exception_words.scorecard_line(card, marks) in text
    for row in needing:
        assert f"{row['title']} — " in text  # each target needing action has its section
    if partnership == "oldham":
        assert "Version 1, written by edna on" in text
        assert "Fewer employers are recruiting since the spring." in text
        assert "Run a jobs fair in Oldham town centre" in text
