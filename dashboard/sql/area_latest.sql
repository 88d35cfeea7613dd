-- access: rows
-- Latest value of every indicator for one area, with England and region values for the
-- same period and the area's previous value.
WITH mine AS (
    SELECT o.*, row_number() OVER (PARTITION BY o.indicator_id ORDER BY o.period_start DESC)
           AS recency
    FROM observations o WHERE o.area_code = ? AND o.value IS NOT NULL
),
latest AS (SELECT * FROM mine WHERE recency = 1),
previous AS (SELECT indicator_id, value AS previous_value, period_label AS previous_period
             FROM mine WHERE recency = 2),
region AS (SELECT parent_code FROM area_links WHERE child_code = ? AND parent_type = 'region')
SELECT l.*, p.previous_value, p.previous_period,
       e.value AS england_value, e.lci AS england_lci, e.uci AS england_uci,
       r.value AS region_value, r.area_code AS region_code,
       ce.comparison AS comparison, ce.method AS comparison_method,
       cr.comparison AS region_comparison
FROM latest l
LEFT JOIN previous p USING (indicator_id)
LEFT JOIN observations e ON e.indicator_id = l.indicator_id AND e.area_code = 'E92000001'
     AND e.period_start = l.period_start AND e.period_duration = l.period_duration
LEFT JOIN observations r ON r.indicator_id = l.indicator_id
     AND r.area_code = (SELECT parent_code FROM region)
     AND r.period_start = l.period_start AND r.period_duration = l.period_duration
LEFT JOIN comparisons ce ON ce.indicator_id = l.indicator_id AND ce.area_code = l.area_code
     AND ce.period_start = l.period_start AND ce.period_duration = l.period_duration
     AND ce.benchmark = 'england'
LEFT JOIN comparisons cr ON cr.indicator_id = l.indicator_id AND cr.area_code = l.area_code
     AND cr.period_start = l.period_start AND cr.period_duration = l.period_duration
     AND cr.benchmark = 'region'
