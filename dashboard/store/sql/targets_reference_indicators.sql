-- access: rows
-- Indicators a target may name, with what validation and status sentences need.
SELECT indicator_id, title, polarity, value_type, theme, unit, suffix, prefix, decimals
FROM indicators
ORDER BY indicator_id
