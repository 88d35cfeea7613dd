"""Period strings as published and their human labels."""

from datetime import date

import pytest

from dashboard.common.periods import parse_period


@pytest.mark.parametrize(("text", "start", "duration", "label"), [
    ("2024-01-01/P1Y", date(2024, 1, 1), "P1Y", "2024"),
    ("2023-04-01/P1Y", date(2023, 4, 1), "P1Y", "2023/24"),
    ("2019-08-01/P1Y", date(2019, 8, 1), "P1Y", "2019/20"),
    ("2024-09-01/P1Y", date(2024, 9, 1), "P1Y", "2024/25"),
    ("2020-01-01/P3Y", date(2020, 1, 1), "P3Y", "2020-2022"),
    ("2014-04-01/P3Y", date(2014, 4, 1), "P3Y", "2014/15-2016/17"),
    ("2019-01-01/P5Y", date(2019, 1, 1), "P5Y", "2019-2023"),
    ("2024-03-01/P1M", date(2024, 3, 1), "P1M", "Mar 2024"),
    ("2024-01-01/P3M", date(2024, 1, 1), "P3M", "Jan-Mar 2024"),
    ("2025-04-30", date(2025, 4, 30), "", "30 Apr 2025"),
    ("2024", date(2024, 1, 1), "P1Y", "2024"),
    ("2023/24", date(2023, 4, 1), "P1Y", "2023/24"),
    ("1999/00", date(1999, 4, 1), "P1Y", "1999/00"),
    ("2024-03", date(2024, 3, 1), "P1M", "Mar 2024"),
])
def test_periods_parse_with_start_duration_and_label(text, start, duration, label):
    period = parse_period(text)
    assert (period.start, period.duration, period.label) == (start, duration, label)


@pytest.mark.parametrize("text", ["", "2024-13-01/P1Y", "2024-02-30", "2024-01-01/PXY",
                                  "last year", "2023/25", "2024-01-01/P"])
def test_bad_periods_say_what_was_expected(text):
    with pytest.raises(ValueError) as error:
        parse_period(text)
    assert "expected" in str(error.value) or "not" in str(error.value) or \
        "follow" in str(error.value)
