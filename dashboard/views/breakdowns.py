"""The indicator page's breakdowns (its "inequalities" section): an area's values for one
period by each kind of breakdown its publisher gives (each category type such as
deprivation deciles, then age, then sex), each as a table and a dot-and-whisker chart,
with a sentence for the chart's text alternative.

Pure: the records of Store.indicator_breakdowns in (disclosure control already applied:
a withheld row has no value, status "c" and the one withheld label as its note), plain
values out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.common.breakdowns import age_key, headline_age, headline_sex, sex_key
from dashboard.common.formatting import format_value

NO_INTERVAL = "no interval published"
NOT_PUBLISHED = "not published"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _withheld(row: Mapping[str, Any]) -> bool:
    return row.get("status") == "c" and _blank(row.get("value"))


def count_text(value: Any) -> str:
    """A published count as read: whole numbers with separators ('51,897'), modelled
    counts to two places ('4,018.33'); 'not published' where blank."""
    if _blank(value):
        return NOT_PUBLISHED
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}"


def interval_text(low: Any, high: Any, meta: Mapping[str, Any]) -> str:
    """'93.9 to 95.5', or 'no interval published' where either limit is blank."""
    if _blank(low) or _blank(high):
        return NO_INTERVAL
    return f"{format_value(low, meta)} to {format_value(high, meta)}"


def table_row(label: str, row: Mapping[str, Any], meta: Mapping[str, Any]) -> dict:
    """One row of a breakdown's table and chart: the numbers, and the words shown. A
    withheld row reads the one withheld label in every cell it withholds."""
    value_text = format_value(row.get("value"), meta, row.get("status"), row.get("note"))
    withheld = _withheld(row)
    out = {
        "label": label, "value": None if _blank(row.get("value")) else float(row["value"]),
        "lci": row.get("lci"), "uci": row.get("uci"), "lci_998": row.get("lci_998"),
        "uci_998": row.get("uci_998"), "value_text": value_text, "withheld": withheld,
        "ci95_text": interval_text(row.get("lci"), row.get("uci"), meta),
        "ci998_text": interval_text(row.get("lci_998"), row.get("uci_998"), meta),
        "count_text": count_text(row.get("numerator")),
        "denominator_text": count_text(row.get("denominator")),
        "note": None if withheld else row.get("note"),
    }
    if withheld:
        for key in ("ci95_text", "ci998_text", "count_text", "denominator_text"):
            out[key] = value_text
    return out


def _group(kind: str, title: str, rows: list[tuple[str, Mapping[str, Any]]],
           meta: Mapping[str, Any]) -> dict:
    table = [table_row(label, row, meta) for label, row in rows]
    return {"kind": kind, "title": title, "rows": table,
            "has_998": any(not _blank(r["lci_998"]) for r in table)}


def _category_groups(rows: list[Mapping[str, Any]], meta: Mapping[str, Any]) -> list[dict]:
    """One group per category type (and per sex and age within it, where it has more
    than one), categories in their published order (deciles most deprived first)."""
    groups = []
    kinds = list(dict.fromkeys(r["category_type"] for r in rows if r["category"]))
    for kind in kinds:
        mine = [r for r in rows if r["category"] and r["category_type"] == kind]
        slices = sorted({(r["sex"], r["age"]) for r in mine},
                        key=lambda s: (sex_key(s[0]), age_key(s[1])))
        for sex, age in slices:
            part = sorted((r for r in mine if (r["sex"], r["age"]) == (sex, age)),
                          key=lambda r: (r["category_order"] is None,
                                         r["category_order"] or 0, r["category"]))
            title = kind or "By category"
            title += f" ({sex}, {age})" if len(slices) > 1 else ""
            groups.append(_group("category", title, [(r["category"], r) for r in part],
                                 meta))
    return groups


def breakdown_groups(rows: Sequence[Mapping[str, Any]], period_label: str | None,
                     meta: Mapping[str, Any]) -> list[dict]:
    """The breakdowns of one area at one period (its label, as the page's picker has
    it): each category type, then age (at the headline sex), then sex (at the headline
    age), each only where it has more than one value to compare."""
    rows = [r for r in rows if str(r["period_label"]) == str(period_label)]
    plain = [r for r in rows if not r["category"]]
    sex = headline_sex(r["sex"] for r in plain)
    age = headline_age(r["age"] for r in plain if r["sex"] == sex)
    groups = _category_groups(rows, meta)
    by_age = sorted((r for r in plain if r["sex"] == sex), key=lambda r: age_key(r["age"]))
    if len(by_age) > 1:
        groups.append(_group("age", f"By age ({sex})", [(r["age"], r) for r in by_age],
                             meta))
    by_sex = sorted((r for r in plain if r["age"] == age), key=lambda r: sex_key(r["sex"]))
    if len(by_sex) > 1:
        groups.append(_group("sex", f"By sex ({age})", [(r["sex"], r) for r in by_sex],
                             meta))
    return groups


def headline_row(rows: Sequence[Mapping[str, Any]], period_label: str | None,
                 meta: Mapping[str, Any]) -> dict | None:
    """The area's headline value at the period (no category, headline sex and age), as
    a table row labelled with its sex and age: the charts' reference line."""
    plain = [r for r in rows if str(r["period_label"]) == str(period_label)
             and not r["category"]]
    sex = headline_sex(r["sex"] for r in plain)
    age = headline_age(r["age"] for r in plain if r["sex"] == sex)
    row = next((r for r in plain if (r["sex"], r["age"]) == (sex, age)), None)
    return None if row is None else table_row(f"{sex}, {age}", row, meta)


def section_title(area_name: str, period_label: str | None) -> str:
    """'Breakdowns for England, 2017'."""
    return f"Breakdowns for {area_name}, {period_label}"


def none_sentence(area_name: str, period_label: str | None) -> str:
    return (f"No breakdowns by category, age or sex are published for {area_name} in "
            f"{period_label}.")


def chart_title(meta: Mapping[str, Any], group: Mapping[str, Any], area_name: str,
                period_label: str | None) -> str:
    """'Campylobacter incidence rate/100,000: England, 2017, County & UA deprivation
    deciles in England (IMD2015)'."""
    return f"{meta.get('title')}: {area_name}, {period_label}, {group['title']}"


def chart_sentence(meta: Mapping[str, Any], group: Mapping[str, Any],
                   headline: Mapping[str, Any] | None) -> str:
    """The chart's text alternative: how many values, the highest and lowest, how many
    have an interval, and the headline value it is drawn against."""
    rows = group["rows"]
    valued = [r for r in rows if r["value"] is not None]
    parts = [f"Dots for {len(rows)} values ({group['title']})"]
    if valued:
        high = max(valued, key=lambda r: r["value"])
        low = min(valued, key=lambda r: r["value"])
        parts.append(f"highest {high['label']} at {high['value_text']}, lowest "
                     f"{low['label']} at {low['value_text']}")
    with_ci = sum(r["ci95_text"] != NO_INTERVAL and not r["withheld"] for r in valued)
    parts.append(f"{with_ci} of them with a 95% confidence interval drawn as a whisker"
                 if with_ci else "none with a confidence interval published")
    missing = len(rows) - len(valued)
    if missing:
        labels = ", ".join(r["label"] for r in rows if r["value"] is None)
        parts.append(f"{missing} without a value ({labels})")
    if group["kind"] == "category" and headline is not None \
            and headline["value"] is not None:
        parts.append(f"the dashed line is the value for {headline['label']}, "
                     f"{headline['value_text']}")
    return "; ".join(parts) + "."


def superseded(area: Mapping[str, Any] | None) -> dict | None:
    """For an area whose code has been replaced: its name, code and the year it was
    replaced (the year after its last), for "Dorset (E10000009) was replaced by Dorset
    (E06000059) in 2019; these values are for the old area". None for a current area."""
    if not area or _blank(area.get("valid_to")):
        return None
    return {"name": area["area_name"], "code": area["area_code"],
            "year": int(area["valid_to"]) + 1, "ended": int(area["valid_to"])}
