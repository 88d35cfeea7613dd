"""Wards (best fit) made from their LSOAs: counts and Census 2021 populations where the
store has them (dashboard/methods/area_aggregates.py), an unweighted mean otherwise. No
Dash, no store."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.methods import area_aggregates


def aggregate_wards(lsoas: pd.DataFrame, value_type: str | None,
                    populations: pd.DataFrame | None = None,
                    indicator_id: str | None = None) -> pd.DataFrame:
    """LSOA rows -> one row per ward (best-fit lookup).

    With the LSOAs' Census 2021 populations (area_code, all_ages, aged_16_64), a ward's
    figure is made as dashboard/methods/area_aggregates.py says: a rate is its LSOAs'
    summed counts over their summed residents (16 to 64 for employment deprivation) with
    a 95% Wilson interval (lci, uci), a count is summed, any other score is the
    population-weighted mean. Without populations (a store built before them), counts
    are summed and anything else is the unweighted mean of its LSOAs' values
    (``approximate`` True). The median LSOA value goes alongside; ``people`` sums the
    employment-deprived numerators where the frame has them (published rounded to 5)."""
    frame = lsoas.copy()
    if "numerator" not in frame:
        frame["numerator"] = np.nan
    grouped = frame.groupby(["ward_code", "ward_name"], dropna=False, sort=True)
    out = grouped.agg(lsoas=("area_code", "size"),
                      lsoas_with_value=("value", "count"),
                      value_sum=("value", lambda s: s.sum(min_count=1)),
                      mean=("value", "mean"), median=("value", "median"),
                      people=("numerator", lambda s: s.sum(min_count=1)),
                      people_suppressed=("numerator", lambda s: int(s.isna().sum())))
    out = out.reset_index()
    if populations is not None and not populations.empty and not frame.empty:
        return _weighted_wards(out, frame, populations, value_type, indicator_id)
    is_count = value_type == "count"
    out["value"] = out["value_sum"] if is_count else out["mean"]
    out["approximate"] = not is_count
    out["lci"] = out["uci"] = np.nan
    incomplete = out["lsoas_with_value"] < out["lsoas"]
    out["note"] = np.where(
        is_count & incomplete, "at least: some LSOA counts are suppressed",
        np.where(is_count, "sum of LSOA counts (rounded to 5 by MHCLG)",
                 "approximate: unweighted mean of its LSOAs' values"))
    return out.drop(columns=["value_sum"])


def _weighted_wards(out: pd.DataFrame, frame: pd.DataFrame, populations: pd.DataFrame,
                    value_type: str | None, indicator_id: str | None) -> pd.DataFrame:
    """aggregate_wards' figures from counts and Census 2021 populations."""
    if indicator_id is None and "indicator_id" in frame and len(frame):
        indicator_id = str(frame["indicator_id"].iloc[0])
    rule = area_aggregates.rule_for(indicator_id or "", value_type)
    people = populations[["area_code", "all_ages", "aged_16_64"]]
    merged = frame.drop(columns=[c for c in ("all_ages", "aged_16_64") if c in frame])
    merged = merged.merge(people, on="area_code", how="left")
    figures = area_aggregates.aggregate_groups(merged, "ward_code", rule)
    out = out.drop(columns=["value_sum"]).merge(
        figures[["ward_code", "value", "lci", "uci", "count", "denominator", "lsoas_used",
                 "method", "denominator_words", "note"]].rename(columns={"note": "coverage"}),
        on="ward_code", how="left")
    out["approximate"] = False
    out["note"] = [f"{method}" + (f"; {coverage}" if coverage else "")
                   for method, coverage in zip(out["method"].fillna(rule.words),
                                               out["coverage"].fillna(""), strict=True)]
    return out.drop(columns=["coverage"])
