-- access: indicators-param 0
-- England's totals of LSOA-level indicators, made the way a group of LSOAs' figures are
-- (dashboard/methods/area_aggregates.py, `from_sums`): per indicator, the LSOAs, the sum
-- of published counts with the Census 2021 residents (all ages, 16 to 64) of the LSOAs
-- that have one, and the sum of values weighted by residents. Summed here because
-- England is 33,755 LSOAs per indicator. Parameters: indicator ids.
SELECT l.indicator_id, any_value(l.period_label) AS period_label,
       count(*) AS lsoas,
       count(l.value) AS lsoas_with_value,
       sum(l.value) AS value_sum,
       count(l.numerator) FILTER (WHERE p.area_code IS NOT NULL) AS lsoas_with_count,
       sum(l.numerator) FILTER (WHERE p.area_code IS NOT NULL) AS count_sum,
       sum(p.all_ages) FILTER (WHERE l.numerator IS NOT NULL) AS count_all_ages,
       sum(p.aged_16_64) FILTER (WHERE l.numerator IS NOT NULL) AS count_aged_16_64,
       count(l.value) FILTER (WHERE p.all_ages > 0) AS lsoas_weighted,
       sum(l.value * p.all_ages) FILTER (WHERE p.all_ages > 0) AS weighted_sum,
       sum(p.all_ages) FILTER (WHERE l.value IS NOT NULL AND p.all_ages > 0) AS weight_sum
FROM lsoa_latest l
LEFT JOIN populations p ON p.area_code = l.area_code AND p.source = 'census2021'
WHERE l.indicator_id = ANY(?::VARCHAR[])
GROUP BY l.indicator_id
ORDER BY l.indicator_id
