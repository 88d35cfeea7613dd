-- access: indicator-param 0
SELECT period_start, period_duration, any_value(period_label) AS period_label,
       count(*) FILTER (WHERE value IS NOT NULL) AS n_values
FROM observations
WHERE indicator_id = ?
GROUP BY period_start, period_duration
ORDER BY period_start
