"""Each indicator's disclosure rule, and what it means for a number.

A rule (`Rule`) is read from the `indicators` table (`rules_from_indicators`): the
minimum count (counts from 1 to min_count - 1 are small, `is_small`), the rounding base
(`round_to`) and the words every withheld value reads (WITHHELD_LABEL unless the
metadata gives plain words of its own, `plain_words`). Indicators whose values are counts
by their value type, unit or measure are protected as counts (`is_count_like`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

# One label for every withheld cell, small or withheld to protect a small one: two labels
# would tell a reader which cells are small (and so that they are 1 to 4), which is what
# let the sums of published cells give small counts back exactly.
WITHHELD_LABEL = "withheld to protect small numbers"
COMPLEMENTARY_NOTE = WITHHELD_LABEL  # the old name of the second label: now the same words
# Words that would tell a reader the withheld value is small ("fewer than 5", "<5"):
# every withheld cell carries the rule's words, so these would be false for some.
_BOUND_WORDS = re.compile(r"\d|<|\bfewer\b|\bless\b|\bbelow\b|\bunder\b", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """One indicator's disclosure rule."""

    min_count: int = 5
    rounding_base: int | None = None
    words: str | None = None          # None -> WITHHELD_LABEL

    def __post_init__(self) -> None:
        if int(self.min_count) != self.min_count or self.min_count < 1:
            raise ValueError(f"min_count must be a whole number of at least 1, "
                             f"not {self.min_count!r}")
        if self.rounding_base is not None and (int(self.rounding_base) != self.rounding_base
                                               or self.rounding_base < 1):
            raise ValueError(f"rounding_base must be a whole number of at least 1 (or None), "
                             f"not {self.rounding_base!r}")

    @property
    def text(self) -> str:
        """What every withheld value of the indicator reads."""
        return self.words or WITHHELD_LABEL


DEFAULT_RULE = Rule()


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


# Units and measures that mean "how many people (or households, claims...)": counts are
# protected by default whatever the metadata's value_type says.
COUNT_UNITS = frozenset({
    "people", "persons", "person", "count", "counts", "number", "numbers", "households",
    "claimants", "claims", "starts", "referrals", "individuals", "pupils", "patients",
    "residents", "families", "cases", "births", "deaths", "adults", "children",
})


def is_count_like(value_type: object = None, unit: object = None,
                  measure: object = None) -> bool:
    """Whether an indicator's values are counts of people or events, by its value type,
    unit or measure ('count'; 'people', 'number of households', ...)."""
    if isinstance(value_type, str) and value_type.strip().lower() == "count":
        return True
    for text in (unit, measure):
        if not isinstance(text, str):
            continue
        words = text.strip().lower()
        if words in COUNT_UNITS or words.startswith(("number of", "count of")):
            return True
    return False


def plain_words(words: object) -> str | None:
    """The metadata's suppression words, unless blank or they describe the value (every
    withheld cell reads them, including those withheld to protect another)."""
    if _blank(words) or not str(words).strip() or _BOUND_WORDS.search(str(words)):
        return None
    return str(words).strip()


def rules_from_indicators(indicators: pd.DataFrame) -> dict[str, tuple[Rule, str | None]]:
    """indicator_id -> (Rule, value_type) from the indicators table frame.

    The value type is "count" for every count-like indicator (`is_count_like`, from the
    `unit` and `measure` columns when the frame has them), so a file that says its unit is
    "people" but not `value_type: count` is protected as a count."""
    if indicators.empty or "indicator_id" not in indicators:
        return {}
    columns = ["indicator_id", "min_count", "rounding_base", "suppression_words", "value_type",
               "unit", "measure"]
    frame = indicators.reindex(columns=columns)
    rules: dict[str, tuple[Rule, str | None]] = {}
    # One pass over the indicators table (hundreds of rows), not over observations.
    for indicator_id, min_count, rounding_base, words, value_type, unit, measure in \
            frame.itertuples(index=False):
        rule = Rule(min_count=DEFAULT_RULE.min_count if _blank(min_count) else int(min_count),
                    rounding_base=None if _blank(rounding_base) else int(rounding_base),
                    words=plain_words(words))
        kind = None if _blank(value_type) else str(value_type)
        if is_count_like(kind, unit, measure):
            kind = "count"
        rules[str(indicator_id)] = (rule, kind)
    return rules


def is_small(numbers: np.ndarray, min_count: np.ndarray) -> np.ndarray:
    """Counts from 1 to min_count - 1."""
    # Zero is published: "nobody" identifies nobody, and blanking zeros would hide the
    # places where something did not happen at all. Because zeros are never withheld the
    # public knows every withheld count is at least 1; the audit allows for that.
    with np.errstate(invalid="ignore"):
        return (numbers > 0) & (numbers < min_count)


def round_to(numbers: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Numbers rounded to the nearest multiple of their base."""
    # Half up (12.5 -> 15 for base 5), as the ONS rounds published counts; NaN base = as is.
    with np.errstate(invalid="ignore"):
        rounded = np.floor(numbers / base + 0.5) * base
    return np.where(np.isnan(base), numbers, rounded)
