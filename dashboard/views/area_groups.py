"""Page model of a group of LSOAs (a ward, a custom area) against its council and England:
every LSOA-level indicator added up by its rule (dashboard/methods/area_aggregates.py),
with counts, rates, intervals and the denominators named. No Dash, no store."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.methods import area_aggregates as agg
from dashboard.views import maps as mapping

NO_LSOA_DATA = ("{title} has no neighbourhood (LSOA or ward) data, so wards, "
                "neighbourhoods and custom areas have no value for it.")


def is_lsoa_level(meta: Mapping[str, Any]) -> bool:
    """Whether an indicator is published for LSOAs (so wards and custom areas can be made
    from it)."""
    return "lsoa" in str(meta.get("area_types") or "").split(",")


def lsoa_indicators(catalogue: Mapping[str, Mapping[str, Any]]) -> list[dict]:
    """LSOA-level indicators that add up over a group (not ranks or deciles): the IoD
    domain rates and scores first, then the rest by title."""
    chosen = [dict(m) for m in catalogue.values() if is_lsoa_level(m)
              and agg.rule_for(m["indicator_id"], m.get("value_type")).kind != "none"]
    domain = {f"iod-{d}-score": i for i, d in enumerate(mapping.IOD_DOMAINS)}
    return sorted(chosen, key=lambda m: (domain.get(m["indicator_id"], len(domain)),
                                         str(m.get("title"))))


def _finite(value: Any) -> bool:
    return value is not None and isinstance(value, (int, float)) and math.isfinite(value)


def figure_text(figure: Mapping[str, Any], meta: Mapping[str, Any]) -> dict[str, str]:
    """A figure in words: value, interval and counts ('28.2%', '27.7% to 28.8%',
    '930 of 3,296')."""
    fmt = mapping.display_format(dict(meta))
    if figure["kind"] == "rate":
        fmt = {"decimals": 1, "prefix": "", "suffix": "%", "scale": 100}
    value = mapping.format_display(figure["value"], fmt)
    interval = (f"{mapping.format_display(figure['lci'], fmt)} to "
                f"{mapping.format_display(figure['uci'], fmt)}"
                if _finite(figure.get("lci")) else "")
    counts = ""
    if figure["kind"] == "rate" and _finite(figure.get("count")):
        counts = f"{figure['count']:,.0f} of {figure['denominator']:,.0f}"
    elif figure["kind"] == "sum" and _finite(figure.get("count")):
        counts = f"{figure['count']:,.0f}"
    elif figure["kind"] == "weighted_mean" and _finite(figure.get("denominator")):
        counts = f"weighted by {figure['denominator']:,.0f} residents"
    return {"value": value, "interval": interval, "counts": counts,
            "note": figure.get("note") or ""}


def comparison(area: Mapping[str, Any], benchmark: Mapping[str, Any], name: str) -> str:
    """For rates: whether the group's 95% interval excludes the benchmark's rate, in
    words ('Higher than England', 'Similar to Oldham: the difference is not statistically
    clear'); '' where there is nothing to compare."""
    if area["kind"] != "rate" or not (_finite(area.get("lci")) and
                                      _finite(benchmark.get("value"))):
        return ""
    if area["lci"] > benchmark["value"]:
        return f"Higher than {name}: its 95% interval is above {name}'s rate"
    if area["uci"] < benchmark["value"]:
        return f"Lower than {name}: its 95% interval is below {name}'s rate"
    return f"Similar to {name}: the difference is not statistically clear"


def _rows_of(frame: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    if frame is None or frame.empty or "indicator_id" not in frame:
        return pd.DataFrame()
    return frame[frame["indicator_id"] == indicator_id]


def group_figures(indicators: Sequence[Mapping[str, Any]], area_rows: pd.DataFrame,
                  council_rows: pd.DataFrame, england_sums: Iterable[Mapping[str, Any]],
                  council_name: str) -> list[dict]:
    """One row per indicator: the group's figure, its council's and England's (each as
    numbers and words), how it was made, the denominator, and the comparisons."""
    sums = {s["indicator_id"]: s for s in england_sums}
    out = []
    for meta in indicators:
        iid = str(meta["indicator_id"])
        rule = agg.rule_for(iid, meta.get("value_type"))
        if rule.kind == "none":
            continue
        mine = _rows_of(area_rows, iid)
        area = agg.aggregate(mine, rule)
        council = agg.aggregate(_rows_of(council_rows, iid), rule)
        england = agg.from_sums(sums.get(iid, {}), rule)
        period = next((p for p in mine.get("period_label", []) if p), None) \
            if not mine.empty else sums.get(iid, {}).get("period_label")
        out.append({
            "indicator_id": iid, "title": meta.get("title") or iid, "period": period,
            "kind": rule.kind, "method": rule.words,
            "denominator": agg.DENOMINATOR_WORDS.get(rule.denominator or "")
            if rule.kind == "rate" else ("" if rule.kind == "sum" else
                                         "weights: " + agg.DENOMINATOR_WORDS["all_ages"]),
            "area": area, "council": council, "england": england,
            "area_text": figure_text(area, meta), "council_text": figure_text(council, meta),
            "england_text": figure_text(england, meta),
            "versus_council": comparison(area, council, council_name),
            "versus_england": comparison(area, england, "England")})
    return out


def members_summary(members: pd.DataFrame) -> dict[str, Any]:
    """How many LSOAs, in which wards and councils ('3 neighbourhoods (LSOAs) in 2 wards
    of Oldham')."""
    if members is None or members.empty:
        return {"lsoas": 0, "wards": [], "councils": [], "sentence": "No neighbourhoods."}
    wards = sorted({str(w) for w in members["ward_name"].dropna()})
    councils = sorted({str(c) for c in members["lad_name"].dropna()})
    n = len(members)
    sentence = (f"{n:,} neighbourhood{'s' if n != 1 else ''} (LSOAs) in {len(wards):,} "
                f"ward{'s' if len(wards) != 1 else ''} of {' and '.join(councils)}")
    return {"lsoas": n, "wards": wards, "councils": councils, "sentence": sentence}


def split_codes(text: Any) -> list[str]:
    """Codes typed or pasted in a box (commas, spaces or lines between them)."""
    if isinstance(text, (list, tuple)):
        text = " ".join(str(t) for t in text)
    return [c.strip().upper() for c in str(text or "").replace(",", " ").split() if c.strip()]
