-- access: indicator-param 0
-- Published values of one indicator for one area (baselines are read from these).
SELECT period_start, period_duration, period_label, value, lci, uci
FROM observations
WHERE indicator_id = ? AND area_code = ?
ORDER BY period_start
