"""Property-based tests for dashboard.methods.stats (hypothesis); examples kept small and fast."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dashboard.methods import stats
from dashboard.methods.stats.trends import _weighted_slope

FAST = settings(max_examples=100, deadline=None)

FLIP_POLARITY = {"higher_is_better": "lower_is_better", "lower_is_better": "higher_is_better"}
FLIP_LABEL = {"better": "worse", "worse": "better", "similar": "similar"}
FLIP_LABEL["not_compared"] = "not_compared"


@st.composite
def proportions(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    size = draw(st.integers(1, 20))
    dens = draw(st.lists(st.integers(1, 100_000), min_size=size, max_size=size))
    nums = [draw(st.integers(0, d)) for d in dens]
    return np.array(nums, dtype=float), np.array(dens, dtype=float)


@st.composite
def rates(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    size = draw(st.integers(1, 20))
    counts = draw(st.lists(st.integers(0, 50_000), min_size=size, max_size=size))
    dens = draw(st.lists(st.integers(1, 10_000_000), min_size=size, max_size=size))
    return np.array(counts, dtype=float), np.array(dens, dtype=float)


@FAST
@given(proportions())
def test_wilson_contains_estimate(data):
    num, den = data
    lo, hi = stats.wilson_ci(num, den)
    p = num / den
    assert np.all(lo >= 0) and np.all(hi <= 1)
    assert np.all(lo <= p + 1e-12) and np.all(p <= hi + 1e-12)


@FAST
@given(proportions())
def test_wilson_widens_with_confidence(data):
    num, den = data
    lo95, hi95 = stats.wilson_ci(num, den, 0.95)
    lo998, hi998 = stats.wilson_ci(num, den, 0.998)
    assert np.all(lo998 <= lo95 + 1e-12) and np.all(hi998 >= hi95 - 1e-12)


@FAST
@given(rates(), st.sampled_from([1.0, 100.0, 1000.0, 100_000.0]))
def test_byars_contains_estimate(data, multiplier):
    count, den = data
    lo, hi = stats.byars_ci(count, den, multiplier)
    rate = count / den * multiplier
    assert np.all(lo >= 0)
    assert np.all(lo <= rate * (1 + 1e-12)) and np.all(rate <= hi * (1 + 1e-12))
    assert np.all(hi > 0)


@FAST
@given(rates())
def test_byars_widens_with_confidence(data):
    count, den = data
    lo95, hi95 = stats.byars_ci(count, den, confidence=0.95)
    lo998, hi998 = stats.byars_ci(count, den, confidence=0.998)
    assert np.all(lo998 <= lo95 * (1 + 1e-12)) and np.all(hi998 >= hi95 * (1 - 1e-12))


finite = st.floats(-1e6, 1e6, allow_nan=False)
maybe_missing = st.one_of(finite, st.just(float("nan")))


@st.composite
def comparisons(draw: st.DrawFn) -> tuple[list[float], ...]:
    size = draw(st.integers(1, 15))
    values = draw(st.lists(maybe_missing, min_size=size, max_size=size))
    widths = draw(st.lists(st.floats(0, 1e3), min_size=size, max_size=size))
    offsets = draw(st.lists(st.floats(0, 1), min_size=size, max_size=size))
    benchmarks = draw(st.lists(maybe_missing, min_size=size, max_size=size))
    lci = [v - w * o for v, w, o in zip(values, widths, offsets, strict=True)]
    uci = [v + w * (1 - o) for v, w, o in zip(values, widths, offsets, strict=True)]
    return values, lci, uci, benchmarks


@FAST
@given(comparisons(), st.sampled_from(["higher_is_better", "lower_is_better"]))
def test_compare_symmetric_under_polarity_flip(data, polarity):
    values, lci, uci, benchmark = data
    out = stats.compare_to_benchmark(values, lci, uci, benchmark, polarity)
    flipped = stats.compare_to_benchmark(values, lci, uci, benchmark, FLIP_POLARITY[polarity])
    assert [FLIP_LABEL[label] for label in out] == list(flipped)


@FAST
@given(comparisons())
def test_compare_no_judgement_matches_higher_is_better(data):
    values, lci, uci, benchmark = data
    judged = stats.compare_to_benchmark(values, lci, uci, benchmark, "higher_is_better")
    plain = stats.compare_to_benchmark(values, lci, uci, benchmark, "no_judgement")
    mapping = {"better": "higher", "worse": "lower", "similar": "similar"}
    mapping["not_compared"] = "not_compared"
    assert [mapping[label] for label in judged] == list(plain)


@FAST
@given(comparisons(), st.sampled_from(list(stats.POLARITIES)))
def test_compare_vectorised_equals_scalar_calls(data, polarity):
    values, lci, uci, benchmark = data
    out = stats.compare_to_benchmark(values, lci, uci, benchmark, polarity)
    rows = zip(values, lci, uci, benchmark, strict=True)
    assert list(out) == [stats.compare_to_benchmark(*row, polarity) for row in rows]


@FAST
@given(st.lists(st.one_of(st.integers(-50, 50).map(float), st.just(float("nan"))), max_size=40))
def test_quantile_bands_monotone(values):
    bands = stats.quantile_bands(values, polarity="higher_is_better")
    present = [(v, b) for v, b in zip(values, bands, strict=True) if not np.isnan(v)]
    if len(present) < 5:
        assert all(b is None for b in bands)
        return
    assert all(1 <= b <= 5 for _, b in present)
    for v1, b1 in present:
        for v2, b2 in present:
            if v1 > v2:
                assert b1 <= b2
            if v1 == v2:
                assert b1 == b2


@FAST
@given(st.lists(st.integers(-1000, 1000).map(float), min_size=5, max_size=40))
def test_mad_similarity_mirror(values):
    v = np.array(values)
    out = stats.mad_similarity_all(v)
    mirrored = stats.mad_similarity_all(-v)
    swap = {"higher": "lower", "lower": "higher", "similar": "similar"}
    assert [swap[label] for label in out] == list(mirrored)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-100, 100).map(float), min_size=5, max_size=8))
def test_trend_reverses_with_time(values):
    last = np.array(values[-5:])
    t = np.arange(1, 6, dtype=float)
    masks = np.vstack([np.ones(5, dtype=bool), ~np.eye(5, dtype=bool)])
    slopes, _ = _weighted_slope(t * masks, last * masks, masks.astype(float))
    # Fingertips counts a zero slope as positive, so exact zeros are not symmetric in time
    assume(np.all(np.abs(slopes) > 1e-9))
    years = list(range(2000, 2000 + len(values)))
    forward = stats.trend(years, values, [v - 1 for v in values], [v + 1 for v in values])
    backward = stats.trend(years[:5], last[::-1], last[::-1] - 1, last[::-1] + 1)
    swap = {"increasing": "decreasing", "decreasing": "increasing"}
    swap["no_significant_change"] = "no_significant_change"
    assert swap[forward] == backward
