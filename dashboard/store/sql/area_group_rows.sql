-- access: indicators-param 0
-- LSOA-level indicators at their latest period for a list of LSOAs (a ward, a custom
-- area), one row per indicator and LSOA, with the LSOA's Census 2021 usual residents (all
-- ages and aged 16 to 64): what a group's counts, rates and population-weighted means
-- are made from (dashboard/methods/area_aggregates.py). Parameters: indicator ids, LSOA
-- codes.
SELECT l.indicator_id, l.area_code, l.area_name, l.ward_code, l.lad_code, l.period_start,
       l.period_label, l.value, l.numerator, l.status, l.note,
       p.all_ages, p.aged_16_64
FROM lsoa_latest l
LEFT JOIN populations p ON p.area_code = l.area_code AND p.source = 'census2021'
WHERE l.indicator_id = ANY(?::VARCHAR[]) AND l.area_code = ANY(?::VARCHAR[])
ORDER BY l.indicator_id, l.area_code
