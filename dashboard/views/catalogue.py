"""Pure helpers for the Data page: the catalogue of datasets, indicators and quality."""

from __future__ import annotations

import pandas as pd

from dashboard.common.geography import AREA_TYPE_LABELS
from dashboard.methods.quality import RULE_TITLES


def coverage_text(row: dict) -> str:
    first, last = row.get("first_period"), row.get("last_period")
    if not first:
        return "no data"
    n = row.get("n_periods") or 0
    return first if first == last else f"{first} to {last} ({int(n)} periods)"


def geography_text(area_types: str | None) -> str:
    if not area_types:
        return "—"
    return ", ".join(AREA_TYPE_LABELS.get(t.strip(), t.strip())
                     for t in area_types.split(",") if t.strip() != "other")


def catalogue(indicators: pd.DataFrame, datasets: pd.DataFrame, loads: pd.DataFrame,
              quality: pd.DataFrame) -> list[dict]:
    """One entry per dataset, each with its indicators and its files' quality summary."""
    out = []
    files_by_dataset: dict[str, list[str]] = {}
    for row in datasets.itertuples():
        files_by_dataset.setdefault(row.dataset_id, []).append(row.file)
    for dataset in datasets.to_dict("records"):
        items = indicators[indicators["dataset_id"] == dataset["dataset_id"]]
        related_loads = loads[loads["file"].map(
            lambda f, name=dataset["file"]: str(f).endswith(str(name)))] if len(loads) else loads
        if dataset["dataset_id"] == "iod2025":
            related_loads = loads[loads["file"].str.contains("iod2025")]
        load_ids = set(related_loads["load_id"]) if len(related_loads) else set()
        findings = quality[quality["load_id"].isin(load_ids)] if len(quality) else quality
        out.append({
            **dataset,
            "indicators": [{
                **row,
                "coverage": coverage_text(row),
                "geographies": geography_text(row.get("area_types")),
            } for row in items.to_dict("records")],
            "loads": related_loads.to_dict("records"),
            "quality": [
                {"severity": r["severity"], "rule": r["rule"],
                 "title": RULE_TITLES.get(r["rule"], r["rule"]), "count": int(r["n"]),
                 "load_id": int(r["load_id"]), "file": r["file"]}
                for r in findings.to_dict("records")
            ],
        })
    return out


def quality_sentence(entry: dict) -> str:
    """'No problems found' or '0 errors, 362 warnings (362 unusual jumps ...)'."""
    errors = sum(q["count"] for q in entry["quality"] if q["severity"] == "error")
    warnings = [q for q in entry["quality"] if q["severity"] == "warning"]
    if not errors and not warnings:
        return "No problems found"
    parts = ", ".join(f"{q['count']:,} {q['title'].lower()}" for q in warnings)
    total = sum(q["count"] for q in warnings)
    return f"{errors:,} errors, {total:,} warnings" + (f" ({parts})" if parts else "")


def examples_by_rule(load_ids: set[int], findings_for_load, per_rule: int = 3
                     ) -> dict[tuple[int, str], list[dict]]:
    """The first few findings of each rule in each load, to show what a finding looks like."""
    out: dict[tuple[int, str], list[dict]] = {}
    for load_id in sorted(load_ids):
        for record in findings_for_load(load_id).to_dict("records"):
            items = out.setdefault((load_id, record["rule"]), [])
            if len(items) < per_rule:
                items.append(record)
    return out
