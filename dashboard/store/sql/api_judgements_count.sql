-- access: indicators-param 0
-- How many rows api_judgements.sql has for the same filters, by indicator. Parameters:
-- as api_judgements.sql, without limit and offset.
SELECT j.indicator_id, count(*) AS n
FROM judgements j
JOIN areas a USING (area_code)
LEFT JOIN observations o ON o.indicator_id = j.indicator_id AND o.area_code = j.area_code
     AND o.period_start = j.period_start AND o.period_duration = j.period_duration
LEFT JOIN trends t ON t.indicator_id = j.indicator_id AND t.area_code = j.area_code
     AND t.period_start = j.period_start AND t.period_duration = j.period_duration
WHERE list_contains(?::VARCHAR[], j.indicator_id)
  AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], j.area_code))
  AND (?::VARCHAR IS NULL OR j.benchmark = ?::VARCHAR)
  AND (?::DOUBLE IS NULL OR j.level = ?::DOUBLE OR j.level IS NULL)
  AND (NOT ?::BOOLEAN OR j.is_latest)
GROUP BY j.indicator_id
