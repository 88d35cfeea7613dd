"""The columns of an observations table, in the order every reader hands them over."""

OBSERVATION_COLUMNS = [
    "indicator_id", "area_code", "period_start", "period_duration", "period_label",
    "value", "lci", "uci", "numerator", "denominator", "status", "note",
]
