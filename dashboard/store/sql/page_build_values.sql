-- access: none
-- Build step (dashboard/derived/pages.py), not a page query. `page_values`: what
-- period_values.sql returns, prepared for every indicator, period and area above
-- neighbourhood level and every benchmark and level the pages offer (England and region,
-- 95% and 99.8%): the value with England, region and neighbours' values and the quintile,
-- the stored comparison with the benchmark at the level and with the region. Stored in
-- (indicator, period, area type, benchmark, level, area name) order, so one map or
-- ranking is a few blocks; period_values_computed.sql is the same answer worked out per
-- call (judgements are stored in area order, so each call scanned all of them).
CREATE OR REPLACE TABLE page_values AS
WITH levels AS (
    SELECT * FROM (VALUES (0.95::DOUBLE), (0.998::DOUBLE)) l(page_level)
),
choices AS (
    SELECT * FROM (VALUES ('england'), ('region')) b(page_benchmark) CROSS JOIN levels
),
-- each verdict at the levels it answers for: a verdict without a confidence level (the
-- spread rule, or not compared) answers for both, as `level = ? OR level IS NULL` does
verdicts AS (
    SELECT j.*, l.page_level
    FROM judgements j JOIN levels l ON j.level = l.page_level OR j.level IS NULL
    WHERE j.benchmark IN ('england', 'region')
)
SELECT v.indicator_id, v.area_code, v.area_name, v.area_type, a.is_lower_tier,
       a.is_upper_tier, a.valid_to, v.period_start, v.period_duration, v.period_label,
       v.value, v.lci, v.uci, v.numerator, v.denominator, v.status, v.note, v.load_id,
       v.england_value, v.region_code, v.region_name, v.region_value, v.neighbours_value,
       v.quintile, c.benchmark, c.benchmark_name, c.benchmark_value,
       c.result AS comparison, c.method AS comparison_method, c.reason AS comparison_reason,
       r.result AS region_comparison, k.page_benchmark, k.page_level
FROM area_values v
JOIN areas a USING (area_code)
CROSS JOIN choices k
LEFT JOIN verdicts c ON c.indicator_id = v.indicator_id AND c.area_code = v.area_code
     AND c.period_start = v.period_start AND c.period_duration = v.period_duration
     AND c.benchmark = k.page_benchmark AND c.page_level = k.page_level
LEFT JOIN verdicts r ON r.indicator_id = v.indicator_id AND r.area_code = v.area_code
     AND r.period_start = v.period_start AND r.period_duration = v.period_duration
     AND r.benchmark = 'region' AND r.page_level = k.page_level
ORDER BY v.indicator_id, v.period_start, v.area_type, k.page_benchmark, k.page_level,
         v.area_name
