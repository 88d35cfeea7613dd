"""Shared page helpers for the explore pages (home, area profile, indicator, compare):
the words and glyphs for judgements and trends, URLs and query strings, finding areas and
indicators, the benchmark and confidence choices, themes, and small record utilities.

The page-specific helpers build on these: area_profile.py (the area profile's rows and
spine charts), indicator.py (the indicator page's trend, ranking, table and download) and
compare.py (the compare page's matrix). Plain values and DataFrames in, plain values,
records and DataFrames out: no Dash, no store. Layouts and callbacks fetch from the store
and hand the frames to these.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from dashboard.common.formatting import format_value
from dashboard.common.geography import AREA_TYPE_LABELS, GSS_CODE
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
    if has_value(valid_to):
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
    return bool(area) and has_value(area.get("valid_to"))  # type: ignore[union-attr]


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
# Comparisons, trends and spreads are prepared at build time (dashboard/methods/judgements.py
# and recent_trends.py, the one rule set); these helpers only choose and word what the store
# returns.

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


def trend_of(row: Mapping[str, Any]) -> tuple[str, str]:
    """(key, sentence) for an indicator's recent trend, as stored at build time."""
    key = row.get("trend") if isinstance(row.get("trend"), str) else \
        stats.CANNOT_BE_CALCULATED
    reason = row.get("trend_reason")
    if not isinstance(reason, str) or not reason:
        reason = "Trend not calculated: no recent trend is stored for this indicator."
    return key, reason


# -- kinds of indicator -------------------------------------------------------------------

def is_lsoa_only(indicator_id: str, dataset_id: str | None) -> bool:
    """IoD indicators published for LSOAs only (the LA summaries start 'iod-lad-')."""
    return str(dataset_id or "").startswith("iod") and not indicator_id.startswith("iod-lad-")


def is_deprivation_summary(indicator_id: str) -> bool:
    return indicator_id.startswith("iod-lad-")


# -- themes -------------------------------------------------------------------------------

OTHER_THEME = "other"
OTHER_TITLE = "Other indicators"


def theme_key(theme: Any) -> str:
    """A row's theme, or "other" where it has none: theme is optional in a tidy file's
    metadata, so None, NaN and blank all arrive from the store."""
    return theme.strip() if isinstance(theme, str) and theme.strip() else OTHER_THEME


def theme_title(theme: Any) -> str:
    """A theme as a heading; a missing theme (None, NaN, blank) is "Other indicators"."""
    theme = theme_key(theme)
    if theme == DEPRIVATION:
        return DEPRIVATION_TITLE
    return OTHER_TITLE if theme == OTHER_THEME else theme[:1].upper() + theme[1:]


# -- small utilities ----------------------------------------------------------------------

def clean_record(record: Mapping[str, Any]) -> dict:
    """A row as a dict with missing values (NaN, NA, NaT) as None."""
    return {k: (None if _is_na(v) else v) for k, v in record.items()}


def rows_of(data: Any) -> list[dict]:
    """Records from a DataFrame (missing values as None), or a list of records as is."""
    if isinstance(data, pd.DataFrame):
        return [clean_record(row) for row in data.to_dict("records")]
    return list(data)


def has_value(value: Any) -> bool:
    """Whether a value is there: not None, NaN, NA or NaT."""
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


def formatted(value: Any, meta: Mapping[str, Any], row: Mapping[str, Any]) -> str:
    """A value as the pages show it, with its row's status and note."""
    return format_value(value, meta, row.get("status"), row.get("note"))


def is_code(text: str) -> bool:
    return bool(GSS_CODE.match((text or "").upper()))
