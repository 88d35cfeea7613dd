"""Pure helpers for the maps: class breaks, colours by polarity, legends, value payloads,
ward aggregation and the worklessness summary. No Dash, no store: plain values in and out.

Direction of shading (one rule, everywhere): **darker means worse**. For
``lower_is_better`` indicators (most deprivation scores, claimant count) higher values are
darker; for ``higher_is_better`` ones (employment rate, IoD ranks and deciles, where 1 is the
most deprived) lower values are darker; for ``no_judgement`` darker means higher.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import mapclassify
import numpy as np
import pandas as pd

from dashboard.methods import stats
from dashboard.views.wards import aggregate_wards  # noqa: F401 (the map's wards)

SCHEMES = {
    "quantiles": "Quantiles (equal numbers of areas)",
    "natural": "Natural breaks (Fisher-Jenks)",
    "equal": "Equal intervals",
    "national": "National quintiles",
}
DEFAULT_SCHEME = "quantiles"
DEFAULT_CLASSES = 5

# ColorBrewer "Blues" (Brewer, Penn State; sequential, single hue, colour-blind safe),
# light -> dark, for 3 to 9 classes.
BLUES = {
    3: ["#deebf7", "#9ecae1", "#3182bd"],
    4: ["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"],
    5: ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
    6: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
    7: ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"],
    8: ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"],
    9: ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c",
        "#08306b"],
}
# Not a blue, so never read as a value. The canvas and the legend draw "no data" hatched.
NO_DATA_COLOUR = "#ffffff"
NO_DATA_HATCH = "#6f777b"
SUPPRESSED_COLOUR = "#b1b4b6"
MISSING = "-"      # class code for no data
SUPPRESSED = "s"   # class code for a value withheld by the publisher or disclosure control
JENKS_SAMPLE = 2000
INTEGER_TYPES = {"rank", "decile", "count"}
NAMED_LIMIT = 8    # missing areas named in the legend before "and N more"


def _floats(values: Any) -> np.ndarray:
    """Any list, Series or array of numbers (with None/NaN/pd.NA) -> a flat float array."""
    if isinstance(values, list) and all(v is None or type(v) in (float, int) for v in values):
        # plain records' values (a map's few hundred areas): no Series needed
        return np.array([math.nan if v is None else v for v in values], dtype=float)
    series = values if isinstance(values, pd.Series) else pd.Series(
        np.asarray(values, dtype=object).reshape(-1))
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


# --- display formats ------------------------------------------------------------------------

def display_format(meta: dict | None) -> dict:
    """How the map shows one indicator's values: {decimals, prefix, suffix, scale}.

    IoD rates are stored as proportions (0.259); maps show them as percentages (25.9%).
    """
    meta = meta or {}
    value_type = meta.get("value_type")
    if value_type == "proportion":
        return {"decimals": 1, "prefix": "", "suffix": "%", "scale": 100}
    decimals = meta.get("decimals")
    if decimals is None or (isinstance(decimals, float) and math.isnan(decimals)):
        decimals = 0 if value_type in INTEGER_TYPES else 1
    if value_type in INTEGER_TYPES:
        decimals = 0
    unit = meta.get("unit") or ""
    prefix = meta.get("prefix") or ("£" if unit == "£" else "")
    suffix = "%" if (meta.get("suffix") == "%" or unit == "%") else ""
    return {"decimals": int(decimals), "prefix": prefix, "suffix": suffix, "scale": 1}


def format_display(value: Any, fmt: dict) -> str:
    """'25.9%', '£590', '1,234'; 'no data' for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or (
            not isinstance(value, (float, int)) and pd.isna(value)):
        return "no data"
    number = float(value) * fmt.get("scale", 1)
    return f"{fmt.get('prefix', '')}{number:,.{fmt.get('decimals', 1)}f}{fmt.get('suffix', '')}"


def unit_words(meta: dict | None) -> str:
    """Words for the legend heading's unit, e.g. '% of working-age people' or 'rank'."""
    meta = meta or {}
    if meta.get("value_type") == "proportion":
        return "%"
    return meta.get("unit") or meta.get("measure") or ""


# --- classification -------------------------------------------------------------------------

@dataclass(frozen=True)
class Classification:
    """Class breaks for the finite values; ``classes`` is -1 where the value is missing."""

    scheme: str
    bins: tuple[float, ...]          # upper bound of each class, ascending
    lower: float                     # lowest value (the first class's lower bound)
    classes: np.ndarray = field(repr=False)
    integer: bool = False

    @property
    def k(self) -> int:
        return len(self.bins)

    def counts(self) -> list[int]:
        return [int((self.classes == i).sum()) for i in range(self.k)]

    def ranges(self) -> list[tuple[float, float]]:
        """(lower, upper) of each class; integer classes do not overlap (1-2, 3-4)."""
        out = []
        for i, upper in enumerate(self.bins):
            if i == 0:
                low = self.lower
            else:
                low = math.floor(self.bins[i - 1]) + 1 if self.integer else self.bins[i - 1]
            out.append((low, upper))
        return out


def fisher_jenks_breaks(values: np.ndarray, k: int, sample: int = JENKS_SAMPLE) -> list[float]:
    """Fisher (1958) optimal natural breaks: upper bound of each of ``k`` classes.

    The same dynamic programme as ``mapclassify.FisherJenks`` (and equal to it on the tests),
    written here because mapclassify falls back to pure Python without numba (27 s for 3,000
    values on this machine). Vectorised with numpy; above ``sample`` values it runs on that
    many evenly spaced quantiles of the data (deterministic, keeps the distribution's shape).
    """
    x = np.sort(np.asarray(values, dtype=float))
    x = x[np.isfinite(x)]
    if x.size == 0:
        return []
    if x.size > sample:
        x = np.quantile(x, np.linspace(0, 1, sample), method="inverted_cdf")
    n = x.size
    k = max(1, min(k, np.unique(x).size))
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    count = (j - i + 1).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = (s2[j + 1] - s2[i]) - (s1[j + 1] - s1[i]) ** 2 / count
    cost = np.where(j >= i, np.maximum(cost, 0.0), np.inf)
    best = cost[0].copy()                      # best[j]: one class over x[0..j]
    starts = []
    for _ in range(1, k):
        previous = np.concatenate([[np.inf], best[:-1]])   # previous[i] = best[i - 1]
        total = previous[:, None] + cost
        start = np.argmin(total, axis=0)
        best = total[start, np.arange(n)]
        starts.append(start)
    breaks = [float(x[-1])]
    end = n - 1
    for start in reversed(starts):
        first = int(start[end])
        breaks.append(float(x[first - 1]))
        end = first - 1
    return sorted(set(breaks))


def classify(values: Any, scheme: str = DEFAULT_SCHEME, k: int = DEFAULT_CLASSES,
             national: Any = None, value_type: str | None = None) -> Classification:
    """Class breaks with mapclassify: quantiles, natural breaks (Fisher-Jenks), equal
    intervals, or national quintiles (quintile breaks of ``national``, every area of the
    same level in England, applied to ``values``). Deciles always use fixed pairs 1-2 ...
    9-10 so a map of deciles reads the same everywhere."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown classification {scheme!r}; expected one of "
                         f"{', '.join(SCHEMES)}")
    y = _floats(values)
    present = np.isfinite(y)
    classes = np.full(y.shape, -1, dtype=int)
    integer = value_type in INTEGER_TYPES
    if not present.any():
        return Classification(scheme, (), math.nan, classes, integer)
    finite = y[present]
    distinct = np.unique(finite).size
    if value_type == "decile":
        bins = [2.0, 4.0, 6.0, 8.0, 10.0]
    elif scheme == "national":
        pool = _floats(national if national is not None else finite)
        pool = pool[np.isfinite(pool)]
        bins = list(np.unique(mapclassify.Quantiles(pool, k=5).bins))
    elif scheme == "natural":
        bins = fisher_jenks_breaks(finite, min(k, distinct))
    elif scheme == "equal":
        bins = list(mapclassify.EqualInterval(finite, k=min(k, max(distinct, 1))).bins)
    else:
        bins = list(np.unique(mapclassify.Quantiles(finite, k=min(k, distinct)).bins))
    bins = [float(b) for b in bins]
    if bins[-1] < finite.max():
        bins[-1] = float(finite.max())
    classes[present] = np.searchsorted(np.asarray(bins), finite, side="left")
    lower = float(min(finite.min(), bins[0]))
    if value_type == "decile":
        lower = 1.0
    return Classification(scheme, tuple(bins), lower, classes, integer)


def class_colours(k: int, polarity: str | None) -> list[str]:
    """Colour of each class (classes in ascending value order): darker = worse."""
    if k <= 0:
        return []
    ramp = BLUES[min(max(k, 3), 9)]
    if k < 3:
        ramp = [ramp[0], ramp[-1]][:k] if k == 2 else [ramp[-2]]
    return list(reversed(ramp)) if polarity == stats.HIGHER_IS_BETTER else list(ramp)


def direction_text(polarity: str | None) -> str:
    """The one-sentence reason for the shading."""
    if polarity == stats.HIGHER_IS_BETTER:
        return "Darker shading means worse (lower values; for IoD ranks and deciles, more " \
               "deprived)."
    if polarity == stats.LOWER_IS_BETTER:
        return "Darker shading means worse (higher values)."
    return "Darker shading means higher values (no judgement of better or worse)."


# --- legends and payloads -------------------------------------------------------------------

WITHHELD_STATUSES = ("c", "u")
WITHHELD_NOTE = re.compile("fewer than|suppress", re.IGNORECASE)

def area_status(values: Any, statuses: Any = None, notes: Any = None) -> np.ndarray:
    """'ok', 'missing' or 'suppressed' per area (suppressed: withheld by the publisher or by
    disclosure control, status 'c'/'u' or a 'fewer than 5'/'suppressed' note)."""
    y = _floats(values)
    n = y.size
    status = list(statuses) if statuses is not None else [None] * n
    note = list(notes) if notes is not None else [None] * n
    withheld = np.array([(isinstance(s, str) and s in WITHHELD_STATUSES)
                         or (isinstance(t, str) and WITHHELD_NOTE.search(t) is not None)
                         for s, t in zip(status, note, strict=True)], dtype=bool)
    out = np.where(np.isfinite(y), "ok", np.where(withheld, "suppressed", "missing"))
    return out.astype(object)


def class_codes(classification: Classification, status: np.ndarray) -> str:
    """One character per area: '0'-'8' class, '-' no data, 's' suppressed."""
    chars = np.where(classification.classes >= 0,
                     classification.classes.astype(str), MISSING).astype(object)
    chars[(status == "suppressed") & (classification.classes < 0)] = SUPPRESSED
    return "".join(chars)


def legend_entries(classification: Classification, colours: list[str], fmt: dict,
                   status: np.ndarray, names: Any = None) -> list[dict]:
    """Legend rows: each class (range with units, colour, count), then no data and
    suppressed with the areas named."""
    rows = []
    for (low, high), colour, count in zip(classification.ranges(), colours,
                                          classification.counts(), strict=False):
        rows.append({"kind": "class", "colour": colour, "count": count,
                     "label": f"{format_display(low, fmt)} to {format_display(high, fmt)}"})
    names = list(names) if names is not None else [None] * len(status)
    for kind, label, colour in (("missing", "No data", NO_DATA_COLOUR),
                                ("suppressed", "Suppressed", SUPPRESSED_COLOUR)):
        which = [n for n, s in zip(names, status, strict=False) if s == kind]
        if not which:
            continue
        shown = [n for n in which if n][:NAMED_LIMIT]
        more = len(which) - len(shown)
        named = ", ".join(shown) + (f" and {more} more" if more and shown else "")
        rows.append({"kind": kind, "colour": colour, "count": len(which), "label": label,
                     "areas": named})
    return rows


def legend_text(entry: dict) -> str:
    """'2.1% to 3.4% (60 areas)'; 'No data (2 areas: Isles of Scilly, City of London)'."""
    noun = "area" if entry["count"] == 1 else "areas"
    if entry["kind"] == "class":
        return f"{entry['label']} ({entry['count']:,} {noun})"
    named = f": {entry['areas']}" if entry.get("areas") else ""
    return f"{entry['label']} ({entry['count']:,} {noun}{named})"


def compact_values(values: Any, decimals: int = 6) -> list[float | None]:
    """Values for the browser, rounded to ``decimals`` places (short JSON), None for missing."""
    y = _floats(values)
    rounded = np.round(y, decimals).astype(object)
    rounded[~np.isfinite(y)] = None
    return rounded.tolist()


def align(frame: pd.DataFrame, codes: list[str], code_column: str = "area_code") -> pd.DataFrame:
    """Rows of ``frame`` in the order of the geometry's feature ``codes`` (NaN-filled)."""
    return frame.drop_duplicates(code_column).set_index(code_column).reindex(codes)


def decile_codes(deciles: Any) -> str:
    """One character per area: '1'-'9', '0' for decile 10, '-' missing."""
    y = _floats(deciles)
    return "".join("-" if not math.isfinite(v) else str(int(v) % 10) for v in y)


# --- comparisons (stored at build time: dashboard/methods/judgements.py) ---------------------------

COMPARISON_WORDS = {"better": "Better than", "worse": "Worse than", "similar": "Similar to",
                    "higher": "Higher than", "lower": "Lower than"}


def comparison_text(comparison: str, benchmark_text: str, benchmark_name: str = "England",
                    confidence: str = "95", method: str | None = None) -> str:
    """'Worse than England (4.0%, 95%)' or 'Not compared with England'; the spread rule
    says so, as it is not a significance test."""
    base = comparison.split("_")[0] if comparison else ""
    if base in COMPARISON_WORDS:
        how = "spread rule" if method == "spread" else f"{confidence}%"
        return f"{COMPARISON_WORDS[base]} {benchmark_name} ({benchmark_text}, {how})"
    return f"Not compared with {benchmark_name}"


def comparison_notes(aligned: pd.DataFrame, fmt: dict, confidence: str = "95"
                     ) -> list[str | None]:
    """Hover notes from the stored comparison of each area with its benchmark."""
    if "comparison" not in aligned:
        return [None] * len(aligned)
    return record_comparison_notes(aligned.to_dict("records"), fmt, confidence)


def record_comparison_notes(rows: list[Mapping[str, Any] | None], fmt: dict,
                            confidence: str = "95") -> list[str | None]:
    """comparison_notes for plain records, one per area (None for an area without a row)."""
    notes: list[str | None] = []
    for row in rows:
        comparison = row.get("comparison") if row is not None else None
        if not isinstance(comparison, str):
            notes.append(None)
            continue
        name = row.get("benchmark_name")  # type: ignore[union-attr]
        name = name if isinstance(name, str) and name else "England"
        value = row.get("benchmark_value")  # type: ignore[union-attr]
        text = format_display(value, fmt) if value is not None and not pd.isna(value) else \
            "no data"
        notes.append(comparison_text(comparison, text, name, confidence,
                                     row.get("comparison_method")))  # type: ignore
    return notes


# --- neighbourhoods -------------------------------------------------------------------------

IOD_DOMAINS = {
    "imd": "Index of Multiple Deprivation", "income": "Income",
    "employment": "Employment", "education": "Education, skills and training",
    "health": "Health deprivation and disability", "crime": "Crime",
    "housing-and-services": "Barriers to housing and services",
    "environment": "Living environment",
}
DOMAIN_ADJECTIVE = {
    "imd": "deprived", "income": "income-deprived", "employment": "employment-deprived",
    "education": "education-deprived", "health": "health-deprived",
    "crime": "crime-deprived", "housing-and-services": "deprived on barriers to housing",
    "environment": "living-environment-deprived",
}
DEFAULT_MEASURE = "iod-employment-score"


def measure_domain(indicator_id: str | None) -> str | None:
    """'iod-employment-score' -> 'employment'; None for File 8 indicators."""
    if not indicator_id:
        return None
    for domain in IOD_DOMAINS:
        for kind in ("score", "rank", "decile"):
            if indicator_id == f"iod-{domain}-{kind}":
                return domain
    return None


def ordinal(n: int) -> str:
    """1 -> '1st', 12 -> '12th', 22 -> '22nd'."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def place_sentence(position: int, total: int, domain: str, lad_name: str) -> str:
    """'12th most employment-deprived of 142 LSOAs in Oldham'."""
    adjective = DOMAIN_ADJECTIVE.get(domain, "deprived")
    if position == 1:
        return f"The most {adjective} of {total:,} LSOAs in {lad_name}"
    return f"{ordinal(position)} most {adjective} of {total:,} LSOAs in {lad_name}"


@dataclass(frozen=True)
class WorklessnessSummary:
    """The worklessness summary for one place (IoD 2025 Employment domain)."""

    lsoas: int
    decile_1: int
    decile_1_2: int
    people: float
    people_in_decile_1: float
    suppressed_counts: int

    @property
    def share_decile_1(self) -> float:
        return self.decile_1 / self.lsoas if self.lsoas else math.nan

    @property
    def share_decile_1_2(self) -> float:
        return self.decile_1_2 / self.lsoas if self.lsoas else math.nan

    @property
    def concentration(self) -> float:
        """Share of the place's employment-deprived people living in its LSOAs in the
        national most deprived 10% on employment."""
        return self.people_in_decile_1 / self.people if self.people else math.nan


def worklessness_summary(employment_decile: Any, numerator: Any) -> WorklessnessSummary:
    """Counts of LSOAs in the most deprived 10%/20% nationally on employment, the count of
    employment-deprived people (sum of published numerators, each rounded to 5) and the
    share of them in decile-1 LSOAs."""
    decile = _floats(employment_decile)
    people = _floats(numerator)
    in_first = decile == 1
    return WorklessnessSummary(
        lsoas=int(decile.size), decile_1=int(in_first.sum()),
        decile_1_2=int(((decile == 1) | (decile == 2)).sum()),
        people=float(np.nansum(people)),
        people_in_decile_1=float(np.nansum(people[in_first])),
        suppressed_counts=int(np.isnan(people).sum()),
    )


def summary_sentences(summary: WorklessnessSummary, place: str) -> list[str]:
    """Plain-English lines for the summary panel."""
    if summary.lsoas == 0:
        return [f"No LSOAs found in {place}."]
    lines = [
        (f"{summary.decile_1:,} of {summary.lsoas:,} LSOAs in {place} "
         f"({summary.share_decile_1:.1%}) are in the most employment-deprived 10% in England; "
         f"{summary.decile_1_2:,} ({summary.share_decile_1_2:.1%}) are in the most deprived "
         "20%."),
        (f"{summary.people:,.0f} employment-deprived people (sum of LSOA counts, each "
         "published rounded to the nearest 5, so the total is approximate)."),
    ]
    if summary.people:
        lines.append(f"{summary.concentration:.1%} of them live in {place}'s LSOAs in the "
                     "national most employment-deprived 10% (concentration).")
    if summary.suppressed_counts:
        lines.append(f"{summary.suppressed_counts} LSOA counts are suppressed by the publisher "
                     "and not included.")
    return lines
