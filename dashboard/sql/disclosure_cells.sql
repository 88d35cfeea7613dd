-- access: none
-- The counts disclosure control judges, for complementary suppression at build time: the
-- value of count indicators, else the numerator, for indicators that are counts or carry
-- numerators. A blank count takes part only when flagged confidential ('c') at source,
-- so "not available" rows do not force extra suppression.
SELECT o.indicator_id, o.area_code, o.period_start, o.period_duration,
       CASE WHEN i.value_type = 'count' THEN o.value ELSE o.numerator END AS count
FROM observations o
JOIN indicators i USING (indicator_id)
WHERE (i.value_type = 'count'
       OR o.indicator_id IN (SELECT DISTINCT indicator_id FROM observations
                             WHERE numerator IS NOT NULL))
  AND (CASE WHEN i.value_type = 'count' THEN o.value ELSE o.numerator END IS NOT NULL
       OR o.status = 'c')
ORDER BY o.indicator_id, o.period_start, o.area_code
