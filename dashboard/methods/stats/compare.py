"""Comparison with a benchmark: overlapping confidence intervals at 95% or 99.8% (Fingertips
"benchmarking"), both levels at once, and, for series published without intervals, ONS
Explore Local Statistics' comparison with 1.4826 x the median absolute deviation across areas.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as sps

from dashboard.methods.stats.inputs import (
    _all_scalar,
    _as_float,
    _as_polarity,
    _check_confidence,
    _finish,
)
from dashboard.methods.stats.vocabulary import (
    BETTER,
    HIGHER,
    HIGHER_IS_BETTER,
    LOWER,
    LOWER_IS_BETTER,
    MIN_AREAS,
    NO_JUDGEMENT,
    NOT_COMPARED,
    SIMILAR,
    WORSE,
)


def _judge(
    above: np.ndarray,
    below: np.ndarray,
    polarity: np.ndarray,
    missing: np.ndarray,
    suffix: str = "",
) -> np.ndarray:
    """Turn "interval above/below the benchmark" masks into polarity-aware labels."""
    table = np.array(
        [SIMILAR, BETTER + suffix, WORSE + suffix, HIGHER + suffix, LOWER + suffix, NOT_COMPARED],
        dtype=object,
    )
    hib = polarity == HIGHER_IS_BETTER
    lib = polarity == LOWER_IS_BETTER
    nj = polarity == NO_JUDGEMENT
    # Integer codes into ``table``, then one fancy-index: much cheaper than masked writes
    # into an object array.
    code = np.zeros(above.shape, dtype=np.intp)
    code[(above & hib) | (below & lib)] = 1
    code[(above & lib) | (below & hib)] = 2
    code[above & nj] = 3
    code[below & nj] = 4
    code[missing] = 5
    return table[code.reshape(-1)].reshape(code.shape)  # keeps 0-d input as a 0-d array


def compare_to_benchmark(
    value: ArrayLike,
    lci: ArrayLike,
    uci: ArrayLike,
    benchmark: ArrayLike,
    polarity: Any,
    level: float = 0.95,
    lci_998: ArrayLike | None = None,
    uci_998: ArrayLike | None = None,
) -> Any:
    """Compare values with a benchmark using the overlapping-confidence-interval method.

    As in Fingertips: if the benchmark lies inside ``[lci, uci]`` (inclusive) the value is
    ``similar``; if the whole interval is above the benchmark it is ``better`` (higher is
    better), ``worse`` (lower is better) or ``higher`` (no judgement); if below, ``worse`` /
    ``better`` / ``lower``. ``not_compared`` where the value, either limit or the benchmark is
    missing.

    ``level`` is the confidence level the judgement uses: 0.95 uses ``lci``/``uci``;
    0.998 needs ``lci_998``/``uci_998`` and raises ValueError without them (never silently
    judging at 95%). For both levels at once use :func:`compare_to_benchmark_two_levels`.

    All arguments broadcast; ``polarity`` may be one string or an array of them.
    Returns a ``str`` for all-scalar input, otherwise an object array of labels.
    """
    _check_confidence(level)
    if level == 0.998:
        if lci_998 is None or uci_998 is None:
            raise ValueError("a 99.8% comparison needs 99.8% limits (lci_998, uci_998); "
                             "derive them with rescale_interval() where only 95% limits "
                             "are published")
        lci, uci = lci_998, uci_998
    elif level != 0.95:
        raise ValueError(f"level must be 0.95 or 0.998, got {level!r}")
    scalar = _all_scalar(value, lci, uci, benchmark, polarity)
    pol = _as_polarity(polarity)
    v, lo, hi, b, pol = np.broadcast_arrays(
        _as_float(value), _as_float(lci), _as_float(uci), _as_float(benchmark), pol
    )
    missing = np.isnan(v) | np.isnan(lo) | np.isnan(hi) | np.isnan(b)
    above = ~missing & (lo > b)
    below = ~missing & (hi < b)
    return _finish(_judge(above, below, pol, missing), scalar)


def compare_to_benchmark_two_levels(
    value: ArrayLike,
    lci_95: ArrayLike,
    uci_95: ArrayLike,
    lci_998: ArrayLike,
    uci_998: ArrayLike,
    benchmark: ArrayLike,
    polarity: Any,
) -> Any:
    """Two-level (95% and 99.8%) benchmark comparison, as in Fingertips' darker/lighter shades.

    Returns ``better_998`` (benchmark outside the 99.8% interval), ``better_95`` (outside the
    95% but inside the 99.8% interval), ``similar``, ``worse_95``, ``worse_998``; for
    ``no_judgement`` the same with ``higher``/``lower``. ``not_compared`` where the value, the
    benchmark or any of the four limits is missing. If the limits are inconsistent (99.8%
    narrower than 95%) the 99.8% judgement wins.
    """
    scalar = _all_scalar(value, lci_95, uci_95, lci_998, uci_998, benchmark, polarity)
    pol = _as_polarity(polarity)
    v, lo95, hi95, lo998, hi998, b, pol = np.broadcast_arrays(
        _as_float(value),
        _as_float(lci_95),
        _as_float(uci_95),
        _as_float(lci_998),
        _as_float(uci_998),
        _as_float(benchmark),
        pol,
    )
    missing = np.isnan(v) | np.isnan(b)
    for limit in (lo95, hi95, lo998, hi998):
        missing = missing | np.isnan(limit)
    above998 = ~missing & (lo998 > b)
    below998 = ~missing & (hi998 < b)
    above95 = ~missing & (lo95 > b) & ~above998 & ~below998
    below95 = ~missing & (hi95 < b) & ~above998 & ~below998
    out = _judge(above95, below95, pol, missing, "_95")
    strong = _judge(above998, below998, pol, missing, "_998")
    decided = above998 | below998
    out[decided] = strong[decided]
    return _finish(out, scalar)


# --- comparison without intervals (ONS Explore Local Statistics) ---------------------------


def mad_threshold(values: ArrayLike) -> float:
    """1.4826 x the median absolute deviation of ``values`` across areas (NaN ignored).

    Uses ``scipy.stats.median_abs_deviation(scale="normal")`` (multiplier 1/Phi^-1(3/4) =
    1.482602...). Returns NaN when fewer than five areas have values, too few to describe
    the usual spread.
    """
    v = _as_float(values).reshape(-1)
    v = v[np.isfinite(v)]
    if v.size < MIN_AREAS:
        return math.nan
    return float(sps.median_abs_deviation(v, scale="normal"))


def mad_similarity(values: ArrayLike, value: ArrayLike, benchmark: float | None = None) -> Any:
    """Compare ``value`` with a benchmark where no confidence intervals exist.

    ONS Explore Local Statistics approach: the difference ``value - benchmark`` is judged
    against the usual spread between areas, measured as 1.4826 x the median absolute
    deviation (MAD) of ``values`` (all comparable areas, NaN ignored). A difference larger
    than that threshold is ``higher`` or ``lower``; otherwise ``similar``. The benchmark
    defaults to the median of ``values``.

    Returns ``not_compared`` where the value or benchmark is missing or fewer than five areas
    have values. If more than half of the areas share one value the MAD is 0, so any
    difference at all counts as higher/lower.

    ``value`` may be a scalar (returns a ``str``) or an array (returns an object array).
    """
    scalar = _all_scalar(value)
    pool = _as_float(values).reshape(-1)
    threshold = mad_threshold(pool)
    if benchmark is None:
        finite = pool[np.isfinite(pool)]
        b = float(np.median(finite)) if finite.size else math.nan
    else:
        b = float(_as_float(benchmark))
    v = _as_float(value)
    diff = v - b
    missing = np.isnan(diff) | math.isnan(threshold)
    out = np.full(v.shape, SIMILAR, dtype=object)
    out[~missing & (diff > threshold)] = HIGHER
    out[~missing & (diff < -threshold)] = LOWER
    out[missing] = NOT_COMPARED
    return _finish(out, scalar)


def mad_similarity_all(values: ArrayLike, benchmark: float | None = None) -> np.ndarray:
    """:func:`mad_similarity` for every area in ``values`` at once (object array of labels)."""
    v = _as_float(values).reshape(-1)
    return np.asarray(mad_similarity(v, v, benchmark), dtype=object).reshape(-1)
