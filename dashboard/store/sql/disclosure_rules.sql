-- access: none
-- Each indicator's disclosure rule, with the unit and measure that say whether its values
-- are counts (see dashboard/disclosure.py rules_from_indicators and is_count_like).
SELECT indicator_id, value_type, unit, measure, min_count, rounding_base, suppression_words
FROM indicators
