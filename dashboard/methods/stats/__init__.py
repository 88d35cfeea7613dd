"""Statistical methods behind Placeboard's comparisons, trends and neighbours.

Every function here is pure: arrays (numpy arrays, pandas Series or lists) go in, arrays or
plain values come out, nothing is read from or written to the store. Label functions return a
plain ``str`` (or ``bool``) when every input is a scalar and a numpy ``object`` array of the
broadcast shape otherwise.

Methods follow the Public Health England / OHID Fingertips conventions ("Technical Guide:
Confidence Intervals", APHO; Fingertips "benchmarking" and "recent trends" guides) and, for
series published without confidence intervals, ONS Explore Local Statistics (difference from
the benchmark compared with 1.4826 x the median absolute deviation across areas).

Polarity strings are exactly ``higher_is_better``, ``lower_is_better`` and ``no_judgement``.

Callers use the package (``from dashboard.methods import stats``, then ``stats.wilson_ci``);
the methods live in:

- `vocabulary`: polarity, comparison, trend and change labels and shared constants;
- `inputs`: turning numbers, lists and Series into arrays, and checking labels;
- `intervals`: Wilson and Byar's confidence intervals, limits rescaled to another level;
- `compare`: comparison with a benchmark, by confidence intervals or by the MAD;
- `trends`: Fingertips' recent trend, trend with polarity, direction of travel;
- `neighbours`: quantile bands and statistical neighbours;
- `explain`: the plain-English sentences for comparisons and trends.
"""

from __future__ import annotations

from dashboard.methods.stats.compare import (
    compare_to_benchmark,
    compare_to_benchmark_two_levels,
    mad_similarity,
    mad_similarity_all,
    mad_threshold,
)
from dashboard.methods.stats.explain import explain_comparison, explain_mad, explain_trend
from dashboard.methods.stats.intervals import byars_ci, rescale_interval, wilson_ci
from dashboard.methods.stats.neighbours import (
    nearest_neighbours,
    neighbour_distances,
    quantile_bands,
)
from dashboard.methods.stats.trends import (
    ALL_OR_NONE,
    FINGERTIPS_CHI_SQUARE,
    GAP,
    METHOD_FINGERTIPS_CI,
    METHOD_FINGERTIPS_COUNTS,
    MISSING_VALUE,
    NO_INTERVAL,
    OVERLAPPING,
    TOO_FEW,
    TREND_METHODS,
    UNEVEN,
    UNRELIABLE,
    UNRELIABLE_STATUSES,
    TrendResult,
    direction_of_travel,
    fingertips_trend_ci,
    fingertips_trend_counts,
    trend,
    trend_result,
    trend_with_polarity,
    worse_and_worsening,
)
from dashboard.methods.stats.vocabulary import (
    BETTER,
    CANNOT_BE_CALCULATED,
    DECREASING,
    DOWN,
    GETTING_BETTER,
    GETTING_WORSE,
    HIGHER,
    HIGHER_IS_BETTER,
    IMPROVED,
    INCREASING,
    LOWER,
    LOWER_IS_BETTER,
    MAD_MULTIPLIER,
    MAD_MULTIPLIER_EXACT,
    METHOD_NONE,
    MIN_AREAS,
    NO_CHANGE,
    NO_JUDGEMENT,
    NO_SIGNIFICANT_CHANGE,
    NOT_COMPARED,
    POLARITIES,
    SIMILAR,
    TREND_CONFIDENCE,
    TREND_POINTS,
    UP,
    WORSE,
    WORSENED,
)

__all__ = [
    "ALL_OR_NONE", "BETTER", "CANNOT_BE_CALCULATED", "DECREASING", "DOWN",
    "FINGERTIPS_CHI_SQUARE", "GAP", "GETTING_BETTER", "GETTING_WORSE", "HIGHER",
    "HIGHER_IS_BETTER", "IMPROVED", "INCREASING", "LOWER", "LOWER_IS_BETTER", "MAD_MULTIPLIER",
    "MAD_MULTIPLIER_EXACT", "METHOD_FINGERTIPS_CI", "METHOD_FINGERTIPS_COUNTS", "METHOD_NONE",
    "MIN_AREAS", "MISSING_VALUE", "NOT_COMPARED", "NO_CHANGE", "NO_INTERVAL", "NO_JUDGEMENT",
    "NO_SIGNIFICANT_CHANGE", "OVERLAPPING", "POLARITIES", "SIMILAR", "TOO_FEW",
    "TREND_CONFIDENCE", "TREND_METHODS", "TREND_POINTS", "UNEVEN", "UNRELIABLE",
    "UNRELIABLE_STATUSES", "UP", "WORSE", "WORSENED", "TrendResult", "byars_ci",
    "compare_to_benchmark", "compare_to_benchmark_two_levels", "direction_of_travel",
    "explain_comparison", "explain_mad", "explain_trend", "fingertips_trend_ci",
    "fingertips_trend_counts", "mad_similarity", "mad_similarity_all", "mad_threshold",
    "nearest_neighbours", "neighbour_distances", "quantile_bands", "rescale_interval", "trend",
    "trend_result", "trend_with_polarity", "wilson_ci", "worse_and_worsening",
]
