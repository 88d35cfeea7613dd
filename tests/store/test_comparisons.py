"""Comparisons with England are computed at build and match hand calculation."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from dashboard.config import DATA_DIR

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
    if not (row["observation"] and row["lci_95"] and row["uci_95"]):
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
        assert got["comparison_method"] == "ci95"
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
    lad_values = np.array([float(r["observation"]) for code, r in rows.items()
                           if r["observation"] and code[:3] in
                           {"E06", "E07", "E08", "E09", "W06", "S12", "N09"}])
    median = np.median(lad_values)
    threshold = 1.4826 * np.median(np.abs(lad_values - median))
    values = store.period_values("claimant-count", "2025-01-01", ("lad",)).set_index("area_code")
    for code in ("E08000004", "E07000117", "E06000060", "E09000030"):
        diff = float(rows[code]["observation"]) - england
        expected = "similar" if abs(diff) <= threshold else ("worse" if diff > 0 else "better")
        assert values.loc[code, "comparison_method"] == "mad"
        assert values.loc[code, "comparison"] == expected, code
