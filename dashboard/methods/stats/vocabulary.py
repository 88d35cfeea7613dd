"""The words the statistics speak: polarity strings, comparison, trend and change labels,
and the fixed numbers shared by several methods (the MAD multiplier, the trend window
and confidence, the fewest areas worth comparing).

Polarity strings are exactly ``higher_is_better``, ``lower_is_better`` and ``no_judgement``.
"""

from __future__ import annotations

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
NO_JUDGEMENT = "no_judgement"
POLARITIES = (HIGHER_IS_BETTER, LOWER_IS_BETTER, NO_JUDGEMENT)

BETTER = "better"
SIMILAR = "similar"
WORSE = "worse"
HIGHER = "higher"
LOWER = "lower"
NOT_COMPARED = "not_compared"

INCREASING = "increasing"
DECREASING = "decreasing"
NO_SIGNIFICANT_CHANGE = "no_significant_change"
CANNOT_BE_CALCULATED = "cannot_be_calculated"
GETTING_BETTER = "getting_better"
GETTING_WORSE = "getting_worse"

IMPROVED = "improved"
WORSENED = "worsened"
NO_CHANGE = "no_change"
UP = "up"
DOWN = "down"

METHOD_NONE = "none"

# ONS Explore Local Statistics multiplier, as shown in explanations. It is 1 / Phi^-1(3/4), which
# makes the median absolute deviation estimate the standard deviation for normal data; the
# calculation itself uses scipy's unrounded value (1.482602...).
MAD_MULTIPLIER = 1.4826
MAD_MULTIPLIER_EXACT = 1.482602218505602  # 1 / Phi^-1(3/4), scipy's scale="normal"

TREND_POINTS = 5
TREND_CONFIDENCE = 0.998
MIN_AREAS = 5