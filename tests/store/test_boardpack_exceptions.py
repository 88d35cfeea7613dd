"""The board pack carries each exception target's current report (commentary, owner,
actions with due dates and progress, who wrote it and when) in place of the targets
file's words, and names the reports missing or out of date."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium

from dashboard.exports import boardpack
from dashboard.security import exceptions
from dashboard.security.access import SYSTEM


def pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return " ".join(" ".join(document[i].get_textpage().get_text_range().split())
                    for i in range(len(document)))


def test_the_board_pack_carries_the_reports_and_what_is_missing(store, accounts):
    store = store.for_viewer(SYSTEM)
    card = store.scorecard("oldham")
    off_track = card[card["status"] == "off_track"].iloc[0]
    at_risk = card[card["status"] == "at_risk"].iloc[0]
    edna = accounts.user("edna").viewer()
    exceptions.save(accounts, edna, exceptions.TargetKey(
        "oldham", off_track["indicator_id"], off_track["area_code"]), "off_track",
        "Fewer employers are recruiting since the spring.", "Oldham Works board",
        [{"action": "Run a jobs fair in Oldham town centre", "due_date": "2027-03-31",
          "progress": "in_progress", "note": "Venue booked"},
         {"action": "Ask DWP for two more work coaches", "due_date": "2027-01-15",
          "progress": "not_started"}])
    reports = exceptions.latest_for_partnership(accounts, "oldham")

    text = pdf_text(boardpack.build_boardpack(store, "oldham", today=date(2026, 12, 2),
                                              reports=reports))
    needed = card[card["status"].isin(exceptions.EXCEPTION_STATUSES)]
    assert f"Exception reports: {len(needed) - 1} missing (" in text
    assert f"{at_risk['title']}: Exception report missing: the target is at risk" in text
    assert "Version 1, written by edna on" in text
    assert "Fewer employers are recruiting since the spring." in text
    assert "Oldham Works board" in text
    assert "Run a jobs fair in Oldham town centre 31 March 2027 In progress Venue booked" \
        in text
    assert "Ask DWP for two more work coaches 15 January 2027 Not started" in text
    # the other targets needing action keep the targets file's words, labelled so
    assert "From the targets file (no exception report has been written here yet)." in text
    assert "Illustrative commentary" in text
    assert "Targets at risk" in text and str(at_risk["reason"])[:40] in text
