"""Targets files: YAML and CSV parsing and validation with precise, helpful findings."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.methods import targets as model

INDICATORS = {
    "claimant-count": {"title": "Claimant Count", "polarity": "lower_is_better",
                       "value_type": "percentage", "theme": "work", "unit": "%",
                       "suffix": "%", "decimals": 1},
    "employment-rate": {"title": "Employment rate", "polarity": "higher_is_better",
                        "value_type": "percentage", "theme": "work", "unit": "%",
                        "suffix": "%", "decimals": 1},
    "economically-inactive": {"title": "Economic inactivity", "polarity": "no_judgement",
                              "value_type": "percentage", "theme": "work", "unit": "%",
                              "suffix": "%", "decimals": 1},
    "gcses": {"title": "GCSEs", "polarity": "higher_is_better", "value_type": "percentage",
              "theme": "skills", "unit": "%", "suffix": "%", "decimals": 1},
    "hle": {"title": "Healthy life expectancy", "polarity": "higher_is_better",
            "value_type": "years", "theme": "health", "unit": "yrs", "decimals": 1},
}
AREAS = {"E08000004": "Oldham", "E08000010": "Wigan", "E06000063": "Cumberland",
         "E06000064": "Westmorland and Furness", "E92000001": "England"}


def _annual(start_month: int, values: dict[int, float], duration: str = "P1Y",
            label=None) -> pd.DataFrame:
    rows = []
    for y, v in values.items():
        start = date(y, start_month, 1)
        text = label(y) if label else (f"{y}/{(y + 1) % 100:02d}" if start_month != 1
                                       else str(y))
        rows.append({"period_start": pd.Timestamp(start), "period_duration": duration,
                     "period_label": text, "value": v, "lci": np.nan, "uci": np.nan})
    return pd.DataFrame(rows)


SERIES = {
    ("claimant-count", "E08000004"): _annual(1, {2021: 8.7, 2022: 6.5, 2023: 6.3, 2024: 6.9,
                                                 2025: 6.6}),
    ("employment-rate", "E08000004"): _annual(1, {2020: 70.7, 2021: 64.7, 2022: 73.7,
                                                  2023: 76.4}),
    ("economically-inactive", "E08000004"): _annual(1, {2020: 25.4, 2023: 20.8}),
    ("gcses", "E08000004"): _annual(9, {2022: 72.3, 2023: 71.1, 2024: 68.4}),
    ("hle", "E08000004"): _annual(1, {2019: 57.3, 2020: 58.3, 2021: 58.1, 2022: 56.7}, "P3Y",
                                  lambda y: f"{y}-{y + 2}"),
    ("claimant-count", "E06000063"): _annual(1, {2022: 2.8, 2025: 2.4}),
    ("claimant-count", "E06000064"): _annual(1, {2022: 2.1, 2025: 1.9}),
}


def reference(partnerships: dict | None = None) -> model.Reference:
    def series(indicator: str, area: str) -> pd.DataFrame:
        return SERIES.get((indicator, area), _annual(1, {}))
    return model.Reference(INDICATORS, AREAS, partnerships or {}, series)


PARTNERSHIPS = """\
partnerships:
  - id: oldham
    name: Oldham
    type: local strategic partnership
    members: [E08000004]
  - id: cumbria
    name: Cumbria
    type: local strategic partnership
    members: [E06000063, E06000064]
"""


def write(tmp_path: Path, text: str, name: str = "targets.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text if text.startswith("partnerships") else textwrap.dedent(text))
    return path


def doc(block: str) -> str:
    """The two test partnerships followed by a dedented block of YAML."""
    return PARTNERSHIPS + textwrap.dedent(block)


def findings(parsed: model.ParsedTargets, rule: str) -> list:
    return [f for f in parsed.report.findings if f.rule == rule]


def test_valid_yaml_defines_partnerships_and_targets(tmp_path):
    path = write(tmp_path, doc("""\
        illustrative: true
        targets:
          - partnership: oldham
            indicator: claimant-count
            baseline_period: "2022"
            target_period: "2027"
            target_value: 5.0
            milestones: {"2025": 5.9, "2026": 5.4}
            owner: Work and Skills Board
            commentary: Above the trajectory.
            action: More outreach.
            due_date: 2026-06-30
          - partnership: oldham
            indicator: gcses
            baseline_period: 2022/23
            target_period: 2027/28
            target_value: 75
          - partnership: oldham
            indicator: hle
            baseline_period: 2019-2021
            target_period: 2025-2027
            target_value: 59.5
          - partnership: oldham
            indicator: economically-inactive
            direction: decrease
            baseline_period: "2020"
            baseline_value: 25.4
            target_period: "2026"
            target_value: 21
        """))
    parsed = model.validate(path, reference())
    assert parsed.report.errors == [], [f.text() for f in parsed.report.findings]
    assert [p.partnership_id for p in parsed.partnerships] == ["oldham", "cumbria"]
    assert parsed.partnerships[1].members == ("E06000063", "E06000064")
    claimant, gcses, hle, inactive = parsed.targets
    assert claimant.area_code == "E08000004"          # the only member
    assert claimant.baseline_value == 6.5 and claimant.baseline_source == "stored"
    assert claimant.direction == model.DECREASE and claimant.illustrative
    assert [(m.period.label, m.value) for m in claimant.milestones] == [("2025", 5.9),
                                                                       ("2026", 5.4)]
    assert claimant.due_date == date(2026, 6, 30)
    assert claimant.theme == "work"                   # the indicator's theme by default
    # Periods take the indicator's own calendar: academic years start in September.
    assert gcses.baseline.start == date(2022, 9, 1) and gcses.target.start == date(2027, 9, 1)
    assert gcses.target.label == "2027/28"
    assert hle.baseline.label == "2019-2021" and hle.target.duration == "P3Y"
    assert inactive.direction == model.DECREASE


def test_same_file_as_csv(tmp_path):
    path = write(tmp_path, """\
        partnership,indicator,area,baseline_period,baseline_value,target_period,target_value,milestones,owner
        oldham,claimant-count,E08000004,2022,,2027,5.0,2025=5.9; 2026=5.4,Board
        oldham,employment-rate,,2021,,2026,72.0,,
        """, "targets.csv")
    known = {"oldham": model.Partnership("oldham", "Oldham", "local strategic partnership",
                                         ("E08000004",))}
    parsed = model.validate(path, reference(known))
    assert parsed.report.ok, [f.text() for f in parsed.report.findings]
    assert [t.line for t in parsed.targets] == [2, 3]
    assert parsed.targets[0].milestones[1].value == 5.4
    assert parsed.targets[1].baseline_value == 64.7


def test_every_error_names_file_line_column_value_and_what_was_expected(tmp_path):
    path = write(tmp_path, doc("""\
        targets:
          - partnership: oldham
            indicator: no-such-indicator
            baseline_period: "2022"
            target_period: "2027"
            target_value: 5
          - partnership: oldham
            indicator: claimant-count
            area: E99999999
            baseline_period: "2022"
            target_period: "2027"
            target_value: 5
          - partnership: oldham
            indicator: claimant-count
            baseline_period: "2022"
            target_period: "2021"
            target_value: 5
          - partnership: oldham
            indicator: claimant-count
            area: E08000010
            baseline_period: "2022"
            target_period: "2027"
            target_value: 5
          - partnership: oldham
            indicator: employment-rate
            baseline_period: "2021"
            target_period: "2026"
            target_value: 60
          - partnership: nowhere
            indicator: gcses
            baseline_period: 2022/23
            target_period: 2027/28
            target_value: six
          - partnership: oldham
            indicator: gcses
            baseline_period: 2022-23-24
            target_period: 2027/29
            target_value: 75
            due_date: 30/06/2026
        """))
    parsed = model.validate(path, reference())
    report = parsed.report
    assert not report.ok and parsed.targets == []
    by_rule = {f.rule: f for f in report.errors}
    assert set(by_rule) >= {"unknown_indicator", "unknown_area", "target_before_baseline",
                            "not_member", "wrong_direction", "unknown_partnership",
                            "bad_number", "bad_period", "bad_date"}
    lines = path.read_text().splitlines()
    for finding in report.errors:
        assert finding.file == str(path)
        assert finding.line is not None and finding.column
        assert "expected" in finding.message, finding.text()
        if finding.value is not None and finding.rule != "wrong_direction":
            assert finding.value in lines[finding.line - 1], finding.text()
    unknown = by_rule["unknown_indicator"]
    assert (unknown.line, unknown.column, unknown.value) == (12, "indicator",
                                                             "no-such-indicator")
    before = by_rule["target_before_baseline"]
    assert (before.line, before.column, before.value) == (25, "target_period", "2021")
    assert "not after the baseline period 2022" in before.message
    wrong = by_rule["wrong_direction"]
    assert (wrong.line, wrong.column) == (37, "target_value")
    assert "target 60 is below the baseline 64.7" in wrong.message
    assert "expected a target above 64.7" in wrong.message
    assert by_rule["bad_number"].value == "six"
    assert {f.value for f in findings(parsed, "bad_period")} == {"2022-23-24", "2027/29"}


def test_wrong_direction_for_lower_is_better_and_for_stated_direction(tmp_path):
    path = write(tmp_path, doc("""\
        targets:
          - partnership: oldham
            indicator: claimant-count
            baseline_period: "2022"
            target_period: "2027"
            target_value: 7.5
          - partnership: oldham
            indicator: employment-rate
            direction: decrease
            baseline_period: "2021"
            target_period: "2026"
            target_value: 75
        """))
    parsed = model.validate(path, reference())
    wrong = findings(parsed, "wrong_direction")
    assert len(wrong) == 2
    assert "target 7.5 is above the baseline 6.5" in wrong[0].message
    assert "expected a target below 6.5" in wrong[0].message
    assert wrong[1].column == "direction" and "must increase" in wrong[1].message


def test_duplicates_report_both_lines(tmp_path):
    path = write(tmp_path, doc("""\
        targets:
          - partnership: oldham
            indicator: claimant-count
            baseline_period: "2022"
            target_period: "2027"
            target_value: 5
          - partnership: oldham
            indicator: claimant-count
            area: E08000004
            baseline_period: "2023"
            target_period: "2028"
            target_value: 4.5
          - partnership: cumbria
            indicator: claimant-count
            area: E06000063
            baseline_period: "2022"
            target_period: "2027"
            target_value: 2.3
          - partnership: cumbria
            indicator: claimant-count
            area: E06000064
            baseline_period: "2022"
            target_period: "2027"
            target_value: 1.8
        """))
    parsed = model.validate(path, reference())
    duplicates = findings(parsed, "duplicate_key")
    assert len(duplicates) == 1
    assert duplicates[0].line == 16
    assert "lines 11 and 16" in duplicates[0].message
    assert not parsed.report.ok


def test_duplicate_partnership_ids(tmp_path):
    extra = ("  - id: oldham\n    name: Oldham again\n    type: combined authority\n"
             "    members: [E08000004]\n")
    path = write(tmp_path, PARTNERSHIPS + extra)
    parsed = model.validate(path, reference())
    [duplicate] = findings(parsed, "duplicate_key")
    assert duplicate.line == 10 and "lines 2 and 10" in duplicate.message


def test_missing_fields_partnership_problems_and_no_judgement_direction(tmp_path):
    path = write(tmp_path, """\
        partnerships:
          - id: Bad Id
            name: Somewhere
            type: city deal
            members: [E08000004, E00000000]
          - id: cumbria
            name: Cumbria
            type: local strategic partnership
            members: [E06000063, E06000064]
        targets:
          - partnership: cumbria
            indicator: claimant-count
            baseline_period: "2022"
            target_period: "2027"
            target_value: 2.0
          - partnership: cumbria
            indicator: claimant-count
            area: E06000063
            target_value: 2.0
        """)
    parsed = model.validate(path, reference())
    rules = [f.rule for f in parsed.report.errors]
    assert rules.count("bad_value") == 2            # id and type
    assert "unknown_area" in rules                   # E00000000
    assert any(f.rule == "missing_field" and f.column == "area" for f in parsed.report.errors)
    missing = {f.column for f in parsed.report.errors if f.rule == "missing_field"}
    assert {"baseline_period", "target_period"} <= missing


def test_no_judgement_indicator_needs_or_infers_a_direction(tmp_path):
    path = write(tmp_path, doc("""\
        targets:
          - partnership: oldham
            indicator: economically-inactive
            baseline_period: "2020"
            target_period: "2026"
            target_value: 21
        """))
    parsed = model.validate(path, reference())
    assert parsed.report.ok
    [inferred] = findings(parsed, "direction_inferred")
    assert inferred.severity == "warning" and parsed.targets[0].direction == model.DECREASE


def test_baseline_not_published_needs_a_value(tmp_path):
    path = write(tmp_path, doc("""\
        targets:
          - partnership: oldham
            indicator: claimant-count
            baseline_period: "2019"
            target_period: "2027"
            target_value: 5
          - partnership: oldham
            indicator: employment-rate
            baseline_period: "2019"
            baseline_value: 70
            target_period: "2026"
            target_value: 75
          - partnership: oldham
            indicator: gcses
            baseline_period: 2022/23
            baseline_value: 70
            target_period: 2027/28
            target_value: 75
        """))
    parsed = model.validate(path, reference())
    [error] = parsed.report.errors
    assert error.rule == "baseline_not_stored" and error.line == 13
    assert "latest: 2021, 2022, 2023, 2024, 2025" in error.message
    warnings = {f.rule for f in parsed.report.warnings}
    assert {"baseline_not_stored", "baseline_differs"} <= warnings


def test_milestone_outside_range_and_bad_milestone_values(tmp_path):
    path = write(tmp_path, doc("""\
        targets:
          - partnership: oldham
            indicator: claimant-count
            baseline_period: "2022"
            target_period: "2027"
            target_value: 5
            milestones: {"2021": 6.0, "2025": lots}
        """))
    parsed = model.validate(path, reference())
    rules = sorted(f.rule for f in parsed.report.errors)
    assert rules == ["bad_number", "milestone_outside"]
    assert all(f.line == 16 for f in parsed.report.errors)


@pytest.mark.parametrize(("name", "text", "message"), [
    ("missing.yaml", None, "no such file"),
    ("bad.yaml", "targets: [unclosed\n", "not valid YAML at line 2"),
    ("targets.txt", "hello", "unsupported file type .txt"),
    ("list.yaml", "- a\n- b\n", "expected a mapping"),
])
def test_unreadable_files(tmp_path, name, text, message):
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    with pytest.raises(model.UnreadableTargets, match=message):
        model.validate(path, reference())


def test_align_period_and_match_stored_period():
    template = model.Period(date(2024, 9, 1), "P1Y", "2024/25")
    period, note = model.align_period("2027/28", template)
    assert period.start == date(2027, 9, 1) and note is None
    period, note = model.align_period("2027", model.Period(date(2022, 1, 1), "P3Y",
                                                           "2022-2024"))
    assert period.duration == "P3Y" and "2025-2027" in note
    assert model.align_period("2024-01-01/P1Y")[0].start == date(2024, 1, 1)
    with pytest.raises(ValueError):
        model.align_period("soon")
    found = model.match_stored_period("2023", SERIES[("claimant-count", "E08000004")])
    assert found is not None and found[1] == 6.3
    assert model.match_stored_period("2030", SERIES[("claimant-count", "E08000004")]) is None


# --- period shapes ---------------------------------------------------------------------------


def test_a_multi_year_target_on_an_annual_series_is_an_error(tmp_path):
    path = write(tmp_path, doc("""\
        targets:
          - partnership: oldham
            indicator: claimant-count
            baseline_period: "2022"
            target_period: 2025-2027
            target_value: 5.0
          - partnership: oldham
            indicator: employment-rate
            baseline_period: "2021"
            target_period: "2027"
            target_value: 78.0
            milestones: {"2024-2025": 75.0}
        """))
    parsed = model.validate(path, reference())
    shapes = findings(parsed, "period_shape")
    assert [(f.severity, f.line, f.column, f.value) for f in shapes] == [
        ("error", 14, "target_period", "2025-2027"),
        ("error", 21, "milestones", "2024-2025")]
    assert shapes[0].message == ("2025-2027 is a 3-year period, but Claimant Count is "
                                 "published for 1-year periods (e.g. 2025); write a single "
                                 "period such as 2027")
    assert "write a single period such as 2025" in shapes[1].message
    assert parsed.targets == [] and model.RULE_TITLES["period_shape"]


def test_a_single_year_baseline_on_a_multi_year_series_is_an_error(tmp_path):
    path = write(tmp_path, doc("""\
        targets:
          - partnership: oldham
            indicator: hle
            baseline_period: "2021"
            target_period: 2025-2027
            target_value: 59.5
        """))
    parsed = model.validate(path, reference())
    [shape] = findings(parsed, "period_shape")
    assert (shape.severity, shape.line, shape.column, shape.value) == (
        "error", 13, "baseline_period", "2021")
    assert shape.message == ("2021 is a single year, but Healthy life expectancy is "
                             "published for 3-year periods (e.g. 2022-2024); write the "
                             "published label, e.g. 2021-2023 or 2019-2021")


def test_published_labels_and_same_length_periods_still_work(tmp_path):
    path = write(tmp_path, doc("""\
        targets:
          - partnership: oldham
            indicator: hle
            baseline_period: 2021-2023
            target_period: 2025-2027
            target_value: 59.5
        """))
    parsed = model.validate(path, reference())
    assert parsed.report.findings == [], [f.text() for f in parsed.report.findings]
    [hle] = parsed.targets
    assert hle.baseline.label == "2021-2023" and hle.baseline_value == 58.1
    assert hle.target.duration == "P3Y"
    assert model.match_stored_period("2021", SERIES[("hle", "E08000004")]) is None
    assert model.match_stored_period("2021-2023", SERIES[("hle", "E08000004")])[1] == 58.1
