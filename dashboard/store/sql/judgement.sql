-- access: indicator-param 0
-- One stored judgement: an area's value for one indicator and period against one
-- benchmark at one level. Parameters: indicator id, area code, period start, benchmark,
-- level.
SELECT indicator_id, area_code, period_start, period_duration, benchmark, level,
       benchmark_name, benchmark_value, result, method, reason
FROM judgements
WHERE indicator_id = ? AND area_code = ? AND period_start = ? AND benchmark = ?
  AND (level = ? OR level IS NULL)
