"""The checks a Fingertips export gets, on every published row (the breakdowns) or on
the headline rows that go into `observations`, with the rules the other readers use
(dashboard.methods.quality), each finding naming the file's own column."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.ingest.columns import BREAKDOWN_KEY
from dashboard.methods.disclosure import DEFAULT_RULE, Rule, is_count_like
from dashboard.methods.quality import (
    EndedArea,
    QualityReport,
    check_duplicates,
    check_future_periods,
    check_interval_order,
    check_jumps,
    check_missing_latest,
    check_negative_counts,
    check_obsolete_codes,
    check_percentages,
    check_small_counts,
)


def headline_rows(frame: pd.DataFrame,
                  headlines: Mapping[str, tuple[str | None, str | None]]) -> pd.DataFrame:
    """Each indicator's headline rows: no category, its headline sex and age."""
    sex = frame["indicator_id"].map({i: s for i, (s, _) in headlines.items()})
    age = frame["indicator_id"].map({i: a for i, (_, a) in headlines.items()})
    keep = (frame["category"] == "") & (frame["sex"] == sex) & (frame["age"] == age)
    return frame[keep]


def check_rows(report: QualityReport, frame: pd.DataFrame, headline: pd.DataFrame,
               indicators: list[dict], names: Mapping[str, str]) -> None:
    """Duplicates, intervals, percentages, counts and periods on every row; jumps and
    areas missing from the latest period on the headline series."""
    check_duplicates(report, frame, BREAKDOWN_KEY, names["area_code"], "area_code")
    # Limits are checked against the value to half a unit of its last published place.
    tolerance = 0.5 * 10.0 ** -frame["places"].astype(float) + 1e-9
    check_interval_order(report, frame, tolerance, (names["lci"], names["uci"]))
    check_interval_order(report, frame.drop(columns=["lci", "uci"]).rename(
        columns={"lci99": "lci", "uci99": "uci"}), tolerance, (names["lci99"], names["uci99"]))
    by_id = {i["indicator_id"]: i for i in indicators}
    percentage = [i for i, meta in by_id.items() if meta.get("value_type") == "percentage"]
    check_percentages(report, frame, frame["indicator_id"].isin(percentage), names["value"])
    counts = [i for i, meta in by_id.items()
              if is_count_like(meta.get("value_type"), meta.get("unit"), meta.get("measure"))]
    is_count = frame["indicator_id"].isin(counts)
    check_negative_counts(report, frame, is_count, names)
    rules = {i: Rule(min_count=meta.get("min_count") or DEFAULT_RULE.min_count,
                     words=meta.get("suppression_words")) for i, meta in by_id.items()}
    check_small_counts(report, frame, is_count,
                       frame["indicator_id"].map({i: r.min_count for i, r in rules.items()})
                       .astype(float),
                       frame["indicator_id"].map({i: r.text for i, r in rules.items()}), names)
    check_future_periods(report, frame, names["period"])
    check_jumps(report, headline, names["value"])
    check_missing_latest(report, headline, names["area_code"])


def check_areas(report: QualityReport, frame: pd.DataFrame, known_areas: set[str] | None,
                ended: Mapping[str, EndedArea], column: str) -> None:
    """Codes the store does not know (added with the file's name, as other readers do),
    and a warning for each superseded code naming its successors: its values stay with
    the old area, whose boundaries differ from theirs."""
    first = frame.drop_duplicates("area_code").set_index("area_code")["line"]
    rows = frame["area_code"].value_counts()
    if known_areas is not None:
        for code in sorted(set(first.index) - known_areas):
            report.warning("unknown_area", "area code is not in the store's area list; it "
                           "will be added with the name given in the file",
                           line=int(first[code]), column=column, value=code)
    for code in sorted(set(first.index) & set(ended)):
        area = ended[code]
        what = (f"was {area.replaced_text()} in {area.valid_to + 1}" if area.successors
                else f"ended in {area.valid_to}; no successor is recorded")
        report.warning("obsolete_code", f"{code} ({area.name}) {what}. Its {rows[code]} "
                       "row(s) are kept under this code, for the old area (the boundaries "
                       "differ), and the indicator page says so", line=int(first[code]),
                       column=column, value=code)
    check_obsolete_codes(report, frame, ended, column)
