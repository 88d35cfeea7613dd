"""The columns of an observations table, in the order every reader hands them over."""

OBSERVATION_COLUMNS = [
    "indicator_id", "area_code", "period_start", "period_duration", "period_label",
    "value", "lci", "uci", "numerator", "denominator", "status", "note",
]

# Every published row of a file with breakdowns (Fingertips): by sex, age and category.
BREAKDOWN_KEY = ["indicator_id", "area_code", "period_start", "period_duration", "sex", "age",
                 "category_type", "category"]
BREAKDOWN_COLUMNS = [
    *BREAKDOWN_KEY[:4], "period_label", *BREAKDOWN_KEY[4:], "category_order",
    "value", "lci", "uci", "lci99", "uci99", "numerator", "denominator", "note",
]
