-- access: indicator-param 0
-- One indicator's published values at two period starts (a span's first and last) for
-- England's current areas of one type: the changes a target's ambition is set against
-- (methods/targets/ambition.py). Counts and status travel with each value so disclosure
-- control can protect it as everywhere else.
SELECT o.indicator_id, o.area_code, a.area_name, o.period_start, o.period_duration,
       o.period_label, o.value, o.numerator, o.denominator, o.status, o.note
FROM observations o JOIN areas a USING (area_code)
WHERE o.indicator_id = ? AND a.area_type = ? AND a.area_code LIKE 'E%'
  AND a.valid_to IS NULL AND o.value IS NOT NULL AND o.period_start IN (?, ?)
ORDER BY o.area_code, o.period_start
