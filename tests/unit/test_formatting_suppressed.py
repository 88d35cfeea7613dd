"""Suppressed values read the disclosure rule's words, never 0 or a blank."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.common.formatting import format_value
from dashboard.methods.disclosure import COMPLEMENTARY_NOTE, Rule, protect


def test_a_protected_small_count_reads_the_rules_words():
    frame = pd.DataFrame({"indicator_id": ["starts", "starts"], "area_code": ["A", "B"],
                          "value": [3.0, 12.0]})
    rules = {"starts": (Rule(words="fewer than 5 people"), "count")}
    out = protect(frame, rules)
    texts = [format_value(r.value, {"decimals": 0}, r.status, r.note) for r in out.itertuples()]
    assert texts == ["fewer than 5 people", "12"]
    assert math.isnan(out["value"].iloc[0])


def test_a_complementary_cell_says_why_it_is_withheld():
    assert format_value(float("nan"), {}, "c", COMPLEMENTARY_NOTE) == COMPLEMENTARY_NOTE
    assert format_value(None, {}, "x") == "no data (not available)"
    assert format_value(0.0, {"decimals": 0}) == "0"
