-- access: rows
-- IoD 2025 values for one neighbourhood (LSOA): the given indicators (e.g. the
-- employment deprivation decile, rate and count of employment-deprived people).
-- Parameters: the LSOA code, the indicator ids.
SELECT o.indicator_id, o.area_code, o.period_start, o.period_duration, o.period_label,
       o.value, o.numerator, o.denominator, o.status, o.note
FROM observations o
WHERE o.area_code = ? AND list_contains(?, o.indicator_id)
ORDER BY o.indicator_id
