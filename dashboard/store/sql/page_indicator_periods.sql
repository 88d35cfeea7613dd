-- access: indicator-param 0
-- One indicator's periods, oldest first, with how many values each has, from the table
-- prepared at build time and after every load (page_indicator_periods). Parameter:
-- indicator id.
SELECT period_start, period_duration, period_label, n_values
FROM page_indicator_periods
WHERE indicator_id = ?
ORDER BY period_start, period_duration
