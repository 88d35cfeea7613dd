-- access: indicator-param 0
-- One indicator, one period, every area of one type, with England's value and the
-- stored comparison with England at 95%: the columns of period_values.sql the indicator
-- page's ranking, its table and its download show (and those disclosure control reads),
-- from page_values. Its long texts (reasons, names of benchmarks) cost more to read than
-- the rest. Parameters: indicator id, period start, area type.
SELECT indicator_id, area_code, area_name, area_type, valid_to, period_start,
       period_duration, period_label, value, lci, uci, numerator, denominator, status, note,
       england_value, region_code, comparison
FROM page_values
WHERE indicator_id = ? AND period_start = ? AND area_type = ?
  AND page_benchmark = 'england' AND page_level = 0.95
ORDER BY area_name
