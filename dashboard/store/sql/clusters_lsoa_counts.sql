-- access: indicators-param 0
-- Several LSOA-level measures (e.g. IoD 2025 employment-deprived people and the IMD
-- national decile) at their latest period for every LSOA of a place, given as the
-- place's LADs (place_lads.sql), with Census 2021 usual residents (all ages and aged 16
-- to 64) as denominators: one row per measure and LSOA, pivoted by the store
-- (dashboard/store/clusters.py) for funnel plots and the slope index of inequality.
SELECT l.indicator_id, l.area_code, l.area_name, l.ward_code, l.ward_name, l.lad_code,
       l.lad_name, l.value, l.status, l.period_label,
       p.all_ages AS census_all_ages, p.aged_16_64 AS census_aged_16_64, p.year AS census_year
FROM lsoa_latest l
LEFT JOIN populations p ON p.area_code = l.area_code AND p.source = 'census2021'
WHERE l.indicator_id = ANY(?::VARCHAR[]) AND l.lad_code = ANY(?::VARCHAR[])
ORDER BY l.area_code, l.indicator_id
