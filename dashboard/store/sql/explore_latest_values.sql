-- access: indicators-param 0
-- Latest value of each chosen indicator for each chosen area (list parameters), with
-- England's value, the stored comparison with the chosen benchmark at the chosen level and
-- the indicator's metadata, from the table the area profile reads (area_profiles, stored
-- in area order: a few blocks for a few areas). Parameters: indicator ids, area codes,
-- benchmark, level.
SELECT p.indicator_id, p.area_code, p.period_start, p.period_duration, p.period_label,
       p.value, p.lci, p.uci, p.status, p.note, p.area_name, p.area_type,
       p.england_value, p.region_value, p.neighbours_value, p.quintile,
       p.benchmark, p.benchmark_name, p.benchmark_value, p.comparison,
       p.comparison_method, p.comparison_reason, p.title, p.theme, p.polarity, p.unit,
       p.suffix, p.prefix, p.decimals, p.value_type, i.source_org
FROM area_profiles p
JOIN indicators i USING (indicator_id)
WHERE list_contains(?, p.indicator_id) AND list_contains(?, p.area_code)
  AND p.benchmark = ? AND p.level = ?
ORDER BY p.indicator_id, p.area_code
