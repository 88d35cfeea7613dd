-- access: none
-- Each indicator's disclosure rule (see dashboard/disclosure.py rules_from_indicators).
SELECT indicator_id, value_type, min_count, rounding_base, suppression_words
FROM indicators
