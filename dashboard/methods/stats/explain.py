"""Plain-English explanations: one sentence for a confidence-interval comparison, a
comparison by median absolute deviation, or a recent-trend result (including why a trend
could not be calculated).
"""

from __future__ import annotations

import math

import numpy as np

from dashboard.methods.stats.trends import (
    ALL_OR_NONE,
    FINGERTIPS_CHI_SQUARE,
    GAP,
    METHOD_FINGERTIPS_CI,
    METHOD_FINGERTIPS_COUNTS,
    MISSING_VALUE,
    NO_INTERVAL,
    OVERLAPPING,
    UNEVEN,
    UNRELIABLE,
)
from dashboard.methods.stats.vocabulary import (
    BETTER,
    CANNOT_BE_CALCULATED,
    DECREASING,
    GETTING_BETTER,
    GETTING_WORSE,
    HIGHER,
    INCREASING,
    LOWER,
    MAD_MULTIPLIER,
    METHOD_NONE,
    NO_SIGNIFICANT_CHANGE,
    NOT_COMPARED,
    SIMILAR,
    TREND_CONFIDENCE,
    TREND_POINTS,
    WORSE,
)


def _level_text(level: float) -> str:
    pct = level * 100 if level <= 1 else level
    return f"{pct:g}%"


def _split_label(comparison: str) -> tuple[str, float | None]:
    for suffix, level in (("_998", 99.8), ("_95", 95.0)):
        if comparison.endswith(suffix):
            return comparison[: -len(suffix)], level
    return comparison, None


_HEADLINES = {
    BETTER: "Better than",
    WORSE: "Worse than",
    HIGHER: "Higher than",
    LOWER: "Lower than",
    SIMILAR: "Similar to",
}


def _not_compared(
    area_name: str,
    value_text: str | None,
    benchmark_name: str,
    benchmark_text: str | None,
    extra: str | None,
) -> str:
    if value_text is None:
        return f"Not compared: no value is published for {area_name}."
    if benchmark_text is None:
        return f"Not compared: no value is available for {benchmark_name}."
    if extra is not None:
        return f"Not compared: {extra}."
    return "Not compared: the value, its interval or the benchmark is missing."


def explain_comparison(
    comparison: str,
    area_name: str,
    value_text: str | None,
    benchmark_name: str,
    benchmark_text: str | None,
    lci_text: str | None = None,
    uci_text: str | None = None,
    level: float = 95,
) -> str:
    """One plain-English sentence explaining a confidence-interval comparison.

    Example: "Higher than England (75.7%): England's value is outside Oldham's 95% confidence
    interval 78.2–82.0%." Texts are pre-formatted by the caller; the interval is shown as
    ``f"{lci_text}–{uci_text}"``. Two-level labels (``better_998`` etc.) take their level from
    the label. For ``not_compared`` the reason is inferred from which texts are ``None``.
    """
    base, label_level = _split_label(comparison)
    if base == NOT_COMPARED:
        no_ci = None
        if lci_text is None or uci_text is None:
            no_ci = "no confidence interval is published for this value"
        return _not_compared(area_name, value_text, benchmark_name, benchmark_text, no_ci)
    if base not in _HEADLINES:
        raise ValueError(f"unknown comparison {comparison!r}")
    headline = f"{_HEADLINES[base]} {benchmark_name} ({benchmark_text})"
    where = "inside" if base == SIMILAR else "outside"
    interval = f"{area_name}'s {_level_text(label_level or level)} confidence interval"
    if lci_text is not None and uci_text is not None:
        interval += f" {lci_text}–{uci_text}"
    return f"{headline}: {benchmark_name}'s value is {where} {interval}."


def explain_mad(
    comparison: str,
    area_name: str,
    value_text: str | None,
    benchmark_name: str,
    benchmark_text: str | None,
    threshold_text: str | None,
) -> str:
    """One plain-English sentence explaining a :func:`mad_similarity` comparison.

    Example: "Higher than England (3.9%): the difference is larger than the usual spread
    between areas (1.4826 × median absolute deviation = 0.8 points)."
    ``threshold_text`` is the formatted threshold including units ("0.8 points").
    """
    if comparison == NOT_COMPARED or threshold_text is None:
        few = "too few areas have values to measure the usual spread between areas"
        return _not_compared(area_name, value_text, benchmark_name, benchmark_text, few)
    if comparison not in (HIGHER, LOWER, SIMILAR):
        raise ValueError(f"unknown MAD comparison {comparison!r}")
    relation = "within" if comparison == SIMILAR else "larger than"
    return (
        f"{_HEADLINES[comparison]} {benchmark_name} ({benchmark_text}): the difference is "
        f"{relation} the usual spread between areas "
        f"({MAD_MULTIPLIER} × median absolute deviation = {threshold_text})."
    )


_METHOD_TEXT = {
    METHOD_FINGERTIPS_CI: "a regression weighted by the 95% confidence intervals",
    METHOD_FINGERTIPS_COUNTS: "a chi-square test for trend on the counts",
}

_TREND_HEADLINES = {
    GETTING_BETTER: "Getting better",
    GETTING_WORSE: "Getting worse",
    INCREASING: "Increasing",
    DECREASING: "Decreasing",
}

_WHY_TEXT = {
    OVERLAPPING: "the periods overlap ({broken} shares years with the next period), so "
                 "successive values are not independent",
    GAP: "there is a gap in the series before {after}",
    UNEVEN: "the periods are not equally spaced around {broken}",
    NO_INTERVAL: "no confidence interval or counts are published for {broken}",
    UNRELIABLE: "the value for {broken} is flagged as unreliable or withheld",
    MISSING_VALUE: "there is no value for {broken}",
    ALL_OR_NONE: "the count for {broken} is 0 or equals its denominator",
}


def explain_trend(
    direction_with_polarity: str,
    n_points: int,
    first_label: str | None,
    last_label: str | None,
    method: str,
    why: str | None = None,
    broken_label: str | None = None,
    stable: bool = True,
    chi_square: float = math.nan,
) -> str:
    """One plain-English sentence explaining a recent-trend result (Fingertips method).

    Example: "Getting better: a statistically significant increase over the latest 5
    periods (2019 to 2023), by a regression weighted by the 95% confidence intervals at the
    99.8% level (Fingertips' recent-trend method)."
    """
    if direction_with_polarity == CANNOT_BE_CALCULATED or method == METHOD_NONE:
        need = f"the last {TREND_POINTS} periods need values with confidence intervals or counts"
        if why in _WHY_TEXT:
            reason = _WHY_TEXT[why].format(broken=broken_label or "one period",
                                           after=first_label or "the latest period")
            counted = "" if not n_points else (
                f" (only {n_points} usable consecutive period"
                f"{'' if n_points == 1 else 's'})")
            return f"Trend not calculated: {need}, and {reason}{counted}."
        have = "none are published" if n_points == 0 else (
            f"only {n_points} {'is' if n_points == 1 else 'are'} published")
        return f"Trend not calculated: {need}, and {have}."
    if method not in _METHOD_TEXT:
        raise ValueError(f"unknown trend method {method!r}")
    span = f"the latest {n_points} periods ({first_label} to {last_label})"
    how = (f"by {_METHOD_TEXT[method]} at the {_level_text(TREND_CONFIDENCE)} level "
           "(Fingertips' recent-trend method)")
    if direction_with_polarity == NO_SIGNIFICANT_CHANGE:
        if not stable and np.isfinite(chi_square) and chi_square > FINGERTIPS_CHI_SQUARE:
            return (f"No significant change over {span}: the direction depends on a single "
                    f"period (leaving one out reverses the slope), {how}.")
        return f"No significant change over {span}, {how}."
    if direction_with_polarity not in _TREND_HEADLINES:
        raise ValueError(f"unknown trend direction {direction_with_polarity!r}")
    headline = _TREND_HEADLINES[direction_with_polarity]
    return f"{headline}: a statistically significant trend over {span}, {how}."