-- access: indicator-param 0
-- The period starts (and labels) with a published value of one indicator for England's
-- current areas of one type, with how many areas have one: the span a target's ambition
-- is set against is chosen from these before its values are read.
SELECT o.period_start, any_value(o.period_label) AS period_label,
       count(*)::DOUBLE AS value
FROM observations o JOIN areas a USING (area_code)
WHERE o.indicator_id = ? AND a.area_type = ? AND a.area_code LIKE 'E%'
  AND a.valid_to IS NULL AND o.value IS NOT NULL
GROUP BY o.period_start
ORDER BY o.period_start
