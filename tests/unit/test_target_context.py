"""A target's gap in people and its ambition, against hand calculations: the pure functions
in dashboard/methods/targets/gap.py and ambition.py, and the words the page shows."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.common.periods import Period
from dashboard.methods.targets.ambition import assess_ambition, needed_change
from dashboard.methods.targets.context import ambition_words, change_words, proposed_target
from dashboard.methods.targets.gap import Gap, about, apportion, gap_in_people, rate_subject
from dashboard.methods.targets.model import Target

CLAIMANT = {"title": "Claimant Count", "unit": "%", "suffix": "%", "decimals": 1,
            "value_type": "percentage", "theme": "work and worklessness",
            "definition": "Percentage of people aged 16 to 64 who are claiming "
                          "unemployment-related benefits"}
EMPLOYMENT = {**CLAIMANT, "definition": "Percentage of people aged 16 to 64 in employment"}
PAY = {"title": "Gross median weekly pay", "unit": "£", "decimals": 1,
       "definition": "Median gross weekly earnings of full-time employees"}
OLDHAM_16_64 = {"area_code": "E08000004", "year": 2021, "all_ages": 242072,
                "aged_16_64": 148496, "made_from": ["E08000004"]}


def year(y: int) -> Period:
    return Period(date(y, 1, 1), "P1Y", str(y))


def target(value: float, direction: str = "decrease", baseline: float = 6.5,
           start: int = 2022, end: int = 2027) -> Target:
    return Target("oldham", "claimant-count", "E08000004", year(start), baseline, year(end),
                  value, direction)


def test_gap_in_people_for_oldham_claimant_count_by_hand() -> None:
    # Latest 6.6% (2025), target 5.0%, mid-2021 population aged 16 to 64: 148,496.
    # |6.6 - 5.0| / 100 * 148,496 = 0.016 * 148,496 = 2,375.936 -> "about 2,400".
    gap = gap_in_people(target(5.0), 6.6, CLAIMANT, OLDHAM_16_64)
    assert isinstance(gap, Gap)
    assert gap.people == pytest.approx(2375.936)
    assert gap.denominator == 148496
    assert gap.sentence == ("About 2,400 fewer people aged 16 to 64 who are claiming "
                            "unemployment-related benefits would meet the target.")
    assert gap.denominator_words == "mid-2021 population estimate, aged 16 to 64 (ONS)"


def test_gap_for_a_rise_counts_more_people() -> None:
    # Employment rate 76.4% against 78.0%: 1.6 / 100 * 148,496 = 2,375.9 more in work.
    gap = gap_in_people(target(78.0, "increase", baseline=75.0), 76.4, EMPLOYMENT,
                        OLDHAM_16_64)
    assert isinstance(gap, Gap) and gap.more
    assert gap.sentence == ("About 2,400 more people aged 16 to 64 in employment would meet "
                            "the target.")


def test_no_gap_in_people_says_why_in_one_line() -> None:
    assert rate_subject(PAY) is None
    assert gap_in_people(target(640, "increase", 492), 560, PAY, OLDHAM_16_64) == (
        "No gap in people is given: this indicator is not a percentage of a population "
        "Placeboard holds.")
    assert "already meets the target" in gap_in_people(target(5.0), 4.9, CLAIMANT,
                                                       OLDHAM_16_64)
    assert "no mid-2021 population estimate" in gap_in_people(target(5.0), 6.6, CLAIMANT,
                                                              None)
    assert "no published value" in gap_in_people(target(5.0), None, CLAIMANT, OLDHAM_16_64)


@pytest.mark.parametrize(("people", "words"), [
    (0.4, "fewer than 10"), (9.9, "fewer than 10"), (56, "about 60"), (456, "about 460"),
    (1234, "about 1,200"), (2375.936, "about 2,400"), (39083, "about 39,000")])
def test_counts_are_rounded_honestly(people: float, words: str) -> None:
    assert about(people) == words


def test_apportion_shares_the_gap_by_the_lsoa_measure() -> None:
    gap = Gap(1000.0, 148496, "", "", False, "")
    lsoas = pd.DataFrame({"area_code": ["E01000001", "E01000002", "E01000003"],
                          "area_name": ["A 001A", "A 001B", "A 001C"],
                          "ward_name": ["North", "South", "North"],
                          "value": [30.0, 10.0, 60.0]})
    # shares 30/100, 10/100, 60/100 of 1,000 people, largest first
    top = apportion(gap, lsoas, top=2)
    assert [(n.lsoa_code, n.ward_name, n.share, n.people) for n in top] == [
        ("E01000003", "North", pytest.approx(0.6), pytest.approx(600.0)),
        ("E01000001", "North", pytest.approx(0.3), pytest.approx(300.0))]
    assert apportion(gap, lsoas.assign(value=0.0)) == []


def comparators() -> pd.DataFrame:
    """Five areas' values at 2020 and 2025 (and one with only 2025): hand-made."""
    rows = {"OWN": (8.0, 6.6), "N1": (7.0, 5.5), "N2": (9.0, 5.1), "N3": (6.9, 5.6),
            "N4": (9.6, 10.6), "E1": (5.0, 4.0)}
    out = [{"area_code": c, "area_name": c, "period_start": f"{y}-01-01",
            "period_label": str(y), "value": v[i]}
           for c, v in rows.items() for i, y in enumerate((2020, 2025))]
    out.append({"area_code": "E2", "area_name": "E2", "period_start": "2025-01-01",
                "period_label": "2025", "value": 3.0})
    return pd.DataFrame(out)


def test_ambition_against_neighbours_and_england_by_hand() -> None:
    t = Target("oldham", "claimant-count", "OWN", year(2022), 6.5, year(2027), 5.0,
               "decrease")
    # needed: (5.0 - 6.5) / 5 years = -0.3 a year
    assert needed_change(t) == (pytest.approx(-0.3), pytest.approx(5.0))
    result = assess_ambition(t, comparators(), ["N1", "N2", "N3", "N4", "NX"],
                             "English local authority districts", 6.9, CLAIMANT)
    assert result is not None
    assert result.span == ("2020", "2025") and result.span_years == pytest.approx(5.0)
    # own: (6.6 - 8.0) / 5 = -0.28
    assert result.own_change == pytest.approx(-0.28)
    # neighbours: N1 (5.5-7.0)/5 = -0.30, N2 -0.78, N3 -0.26, N4 +0.20 (NX has no data)
    n = result.neighbours
    assert n is not None and n.n == 4
    # sorted -0.78, -0.30, -0.26, 0.20; type 7: Q1 at 0.75 -> -0.78 + 0.75*0.48 = -0.42;
    # median (-0.30 - 0.26)/2 = -0.28; Q3 at 2.25 -> -0.26 + 0.25*0.46 = -0.145
    assert n.quartiles == pytest.approx((-0.78, -0.42, -0.28, -0.145, 0.20))
    # as well as -0.30 or better: N1 (-0.30, a tie) and N2 -> 2 of 4
    assert n.as_well == 2
    # percentile (kind "mean") of improvement 0.30 among 0.30, 0.78, 0.26, -0.20:
    # strictly below 2, at or below 3 -> (2 + 3) / 2 / 4 = 62.5
    assert n.percentile == pytest.approx(62.5)
    # England: every area with both values but OWN: N1..N4 and E1 (-0.20) -> 2 of 5
    e = result.england
    assert e is not None and e.n == 5 and e.as_well == 2
    # suggested: 6.5 + 5 * Q1 = 4.4 to 6.5 + 5 * Q3 = 5.775
    assert result.suggested == (pytest.approx(4.4), pytest.approx(5.775))
    assert result.projected == 6.9
    words = ambition_words(result, t, CLAIMANT, "Oldham")
    assert words[0] == ("The target of 5.0% by 2027 needs a fall of 0.30 percentage points a "
                        "year, from 6.5% in 2022.")
    assert words[1] == ("2 of 4 statistical neighbours did as well over 2020 to 2025; it "
                        "needs a faster improvement than 62% of them made (the 62nd "
                        "percentile).")
    assert "Oldham itself saw a fall of 0.28 percentage points a year over 2020 to 2025." \
        in words
    assert words[-1] == ("A suggested range, in line with its statistical neighbours (the "
                         "middle half of their changes a year, applied to the baseline over "
                         "5 years): 4.4% to 5.8% by 2027.")


def test_a_proposed_value_is_read_or_refused() -> None:
    t = target(5.0)
    assert proposed_target(t, "3.5").target_value == 3.5
    assert proposed_target(t, " 4% ").target_value == 4.0
    assert proposed_target(t, "lots") == "The proposed value “lots” is not a number."
    assert proposed_target(t, "nan") == "The proposed value “nan” is not a number."
    assert proposed_target(t, "120", CLAIMANT) == (
        "The proposed value 120 is not a percentage from 0 to 100.")
    assert change_words(0.0, CLAIMANT) == "no change"
    assert change_words(29.45, PAY) == "a rise of £29.45"


def test_a_shorter_published_span_is_said() -> None:
    t = target(5.0)
    short = comparators().assign(period_start=lambda f: f["period_start"].str.replace(
        "2020", "2024"), period_label=lambda f: f["period_label"].str.replace("2020", "2024"))
    result = assess_ambition(t, short, ["N1"], "English areas", None, CLAIMANT)
    assert result is not None and result.span == ("2024", "2025")
    assert ("The published series gives only 1 year (2024 to 2025) to compare, not the "
            "target's 5 years, so these changes are over a shorter span.") in \
        ambition_words(result, t, CLAIMANT, "Oldham")


def test_a_span_needs_two_periods() -> None:
    t = target(5.0)
    one = comparators()[comparators()["period_label"] == "2025"]
    assert assess_ambition(t, one, ["N1"], "English areas", None) is None
