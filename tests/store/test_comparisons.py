"""Comparisons with a benchmark are computed at build (dashboard/methods/judgements.py) and match
hand calculation from the published files."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from dashboard.common.config import DATA_DIR

ENGLAND = "E92000001"


def published(indicator_file: str, indicator: str, period: str) -> dict[str, dict]:
    path = DATA_DIR / "ons" / indicator_file / f"{indicator_file}.csv"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row["areacd"]: row for row in csv.DictReader(handle)
                if row["indicator"] == indicator and row["period"] == period}


@pytest.mark.parametrize("code", ["E08000004", "E08000010", "E08000035", "E06000009",
                                  "E07000117", "E09000030", "E06000053"])
def test_employment_rate_comparison_with_england_matches_hand_calculation(store, code):
    rows = published("employment-rate", "Employment rate", "2023-01-01/P1Y")
    england = float(rows[ENGLAND]["observation"])
    row = rows[code]
    unreliable = row["status"] == "u" or "unreliable" in row["notes"].lower()
    if unreliable or not (row["observation"] and row["lci_95"] and row["uci_95"]):
        expected = "not_compared"  # e.g. Isles of Scilly: suppressed, no interval
    elif float(row["lci_95"]) > england:
        expected = "better"  # higher is better: whole interval above England
    elif float(row["uci_95"]) < england:
        expected = "worse"
    else:
        expected = "similar"
    values = store.period_values("employment-rate", "2023-01-01", ("lad",))
    got = values.set_index("area_code").loc[code]
    assert got["england_value"] == england
    if expected != "not_compared":
        assert got["comparison_method"] == "ci"
    assert got["comparison"] == expected


def test_every_lad_has_an_employment_rate_comparison(store):
    values = store.period_values("employment-rate", "2023-01-01", ("lad",))
    english = values[values["area_code"].str.startswith("E")]
    assert len(english) >= 296
    assert english["comparison"].notna().all()
    assert set(english["comparison"]) <= {"better", "similar", "worse", "not_compared"}
    assert (english["comparison"] == "worse").sum() > 0 and (english["comparison"] ==
                                                             "better").sum() > 0


def test_claimant_count_without_intervals_uses_the_spread_rule(store):
    rows = published("claimant-count", "Claimant Count", "2025-01-01/P1Y")
    england = float(rows[ENGLAND]["observation"])
    lads = store.areas(("lad",))
    in_use = set(lads.loc[lads["valid_to"].isna() & lads["area_code"].str.startswith("E"),
                          "area_code"])
    # the spread is measured across the English local authorities in use in 2025
    lad_values = np.array([float(r["observation"]) for code, r in rows.items()
                           if r["observation"] and code in in_use])
    median = np.median(lad_values)
    threshold = 1.482602218505602 * np.median(np.abs(lad_values - median))
    values = store.period_values("claimant-count", "2025-01-01", ("lad",)).set_index("area_code")
    for code in ("E08000004", "E07000117", "E06000060", "E09000030"):
        diff = float(rows[code]["observation"]) - england
        expected = "similar" if abs(diff) <= threshold else ("worse" if diff > 0 else "better")
        assert values.loc[code, "comparison_method"] == "spread"
        assert values.loc[code, "comparison"] == expected, code
        assert "spread rule, not a significance test" in values.loc[code, "comparison_reason"]


def test_dover_no_qualifications_flagged_unreliable_is_not_compared(store):
    # ONS publishes Dover's 2023 estimate without an interval, noting that the estimate
    # and interval are unreliable (small sample); it used to be called "worse".
    values = store.period_values("no-qualifications", "2023-01-01", ("lad",))
    dover = values.set_index("area_code").loc["E07000108"]
    assert dover["status"] == "u"
    assert dover["comparison"] == "not_compared"
    assert "unreliable" in dover["comparison_reason"]
    for level in (0.95, 0.998):
        for benchmark in ("england", "region"):
            other = store.period_values("no-qualifications", "2023-01-01", ("lad",),
                                        benchmark, level).set_index("area_code")
            assert other.loc["E07000108", "comparison"] == "not_compared"


def test_no_unreliable_value_gets_a_verdict_anywhere(built_store_path):
    import duckdb

    with duckdb.connect(str(built_store_path), read_only=True) as con:
        judged = con.execute("""
            SELECT count(*) FROM judgements j JOIN area_values v USING (indicator_id,
                area_code, period_start, period_duration)
            WHERE (v.status = 'u' OR v.note ILIKE '%unreliable%')
              AND j.result <> 'not_compared'""").fetchone()[0]
        flagged = con.execute("SELECT count(*) FROM area_values WHERE status = 'u'"
                              ).fetchone()[0]
    assert flagged > 0 and judged == 0


def test_kent_claimant_count_is_judged_the_same_on_every_page(store):
    # The scorecard once used the spread across districts for a county and the profile
    # the spread across counties; both now read the one stored judgement.
    profile = pd.DataFrame(store.area_profile("E10000016")).set_index("indicator_id")
    values = store.period_values("claimant-count", None, ("county",)).set_index("area_code")
    assert profile.loc["claimant-count", "comparison"] == \
        values.loc["E10000016", "comparison"]


def test_998_is_never_firmer_than_95(built_store_path):
    import duckdb

    with duckdb.connect(str(built_store_path), read_only=True) as con:
        firmer = con.execute("""
            SELECT count(*) FROM judgements a JOIN judgements b USING (indicator_id,
                area_code, period_start, period_duration, benchmark)
            WHERE a.level = 0.95 AND b.level = 0.998 AND a.method = 'ci'
              AND a.result = 'similar' AND b.result <> 'similar'""").fetchone()[0]
    assert firmer == 0
