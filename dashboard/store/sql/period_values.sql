-- access: indicator-param 0
-- One indicator, one period, every area of the given types, with England, region and
-- neighbours' values, the quintile, and the stored comparison with the chosen benchmark
-- at the chosen level (and with the region) alongside, from the table prepared at build
-- time and after every load (page_values: a few blocks). In no particular order: the
-- indicator page sorts its frame by name; a map aligns its rows to the geometry's features
-- (sorting ~350 rows of 31 columns here was a third of the read). Parameters: indicator
-- id, period start, area types, benchmark, level.
SELECT indicator_id, area_code, area_name, area_type, is_lower_tier, is_upper_tier,
       valid_to, period_start, period_duration, period_label, value, lci, uci, numerator,
       denominator, status, note, load_id, england_value, region_code, region_name,
       region_value, neighbours_value, quintile, benchmark, benchmark_name,
       benchmark_value, comparison, comparison_method, comparison_reason, region_comparison
FROM page_values
WHERE indicator_id = ? AND period_start = ? AND list_contains(?, area_type)
  AND page_benchmark = ? AND page_level = ?
