"""What a value carries (dashboard/views/value_notes.py and its rendering): flag and note
markers built from rows, the key and notes under a table, the one label of withheld
values, and the dataset's quality checks in one line."""

from __future__ import annotations

import json
import re

import pandas as pd
from plotly.io.json import to_json_plotly

from dashboard.methods.disclosure import WITHHELD_LABEL, Rule, protect
from dashboard.views import indicator
from dashboard.views.value_notes import FLAG_WORDS, ValueNotes, quality_sentence
from layouts.value_marks import marked, notes_block
from tests.unit.test_plain import as_json, rebuild

PCT = {"title": "Rate", "unit": "%", "decimals": 1}
AGGREGATED = "This data has been aggregated and may show differences to other published figures"
UNRELIABLE = "Estimate and confidence interval unreliable since the group sample size is small (3-9)"


def test_a_flag_is_marked_and_explained_in_the_key():
    notes = ValueNotes("t")
    marks = notes.marks("u", None, "6.6%")
    assert [(m.text, m.target) for m in marks] == [("u", "t-flag-u")]
    assert marks[0].label == "flag u: " + FLAG_WORDS["u"]
    assert re.match(r"flag u\b", marks[0].label)  # the visible text is part of its name
    assert notes.flags == [("u", FLAG_WORDS["u"], "t-flag-u")] and notes.notes == []


def test_notes_are_numbered_in_the_order_met_and_each_listed_once():
    notes = ValueNotes("t")
    first = notes.marks(None, AGGREGATED, "4.0%")
    again = notes.marks(None, AGGREGATED + ".", "4.1%")  # the same note, with a full stop
    second = notes.marks("u", UNRELIABLE, "12.0%")
    assert [m.text for m in first] == ["1"] and [m.text for m in again] == ["1"]
    assert [m.text for m in second] == ["u", "2"]
    assert notes.notes == [(1, AGGREGATED, "t-note-1"), (2, UNRELIABLE, "t-note-2")]
    assert second[1].label == f"note 2: {UNRELIABLE}"


def test_a_value_without_flag_or_note_has_no_markers_and_the_table_no_key():
    notes = ValueNotes("t")
    assert notes.marks(None, None, "4.0%") == []
    assert notes.marks(float("nan"), "  ", "4.0%") == []
    assert not notes and notes_block(notes) is None
    assert marked("4.0%", []) == "4.0%"


def test_a_note_the_value_already_reads_is_not_repeated():
    notes = ValueNotes("t")
    # a missing value reads its reason
    assert [m.text for m in notes.marks("x", "Data not available",
                                        "no data (data not available)")] == ["x"]
    assert notes.notes == []


def test_flags_are_listed_x_u_c_then_others_and_unknown_flags_as_published():
    notes = ValueNotes("t")
    for flag in ("z", "c", "u", "x"):
        notes.marks(flag, None, "")
    assert [f for f, _, _ in notes.flags] == ["x", "u", "c", "z"]
    words = {flag: words for flag, words, _ in notes.flags}
    assert words["z"] == "flagged “z” by the publisher" and words["c"] == WITHHELD_LABEL


def test_withheld_values_carry_the_one_label_and_no_note_of_their_own():
    """Rows withheld by disclosure control: the table reads the one label, each is marked
    'c' like every other, and nothing beside them says which are small."""
    frame = pd.DataFrame({
        "indicator_id": "count", "area_code": ["E01000001", "E01000002", "E01000003"],
        "period_start": pd.Timestamp("2024-01-01"), "value": [2.0, 3.0, 40.0],
        "numerator": [2, 3, 40]})
    out = protect(frame, {"count": (Rule(min_count=5), "count")})
    long = [{"role": "area" if i == 0 else "comparator", "code": r["area_code"],
             "name": r["area_code"], "period_start": r["period_start"], "period_label": "2024",
             "value": None if pd.isna(r["value"]) else r["value"], "lci": None, "uci": None,
             "status": r["status"] if isinstance(r["status"], str) else None,
             "note": r["note"] if isinstance(r["note"], str) else None}
            for i, r in enumerate(out.to_dict("records"))]
    _, rows = indicator.trend_table_cells(long, {"unit": "people", "decimals": 0})
    cells = rows[0][1:]
    notes = ValueNotes("t")
    marks = [notes.marks(c["status"], c["note"], c["text"]) for c in cells]
    assert [c["text"] for c in cells] == [WITHHELD_LABEL, WITHHELD_LABEL, "40"]
    assert [[m.text for m in ms] for ms in marks] == [["c"], ["c"], []]
    assert marks[0] == marks[1]  # the same marker for every withheld value
    assert notes.notes == [] and [f for f, _, _ in notes.flags] == ["c"]


def test_the_trend_tables_text_is_unchanged_by_its_cells():
    long = [{"role": "area", "code": "A", "name": "Oldham", "period_start": 1,
             "period_label": "2023", "value": 4.0, "lci": 3.5, "uci": 4.5, "status": "u",
             "note": UNRELIABLE},
            {"role": "england", "code": "E", "name": "England", "period_start": 1,
             "period_label": "2023", "value": 3.0, "lci": None, "uci": None, "status": None,
             "note": None}]
    header, rows = indicator.trend_table_cells(long, PCT)
    assert header == ["Period", "Oldham", "Oldham 95% confidence interval", "England"]
    assert rows[0][1] == {"text": "4.0%", "status": "u", "note": UNRELIABLE, "revised": None}
    assert rows[0][2]["status"] is None and rows[0][3]["text"] == "3.0%"
    assert indicator.trend_table_rows(long, PCT) == (
        header, [["2023", "4.0%", "3.5% to 4.5%", "3.0%"]])


def test_markers_and_the_key_are_valid_components_linked_by_id():
    notes = ValueNotes("theme-work")
    cell = marked("4.0%", notes.marks("u", UNRELIABLE, "4.0%"))
    block = notes_block(notes)
    assert as_json(rebuild(cell)) == as_json(cell)  # only props the components take
    assert as_json(rebuild(block)) == as_json(block)
    text = to_json_plotly([cell, block])
    targets = {link["props"]["href"][1:] for link in cell[1]["props"]["children"]
               if isinstance(link, dict)}
    assert targets == {"theme-work-flag-u", "theme-work-note-1"}
    for target in targets:  # each marker points at an element of the key or the notes
        assert json.dumps(target) in text.replace('"id":', "")
    assert "Flags and notes" in text and UNRELIABLE in text


def test_the_quality_line_counts_errors_and_warnings():
    assert quality_sentence([]) is None
    assert quality_sentence([{"dataset_id": "a", "errors": 0, "warnings": 366}]) == \
        "Quality checks when the data was loaded: 0 errors, 366 warnings"
    assert quality_sentence([{"errors": 1, "warnings": 1}, {"errors": 0, "warnings": 1233}]) \
        == "Quality checks when these 2 datasets were loaded: 1 error, 1,234 warnings"
