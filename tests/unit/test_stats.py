"""Unit tests for dashboard.methods.stats, checked against published or independently derived values."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from scipy import optimize
from scipy import stats as sps

from dashboard.methods import stats

Z95 = 1.959963984540054  # Phi^-1(0.975)


# --- Wilson ----------------------------------------------------------------------------------

# Newcombe RG (1998) "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score, no
# continuity correction), 95% limits to 4 dp.
NEWCOMBE_1998 = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("x", "n", "lower", "upper"), NEWCOMBE_1998)
def test_wilson_matches_newcombe_1998(x, n, lower, upper):
    lo, hi = stats.wilson_ci(x, n)
    assert round(float(lo), 4) == lower
    assert round(float(hi), 4) == upper


def test_wilson_vectorised_equals_rowwise():
    xs = np.array([r[0] for r in NEWCOMBE_1998])
    ns = np.array([r[1] for r in NEWCOMBE_1998])
    lo, hi = stats.wilson_ci(xs, ns)
    np.testing.assert_allclose(lo, [r[2] for r in NEWCOMBE_1998], atol=5e-5)
    np.testing.assert_allclose(hi, [r[3] for r in NEWCOMBE_1998], atol=5e-5)


def test_wilson_closed_form_independent():
    # Wilson (1927) closed form written out here, independent of statsmodels.
    x, n = 37.0, 412.0
    p = x / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n**2)) / (1 + Z95**2 / n)
    lo, hi = stats.wilson_ci(x, n)
    assert float(lo) == pytest.approx(centre - half, rel=1e-12)
    assert float(hi) == pytest.approx(centre + half, rel=1e-12)


def test_wilson_edges():
    lo, hi = stats.wilson_ci([0, 29, 5, 5, np.nan, 3, -1], [29, 29, 0, np.nan, 10, 2, 10])
    assert lo[0] == 0.0 and 0 < hi[0] < 1
    assert hi[1] == 1.0 and 0 < lo[1] < 1
    # count == denominator mirrors count 0 (Wilson is symmetric in p <-> 1 - p)
    assert lo[1] == pytest.approx(1 - hi[0], abs=1e-12)
    # denominator 0, missing denominator, missing numerator, numerator > denominator, negative
    assert np.isnan(lo[2:]).all() and np.isnan(hi[2:]).all()


def test_wilson_accepts_series_with_missing():
    lo, hi = stats.wilson_ci(pd.Series([1, None], dtype="Int64"), pd.Series([10, 10]))
    assert not np.isnan(lo[0]) and np.isnan(lo[1]) and np.isnan(hi[1])


def test_wilson_rejects_bad_confidence():
    with pytest.raises(ValueError, match="confidence"):
        stats.wilson_ci(1, 10, confidence=95)


# --- Byar's / exact Poisson ------------------------------------------------------------------

# Exact 95% Poisson limits for a count, as tabulated in standard references (e.g. Breslow &
# Day 1987, vol. II) and re-derived below by root-finding on scipy.stats.poisson (not chi2).
EXACT_POISSON_95 = [
    (0, 0.0, 3.6889),
    (1, 0.0253, 5.5716),
    (5, 1.6235, 11.6683),
    (9, 4.1154, 17.0848),  # 4.11537 rounds to 4.1154
]


def _exact_poisson_by_root_finding(count: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) limits from their definition, using Poisson tail probabilities only."""
    tail = (1 - confidence) / 2
    if count == 0:
        lower = 0.0
    else:
        lower = optimize.brentq(lambda mu: sps.poisson.sf(count - 1, mu) - tail, 1e-9, 10 * count)
    upper = optimize.brentq(lambda mu: sps.poisson.cdf(count, mu) - tail, 1e-9, 10 * count + 20)
    return lower, upper


@pytest.mark.parametrize(("count", "lower", "upper"), EXACT_POISSON_95)
def test_exact_poisson_small_counts(count, lower, upper):
    lo, hi = stats.byars_ci(count, 1, multiplier=1)
    assert round(float(lo), 4) == lower
    assert round(float(hi), 4) == upper
    ref_lo, ref_hi = _exact_poisson_by_root_finding(count)
    assert float(lo) == pytest.approx(ref_lo, abs=1e-8)
    assert float(hi) == pytest.approx(ref_hi, rel=1e-8)


@pytest.mark.parametrize("count", range(10))
def test_counts_below_ten_are_exact_at_998(count):
    lo, hi = stats.byars_ci(count, 1, multiplier=1, confidence=0.998)
    ref_lo, ref_hi = _exact_poisson_by_root_finding(count, 0.998)
    assert float(lo) == pytest.approx(ref_lo, abs=1e-8)
    assert float(hi) == pytest.approx(ref_hi, rel=1e-8)


# Byar's formula (APHO Technical Guide: Confidence Intervals; Breslow & Day 1987) evaluated
# by hand to 4 dp with z = 1.959964. O = 100: 1 - 1/900 - z/30 = 0.933557, cubed x 100 =
# 81.362; (101)(1 - 1/909 + z/(3 sqrt 101))^3 = 121.628. Note that for O = 10 the often
# quoted 4.7954-18.3904 are the *exact* limits; Byar's gives 4.7874-18.3915.
BYARS_95 = [
    (10, 4.7874, 18.3915),
    (100, 81.3621, 121.6279),
]


@pytest.mark.parametrize(("count", "lower", "upper"), BYARS_95)
def test_byars_formula_values(count, lower, upper):
    lo, hi = stats.byars_ci(count, 1, multiplier=1)
    assert round(float(lo), 4) == lower
    assert round(float(hi), 4) == upper


@pytest.mark.parametrize("count", [10, 20, 50, 100, 1000, 10_000])
def test_byars_close_to_exact_for_large_counts(count):
    lo, hi = stats.byars_ci(count, 1, multiplier=1)
    ref_lo, ref_hi = _exact_poisson_by_root_finding(count)
    assert float(lo) == pytest.approx(ref_lo, rel=0.01)
    assert float(hi) == pytest.approx(ref_hi, rel=0.01)


def test_byars_switch_at_ten():
    lo, _ = stats.byars_ci([9, 10], [1, 1], multiplier=1)
    # 9 is exact (chi-square), 10 is Byar's
    assert lo[0] == pytest.approx(sps.chi2.ppf(0.025, 18) / 2)
    assert lo[1] == pytest.approx(10 * (1 - 1 / 90 - Z95 / (3 * math.sqrt(10))) ** 3)


def test_byars_rate_scaling_and_edges():
    lo, hi = stats.byars_ci([100, 0, 5, np.nan, 5, -1], [50_000, 1000, 0, 10, np.nan, 10])
    # 100 events in 50,000 people per 100,000 = 200 (81.3621-121.6279 x 2)
    assert lo[0] == pytest.approx(162.7242, abs=1e-3)
    assert hi[0] == pytest.approx(243.2559, abs=1e-3)
    assert lo[1] == 0.0
    assert hi[1] == pytest.approx(368.8879, abs=1e-3)
    assert np.isnan(lo[2:]).all() and np.isnan(hi[2:]).all()


# --- compare_to_benchmark --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lci", "uci", "polarity", "expected"),
    [
        (80, 90, "higher_is_better", "better"),
        (60, 70, "higher_is_better", "worse"),
        (70, 80, "higher_is_better", "similar"),
        (80, 90, "lower_is_better", "worse"),
        (60, 70, "lower_is_better", "better"),
        (70, 80, "lower_is_better", "similar"),
        (80, 90, "no_judgement", "higher"),
        (60, 70, "no_judgement", "lower"),
        (70, 80, "no_judgement", "similar"),
        (75.7, 80, "higher_is_better", "similar"),  # benchmark on the limit is inside
        (70, 75.7, "lower_is_better", "similar"),
    ],
)
def test_compare_branches(lci, uci, polarity, expected):
    value = (lci + uci) / 2
    assert stats.compare_to_benchmark(value, lci, uci, 75.7, polarity) == expected


@pytest.mark.parametrize(
    ("value", "lci", "uci", "benchmark"),
    [(np.nan, 1, 2, 1.5), (1.5, np.nan, 2, 1.5), (1.5, 1, None, 1.5), (1.5, 1, 2, np.nan)],
)
def test_compare_not_compared(value, lci, uci, benchmark):
    assert stats.compare_to_benchmark(value, lci, uci, benchmark, "higher_is_better") == (
        "not_compared"
    )


def test_compare_vectorised_with_polarity_array():
    out = stats.compare_to_benchmark(
        pd.Series([85, 65, 75, 85, np.nan]),
        pd.Series([80, 60, 70, 80, 70]),
        pd.Series([90, 70, 80, 90, 80]),
        75.7,
        ["higher_is_better", "lower_is_better", "no_judgement", "no_judgement", "no_judgement"],
    )
    assert isinstance(out, np.ndarray)
    assert out.tolist() == ["better", "better", "similar", "higher", "not_compared"]


def test_compare_benchmark_array_and_scalar_return_type():
    out = stats.compare_to_benchmark(5, 4, 6, [3, 5, 7], "higher_is_better")
    assert out.tolist() == ["better", "similar", "worse"]
    assert isinstance(stats.compare_to_benchmark(5, 4, 6, 3, "no_judgement"), str)


def test_compare_unknown_polarity():
    with pytest.raises(ValueError, match="polarity"):
        stats.compare_to_benchmark(5, 4, 6, 3, "high_is_good")


def test_compare_level_998_uses_998_limits():
    # 95% interval excludes the benchmark, 99.8% does not
    args = (5.0, 4.1, 5.9, 4.0, "higher_is_better")
    assert stats.compare_to_benchmark(*args) == "better"
    assert stats.compare_to_benchmark(*args, level=0.998, lci_998=3.5, uci_998=6.5) == "similar"
    # 99.8% limits ignored at level 0.95
    assert stats.compare_to_benchmark(*args, lci_998=3.5, uci_998=6.5) == "better"


def test_compare_two_levels():
    out = stats.compare_to_benchmark_two_levels(
        value=[10, 10, 10, 10, 10, 10, 10],
        lci_95=[9, 9, 9, 9, 9, 9, np.nan],
        uci_95=[11, 11, 11, 11, 11, 11, 11],
        lci_998=[8, 8, 8, 8, 8, 8, 8],
        uci_998=[12, 12, 12, 12, 12, 12, 12],
        benchmark=[7, 8.5, 10, 11.5, 13, 7, 7],
        polarity=[
            "higher_is_better",
            "higher_is_better",
            "higher_is_better",
            "higher_is_better",
            "higher_is_better",
            "no_judgement",
            "higher_is_better",
        ],
    )
    assert out.tolist() == [
        "better_998",
        "better_95",
        "similar",
        "worse_95",
        "worse_998",
        "higher_998",
        "not_compared",
    ]
    assert stats.compare_to_benchmark_two_levels(10, 9, 11, 8, 12, 7, "lower_is_better") == (
        "worse_998"
    )
    assert stats.compare_to_benchmark_two_levels(10, 9, 11, 8, 12, 11.5, "no_judgement") == (
        "lower_95"
    )


# --- MAD similarity --------------------------------------------------------------------------

# values 1..9: median 5, absolute deviations 4,3,2,1,0,1,2,3,4 -> MAD 2,
# threshold = 2 x 1.4826 = 2.965 (scipy uses 1/Phi^-1(0.75) = 1.482602).
ONE_TO_NINE = np.arange(1, 10, dtype=float)


def test_mad_threshold_hand_worked():
    assert stats.mad_threshold(ONE_TO_NINE) == pytest.approx(2 * 1.4826, abs=1e-3)
    assert math.isnan(stats.mad_threshold([1, 2, 3, 4, np.nan]))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(8.0, "higher"), (7.9, "similar"), (5.0, "similar"), (2.1, "similar"), (2.0, "lower")],
)
def test_mad_similarity_default_median_benchmark(value, expected):
    assert stats.mad_similarity(ONE_TO_NINE, value) == expected


def test_mad_similarity_explicit_benchmark_and_missing():
    assert stats.mad_similarity(ONE_TO_NINE, 8.0, benchmark=6.0) == "similar"
    assert stats.mad_similarity(ONE_TO_NINE, np.nan) == "not_compared"
    assert stats.mad_similarity(ONE_TO_NINE, 8.0, benchmark=np.nan) == "not_compared"
    assert stats.mad_similarity([1, 2, 3, 4], 100.0) == "not_compared"  # fewer than 5 areas


def test_mad_similarity_all():
    values = np.append(ONE_TO_NINE, [np.nan, 50.0])  # median 5.5, MAD 2.5 -> threshold 3.71
    out = stats.mad_similarity_all(values)
    assert out.tolist() == ["lower"] + ["similar"] * 8 + ["not_compared", "higher"]


# --- trends ----------------------------------------------------------------------------------


# Reference cases from Fingertips' own tests (ukhsa-collaboration/fingertips-open,
# PholioVisualisationWS/AnalysisTest/TrendMarkerCalculatorTest.cs), as (count, denominator,
# value, lci, uci) in time order 2014-2018.
FINGERTIPS_SET_1 = [(994, 40299, 24.67, 23.16, 26.25), (1023, 41527, 24.6, 23.15, 26.19),
                    (1199, 42811, 28, 26.44, 29.64), (1332, 44064, 30.2, 28.63, 31.9),
                    (1367, 44701, 30.6, 28.98, 32.25)]
FINGERTIPS_SET_2 = [(209, 1017, 20.5506, 18.1803, 23.1427), (213, 1087, 19.5952, 17.3444, 22.0602),
                    (213, 1119, 19.0349, 16.8421, 21.4394), (239, 1117, 21.3966, 19.0918, 23.8975),
                    (210, 1139, 18.4372, 16.2925, 20.7941)]


def _columns(rows):
    return [list(column) for column in zip(*rows, strict=True)]


def test_fingertips_ci_trend_matches_reference_chi_square():
    _, _, values, lci, uci = _columns(FINGERTIPS_SET_1)
    slope, chi_square, stable = stats.fingertips_trend_ci(values, lci, uci)
    assert round(chi_square, 2) == 46.77  # TestIsSignificantReturnsTrue
    assert stable and slope > 0
    result = stats.trend_result(list(range(2014, 2019)), values, lci, uci)
    assert result.direction == "increasing" and result.method == "fingertips_ci"


def test_fingertips_ci_trend_not_significant_reference():
    _, _, values, lci, uci = _columns(FINGERTIPS_SET_2)
    result = stats.trend_result(list(range(2014, 2019)), values, lci, uci)
    assert result.direction == "no_significant_change"  # TestIsSignificantReturnsFalse
    assert result.chi_square < stats.FINGERTIPS_CHI_SQUARE


def test_fingertips_counts_trend_matches_reference_chi_square():
    counts, denominators, values, _, _ = _columns(FINGERTIPS_SET_1)
    _, chi_square, _ = stats.fingertips_trend_counts(counts, denominators)
    assert round(chi_square, 1) == 47.9  # TestIsSignificantForProportionsReturnsTrue
    result = stats.trend_result(list(range(2014, 2019)), values, numerators=counts,
                                denominators=denominators)
    assert result.method == "fingertips_counts" and result.direction == "increasing"


def test_counts_equal_to_denominator_cannot_be_calculated():
    # TestIsSignificantForProportionsCannotBeCalculated: 5 of 5 in the first year
    result = stats.trend_result(list(range(2012, 2017)), [100, 60, 20, 25, 50],
                                numerators=[5, 3, 1, 1, 2], denominators=[5, 5, 5, 4, 4])
    assert result.direction == "cannot_be_calculated" and result.why == "all_or_none"


def test_chi_square_counts_agrees_with_r_prop_trend_test():
    # R's stats::prop.trend.test(c(83, 90, 129, 70), c(86, 93, 136, 82)) -> X-squared 8.2249
    # (scores 1..4); the Fingertips formula is the same Cochran-Armitage statistic.
    _, chi_square, _ = stats.fingertips_trend_counts([83, 90, 129, 70], [86, 93, 136, 82])
    assert chi_square == pytest.approx(8.2249, abs=5e-5)


def test_oldham_median_pay_is_increasing():
    # The methodologist's named case: Oldham gross median weekly pay, 2021-2025 surveys,
    # published to one decimal with 95% limits (ONS ASHE via Explore Local Statistics).
    starts = [dt.date(2021, 4, 21), dt.date(2022, 4, 27), dt.date(2023, 4, 19),
              dt.date(2024, 4, 17), dt.date(2025, 4, 30)]
    values = np.array([450.8, 492.5, 507.5, 579.6, 590.5])
    half = values * 0.04  # ASHE's intervals for a district are a few per cent either side
    result = stats.trend_result(starts, values, values - half, values + half,
                                durations=[""] * 5)
    assert result.direction == "increasing"
    assert result.chi_square > stats.FINGERTIPS_CHI_SQUARE


def test_one_point_reversing_the_slope_is_no_significant_change():
    # Strong overall rise, but leaving out the big last jump makes the slope negative.
    values = [10.0, 9.9, 9.8, 9.7, 20.0]
    result = stats.trend_result(range(2019, 2024), values, [v - 0.1 for v in values],
                                [v + 0.1 for v in values])
    assert result.chi_square > stats.FINGERTIPS_CHI_SQUARE and not result.stable
    assert result.direction == "no_significant_change"


def test_gap_overlap_missing_interval_and_unreliable_break_the_run():
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    lo, hi = [v - 0.1 for v in values], [v + 0.1 for v in values]
    gap = stats.trend_result([2016, 2017, 2019, 2020, 2021, 2022], values, lo, hi)
    assert gap.direction == "cannot_be_calculated" and gap.why == "gap"
    assert gap.broken_at == 2017 and gap.n_points == 4
    starts = [dt.date(2016 + i, 1, 1) for i in range(6)]
    rolling = stats.trend_result(starts, values, lo, hi, durations=["P3Y"] * 6)
    assert rolling.why == "overlapping" and rolling.n_points == 1
    no_ci = stats.trend_result(range(2017, 2023), values, lo[:2] + [np.nan] * 4,
                               hi[:2] + [np.nan] * 4)
    assert no_ci.why == "no_interval" and no_ci.n_points == 0
    flagged = stats.trend_result(range(2017, 2023), values, lo, hi,
                                 statuses=[None, None, "u", None, None, None])
    assert flagged.why == "unreliable" and flagged.broken_at == 2019
    # six good years: the latest five are used
    ok = stats.trend_result(range(2017, 2023), values, lo, hi)
    assert (ok.first_period, ok.last_period, ok.direction) == (2018, 2022, "increasing")


def test_values_without_intervals_or_counts_cannot_be_calculated():
    result = stats.trend_result(range(2018, 2023), [5.0, 4.1, 3.2, 1.8, 1.1])
    assert result.direction == "cannot_be_calculated" and result.why == "no_interval"


def test_point_in_time_surveys_must_be_equally_spaced():
    starts = [dt.date(2017, 4, 26), dt.date(2018, 4, 18), dt.date(2020, 4, 22),
              dt.date(2021, 4, 21), dt.date(2022, 4, 27), dt.date(2023, 4, 19)]
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    result = stats.trend_result(starts, values, [v - 0.1 for v in values],
                                [v + 0.1 for v in values], durations=[""] * 6)
    assert result.why == "gap" and result.n_points == 4  # 2019 is missing


def test_trend_four_points_cannot_be_calculated():
    result = stats.trend_result([2019, 2020, 2021, 2022], [1.0, 2.0, 3.0, 4.0],
                                [0.9, 1.9, 2.9, 3.9], [1.1, 2.1, 3.1, 4.1])
    assert result.direction == "cannot_be_calculated"
    assert result.n_points == 4 and result.method == "none" and math.isnan(result.p_value)
    assert stats.trend([], []) == "cannot_be_calculated"


def test_trend_rejects_duplicates_and_length_mismatch():
    with pytest.raises(ValueError, match="duplicate"):
        stats.trend([1, 1, 2, 3, 4], [1, 2, 3, 4, 5])
    with pytest.raises(ValueError, match="same length"):
        stats.trend([1, 2, 3], [1, 2])


def test_trend_with_polarity():
    out = stats.trend_with_polarity(
        ["increasing", "decreasing", "increasing", "decreasing", "increasing", "decreasing"],
        ["higher_is_better", "higher_is_better", "lower_is_better", "lower_is_better"]
        + ["no_judgement"] * 2,
    )
    assert out.tolist() == [
        "getting_better",
        "getting_worse",
        "getting_worse",
        "getting_better",
        "increasing",
        "decreasing",
    ]
    assert stats.trend_with_polarity("no_significant_change", "lower_is_better") == (
        "no_significant_change"
    )
    assert stats.trend_with_polarity("cannot_be_calculated", "no_judgement") == (
        "cannot_be_calculated"
    )
    with pytest.raises(ValueError):
        stats.trend_with_polarity("rising", "no_judgement")


def test_direction_of_travel():
    out = stats.direction_of_travel(
        [1, 2, 1, 2, 1, 2, 3, np.nan, 1],
        [2, 1, 2, 1, 2, 1, 3, 1, None],
        ["higher_is_better"] * 2 + ["lower_is_better"] * 2 + ["no_judgement"] * 5,
    )
    assert out.tolist() == [
        "improved",
        "worsened",
        "worsened",
        "improved",
        "up",
        "down",
        "no_change",
        "not_compared",
        "not_compared",
    ]


def test_worse_and_worsening():
    assert stats.worse_and_worsening("worse", "getting_worse") is True
    assert stats.worse_and_worsening("worse", "getting_better") is False
    out = stats.worse_and_worsening(
        ["worse_998", "worse_95", "similar", "not_compared"], "getting_worse"
    )
    assert out.tolist() == [True, True, False, False]


# --- quantile bands --------------------------------------------------------------------------


def test_quintiles_ten_values():
    values = np.arange(1.0, 11.0)  # 1..10
    assert stats.quantile_bands(values).tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert stats.quantile_bands(values, polarity="lower_is_better").tolist() == [
        1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]  # fmt: skip
    assert stats.quantile_bands(values, polarity="no_judgement").tolist() == [
        1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]  # fmt: skip


def test_quantile_bands_ties_missing_and_too_few():
    out = stats.quantile_bands([1, 2, 2, 2, 3, np.nan, 4, 5, 6, 7], polarity="lower_is_better")
    assert out[5] is None
    assert out[1] == out[2] == out[3]
    assert all(isinstance(b, int) for i, b in enumerate(out) if i != 5)
    assert stats.quantile_bands([1, 2, 3, 4, np.nan]).tolist() == [None] * 5
    assert stats.quantile_bands([5, 5, 5, 5, 5]).tolist() == [1] * 5


def test_quantile_bands_deciles():
    out = stats.quantile_bands(np.arange(20.0), n=10, polarity="no_judgement")
    assert out.tolist() == [b for b in range(1, 11) for _ in range(2)]


# --- neighbours ------------------------------------------------------------------------------


def _features() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "income": [0.0, 1.0, 3.0, 10.0, 2.0],
            "constant": [5.0] * 5,
            "empty": [np.nan] * 5,
        },
        index=pd.Index(["E1", "E2", "E3", "E4", "E5"], name="area"),
    )


def test_nearest_neighbours_obvious_order():
    out = stats.nearest_neighbours(_features(), "E1", k=3)
    assert list(out.columns) == ["area_code", "distance", "similarity", "shared", "rank"]
    assert out["area_code"].tolist() == ["E2", "E5", "E3"]
    assert out["rank"].tolist() == [1, 2, 3]
    sd = np.std([0.0, 1.0, 3.0, 10.0, 2.0])  # population SD, only varying column
    np.testing.assert_allclose(out["distance"], np.array([1.0, 2.0, 3.0]) / sd)
    np.testing.assert_allclose(out["similarity"], 1 - out["distance"] / math.sqrt(2))


def test_nearest_neighbours_missing_values_do_not_pull_towards_the_mean():
    # E5 lacks income. Mean-filling would put it at the average income (z = 0) and so
    # call it close to an average area; ignoring the missing feature and scaling up
    # compares it on what it has.
    features = pd.DataFrame({"income": [0.0, 1.0, 3.0, 10.0, np.nan],
                             "health": [0.0, 1.0, 3.0, 10.0, 0.0]},
                            index=["E1", "E2", "E3", "E4", "E5"])
    out = stats.nearest_neighbours(features, "E1", k=4).set_index("area_code")
    assert out.loc["E5", "distance"] == pytest.approx(0.0)
    assert out.loc["E5", "shared"] == 1 and out.loc["E2", "shared"] == 2
    # an area sharing fewer than half the features is not a neighbour
    features["skills"] = [1.0, 2.0, 3.0, 4.0, np.nan]
    features["pay"] = [1.0, 2.0, 3.0, 5.0, np.nan]
    out = stats.nearest_neighbours(features, "E1", k=4)
    assert "E5" not in out["area_code"].tolist()


def test_neighbour_distances_match_nan_euclidean_by_hand():
    features = pd.DataFrame({"a": [0.0, 2.0, 4.0, np.nan], "b": [1.0, np.nan, 3.0, 5.0]},
                            index=list("WXYZ"))
    distance, shared, columns = stats.neighbour_distances(features)
    z = (features - features.mean()) / features.std(ddof=0)
    # W and Y share both features; W and Z share only b, scaled up by 2 / 1
    assert distance[0, 2] == pytest.approx(math.sqrt(((z.iloc[0] - z.iloc[2]) ** 2).sum()))
    assert distance[0, 3] == pytest.approx(math.sqrt(2 * (z.at["W", "b"] - z.at["Z", "b"]) ** 2))
    assert shared[0, 3] == 1 and columns == ["a", "b"]


def test_nearest_neighbours_ties_by_code_and_errors():
    features = pd.DataFrame({"x": [0.0, 1.0, -1.0]}, index=["B", "C", "A"])
    out = stats.nearest_neighbours(features, "B")
    assert out["area_code"].tolist() == ["A", "C"]
    with pytest.raises(KeyError, match="E99"):
        stats.nearest_neighbours(features, "E99")
    with pytest.raises(TypeError, match="numeric"):
        stats.nearest_neighbours(features.assign(name="x"), "B")
    with pytest.raises(ValueError, match="no values"):
        stats.nearest_neighbours(pd.DataFrame({"x": [np.nan, 1.0, 2.0]}, index=list("BCA")), "B")


def test_compare_at_998_without_998_limits_is_refused():
    with pytest.raises(ValueError, match="99.8% limits"):
        stats.compare_to_benchmark(5.0, 4.0, 6.0, 3.0, "higher_is_better", level=0.998)
    lo, hi = stats.rescale_interval(5.0, 4.0, 6.5)
    k = sps.norm.ppf(0.999) / sps.norm.ppf(0.975)
    assert (float(lo), float(hi)) == pytest.approx((5 - k, 5 + 1.5 * k))
    assert stats.compare_to_benchmark(5.0, 4.0, 6.5, 3.5, "higher_is_better") == "better"
    assert stats.compare_to_benchmark(5.0, 4.0, 6.5, 3.5, "higher_is_better", level=0.998,
                                      lci_998=lo, uci_998=hi) == "similar"


def test_quantile_bands_with_fewer_areas_than_bands_returns_none():
    # OHID's reference returns no quantiles when there are fewer values than bands.
    assert stats.quantile_bands(np.arange(7.0), n=10).tolist() == [None] * 7
    assert stats.quantile_bands(np.arange(10.0), n=10).tolist() == list(range(10, 0, -1))


def test_explain_comparison_outside_and_inside():
    assert (
        stats.explain_comparison("higher", "Oldham", "80.1%", "England", "75.7%", "78.2", "82.0%")
        == "Higher than England (75.7%): England's value is outside Oldham's 95% confidence "
        "interval 78.2–82.0%."
    )
    assert (
        stats.explain_comparison("similar", "Oldham", "75.0%", "England", "75.7%", "72.0", "78.0%")
        == "Similar to England (75.7%): England's value is inside Oldham's 95% confidence "
        "interval 72.0–78.0%."
    )
    assert stats.explain_comparison(
        "better", "Oldham", "3.1%", "England", "4.6%", "2.5", "3.9%"
    ).startswith("Better than England (4.6%): England's value is outside Oldham's 95%")


def test_explain_comparison_levels_and_not_compared():
    text = stats.explain_comparison("worse_998", "Oldham", "9%", "England", "5%", "7", "11%")
    assert "Worse than England (5%)" in text and "99.8% confidence interval 7–11%" in text
    assert "99.8%" in stats.explain_comparison(
        "similar", "Oldham", "9%", "England", "5%", "4", "12%", level=0.998
    )
    assert stats.explain_comparison("not_compared", "Oldham", "9%", "England", "5%") == (
        "Not compared: no confidence interval is published for this value."
    )
    assert stats.explain_comparison("not_compared", "Oldham", None, "England", "5%") == (
        "Not compared: no value is published for Oldham."
    )
    assert stats.explain_comparison("not_compared", "Oldham", "9%", "England", None, "7", "11") == (
        "Not compared: no value is available for England."
    )


def test_explain_mad():
    assert (
        stats.explain_mad("higher", "Oldham", "5.0%", "England", "3.9%", "0.8 points")
        == "Higher than England (3.9%): the difference is larger than the usual spread between "
        "areas (1.4826 × median absolute deviation = 0.8 points)."
    )
    assert "within the usual spread" in stats.explain_mad(
        "similar", "Oldham", "4.0%", "England", "3.9%", "0.8 points"
    )
    assert stats.explain_mad("not_compared", "Oldham", "4.0%", "England", "3.9%", None) == (
        "Not compared: too few areas have values to measure the usual spread between areas."
    )


def test_explain_trend():
    assert stats.explain_trend("getting_better", 5, "2018/19", "2022/23", "fingertips_counts") == (
        "Getting better: a statistically significant trend over the latest 5 periods "
        "(2018/19 to 2022/23), by a chi-square test for trend on the counts at the 99.8% "
        "level (Fingertips' recent-trend method)."
    )
    assert stats.explain_trend(
        "no_significant_change", 5, "2018", "2022", "fingertips_ci"
    ).startswith("No significant change over the latest 5 periods (2018 to 2022), by a "
                 "regression weighted by the 95% confidence intervals")
    assert stats.explain_trend("cannot_be_calculated", 3, "2020", "2022", "none",
                               why="gap", broken_label="2019") == (
        "Trend not calculated: the last 5 periods need values with confidence intervals or "
        "counts, and there is a gap in the series before 2020 (only 3 usable consecutive "
        "periods)."
    )
    assert "overlap" in stats.explain_trend("cannot_be_calculated", 1, "2021-2023",
                                            "2021-2023", "none", why="overlapping",
                                            broken_label="2020-2022")
