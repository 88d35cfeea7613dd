"""What a value carries, against the real store: the indicator page's table and the area
profile mark the flags and notes the stored observations carry, and the dataset's quality
checks are counted from quality_findings, as the viewer may see them."""

from __future__ import annotations

import duckdb

from dashboard.security.access import Viewer
from dashboard.views import area_profile, indicator
from dashboard.views.value_notes import FLAG_WORDS, ValueNotes
from layouts import indicator as indicator_page

OLDHAM_PARTNER = Viewer("partner", frozenset({"oldham"}), "pat")
SYNTHETIC_DATASET = "example-employment-support-starts"


def _stored(store, sql: str, params: list) -> list[tuple]:
    with duckdb.connect(str(store.path), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_the_quality_checks_are_counted_from_the_stored_findings(store):
    [(warnings, errors)] = _stored(store, """
        SELECT count(*) FILTER (WHERE f.severity = 'warning'),
               count(*) FILTER (WHERE f.severity = 'error')
        FROM quality_findings f JOIN loads l USING (load_id)
        WHERE l.dataset_id = 'claimant-count'""", [])
    [summary] = store.dataset_quality(("claimant-count",))
    assert (summary["dataset_id"], summary["warnings"], summary["errors"]) == \
        ("claimant-count", warnings, errors)
    assert warnings > 0 and summary["loads"] == 1
    # every file of a dataset counts: the IoD is three files
    [iod] = store.dataset_quality(("iod2025",))
    assert iod["loads"] == 3
    assert store.dataset_quality(("no-such-dataset",)) == []


def test_a_hidden_datasets_quality_is_not_told_to_those_who_may_not_see_it(store):
    assert store.dataset_quality((SYNTHETIC_DATASET,)) == []  # the public
    [partner] = store.for_viewer(OLDHAM_PARTNER).dataset_quality((SYNTHETIC_DATASET,))
    assert partner["dataset_id"] == SYNTHETIC_DATASET


def test_the_indicator_tables_flags_and_notes_are_the_stored_ones(store):
    # Rutland's share with no qualifications: small-sample estimates, flagged 'u'
    rows = _stored(store, """
        SELECT period_label, status, note FROM observations
        WHERE indicator_id = 'no-qualifications' AND area_code = 'E06000017'
          AND status IS NOT NULL""", [])
    assert rows and {status for _, status, _ in rows} == {"u"}
    selection = indicator_page.resolve(store, "no-qualifications", "E06000017")
    long = indicator_page.view_data(store, selection)["long"]
    header, cells = indicator.trend_table_cells(long, store.indicator_meta(
        "no-qualifications"))
    notes = ValueNotes("t")
    marks = {(row[0], header[i + 1]): [m.text for m in notes.marks(
        c["status"], c["note"], c["text"])] for row in cells for i, c in enumerate(row[1:])}
    for period, _, note in rows:
        assert marks[(str(period), "Rutland")][0] == "u"
    assert [f for f, _, _ in notes.flags] == ["u"]
    assert notes.flags[0][1] == FLAG_WORDS["u"]
    assert {words for _, words, _ in notes.notes} >= {note for _, _, note in rows if note}


def test_the_profiles_rows_carry_their_values_note(store):
    # Barnsley's old code: its values carry the publisher's note about the new one
    area = store.area("E08000016")
    rows = area_profile.profile_rows(store.area_profile("E08000016"), area)
    claimant = next(r for r in rows if r["indicator_id"] == "claimant-count")
    [(note,)] = _stored(store, """
        SELECT note FROM area_profiles WHERE indicator_id = 'claimant-count'
          AND area_code = 'E08000016' AND benchmark = 'england' AND level = 0.95""", [])
    assert claimant["note"] == note and note.startswith("Obsolete code since")
    notes = ValueNotes("theme")
    assert [m.text for m in notes.marks(claimant["status"], claimant["note"],
                                        claimant["value_text"])] == ["1"]
    assert claimant["dataset_id"] == "claimant-count"
