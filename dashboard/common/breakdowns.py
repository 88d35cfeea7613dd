"""The words of breakdowns (values by sex, age or a category such as deprivation decile,
as Fingertips publishes them): which sex and age are an indicator's headline, and the
order people read categories, ages and sexes in.

Shared by the Fingertips reader (which rows go into `observations`) and the indicator
page (which rows make an age or sex breakdown), so both choose the same headline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

PERSONS = "Persons"
ALL_AGES = "All ages"
_SEX_ORDER = {PERSONS: 0, "Male": 1, "Female": 2}
_ORDINALS = {"most": 1, "least": 1, "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3,
             "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6,
             "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9}
_SCALES = {"decile": 10, "quintile": 5, "quartile": 4, "tertile": 3}
# 'Second most deprived decile (IMD2015)', 'Third less deprived decile', '2nd more
# deprived quintile (IMD2019)', 'Most deprived decile', 'Least deprived quintile'
_DEPRIVED = re.compile(r"^\s*(?:(?P<nth>[a-z0-9]+)\s+)?(?P<way>most|more|least|less)\s+"
                       r"deprived\s+(?P<scale>decile|quintile|quartile|tertile)\b",
                       re.IGNORECASE)


def sex_key(sex: str) -> tuple[int, str]:
    """Persons, Male, Female, then any other (such as 'Not applicable') by name."""
    return (_SEX_ORDER.get(sex, 3), sex)


def age_key(age: str) -> tuple[int, float, str]:
    """All ages first, then by the first age in the label ('<16 yrs' and '0-9 yrs' from
    0, '16+ yrs' from 16), then labels without an age (such as 'Not applicable')."""
    if age == ALL_AGES:
        return (0, 0.0, age)
    if age.strip().startswith("<"):
        return (1, 0.0, age)
    found = re.search(r"\d+", age)
    return (1, float(found.group()), age) if found else (2, 0.0, age)


def headline(values: Iterable[str], preferred: str,
             key: Callable[[str], tuple]) -> str | None:
    """The headline among an indicator's sexes (or ages): the only one; else `preferred`
    (Persons, All ages) when published; else the first in `key` order. None if none."""
    distinct = sorted(set(values), key=key)
    if not distinct:
        return None
    return preferred if preferred in distinct else distinct[0]


def headline_sex(values: Iterable[str]) -> str | None:
    return headline(values, PERSONS, sex_key)


def headline_age(values: Iterable[str]) -> str | None:
    return headline(values, ALL_AGES, age_key)


def deprivation_order(category: str) -> int | None:
    """A deprivation decile's (quintile's...) place, most deprived first: 'Most deprived
    decile (IMD2015)' 1, 'Third more deprived decile' 3, 'Fifth less deprived decile' 6,
    'Least deprived decile' 10; None for a category that is not one."""
    found = _DEPRIVED.match(category or "")
    if found is None:
        return None
    size = _SCALES[found.group("scale").lower()]
    way = found.group("way").lower()
    nth = found.group("nth")
    place = _ORDINALS.get(nth.lower()) if nth else 1
    if place is None or place > size:
        return None
    return place if way in ("most", "more") else size + 1 - place
