-- access: indicator-param 0
-- What period_values.sql reads from page_values, worked out from area_values and
-- judgements on each call: for a store built before page_values existed, and for a
-- benchmark or level it does not hold. One indicator, one period, every area of the given
-- types, with England, region and neighbours' values, the quintile, and the stored
-- comparison with the chosen benchmark at the chosen level (and with the region)
-- alongside. Parameters: indicator id, period start, area types, level, benchmark,
-- benchmark.
WITH v AS (
    SELECT v.*, a.is_lower_tier, a.is_upper_tier, a.valid_to
    FROM area_values v JOIN areas a USING (area_code)
    WHERE v.indicator_id = ? AND v.period_start = ? AND list_contains(?, v.area_type)
),
j AS (
    SELECT * FROM judgements
    WHERE indicator_id = (SELECT any_value(indicator_id) FROM v)
      AND period_start = (SELECT any_value(period_start) FROM v)
      AND (level = ? OR level IS NULL) AND benchmark IN (?, 'region')
)
SELECT v.indicator_id, v.area_code, v.area_name, v.area_type, v.is_lower_tier,
       v.is_upper_tier, v.valid_to, v.period_start, v.period_duration, v.period_label,
       v.value, v.lci, v.uci, v.numerator, v.denominator, v.status, v.note, v.load_id,
       v.england_value, v.region_code, v.region_name, v.region_value, v.neighbours_value,
       v.quintile, c.benchmark, c.benchmark_name, c.benchmark_value,
       c.result AS comparison, c.method AS comparison_method, c.reason AS comparison_reason,
       r.result AS region_comparison
FROM v
LEFT JOIN j c ON c.area_code = v.area_code AND c.period_duration = v.period_duration
     AND c.benchmark = ?
LEFT JOIN j r ON r.area_code = v.area_code AND r.period_duration = v.period_duration
     AND r.benchmark = 'region'
ORDER BY v.area_name
