-- access: indicators-param 0
-- Each listed indicator's periods, oldest first, with how many values each has (the
-- indicator page's period picker): worked out from every observation of the indicators.
-- Stored for every indicator as page_indicator_periods
-- (dashboard/derived/pages_indicator.py), which page_indicator_periods.sql reads; this
-- file answers for a store built before that table. Parameter: indicator ids.
SELECT indicator_id, period_start, period_duration, any_value(period_label) AS period_label,
       count(*) FILTER (WHERE value IS NOT NULL) AS n_values
FROM observations
WHERE list_contains(?, indicator_id)
GROUP BY indicator_id, period_start, period_duration
ORDER BY indicator_id, period_start, period_duration
