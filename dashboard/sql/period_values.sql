-- access: indicator-param 0
-- One indicator, one period, every area of the given types, with England and region
-- values and the stored comparisons alongside.
WITH base AS (
    SELECT o.*, a.area_name, a.area_type, a.is_lower_tier, a.is_upper_tier, a.valid_to,
           g.region_code
    FROM observations o
    JOIN areas a USING (area_code)
    LEFT JOIN area_geography g USING (area_code)
    WHERE o.indicator_id = ? AND o.period_start = ? AND list_contains(?, a.area_type)
),
period_rows AS (
    SELECT area_code, value, lci, uci FROM observations
    WHERE indicator_id = ? AND period_start = ?
),
judged AS (
    SELECT area_code, benchmark, comparison, method FROM comparisons
    WHERE indicator_id = ? AND period_start = ?
)
SELECT b.*, e.value AS england_value, e.lci AS england_lci, e.uci AS england_uci,
       r.area_name AS region_name, rv.value AS region_value,
       ce.comparison AS comparison, ce.method AS comparison_method,
       cr.comparison AS region_comparison
FROM base b
LEFT JOIN period_rows e ON e.area_code = 'E92000001'
LEFT JOIN period_rows rv ON rv.area_code = b.region_code
LEFT JOIN areas r ON r.area_code = b.region_code
LEFT JOIN judged ce ON ce.area_code = b.area_code AND ce.benchmark = 'england'
LEFT JOIN judged cr ON cr.area_code = b.area_code AND cr.benchmark = 'region'
ORDER BY b.area_name
