"""The words of breakdowns: deprivation deciles and quintiles in order, most deprived
first, and which sex and age are an indicator's headline."""

from __future__ import annotations

import pytest

from dashboard.common.breakdowns import (
    age_key,
    deprivation_order,
    headline_age,
    headline_sex,
)


@pytest.mark.parametrize(("category", "order"), [
    ("Most deprived decile (IMD2015)", 1),
    ("Second most deprived decile (IMD2015)", 2),
    ("Third more deprived decile (IMD2015)", 3),
    ("Fifth more deprived decile (IMD2015)", 5),
    ("Fifth less deprived decile (IMD2015)", 6),
    ("Third less deprived decile (IMD2015)", 8),
    ("Second least deprived decile (IMD2015)", 9),
    ("Least deprived decile (IMD2015)", 10),
    ("Most deprived quintile (IMD2019)", 1),
    ("2nd more deprived quintile (IMD2019)", 2),
    ("4th more deprived quintile (IMD2019)", 4),
    ("Least deprived quintile (IMD2019)", 5),
    ("White British", None),
    ("Eleventh more deprived decile", None),
])
def test_deprivation_categories_are_ordered_most_deprived_first(category, order):
    assert deprivation_order(category) == order


def test_the_headline_is_the_only_value_else_persons_and_all_ages():
    assert headline_sex(["Male"]) == "Male"
    assert headline_sex(["Female", "Persons", "Male"]) == "Persons"
    assert headline_sex(["Female", "Male"]) == "Male"  # no Persons: the first in order
    assert headline_sex([]) is None
    assert headline_age(["16+ yrs"]) == "16+ yrs"
    assert headline_age(["0-9 yrs", "All ages"]) == "All ages"
    assert headline_age(["Not applicable"]) == "Not applicable"


def test_ages_read_youngest_first_after_all_ages():
    ages = ["65+ yrs", "Not applicable", "18-64 yrs", "<16 yrs", "All ages", "0-9 yrs"]
    assert sorted(ages, key=age_key) == ["All ages", "0-9 yrs", "<16 yrs", "18-64 yrs",
                                         "65+ yrs", "Not applicable"]
