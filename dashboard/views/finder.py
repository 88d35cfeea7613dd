"""Pure helpers for the "worse and getting worse" finder (/worsening).

Fingertips-style: indicators where an area is significantly worse than its benchmark and
whose recent trend is getting worse, for one area across indicators or for one indicator
across areas. The judgements and trends are prepared at build time
(dashboard/methods/judgements.py and recent_trends.py); these helpers read the query string,
turn the store's rows into records, count them and say in plain words what was found. No Dash, no store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.common.formatting import format_value
from dashboard.views import explore

PATH = "/worsening"
WORSE = "worse"
GETTING_WORSE = "getting_worse"
JUDGED = ("better", "similar", "worse")  # a judgement was made (not higher/lower/none)
NOT_CALCULATED = "cannot_be_calculated"

# Area types the indicator view lists: (singular, plural).
AREA_TYPES = {"lad": ("local authority", "local authorities"),
              "county": ("county", "counties")}
DEFAULT_AREA_TYPE = "lad"

AREA, INDICATOR, START = "area", "indicator", "start"


# -- the query string ---------------------------------------------------------------------

@dataclass(frozen=True)
class FinderQuery:
    """What /worsening was asked for, with what in the address was not understood."""

    area: str | None = None
    indicator: str | None = None
    benchmark: str = explore.DEFAULT_BENCHMARK
    level: str = explore.DEFAULT_LEVEL
    area_type: str = DEFAULT_AREA_TYPE
    problems: tuple[str, ...] = ()

    @property
    def view(self) -> str:
        """'area', 'indicator' or 'start' (neither chosen)."""
        if self.area:
            return AREA
        return INDICATOR if self.indicator else START

    @property
    def level_value(self) -> float:
        """The level as the judgements table stores it (0.95 or 0.998)."""
        return explore.LEVEL_CHOICES[self.level]


def first(value: Any) -> str | None:
    """One query-string value, stripped ('a' from ['a', 'b']); None when blank."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    text = str(value).strip() if value is not None else ""
    return text or None


def parse_benchmark(value: Any) -> str | None:
    """england, region or neighbours (england when blank); None when not understood."""
    text = first(value)
    if text is None:
        return explore.DEFAULT_BENCHMARK
    text = text.lower()
    return text if text in explore.BENCHMARK_CHOICES else None


def parse_level(value: Any) -> str | None:
    """'95' or '99.8' (with or without %; 95 when blank); None when not understood."""
    text = first(value)
    if text is None:
        return explore.DEFAULT_LEVEL
    text = text.rstrip("%").strip()
    return text if text in explore.LEVEL_CHOICES else None


def parse_area_type(value: Any) -> str | None:
    """lad or county (lad when blank); None when not understood."""
    text = first(value)
    if text is None:
        return DEFAULT_AREA_TYPE
    text = text.lower()
    return text if text in AREA_TYPES else None


def parse_query(area: Any = None, indicator: Any = None, benchmark: Any = None,
                level: Any = None, area_type: Any = None) -> FinderQuery:
    """The finder's query string as a FinderQuery; a value that is not understood is named
    in `problems` (the page then explains, never guesses)."""
    problems = []
    chosen_benchmark = parse_benchmark(benchmark)
    if chosen_benchmark is None:
        problems.append(f"“{first(benchmark)}” is not a benchmark: compare with England, "
                        "the region (benchmark=region) or statistical neighbours "
                        "(benchmark=neighbours).")
    chosen_level = parse_level(level)
    if chosen_level is None:
        problems.append(f"“{first(level)}” is not a confidence level we use: choose 95 or "
                        "99.8.")
    chosen_type = parse_area_type(area_type)
    if chosen_type is None:
        problems.append(f"“{first(area_type)}” is not a type of area this page lists: "
                        "choose local authorities (type=lad) or counties (type=county).")
    area_code, indicator_id = first(area), first(indicator)
    if area_code and indicator_id:
        problems.append("Choose an area or an indicator, not both: the page lists the "
                        "indicators for one area, or the areas for one indicator.")
    return FinderQuery(area_code.upper() if area_code else None, indicator_id,
                       chosen_benchmark or explore.DEFAULT_BENCHMARK,
                       chosen_level or explore.DEFAULT_LEVEL,
                       chosen_type or DEFAULT_AREA_TYPE, tuple(problems))


def href(area: str | None = None, indicator: str | None = None,
         benchmark: str = explore.DEFAULT_BENCHMARK, level: str = explore.DEFAULT_LEVEL,
         area_type: str = DEFAULT_AREA_TYPE) -> str:
    """The finder's address for a view; defaults are left out so links stay short."""
    return PATH + explore.query_string({
        "area": area, "indicator": None if area else indicator,
        "benchmark": None if benchmark == explore.DEFAULT_BENCHMARK else benchmark,
        "level": None if level == explore.DEFAULT_LEVEL else level,
        "type": None if area or area_type == DEFAULT_AREA_TYPE else area_type})


def benchmark_choices(area_type: str | None) -> dict[str, str]:
    """Benchmarks an area can be compared with: England always; its region unless it is
    a region or larger; statistical neighbours for local authorities and counties."""
    choices = dict(explore.BENCHMARK_CHOICES)
    if area_type not in ("lad", "county"):
        choices.pop("neighbours")
    if area_type in ("region", "nation", "country"):
        choices.pop("region")
    return choices


# -- rows ---------------------------------------------------------------------------------

def finder_rows(frame: pd.DataFrame, view: str) -> list[dict]:
    """One record per indicator (area view) or per area (indicator view), ready to render:
    the value and benchmark value as text, the stored comparison and trend with their
    words, glyphs and one-sentence reasons, and flags for worse / getting worse / both.
    Deprivation (IoD) indicators are left out of the area view: one release each, with
    no benchmark judgement and no trend."""
    if frame.empty:
        return []
    rows = []
    for record in frame.to_dict("records"):
        record = explore.clean_record(record)
        indicator_id = str(record["indicator_id"])
        if view == AREA and (explore.is_lsoa_only(indicator_id, record.get("dataset_id"))
                             or explore.is_deprivation_summary(indicator_id)):
            continue
        rows.append(_row(record, view))
    return rows


def _row(record: dict, view: str) -> dict:
    """One finder record from a store row (see finder_rows)."""
    comparison = record.get("comparison") or "not_compared"
    trend, trend_reason = explore.trend_of(record)
    code, indicator_id = str(record["area_code"]), str(record["indicator_id"])
    if view == AREA:
        label, key = record.get("title") or indicator_id, indicator_id
        link = explore.indicator_href(indicator_id, area=code)
    else:
        label, key = record.get("area_name") or code, code
        link = explore.area_href(code)
    return {
        "key": key, "label": label, "href": link, "indicator_id": indicator_id,
        "area_code": code, "area_name": record.get("area_name") or code,
        "period": record.get("period_label") or "—",
        "value_text": format_value(record.get("value"), record, record.get("status"),
                                   record.get("note")),
        "benchmark_name": record.get("benchmark_name"),
        "benchmark_text": format_value(record.get("benchmark_value"), record),
        "comparison": comparison,
        "comparison_word": explore.JUDGEMENT_WORDS.get(comparison, comparison),
        "comparison_glyph": explore.JUDGEMENT_GLYPHS.get(comparison, "○"),
        "comparison_reason": explore.comparison_reason(record),
        "trend": trend,
        "trend_word": explore.TREND_WORDS.get(trend, trend),
        "trend_glyph": explore.TREND_GLYPHS.get(trend, "–"),
        "trend_class": explore.TREND_CLASSES.get(trend, "neutral"),
        "trend_reason": trend_reason,
        "is_worse": comparison == WORSE,
        "is_getting_worse": trend == GETTING_WORSE,
        "is_both": comparison == WORSE and trend == GETTING_WORSE,
    }


def worse_and_worsening(rows: Iterable[Mapping[str, Any]]) -> list[dict]:
    """The rows that are significantly worse than the benchmark and getting worse."""
    return [dict(row) for row in rows if row["is_both"]]


# -- counts and sentences -----------------------------------------------------------------

@dataclass(frozen=True)
class FinderCounts:
    """How many indicators (or areas) were shown, judged, worse, getting worse, both."""

    total: int = 0
    judged: int = 0
    worse: int = 0
    getting_worse: int = 0
    both: int = 0
    trend_calculated: int = 0

    @property
    def trend_not_calculated(self) -> int:
        """Rows whose recent trend could not be calculated."""
        return self.total - self.trend_calculated


def count_rows(rows: Sequence[Mapping[str, Any]]) -> FinderCounts:
    """Counts of the finder's records (from finder_rows)."""
    return FinderCounts(
        total=len(rows),
        judged=sum(1 for r in rows if r["comparison"] in JUDGED),
        worse=sum(1 for r in rows if r["is_worse"]),
        getting_worse=sum(1 for r in rows if r["is_getting_worse"]),
        both=sum(1 for r in rows if r["is_both"]),
        trend_calculated=sum(1 for r in rows if r["trend"] != NOT_CALCULATED))


def plural(n: int, singular: str, plural_form: str) -> str:
    """'1 indicator', '5 indicators'."""
    return f"{n} {singular if n == 1 else plural_form}"


def _both_clause(counts: FinderCounts) -> str:
    if counts.worse == 0 or counts.getting_worse == 0:
        return "."
    if counts.both == 0:
        return "; none are both."
    return f"; {counts.both} {'is' if counts.both == 1 else 'are'} both."


def area_sentence(counts: FinderCounts, area_name: str, bench_words: str) -> str:
    """'Oldham is significantly worse than England on 5 indicators and getting worse on 2;
    none are both.'"""
    if counts.worse:
        text = (f"{area_name} is significantly worse than {bench_words} on "
                f"{plural(counts.worse, 'indicator', 'indicators')}")
    else:
        text = f"{area_name} is not significantly worse than {bench_words} on any indicator"
    if counts.getting_worse:
        text += f" and getting worse on {counts.getting_worse}"
    else:
        text += " and not getting worse on any" + (" either" if not counts.worse else "")
    return text + _both_clause(counts)


def indicator_sentence(counts: FinderCounts, title: str, bench_words: str,
                       area_type: str = DEFAULT_AREA_TYPE) -> str:
    """'On Employment rate, 27 local authorities are significantly worse than their region
    and 1 is getting worse; 1 is both.'"""
    one, many = AREA_TYPES.get(area_type, ("area", "areas"))
    if counts.worse:
        text = (f"On {title}, {plural(counts.worse, one, many)} "
                f"{'is' if counts.worse == 1 else 'are'} significantly worse than "
                f"{bench_words}")
    else:
        text = f"On {title}, no {many} are significantly worse than {bench_words}"
    if counts.getting_worse:
        verb = "is" if counts.getting_worse == 1 else "are"
        text += f" and {counts.getting_worse} {verb} getting worse"
    else:
        text += " and none are getting worse"
    return text + _both_clause(counts)


def coverage_sentence(counts: FinderCounts, noun: tuple[str, str], bench_words: str,
                      level: str) -> str:
    """'41 of 60 indicators could be compared with England at the 95% level; the recent
    trend could be calculated for 4.'"""
    total = plural(counts.total, *noun)
    return (f"{counts.judged} of {total} could be judged better, similar or worse than "
            f"{bench_words} at the {level}% level; the recent trend could be calculated "
            f"for {counts.trend_calculated}.")


def trend_note(counts: FinderCounts, noun: tuple[str, str],
               reasons: Sequence[str] = ()) -> str | None:
    """Where the trend cannot be calculated for most rows, say so plainly (and what that
    means for the finder); None otherwise. `reasons` are the stored reasons of the rows
    without a trend: the commonest is quoted when it covers most of them."""
    missing = counts.trend_not_calculated
    if counts.total == 0 or missing * 2 <= counts.total:
        return None
    which = f"any of the {plural(counts.total, *noun)}" if missing == counts.total else \
        f"{missing} of the {plural(counts.total, *noun)}"
    text = (f"The recent trend cannot be calculated for {which}: it needs values for the "
            "latest five consecutive periods with confidence intervals or counts. "
            f"{noun[1].capitalize()} without a trend cannot be found here even if they are "
            "getting worse.")
    if reasons:
        reason, n = Counter(reasons).most_common(1)[0]
        if n * 2 > len(reasons):
            text += f" The usual reason: {reason}"
    return text


def benchmark_words(benchmark: str, view: str, benchmark_name: str | None = None) -> str:
    """What is compared with, in a sentence: 'England', 'North West' (area view) or 'their
    region' (indicator view), 'its statistical neighbours' / 'their statistical
    neighbours'."""
    if benchmark == "region":
        return (benchmark_name or "its region") if view == AREA else "their region"
    if benchmark == "neighbours":
        return "its statistical neighbours" if view == AREA else \
            "their statistical neighbours"
    return "England"


def benchmark_heading(benchmark: str, view: str, benchmark_name: str | None = None) -> str:
    """The benchmark value's column heading."""
    if benchmark == "neighbours":
        return "Neighbours' average"
    if benchmark == "region":
        return (benchmark_name or "Region") if view == AREA else "Region"
    return "England"


def first_name(rows: Sequence[Mapping[str, Any]], key: str = "benchmark_name") -> str | None:
    """The first non-blank value of `key` in the rows (e.g. the region's name)."""
    return next((str(r[key]) for r in rows if r.get(key)), None)


def coverage_rows(coverage: pd.DataFrame) -> list[dict]:
    """Each indicator with how many areas have a value and how many a recent trend (the
    finder's start page), in the store's order; IoD indicators left out."""
    if coverage.empty:
        return []
    rows = []
    for record in coverage.to_dict("records"):
        indicator_id = str(record["indicator_id"])
        if explore.is_lsoa_only(indicator_id, record.get("dataset_id")) or \
                explore.is_deprivation_summary(indicator_id):
            continue
        rows.append({"indicator_id": indicator_id, "title": record.get("title") or indicator_id,
                     "n_areas": int(record["n_areas"]), "n_trends": int(record["n_trends"])})
    return rows
