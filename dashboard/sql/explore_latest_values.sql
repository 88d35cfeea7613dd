-- access: indicators-param 0
-- Latest value of each chosen indicator for each chosen area (list parameters), with
-- England's value and the stored comparison with the chosen benchmark at the chosen level
-- (judgements, prepared at build time). Parameters: indicator ids, area codes, benchmark,
-- level.
WITH v AS (
    SELECT * FROM area_values
    WHERE list_contains(?, indicator_id) AND list_contains(?, area_code) AND is_latest
)
SELECT v.indicator_id, v.area_code, v.period_start, v.period_duration, v.period_label,
       v.value, v.lci, v.uci, v.status, v.note, v.area_name, v.area_type,
       v.england_value, v.region_value, v.neighbours_value, v.quintile,
       j.benchmark, j.level, j.benchmark_name, j.benchmark_value, j.result AS comparison,
       j.method AS comparison_method, j.reason AS comparison_reason
FROM v
LEFT JOIN judgements j ON j.area_code = v.area_code AND j.indicator_id = v.indicator_id
     AND j.period_start = v.period_start AND j.period_duration = v.period_duration
     AND j.benchmark = ? AND (j.level = ? OR j.level IS NULL)
ORDER BY v.indicator_id, v.area_code
