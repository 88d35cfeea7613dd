"""A value revised lately says so beside it, in words: "revised on 12 March 2026: was
6.4%" (dashboard/views/value_notes.py), on the indicator page's table and the area
profile, formatted as the indicator formats values; and the store's pairing of a
revision's old and new rows (dashboard/store/revisions.py `paired`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd

from dashboard.methods.disclosure import WITHHELD_LABEL
from dashboard.store.revisions import paired
from dashboard.views import area_profile, indicator
from dashboard.views.value_notes import (
    revised_since,
    revision_for,
    revision_key,
    revision_words,
    revisions_by_key,
)
from layouts.value_marks import marked
from tests.unit.test_plain import as_json

PCT = {"indicator_id": "share", "unit": "%", "decimals": 1}
POUNDS = {"indicator_id": "pay", "unit": "£", "decimals": 2}
NOW = datetime(2026, 4, 1, 9, 30, tzinfo=UTC)
REVISED = datetime(2026, 3, 12, 14, 5)  # as the store keeps it: UTC without a zone


def test_a_value_revised_lately_says_when_and_what_it_was():
    assert revision_words(REVISED, {"value": 6.4}, "6.6%", PCT, NOW) == \
        "revised on 12 March 2026: was 6.4%"
    assert revision_words(REVISED, {"value": 590.5}, "£600.00", POUNDS, NOW) == \
        "revised on 12 March 2026: was £590.50"
    assert revision_words(date(2026, 3, 2), {"value": 6.4}, "6.6%", PCT, NOW) == \
        "revised on 2 March 2026: was 6.4%"


def test_a_revision_older_than_ninety_days_is_not_mentioned():
    assert revision_words(datetime(2026, 1, 1, 9, 30), {"value": 6.4}, "6.6%", PCT,
                          NOW) is not None  # 90 days before, to the minute
    assert revision_words(datetime(2026, 1, 1, 9, 29), {"value": 6.4}, "6.6%", PCT,
                          NOW) is None
    assert revision_words(datetime(2025, 6, 1), {"value": 6.4}, "6.6%", PCT, NOW,
                          days=365) is not None


def test_a_revision_that_does_not_change_how_the_value_reads_is_not_mentioned():
    # an interval, a count or a note revised; or a change below the shown decimals
    assert revision_words(REVISED, {"value": 6.6, "note": "old note"}, "6.6%", PCT,
                          NOW) is None
    assert revision_words(REVISED, {"value": 6.61}, "6.6%", PCT, NOW) is None
    assert revision_words(None, {"value": 6.4}, "6.6%", PCT, NOW) is None
    assert revision_words(REVISED, None, "6.6%", PCT, NOW) is None


def test_an_old_value_withheld_reads_the_label_and_an_old_gap_its_reason():
    withheld = {"value": None, "status": "c", "note": WITHHELD_LABEL}
    assert revision_words(REVISED, withheld, "12", {"unit": "people", "decimals": 0},
                          NOW) == f"revised on 12 March 2026: was {WITHHELD_LABEL}"
    assert revision_words(REVISED, {"value": None, "status": "x"}, "6.6%", PCT, NOW) == \
        "revised on 12 March 2026: was no data (not available)"


def _revision(area: str, start: object, value: float) -> dict:
    return {"indicator_id": "share", "area_code": area, "period_start": start,
            "period_duration": "P1Y", "value": value, "status": None, "note": None,
            "revised_at": REVISED}


def test_revisions_are_looked_up_by_key_whatever_the_type_of_the_period_start():
    lookup = revisions_by_key([_revision("A", date(2024, 4, 1), 6.4)])
    assert revision_for(lookup, revision_key("share", "A", pd.Timestamp("2024-04-01"),
                                             "P1Y"), "6.6%", PCT, NOW) == \
        "revised on 12 March 2026: was 6.4%"
    assert revision_for(lookup, revision_key("share", "B", date(2024, 4, 1), "P1Y"),
                        "6.6%", PCT, NOW) is None
    assert revision_for({}, revision_key("share", "A", date(2024, 4, 1), "P1Y"), "6.6%",
                        PCT, NOW) is None
    assert revised_since(NOW) == date(2026, 1, 1)


def test_the_trend_table_marks_the_revised_value_only():
    rows = [{"role": role, "code": code, "name": code, "period_start": date(2024, 4, 1),
             "period_duration": "P1Y", "period_label": "2024/25", "value": value,
             "lci": None, "uci": None, "status": None, "note": None}
            for role, code, value in (("area", "A", 6.6), ("england", "E", 4.0))]
    lookup = revisions_by_key([_revision("A", date(2024, 4, 1), 6.4)])
    header, cells = indicator.trend_table_cells(rows, PCT, lookup, NOW)
    assert header == ["Period", "A", "E"]
    assert [c["revised"] for c in cells[0][1:]] == ["revised on 12 March 2026: was 6.4%",
                                                    None]
    # without revisions (a download, an older caller) nothing is said
    assert [c["revised"] for c in indicator.trend_table_cells(rows, PCT)[1][0][1:]] == \
        [None, None]


def test_the_area_profile_marks_the_revised_value():
    record = {"indicator_id": "share", "area_code": "A", "title": "Share",
              "theme": "work and worklessness", "period_label": "2024/25",
              "period_start": date(2024, 4, 1), "period_duration": "P1Y", "value": 6.6,
              "comparison": "not_compared", "status": None, "note": None, **PCT}
    area = {"area_code": "A", "area_name": "Oldham", "area_type": "lad"}
    lookup = revisions_by_key([_revision("A", date(2024, 4, 1), 6.4)])
    [row] = area_profile.profile_rows([record], area, lookup, NOW)
    assert (row["value_text"], row["revised"]) == ("6.6%",
                                                  "revised on 12 March 2026: was 6.4%")
    [row] = area_profile.profile_rows([record], area)
    assert row["revised"] is None


def test_the_revision_is_written_beside_the_value_in_the_cell():
    cell = marked("6.6%", [], "revised on 12 March 2026: was 6.4%")
    text = str(as_json(cell))
    assert "6.6%" in text and "(revised on 12 March 2026: was 6.4%)" in text
    assert marked("6.6%", []) == "6.6%"


def test_a_revisions_two_rows_are_paired_into_one_record():
    key = {"indicator_id": "share", "area_code": "A", "period_start": date(2024, 4, 1),
           "period_duration": "P1Y", "revised_at": REVISED, "revised_by_load": 7}
    version = {"lci": None, "uci": None, "numerator": None, "denominator": None,
               "status": None, "note": None, "period_label": "2024/25"}
    rows = [{**key, **version, "version": "was", "value": 6.4, "load_id": 3},
            {**key, **version, "version": "now", "value": 6.6, "load_id": 7},
            # a 'was' row whose new row the viewer may not see is left out
            {**key, **version, "version": "was", "value": 1.0, "load_id": 2,
             "revised_by_load": 3}]
    [record] = paired(rows)
    assert (record["previous_value"], record["value"], record["previous_load_id"],
            record["load_id"], record["revised_by_load"]) == (6.4, 6.6, 3, 7, 7)
