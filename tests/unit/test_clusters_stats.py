"""Hot spots, funnel limits and the slope index of inequality against hand calculations
and their reference implementations (esda; PHEindicatormethods' formulas)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from dashboard.methods.stats import funnel, hotspots, inequality


def _grid(n: int) -> tuple[list[str], list]:
    codes = [f"E0100{r}{c}" for r in range(n) for c in range(n)]
    return codes, [box(c, r, c + 1, r + 1) for r in range(n) for c in range(n)]


def test_queen_weights_count_corners_as_neighbours():
    codes, shapes = _grid(3)
    weights = hotspots.queen_weights(codes, shapes)
    assert weights.cardinalities[codes[4]] == 8  # the middle square touches all others
    assert weights.cardinalities[codes[0]] == 3  # a corner: two edges and one corner


def test_gi_star_finds_the_high_corner_and_the_low_corner():
    codes, shapes = _grid(6)
    weights = hotspots.queen_weights(codes, shapes)
    values = np.ones(36)
    for r in range(6):
        for c in range(6):
            values[r * 6 + c] = 10.0 if r < 2 and c < 2 else (0.0 if r > 3 and c > 3 else 5.0)
    result = hotspots.hot_spots(pd.DataFrame({"area_code": codes, "value": values}), weights)
    hot = set(result.loc[result["label"] == hotspots.HOT, "area_code"])
    cold = set(result.loc[result["label"] == hotspots.COLD, "area_code"])
    assert codes[0] in hot and codes[7] in hot
    assert codes[35] in cold and codes[28] in cold
    assert not hot & cold
    assert (result.loc[result["label"] == hotspots.HOT, "z_score"] > 0).all()


def test_gi_star_leaves_out_areas_without_a_value():
    codes, shapes = _grid(4)
    weights = hotspots.queen_weights(codes, shapes)
    frame = pd.DataFrame({"area_code": codes, "value": np.arange(16.0)})
    frame.loc[3, "value"] = np.nan
    result = hotspots.hot_spots(frame, weights)
    assert len(result) == 15 and codes[3] not in set(result["area_code"])


def test_funnel_limits_are_wilson_limits_around_the_average():
    # At n = 1,000 and p = 0.2, the 95% limits are the proportions whose Wilson interval
    # just reaches 0.2: solving (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / 2(n + z^2) = p.
    z = 1.959963984540054
    low = funnel.funnel_limit([1000], 0.2, 0.975, "low")[0]
    high = funnel.funnel_limit([1000], 0.2, 0.975, "high")[0]
    for limit, sign in ((low, 1), (high, -1)):
        x = limit * 1000
        bound = (2 * x + z**2 + sign * z * np.sqrt(z**2 + 4 * x * (1 - x / 1000))) / 2 / \
            (1000 + z**2)
        assert bound == pytest.approx(0.2, abs=1e-9)
    assert low < 0.2 < high
    assert funnel.funnel_limit([1000], 0.2, 0.999, "low")[0] < low


def test_funnel_points_name_the_outliers():
    frame = pd.DataFrame({"area_code": ["A", "B", "C", "D"],
                          "numerator": [100, 400, 210, 90], "denominator": [1000] * 4})
    points, average = funnel.funnel_points(frame)
    assert average == pytest.approx(0.2)
    outlier = dict(zip(points["area_code"], points["outlier"], strict=True))
    assert outlier["A"] == funnel.LOW_998 and outlier["B"] == funnel.HIGH_998
    assert outlier["C"] == funnel.WITHIN


def test_funnel_refuses_a_count_above_its_denominator():
    with pytest.raises(ValueError, match="no more than their denominators"):
        funnel.funnel_points(pd.DataFrame({"numerator": [11], "denominator": [10]}))


def test_slope_index_matches_a_hand_worked_example():
    # Five deciles, most deprived first. Populations 100, 300, 200, 200, 200 (total 1,000):
    # shares a = .1 .3 .2 .2 .2, cumulative .1 .4 .6 .8 1.0, midpoints (relative ranks)
    # b = .05 .25 .5 .7 .9. Proportions y = .50 .40 .30 .25 .20. Weighted least squares
    # with weights a: mean b = sum a b = .005+.075+.1+.14+.18 = .5, mean y = sum a y =
    # .05+.12+.06+.05+.04 = .32; Sxy = sum a (b-.5)(y-.32) = .1(-.45)(.18) + .3(-.25)(.08)
    # + 0 + .2(.2)(-.07) + .2(.4)(-.12) = -.0081 - .006 - .0028 - .0096 = -.0265;
    # Sxx = sum a (b-.5)^2 = .1(.2025) + .3(.0625) + 0 + .2(.04) + .2(.16) = .07900;
    # slope = -.0265/.079 = -.335443; SII (most minus least deprived) = .335443.
    frame = pd.DataFrame({"decile": [1, 2, 3, 4, 5],
                          "numerator": [50, 120, 60, 50, 40],
                          "denominator": [100, 300, 200, 200, 200]})
    result = inequality.slope_index(frame, repetitions=20_000)
    assert result.sii == pytest.approx(0.0265 / 0.079, rel=1e-9)
    assert result.intercept == pytest.approx(0.32 + 0.0265 / 0.079 * 0.5, rel=1e-9)
    assert result.deciles["rank"].tolist() == pytest.approx([0.05, 0.25, 0.5, 0.7, 0.9])
    assert result.lower < result.sii < result.upper


def test_slope_index_interval_is_reproducible_and_narrows_with_more_people():
    small = pd.DataFrame({"decile": range(1, 11), "numerator": range(100, 0, -10),
                          "denominator": [500] * 10})
    large = small.assign(numerator=small["numerator"] * 20, denominator=10_000)
    one, again = inequality.slope_index(small), inequality.slope_index(small)
    assert (one.lower, one.upper) == (again.lower, again.upper)
    wide = inequality.slope_index(small)
    narrow = inequality.slope_index(large)
    assert narrow.sii == pytest.approx(wide.sii)
    assert narrow.upper - narrow.lower < wide.upper - wide.lower


def test_slope_index_needs_five_deciles():
    frame = pd.DataFrame({"decile": [1, 2, 3, 4], "numerator": [4, 3, 2, 1],
                          "denominator": [10] * 4})
    with pytest.raises(ValueError, match="at least 5 deciles"):
        inequality.slope_index(frame)
