-- access: none
-- The counts disclosure control judges, at build time and after every load: the value of
-- count indicators (parameter: their ids, by value type, unit or measure, from
-- dashboard.disclosure.is_count_like), else the numerator, for indicators that are counts
-- or carry numerators. A blank count takes part only when flagged confidential ('c') at
-- source, so "not available" rows do not force extra suppression.
WITH count_indicators AS (
    SELECT DISTINCT unnest(?::VARCHAR[]) AS indicator_id
),
judged AS (
    SELECT o.indicator_id, o.area_code, o.period_start, o.period_duration, o.status,
           CASE WHEN c.indicator_id IS NOT NULL THEN o.value ELSE o.numerator END AS count,
           c.indicator_id IS NOT NULL AS is_count
    FROM observations o
    LEFT JOIN count_indicators c USING (indicator_id)
)
SELECT indicator_id, area_code, period_start, period_duration, count
FROM judged
WHERE (is_count
       OR indicator_id IN (SELECT DISTINCT indicator_id FROM observations
                           WHERE numerator IS NOT NULL))
  AND (count IS NOT NULL OR status = 'c')
ORDER BY indicator_id, period_start, area_code
