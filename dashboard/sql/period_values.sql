-- One indicator, one period, every area of the given types, with England and region
-- benchmarks for the same period alongside.
WITH base AS (
    SELECT o.*, a.area_name, a.area_type, a.is_lower_tier, a.is_upper_tier, a.valid_to
    FROM observations o JOIN areas a USING (area_code)
    WHERE o.indicator_id = ? AND o.period_start = ? AND list_contains(?, a.area_type)
),
england AS (
    SELECT value, lci, uci, period_start FROM observations
    WHERE indicator_id = ? AND area_code = 'E92000001' AND period_start = ?
),
region AS (
    SELECT l.child_code, l.parent_code AS region_code, r.area_name AS region_name,
           o.value AS region_value
    FROM area_links l
    JOIN areas r ON r.area_code = l.parent_code
    LEFT JOIN observations o ON o.area_code = l.parent_code AND o.indicator_id = ?
         AND o.period_start = ?
    WHERE l.parent_type = 'region'
)
SELECT b.*, e.value AS england_value, e.lci AS england_lci, e.uci AS england_uci,
       r.region_code, r.region_name, r.region_value,
       ce.comparison AS comparison, ce.method AS comparison_method,
       cr.comparison AS region_comparison
FROM base b
LEFT JOIN england e ON TRUE
LEFT JOIN region r ON r.child_code = b.area_code
LEFT JOIN comparisons ce ON ce.indicator_id = b.indicator_id AND ce.area_code = b.area_code
     AND ce.period_start = b.period_start AND ce.period_duration = b.period_duration
     AND ce.benchmark = 'england'
LEFT JOIN comparisons cr ON cr.indicator_id = b.indicator_id AND cr.area_code = b.area_code
     AND cr.period_start = b.period_start AND cr.period_duration = b.period_duration
     AND cr.benchmark = 'region'
ORDER BY b.area_name
