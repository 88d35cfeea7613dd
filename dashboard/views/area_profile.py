"""The area profile page's rows: every indicator for one area with its value, the stored
comparison and trend in words and glyphs, and a Fingertips-style spine chart (its
geometry, its SVG image and its text alternative); the rows grouped and counted by theme.

Pure, like explore.py (the shared vocabulary it builds on): no Dash, no store.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

import pandas as pd

from dashboard.common.formatting import format_value
from dashboard.methods import stats
from dashboard.views.explore import (
    DEPRIVATION,
    JUDGEMENT_GLYPHS,
    JUDGEMENT_WORDS,
    OTHER_THEME,
    THEMES,
    TREND_CLASSES,
    TREND_GLYPHS,
    TREND_WORDS,
    clean_record,
    comparison_reason,
    formatted,
    has_value,
    indicator_href,
    is_deprivation_summary,
    is_lsoa_only,
    theme_key,
    trend_of,
)
from dashboard.views.value_notes import revision_for, revision_key

# -- spine charts -------------------------------------------------------------------------

def spine_geometry(value: float | None, england: float | None, summary: Mapping[str, Any],
                   polarity: str | None) -> dict | None:
    """Positions (0-100 %) of a Fingertips-style spine: centred on England, the worst end
    on the left and the best on the right (lowest to highest where there is no judgement).

    Returns None when there are fewer than five peers or no spread to draw.
    """
    n = summary.get("n") or 0
    if n < stats.MIN_AREAS or not has_value(summary.get("lowest")):
        return None
    lowest, highest = float(summary["lowest"]), float(summary["highest"])
    centre = float(england) if has_value(england) else float(summary["median"])
    half = max(abs(lowest - centre), abs(highest - centre))
    if has_value(value):
        half = max(half, abs(float(value) - centre))
    if half == 0 or math.isnan(half):
        return None
    flip = polarity == "lower_is_better"

    def position(x: Any) -> float | None:
        if not has_value(x):
            return None
        offset = (float(x) - centre) / half * 50
        return round(50 - offset if flip else 50 + offset, 2)

    ends = sorted([position(lowest), position(highest)])  # type: ignore[type-var]
    quartiles = sorted(  # type: ignore[type-var]
        [position(summary["q25"]), position(summary["q75"])])
    judged = polarity in ("higher_is_better", "lower_is_better")
    return {
        "range": (ends[0], ends[1]), "iqr": (quartiles[0], quartiles[1]),
        "median": position(summary["median"]), "area": position(value),
        "england": position(england), "left_label": "Worst" if judged else "Lowest",
        "right_label": "Best" if judged else "Highest",
        "left_value": highest if flip else lowest, "right_value": lowest if flip else highest,
        "n": int(n),
    }


SPINE_WIDTH, SPINE_HEIGHT = 160, 36
SPINE_COLOURS = {"better": "#12436D", "worse": "#801650", "similar": "#505a5f",
                 "higher": "#1a6b64", "lower": "#5b3f9e", "not_compared": "#ffffff"}


def spine_svg(geometry: Mapping[str, Any], comparison: str) -> str:
    """A spine chart as one SVG data URI: the range, the interquartile range, England's
    line and the area's marker with its judgement glyph, and the worst/best labels. One
    image per row instead of nine positioned elements keeps a 60-row profile quick to
    build; the caller gives it the text alternative (spine_description)."""
    def x(pct: float | None) -> float:
        return round((pct or 0) * (SPINE_WIDTH - 12) / 100 + 6, 1)

    left, right = geometry["range"]
    q1, q3 = geometry["iqr"]
    parts = [f'<rect x="{x(left)}" y="6" width="{x(right) - x(left)}" height="10" '
             'fill="#d2e2ee"/>',
             f'<rect x="{x(q1)}" y="6" width="{x(q3) - x(q1)}" height="10" fill="#6f93b4"/>']
    if geometry.get("england") is not None:
        parts.append(f'<rect x="{x(geometry["england"]) - 1}" y="0" width="2" height="22" '
                     'fill="#0b0c0c"/>')
    if geometry.get("area") is not None:
        fill = SPINE_COLOURS.get(comparison, "#505a5f")
        ink = "#0b0c0c" if comparison == "not_compared" else "#ffffff"
        glyph = JUDGEMENT_GLYPHS.get(comparison, "●")
        cx = x(geometry["area"])
        parts.append(f'<rect x="{cx - 8}" y="1" width="16" height="20" rx="2" fill="{fill}" '
                     'stroke="#0b0c0c" stroke-width="0.5"/>'
                     f'<text x="{cx}" y="16" font-size="12" text-anchor="middle" '
                     f'fill="{ink}">{glyph}</text>')
    parts.append(f'<text x="0" y="33" font-size="10" fill="#505a5f">'
                 f'{geometry["left_label"]}</text><text x="{SPINE_WIDTH}" y="33" '
                 f'font-size="10" text-anchor="end" fill="#505a5f">'
                 f'{geometry["right_label"]}</text>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SPINE_WIDTH}" '
           f'height="{SPINE_HEIGHT}" font-family="Arial, sans-serif">{"".join(parts)}</svg>')
    return "data:image/svg+xml;charset=utf-8," + quote(svg)


def spine_description(area_name: str, value_text: str, geometry: Mapping[str, Any],
                      meta: Mapping[str, Any], summary: Mapping[str, Any],
                      group: str) -> str:
    """Text alternative for one spine chart row."""
    def fmt(x: Any) -> str:
        return format_value(x, meta)

    return (f"{area_name} {value_text} against {geometry['n']} {group}: lowest "
            f"{fmt(summary['lowest'])}, 25th percentile {fmt(summary['q25'])}, median "
            f"{fmt(summary['median'])}, 75th percentile {fmt(summary['q75'])}, highest "
            f"{fmt(summary['highest'])}.")


def spine_group(area_type: str | None) -> str:
    return {"lad": "English local authorities", "county": "English upper-tier authorities",
            "combined_authority": "combined authorities",
            "region": "English regions"}.get(area_type or "", "areas of the same type")


# -- profile rows -------------------------------------------------------------------------

def profile_summary(row: Mapping[str, Any]) -> dict:
    """The spread across peers stored with a profile row, as spine_geometry expects."""
    return {k: row.get(k) for k in ("lowest", "q25", "median", "q75", "highest")} | {
        "n": row.get("peers_n") or 0}


def profile_rows(profile: pd.DataFrame | list[dict], area: Mapping[str, Any],
                 revisions: Mapping[tuple, Mapping[str, Any]] | None = None,
                 now: Any = None) -> list[dict]:
    """One record per indicator for an area profile, ready to render: formatted values,
    the stored comparison with the chosen benchmark (word, glyph, reason), the stored
    trend and the spine geometry. `profile` is store.area_profile(code, benchmark, level).
    `revised`: "revised on 12 March 2026: was 6.4%" for a value revised lately
    (`revisions`: value_notes.revisions_by_key's lookup; `now`: the time judged from).
    """
    records = profile.to_dict("records") if isinstance(profile, pd.DataFrame) else profile
    group = spine_group(area.get("area_type"))
    area_name = str(area.get("area_name") or area.get("area_code"))
    rows = []
    for record in records:
        record = clean_record(record)
        indicator_id = record["indicator_id"]
        if is_lsoa_only(indicator_id, record.get("dataset_id")):
            continue
        row = _profile_row(record, area, area_name, group)
        row["revised"] = revision_for(revisions, revision_key(
            indicator_id, record.get("area_code") or area.get("area_code"),
            record.get("period_start"), record.get("period_duration")),
            row["value_text"], record, now)
        rows.append(row)
    return rows


def _profile_row(record: dict, area: Mapping[str, Any], area_name: str, group: str) -> dict:
    indicator_id = record["indicator_id"]
    comparison = record.get("comparison") or "not_compared"
    value_text = formatted(record.get("value"), record, record)
    trend_key, trend_text = trend_of(record)
    summary = profile_summary(record)
    geometry = None
    if not is_deprivation_summary(indicator_id):
        geometry = spine_geometry(record.get("value"), record.get("england_value"),
                                  summary, record.get("polarity"))
    theme = DEPRIVATION if is_deprivation_summary(indicator_id) else \
        (record.get("theme") or "other")
    return {
        "indicator_id": indicator_id,
        "title": record.get("title") or indicator_id,
        "theme": theme,
        "period": record.get("period_label"),
        "value": record.get("value"),
        "value_text": value_text,
        "unit": record.get("unit"),
        # the numbers behind the benchmark columns' text (the download has both)
        "england_value": record.get("england_value"),
        "region_value": record.get("region_value"),
        "benchmark_value": record.get("benchmark_value"),
        "england_text": format_value(record.get("england_value"), record),
        "region_text": format_value(record.get("region_value"), record),
        "benchmark_text": format_value(record.get("benchmark_value"), record),
        "comparison": comparison,
        "comparison_method": record.get("comparison_method"),
        "comparison_word": JUDGEMENT_WORDS.get(comparison, comparison),
        "comparison_glyph": JUDGEMENT_GLYPHS.get(comparison, "○"),
        "explanation": comparison_reason(record),
        "quintile": record.get("quintile"),
        "trend": trend_key,
        "trend_word": TREND_WORDS.get(trend_key, trend_key),
        "trend_glyph": TREND_GLYPHS.get(trend_key, "–"),
        "trend_class": TREND_CLASSES.get(trend_key, "neutral"),
        "trend_text": trend_text,
        "spine": geometry,
        "spine_text": spine_description(area_name, value_text, geometry, record, summary,
                                         group) if geometry else None,
        "href": indicator_href(indicator_id, area=str(area.get("area_code"))),
        "status": record.get("status"),
        "note": record.get("note"),
        "dataset_id": record.get("dataset_id"),
    }


# -- themes -------------------------------------------------------------------------------

def group_by_theme(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, list]]:
    """[(theme, rows)] in the profile's theme order (unknown themes after, then
    indicators without a theme as "other", deprivation summaries last); rows sorted by
    title within a theme."""
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(theme_key(row.get("theme")), []).append(row)
    order = list(THEMES) + sorted(t for t in groups if t not in THEMES
                                  and t not in (DEPRIVATION, OTHER_THEME))
    order += [OTHER_THEME, DEPRIVATION]
    return [(theme, sorted(groups[theme], key=lambda r: str(r["title"]).lower()))
            for theme in order if theme in groups]


def comparison_counts(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many indicators are better / similar / worse... than England."""
    counts: dict[str, int] = {}
    for row in rows:
        if row["theme"] == DEPRIVATION:
            continue
        counts[row["comparison"]] = counts.get(row["comparison"], 0) + 1
    return counts


def sources_sentence(datasets: Iterable[Mapping[str, Any]]) -> str:
    """The source line of a table of indicators from their datasets' records (`publisher`
    and `licence`, as `Store.dataset_quality` gives them): 'Sources: Office for National
    Statistics; Department for Education. Open Government Licence v3.0.' (each publisher
    and licence once, in the order given)."""
    metas = list(datasets)
    orgs = list(dict.fromkeys(str(m["publisher"]) for m in metas if m.get("publisher")))
    licences = list(dict.fromkeys(str(m["licence"]) for m in metas if m.get("licence")))
    text = ("Source: " if len(orgs) == 1 else "Sources: ") + (
        "; ".join(orgs) if orgs else "see the Data page") + "."
    if licences:
        text += " " + "; ".join(licences) + "."
    return text
