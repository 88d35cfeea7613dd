"""The indicator page's helpers: period choices, the trend chart's lines (with the
neighbours' average) and its table, the ranking of areas, the charts' text alternatives,
and the rows of the CSV download.

Pure, like explore.py (the shared vocabulary it builds on): no Dash, no store.

The page works on records (dicts, missing values as None) read from prepared tables:
building and slicing small DataFrames cost it more than its reads. The DataFrame forms
(trend_series, ranking, trend_table...) take and give frames for other callers and are
the same functions underneath.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from dashboard.common.formatting import format_value
from dashboard.common.geography import ENGLAND
from dashboard.views.explore import NEIGHBOURS, has_value, rows_of
from dashboard.views.value_notes import revision_for, revision_key

TREND_COLUMNS = ["role", "code", "name", "period_start", "period_label", "value", "lci",
                 "uci", "status", "note"]


def _blank(value: Any) -> bool:
    """None or NaN (the only missing values records and frames of numbers hold)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _interval(lci: Any, uci: Any, meta: Mapping[str, Any]) -> str:
    if not (has_value(lci) and has_value(uci)):
        return "—"
    return f"{format_value(lci, meta)} to {format_value(uci, meta)}"


# -- periods ------------------------------------------------------------------------------

def period_choices(periods: Sequence[Mapping[str, Any]]) -> list[dict]:
    """Period choices (latest first) labelled as published; value = label."""
    with_values = sorted((p for p in periods if p["n_values"] > 0),
                         key=lambda p: p["period_start"], reverse=True)
    return [{"label": label, "value": label}
            for label in dict.fromkeys(str(p["period_label"]) for p in with_values)]


def period_start_of(periods: Sequence[Mapping[str, Any]], label: str | None) -> Any:
    """The start of a period given its published label (latest with values if the label
    is unknown or None); None when no period has values."""
    with_values = [p for p in periods if p["n_values"] > 0]
    if not with_values:
        return None
    if label:
        match = [p for p in with_values if str(p["period_label"]) == str(label)]
        if match:
            return match[-1]["period_start"]
    return max(p["period_start"] for p in with_values)


def period_options(periods: pd.DataFrame) -> list[dict]:
    """`period_choices` of a periods frame."""
    if periods.empty:
        return []
    return period_choices(periods[["period_start", "period_label", "n_values"]]
                          .to_dict("records"))


def period_start_for(periods: pd.DataFrame, label: str | None) -> pd.Timestamp | None:
    """`period_start_of` a periods frame, as a Timestamp."""
    if periods.empty:
        return None
    start = period_start_of(periods.to_dict("records"), label)
    return None if start is None else pd.Timestamp(start)


# -- the trend chart and its table --------------------------------------------------------

def trend_lines(series: Sequence[Mapping[str, Any]], area: str, region: str | None,
                comparators: Sequence[str], names: Mapping[str, str],
                neighbours: Sequence[Mapping[str, Any]] | None = None) -> list[dict]:
    """What the trend chart draws: one record per series and period, with the
    TREND_COLUMNS (role: area, region, england, comparator, neighbours), roles in drawing
    order, then stably by period."""
    by_code: dict[str, list[Mapping[str, Any]]] = {}
    for row in series:
        by_code.setdefault(row["area_code"], []).append(row)
    order = [(area, "area")]
    if region and region != area:
        order.append((region, "region"))
    if area != ENGLAND:
        order.append((ENGLAND, "england"))
    order += [(c, "comparator") for c in comparators
              if c not in (area, region, ENGLAND, NEIGHBOURS)]
    lines = []
    for code, role in order:
        name = names.get(code, code)
        lines += [{"role": role, "code": code, "name": name,
                   "period_start": row["period_start"], "period_label": row["period_label"],
                   "period_duration": row.get("period_duration"), "value": row.get("value"), "lci": row.get("lci"), "uci": row.get("uci"),
                   "status": row.get("status"), "note": row.get("note")}
                  for row in by_code.get(code, ())]
    if neighbours:
        lines += _neighbours_average(neighbours)
    return sorted(lines, key=lambda row: row["period_start"])


def _neighbours_average(neighbours: Sequence[Mapping[str, Any]]) -> list[dict]:
    """The neighbours' average of each period where at least half of them have a value
    (an average over fewer is not the neighbours' average). pandas' grouped mean works
    out the means, so that they are the same numbers to the last digit as they have
    always been (its summation is neither the naive nor math.fsum's)."""
    values = [row for row in neighbours if not _blank(row["value"])]
    n = len({row["area_code"] for row in values})
    areas: dict[tuple, set] = {}
    for row in values:
        areas.setdefault((row["period_start"], row["period_label"]), set()).add(
            row["area_code"])
    keys = sorted(areas)
    group = {key: i for i, key in enumerate(keys)}
    means = pd.Series([row["value"] for row in values], dtype=float).groupby(
        np.array([group[(row["period_start"], row["period_label"])] for row in values],
                 dtype=int)).mean().tolist() if values else []
    return [{"role": "neighbours", "code": NEIGHBOURS,
             "name": f"Neighbours' average ({n} areas)", "period_start": start,
             "period_label": label, "value": mean, "lci": None, "uci": None,
             "status": None, "note": None}
            for (start, label), mean in zip(keys, means, strict=True)
            if len(areas[(start, label)]) * 2 >= max(n, 1)]


def trend_series(series: pd.DataFrame, area: str, region: str | None,
                 comparators: Sequence[str], names: Mapping[str, str],
                 neighbours: pd.DataFrame | None = None) -> pd.DataFrame:
    """`trend_lines` as a long frame with the TREND_COLUMNS."""
    lines = trend_lines(rows_of(series), area, region, comparators, names,
                        rows_of(neighbours) if neighbours is not None else None)
    return pd.DataFrame(lines, columns=TREND_COLUMNS)


def period_order(long: Any) -> list[str]:
    """Period labels in time order (x-axis categories)."""
    ordered = sorted(rows_of(long), key=lambda row: row["period_start"])
    return list(dict.fromkeys(str(row["period_label"]) for row in ordered))


def trend_table_rows(long: Any, meta: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the trend chart's table, formatted: a row per period (latest
    first), a column per series, and the area's confidence interval where published."""
    header, rows = trend_table_cells(long, meta)
    return header, [[row[0], *(cell["text"] for cell in row[1:])] for row in rows]


def trend_table_cells(long: Any, meta: Mapping[str, Any],
                      revisions: Mapping[tuple, Mapping[str, Any]] | None = None,
                      now: Any = None) -> tuple[list[str], list[list]]:
    """`trend_table_rows` with each value cell as a record: its `text`, the `status`
    flag and `note` the value carries (None for an interval's cell), so a table can mark
    them, and `revised`: "revised on 12 March 2026: was 6.4%" for a value revised lately
    (`revisions`: value_notes.revisions_by_key's lookup; `now`: the time judged from),
    else None (views/value_notes.py). Each row starts with its period's label."""
    long = rows_of(long)
    if not long:
        return ["Period"], []
    names = list(dict.fromkeys(row["name"] for row in long))
    periods = period_order(long)[::-1]
    has_ci = any(not _blank(row["lci"]) for row in long if row["role"] == "area")
    header, columns = ["Period"], [periods]
    for name in names:
        by_label: dict[str, Mapping[str, Any]] = {}
        for row in long:
            if row["name"] == name:
                by_label.setdefault(str(row["period_label"]), row)
        header.append(name)
        columns.append([_value_cell(by_label.get(p), meta, revisions, now) for p in periods])
        if has_ci and name == names[0]:
            header.append(f"{name} 95% confidence interval")
            columns.append([{"text": _interval(by_label[p]["lci"], by_label[p]["uci"], meta)
                             if p in by_label else "—", "status": None, "note": None,
                             "revised": None}
                            for p in periods])
    return header, [list(row) for row in zip(*columns, strict=True)]


def _value_cell(row: Mapping[str, Any] | None, meta: Mapping[str, Any],
                revisions: Mapping[tuple, Mapping[str, Any]] | None = None,
                now: Any = None) -> dict:
    if row is None:
        return {"text": "no data", "status": None, "note": None, "revised": None}
    text = format_value(row["value"], meta, row["status"], row["note"])
    key = revision_key(meta.get("indicator_id"), row.get("code"), row["period_start"],
                       row.get("period_duration"))
    return {"text": text, "status": row["status"], "note": row["note"],
            "revised": revision_for(revisions, key, text, meta, now)}


def trend_table(long: pd.DataFrame, meta: Mapping[str, Any]) -> pd.DataFrame:
    """`trend_table_rows` as a frame."""
    header, rows = trend_table_rows(long, meta)
    return pd.DataFrame(rows, columns=header)


# -- the ranking --------------------------------------------------------------------------

def ranked_areas(period_rows: Sequence[Mapping[str, Any]], area: str,
                 area_type: str) -> list[dict]:
    """Areas of one type (and the chosen area's country) ranked by value, highest first,
    each with its rank and a `highlight` flag for the chosen area. Obsolete codes are
    left out unless it is the chosen area."""
    country = area[:1] if area and area != ENGLAND else "E"
    kept = [row for row in period_rows
            if row["area_type"] == area_type and str(row["area_code"]).startswith(country)
            and (_blank(row.get("valid_to")) or row["area_code"] == area)
            and not _blank(row["value"])]
    kept.sort(key=lambda row: (-row["value"], row["area_name"]))
    return [{**row, "rank": rank, "highlight": row["area_code"] == area}
            for rank, row in enumerate(kept, start=1)]


def ranking(period_frame: pd.DataFrame, area: str, area_type: str) -> pd.DataFrame:
    """`ranked_areas` as a frame (the period frame's columns, rank and highlight)."""
    if period_frame.empty:
        return period_frame.assign(rank=pd.Series(dtype=int), highlight=pd.Series(dtype=bool))
    ranked = ranked_areas(rows_of(period_frame), area, area_type)
    return pd.DataFrame(ranked, columns=[*period_frame.columns, "rank", "highlight"])


def ranking_type(area: Mapping[str, Any] | None,
                 available: Iterable[str] = ("lad",)) -> str:
    """Which type of area a ranking compares: the chosen area's own type, or, for England
    (or an unknown area), local authorities when the indicator has them, else the most
    local type it has."""
    area_type = (area or {}).get("area_type")
    if area_type not in (None, "nation", "country"):
        return str(area_type)
    available = set(available)
    for candidate in ("lad", "county", "police_force_area", "combined_authority", "region"):
        if candidate in available:
            return candidate
    return "lad"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def type_group(area_type: str | None) -> str:
    """Plural name for the areas a ranking compares."""
    return {"lad": "English local authorities", "county": "English counties",
            "combined_authority": "combined authorities", "region": "English regions",
            "police_force_area": "police force areas"}.get(area_type or "", "areas")


# -- titles and text alternatives --------------------------------------------------------------------

def trend_chart_title(meta: Mapping[str, Any], area_name: Any,
                      periods: Sequence[str]) -> str:
    """'Employment rate (Great Britain): Wigan, 2004 to 2024'."""
    span = f"{periods[0]} to {periods[-1]}" if periods else "no periods"
    return f"{meta.get('title')}: {area_name}, {span}"


def ranking_chart_title(meta: Mapping[str, Any], n_areas: int, group: str,
                        period: Any) -> str:
    """'Employment rate (Great Britain): 296 English local authorities, 2024'."""
    return f"{meta.get('title')}: {n_areas} {group}, {period}"


def ranking_sentence(ranked: Any, meta: Mapping[str, Any], area_name: str,
                     group: str, period: str) -> str:
    """Text alternative for the ranking chart."""
    ranked = rows_of(ranked)
    if not ranked:
        return f"No values for {group} in {period}."
    top, bottom = ranked[0], ranked[-1]
    text = (f"Bar chart of {len(ranked)} {group} in {period}, highest first: from "
            f"{top['area_name']} ({format_value(top['value'], meta)}) to {bottom['area_name']} "
            f"({format_value(bottom['value'], meta)}).")
    mine = next((row for row in ranked if row["highlight"]), None)
    if mine is not None:
        text += (f" {area_name} is {format_value(mine['value'], meta)}, "
                 f"{ordinal(int(mine['rank']))} highest of {len(ranked)}.")
    england = next((row["england_value"] for row in ranked
                    if not _blank(row.get("england_value"))), None)
    if england is not None:
        text += f" England is {format_value(england, meta)}."
    return text


def trend_sentence(long: Any, meta: Mapping[str, Any]) -> str:
    """Text alternative for the trend chart: each line's first and latest value."""
    long = rows_of(long)
    if not long:
        return "No values to chart."
    by_name: dict[Any, list[Mapping[str, Any]]] = {}
    for row in long:
        by_name.setdefault(row["name"], []).append(row)
    parts = []
    for name, rows in by_name.items():
        rows = sorted((r for r in rows if not _blank(r["value"])),
                      key=lambda r: r["period_start"])
        if not rows:
            parts.append(f"{name}: no data")
            continue
        first, last = rows[0], rows[-1]
        parts.append(f"{name} from {format_value(first['value'], meta)} in "
                     f"{first['period_label']} to {format_value(last['value'], meta)} in "
                     f"{last['period_label']}")
    return "Line chart over time: " + "; ".join(parts) + "."


# -- the CSV download ---------------------------------------------------------------------

CSV_COLUMNS = ["chart", "role", "area_code", "area_name", "period_label", "value", "lci",
               "uci", "status", "note", "rank"]
CSV_NUMBERS = ("value", "lci", "uci", "rank")


CSV_META = (("indicator_id", "indicator_id"), ("indicator", "title"), ("unit", "unit"),
            ("source", "source_org"), ("licence", "licence"))


def csv_rows(long: Any, ranked: Any, meta: Mapping[str, Any]) -> tuple[list[str], list[list]]:
    """Everything the indicator page charts, as the download's columns and rows: numbers
    as floats (None where missing), text as published, the indicator's metadata on every
    row. Text is made safe for spreadsheets where it is written (dashboard.exports.cells:
    names, notes and titles are data, and must not run as formulas)."""
    rows = [("trend", r["role"], r["code"], r["name"], r["period_label"], r["value"],
             r["lci"], r["uci"], r["status"], r["note"], None) for r in rows_of(long)]
    rows += [("ranking", "area" if r["highlight"] else "other", r["area_code"],
              r["area_name"], r.get("period_label"), r["value"], r.get("lci"), r.get("uci"),
              r.get("status"), r.get("note"), r["rank"]) for r in rows_of(ranked)]
    numbers = [name in CSV_NUMBERS for name in CSV_COLUMNS]
    constants = [meta.get(key) for _, key in CSV_META]
    out = [[(None if _blank(v) else float(v)) if number else v
            for v, number in zip(row, numbers, strict=True)] + constants for row in rows]
    return CSV_COLUMNS + [name for name, _ in CSV_META], out


def csv_frame(long: Any, ranked: Any, meta: Mapping[str, Any]) -> pd.DataFrame:
    """`csv_rows` as a frame: number columns float (NaN where missing), text as objects."""
    columns, rows = csv_rows(long, ranked, meta)
    values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    return pd.DataFrame({
        name: pd.Series([math.nan if v is None else v for v in column], dtype=float)
        if name in CSV_NUMBERS else pd.Series(list(column), dtype=object)
        for name, column in zip(columns, values, strict=True)})
