"""Pure page helpers for the explore pages (home, area profile, indicator, compare).

Plain values and DataFrames in, plain values, records and DataFrames out: no Dash, no
store. Layouts and callbacks fetch from the store and hand the frames to these.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

import numpy as np
import pandas as pd

from dashboard.common.formatting import format_value
from dashboard.common.geography import AREA_TYPE_LABELS, ENGLAND, GSS_CODE
from dashboard.methods import stats

# -- vocabulary ---------------------------------------------------------------------------

THEMES = ("work and worklessness", "income and poverty", "skills", "health", "housing",
          "economy", "environment", "community safety")
DEPRIVATION = "deprivation"
DEPRIVATION_TITLE = "Deprivation (IoD 2025)"

# The partnership areas featured on the home page and compared by default.
PARTNERSHIP_AREAS: tuple[tuple[str, str], ...] = (
    ("E06000063", "Cumberland"),
    ("E06000064", "Westmorland and Furness"),
    ("E10000017", "Lancashire"),
    ("E08000004", "Oldham"),
    ("E08000010", "Wigan"),
    ("E10000016", "Kent"),
    ("E08000035", "Leeds"),
    ("E47000004", "Liverpool City Region"),
)
FORMER_PARTNERSHIP_AREAS = {"E10000006": "Cumbria"}

# In a `compare` list, this token stands for the average of the statistical neighbours.
NEIGHBOURS = "neighbours"
NEIGHBOURS_K = 15

JUDGEMENT_WORDS = {
    "better": "Better", "similar": "Similar", "worse": "Worse", "higher": "Higher",
    "lower": "Lower", "not_compared": "Not compared",
}
# Text glyphs that go with the judgement colour, so colour is never the only cue.
JUDGEMENT_GLYPHS = {
    "better": "▲", "worse": "▼", "similar": "●", "higher": "▲", "lower": "▼",
    "not_compared": "○",
}
TREND_WORDS = {
    "getting_better": "Getting better", "getting_worse": "Getting worse",
    "increasing": "Increasing", "decreasing": "Decreasing",
    "no_significant_change": "No significant change",
    "cannot_be_calculated": "Trend not calculated",
    # direction of travel (previous to latest, no significance test)
    "improved": "Improved", "worsened": "Worsened", "up": "Up", "down": "Down",
    "no_change": "No change", "not_compared": "No previous value",
}
TREND_GLYPHS = {
    "getting_better": "↗", "getting_worse": "↘", "increasing": "↑", "decreasing": "↓",
    "no_significant_change": "→", "cannot_be_calculated": "–", "improved": "↗",
    "worsened": "↘", "up": "↑", "down": "↓", "no_change": "→", "not_compared": "–",
}
TREND_CLASSES = {
    "getting_better": "better", "improved": "better", "getting_worse": "worse",
    "worsened": "worse",
}


# -- URLs and query strings ---------------------------------------------------------------

def parse_list(value: Any) -> list[str]:
    """A query-string list: 'a,b', ['a', 'b,c'] or None -> ['a', 'b', 'c'] (order kept,
    blanks and repeats dropped)."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def parse_codes(value: Any) -> list[str]:
    """Area codes from a query string, upper-cased (the neighbours token kept as is)."""
    codes = [p.lower() if p.lower() == NEIGHBOURS else p.upper() for p in parse_list(value)]
    return list(dict.fromkeys(codes))


def query_string(params: Mapping[str, Any]) -> str:
    """'?area=E08000004&compare=E12000002,neighbours' from a mapping; empty values are left
    out, lists are joined with commas (kept readable, not escaped)."""
    pairs = []
    for key, value in params.items():
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value if v not in (None, ""))
        if value in (None, ""):
            continue
        pairs.append((key, str(value)))
    return "?" + urlencode(pairs, safe=",/") if pairs else ""


def area_href(code: str) -> str:
    return f"/area/{code}"


def indicator_href(indicator_id: str, area: str | None = None,
                   compare: Sequence[str] = (), period: str | None = None) -> str:
    return f"/indicator/{indicator_id}" + query_string(
        {"area": area, "compare": list(compare), "period": period})


def compare_href(areas: Sequence[str], indicators: Sequence[str] = ()) -> str:
    return "/compare" + query_string({"areas": list(areas), "indicators": list(indicators)})


# -- areas --------------------------------------------------------------------------------

def area_type_label(area_type: str | None) -> str:
    return AREA_TYPE_LABELS.get(area_type or "", (area_type or "area").replace("_", " "))


def area_option_label(name: str, code: str, area_type: str | None,
                      valid_to: Any = None) -> str:
    """'Oldham (Local authority, E08000004)'; obsolete codes say so."""
    label = f"{name} ({area_type_label(area_type)}, {code})"
    if _present(valid_to):
        label += f" - code ended {int(valid_to)}"
    return label


def area_options(areas: pd.DataFrame | Sequence[Mapping[str, Any]]) -> list[dict]:
    """Dropdown options for areas (label includes the code, so typing a code finds it),
    from a frame or records of areas."""
    if not isinstance(areas, pd.DataFrame):
        return [{"label": area_option_label(a["area_name"], a["area_code"], a["area_type"],
                                            a.get("valid_to")), "value": a["area_code"]}
                for a in areas]
    return [{"label": area_option_label(row.area_name, row.area_code, row.area_type,
                                        getattr(row, "valid_to", None)),
             "value": row.area_code}
            for row in areas.itertuples()]


def successors(area: Mapping[str, Any] | None) -> list[str]:
    """Codes that replaced an obsolete area ('E06000063 E06000064' -> two codes)."""
    if not area or not area.get("replaced_by"):
        return []
    return [code for code in re.split(r"[\s,;]+", str(area["replaced_by"])) if code]


def is_obsolete(area: Mapping[str, Any] | None) -> bool:
    return bool(area) and _present(area.get("valid_to"))  # type: ignore[union-attr]


def suggest_areas(text: str, areas: pd.DataFrame, limit: int = 8) -> list[tuple[str, str]]:
    """(label, href) suggestions for an unknown area code or name: areas whose code shares
    the longest prefix with it, then areas with similar names."""
    text = (text or "").strip()
    if not text or areas.empty:
        return []
    codes = areas["area_code"].astype(str)
    picked: list[int] = []
    if re.match(r"^[A-Za-z]\d", text):
        upper = text.upper()
        for size in range(min(len(upper), 9), 2, -1):
            matches = codes.index[codes.str.startswith(upper[:size])]
            if len(matches):
                ordered = sorted(matches, key=lambda i: _code_distance(codes[i], upper))
                picked = list(ordered[:limit])
                break
    names = areas["area_name"].astype(str)
    lowered = {name.lower(): i for name, i in zip(names, areas.index, strict=True)}
    words = text.replace("-", " ").replace("_", " ").lower()
    close = difflib.get_close_matches(words, list(lowered), n=limit, cutoff=0.6)
    contains = [i for i in areas.index if words in names[i].lower()] if len(words) > 2 else []
    for i in [lowered[name] for name in close] + contains:
        if i not in picked:
            picked.append(i)
    rows = areas.loc[picked[:limit]]
    return [(area_option_label(r.area_name, r.area_code, r.area_type,
                               getattr(r, "valid_to", None)), area_href(r.area_code))
            for r in rows.itertuples()]


def _code_distance(code: str, target: str) -> int:
    digits, target_digits = re.sub(r"\D", "", code), re.sub(r"\D", "", target)
    try:
        return abs(int(digits) - int(target_digits or 0))
    except ValueError:
        return 10**9


def suggest_indicators(text: str, indicators: pd.DataFrame,
                       limit: int = 6) -> list[tuple[str, str]]:
    """(title, href) suggestions for an unknown indicator id."""
    if indicators.empty:
        return []
    ids = indicators["indicator_id"].astype(str).tolist()
    titles = dict(zip(indicators["indicator_id"], indicators["title"], strict=True))
    words = (text or "").lower().replace("_", "-")
    by_id = difflib.get_close_matches(words, ids, n=limit, cutoff=0.5)
    title_keys = {str(t).lower(): i for i, t in titles.items()}
    by_title = [title_keys[t] for t in difflib.get_close_matches(
        words.replace("-", " "), list(title_keys), n=limit, cutoff=0.5)]
    contains = [i for i in ids if words and (words in i or i in words)]
    picked: list[str] = []
    for indicator_id in by_id + by_title + contains:
        if indicator_id not in picked:
            picked.append(indicator_id)
    return [(titles[i], f"/indicator/{i}") for i in picked[:limit]]


# -- comparisons --------------------------------------------------------------------------
# Comparisons, trends and spreads are prepared at build time (dashboard/methods/judgements.py, the
# one rule set); these helpers only choose and word what the store returns.

BENCHMARK_CHOICES = {"england": "England", "region": "Region",
                     "neighbours": "Statistical neighbours"}
LEVEL_CHOICES = {"95": 0.95, "99.8": 0.998}
DEFAULT_BENCHMARK, DEFAULT_LEVEL = "england", "95"


def benchmark_choice(value: Any) -> str:
    """A benchmark from a query string: england, region or neighbours (else England)."""
    text = str(value or "").strip().lower()
    return text if text in BENCHMARK_CHOICES else DEFAULT_BENCHMARK


def level_choice(value: Any) -> str:
    """A confidence level from a query string: '95' or '99.8' (else 95)."""
    text = str(value or "").strip().rstrip("%")
    return text if text in LEVEL_CHOICES else DEFAULT_LEVEL


def comparison_reason(row: Mapping[str, Any]) -> str:
    """The stored one-sentence reason for a comparison (or why it was not made)."""
    reason = row.get("comparison_reason")
    if isinstance(reason, str) and reason:
        return reason
    if row.get("status") == "c":
        return "Not compared: the value is withheld to protect small numbers."
    return "Not compared: no comparison is available for this value."


# -- area profile -------------------------------------------------------------------------

def is_lsoa_only(indicator_id: str, dataset_id: str | None) -> bool:
    """IoD indicators published for LSOAs only (the LA summaries start 'iod-lad-')."""
    return str(dataset_id or "").startswith("iod") and not indicator_id.startswith("iod-lad-")


def is_deprivation_summary(indicator_id: str) -> bool:
    return indicator_id.startswith("iod-lad-")


def spine_geometry(value: float | None, england: float | None, summary: Mapping[str, Any],
                   polarity: str | None) -> dict | None:
    """Positions (0-100 %) of a Fingertips-style spine: centred on England, the worst end
    on the left and the best on the right (lowest to highest where there is no judgement).

    Returns None when there are fewer than five peers or no spread to draw.
    """
    n = summary.get("n") or 0
    if n < stats.MIN_AREAS or not _present(summary.get("lowest")):
        return None
    lowest, highest = float(summary["lowest"]), float(summary["highest"])
    centre = float(england) if _present(england) else float(summary["median"])
    half = max(abs(lowest - centre), abs(highest - centre))
    if _present(value):
        half = max(half, abs(float(value) - centre))
    if half == 0 or math.isnan(half):
        return None
    flip = polarity == "lower_is_better"

    def position(x: Any) -> float | None:
        if not _present(x):
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


def type_group(area_type: str | None) -> str:
    """Plural name for the areas a ranking compares."""
    return {"lad": "English local authorities", "county": "English counties",
            "combined_authority": "combined authorities", "region": "English regions",
            "police_force_area": "police force areas"}.get(area_type or "", "areas")


def trend_of(row: Mapping[str, Any]) -> tuple[str, str]:
    """(key, sentence) for an indicator's recent trend, as stored at build time."""
    key = row.get("trend") if isinstance(row.get("trend"), str) else \
        stats.CANNOT_BE_CALCULATED
    reason = row.get("trend_reason")
    if not isinstance(reason, str) or not reason:
        reason = "Trend not calculated: no recent trend is stored for this indicator."
    return key, reason


def profile_summary(row: Mapping[str, Any]) -> dict:
    """The spread across peers stored with a profile row, as spine_geometry expects."""
    return {k: row.get(k) for k in ("lowest", "q25", "median", "q75", "highest")} | {
        "n": row.get("peers_n") or 0}


def profile_rows(profile: pd.DataFrame | list[dict], area: Mapping[str, Any]) -> list[dict]:
    """One record per indicator for an area profile, ready to render: formatted values,
    the stored comparison with the chosen benchmark (word, glyph, reason), the stored
    trend and the spine geometry. `profile` is store.area_profile(code, benchmark, level).
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
        rows.append(_profile_row(record, area, area_name, group))
    return rows


def _profile_row(record: dict, area: Mapping[str, Any], area_name: str, group: str) -> dict:
    indicator_id = record["indicator_id"]
    comparison = record.get("comparison") or "not_compared"
    value_text = _text(record.get("value"), record, record)
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
    }


OTHER_THEME = "other"
OTHER_TITLE = "Other indicators"


def theme_key(theme: Any) -> str:
    """A row's theme, or "other" where it has none: theme is optional in a tidy file's
    metadata, so None, NaN and blank all arrive from the store."""
    return theme.strip() if isinstance(theme, str) and theme.strip() else OTHER_THEME


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


def theme_title(theme: Any) -> str:
    """A theme as a heading; a missing theme (None, NaN, blank) is "Other indicators"."""
    theme = theme_key(theme)
    if theme == DEPRIVATION:
        return DEPRIVATION_TITLE
    return OTHER_TITLE if theme == OTHER_THEME else theme[:1].upper() + theme[1:]


def comparison_counts(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many indicators are better / similar / worse... than England."""
    counts: dict[str, int] = {}
    for row in rows:
        if row["theme"] == DEPRIVATION:
            continue
        counts[row["comparison"]] = counts.get(row["comparison"], 0) + 1
    return counts


# -- indicator page -----------------------------------------------------------------------
# The page works on records (dicts, missing values as None) read from prepared tables:
# building and slicing small DataFrames cost it more than its reads. The DataFrame forms
# (trend_series, ranking, trend_table...) take and give frames for other callers and are
# the same functions underneath.

TREND_COLUMNS = ["role", "code", "name", "period_start", "period_label", "value", "lci",
                 "uci", "status", "note"]


def rows_of(data: Any) -> list[dict]:
    """Records from a DataFrame (missing values as None), or a list of records as is."""
    if isinstance(data, pd.DataFrame):
        return [clean_record(row) for row in data.to_dict("records")]
    return list(data)


def _blank(value: Any) -> bool:
    """None or NaN (the only missing values records and frames of numbers hold)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


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
                   "value": row.get("value"), "lci": row.get("lci"), "uci": row.get("uci"),
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
        columns.append([format_value(by_label[p]["value"], meta, by_label[p]["status"],
                                     by_label[p]["note"]) if p in by_label else "no data"
                        for p in periods])
        if has_ci and name == names[0]:
            header.append(f"{name} 95% confidence interval")
            columns.append([_interval(by_label[p]["lci"], by_label[p]["uci"], meta)
                            if p in by_label else "—" for p in periods])
    return header, [list(row) for row in zip(*columns, strict=True)]


def trend_table(long: pd.DataFrame, meta: Mapping[str, Any]) -> pd.DataFrame:
    """`trend_table_rows` as a frame."""
    header, rows = trend_table_rows(long, meta)
    return pd.DataFrame(rows, columns=header)


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


# -- compare page -------------------------------------------------------------------------

def compare_matrix(latest: Any, areas: Sequence[str], indicators: Sequence[str],
                   names: Mapping[str, str], sort: str | None = None,
                   descending: bool = False) -> tuple[list[dict], list[dict]]:
    """Rows (one per area) and columns (one per indicator) of the compare page's matrix.

    `latest` is store.latest_value_records(areas, indicators, benchmark, level) (or the
    frame of store.latest_values), with the stored comparison and its reason. Each cell
    holds the value text, period, comparison (word, glyph) and reason. Sort by area name
    (sort None or 'area') or by one indicator's value (areas without a value last).
    """
    by_key = {(r["indicator_id"], r["area_code"]): r for r in rows_of(latest)}
    columns = []
    for indicator_id in indicators:
        rows = [r for (i, _), r in by_key.items() if i == indicator_id]
        meta = rows[0] if rows else {"indicator_id": indicator_id}
        england = by_key.get((indicator_id, ENGLAND), {}).get("england_value") or next(
            (r["england_value"] for r in rows if _present(r.get("england_value"))), None)
        columns.append({
            "indicator_id": indicator_id, "title": meta.get("title") or indicator_id,
            "period": ", ".join(sorted({str(r["period_label"]) for r in rows})),
            "england_text": format_value(england, meta) if _present(england) else "no data",
            "polarity": meta.get("polarity"),
        })
    records = []
    for code in areas:
        cells = {}
        sort_value = None
        for indicator_id in indicators:
            row = by_key.get((indicator_id, code))
            if row is None:
                cells[indicator_id] = {"value_text": "no data", "comparison": "not_compared",
                                       "word": JUDGEMENT_WORDS["not_compared"],
                                       "glyph": JUDGEMENT_GLYPHS["not_compared"],
                                       "period": None,
                                       "reason": "No value is published for this area."}
                continue
            comparison = row.get("comparison") or "not_compared"
            cells[indicator_id] = {
                "value": row.get("value"),
                "value_text": _text(row.get("value"), row, row),
                "comparison": comparison, "word": JUDGEMENT_WORDS.get(comparison, comparison),
                "glyph": JUDGEMENT_GLYPHS.get(comparison, "○"),
                "period": row.get("period_label"),
                "reason": comparison_reason(row),
            }
            if indicator_id == sort:
                sort_value = row.get("value")
        records.append({"area_code": code, "area_name": names.get(code, code), "cells": cells,
                        "_sort": sort_value})
    if sort and sort != "area" and sort in indicators:
        present = [r for r in records if r["_sort"] is not None]
        missing = [r for r in records if r["_sort"] is None]
        present.sort(key=lambda r: r["_sort"], reverse=descending)
        records = present + missing
    else:
        records.sort(key=lambda r: str(r["area_name"]).lower(), reverse=descending)
    for record in records:
        record.pop("_sort")
    return records, columns


# -- small utilities ----------------------------------------------------------------------

def clean_record(record: Mapping[str, Any]) -> dict:
    """A row as a dict with missing values (NaN, NA, NaT) as None."""
    return {k: (None if _is_na(v) else v) for k, v in record.items()}


def _present(value: Any) -> bool:
    return not _is_na(value)


def _is_na(value: Any) -> bool:
    if value is None:
        return True
    kind = type(value)  # the plain values of store records first: pd.isna's answer, quicker
    if kind is float:
        return math.isnan(value)
    if kind is str or kind is int or kind is bool:
        return False
    if isinstance(value, (list, tuple, dict, np.ndarray)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _float(value: Any) -> float:
    return float(value) if _present(value) else math.nan


def _text(value: Any, meta: Mapping[str, Any], row: Mapping[str, Any]) -> str:
    return format_value(value, meta, row.get("status"), row.get("note"))


def _interval(lci: Any, uci: Any, meta: Mapping[str, Any]) -> str:
    if not (_present(lci) and _present(uci)):
        return "—"
    return f"{format_value(lci, meta)} to {format_value(uci, meta)}"


def is_code(text: str) -> bool:
    return bool(GSS_CODE.match((text or "").upper()))
