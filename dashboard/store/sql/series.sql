-- access: indicator-param 0
-- All periods of one indicator for the given areas (list parameter).
SELECT o.*, a.area_name, a.area_type
FROM observations o JOIN areas a USING (area_code)
WHERE o.indicator_id = ? AND list_contains(?, o.area_code)
ORDER BY o.area_code, o.period_start
