-- access: indicators-param 0
-- As area_group_rows.sql for every LSOA of some local authorities (a custom area's
-- councils, the benchmark it is shown against). lsoa_latest is sorted by LAD, so this
-- is a few row groups. Parameters: indicator ids, LAD codes.
SELECT l.indicator_id, l.area_code, l.area_name, l.ward_code, l.lad_code, l.period_start,
       l.period_label, l.value, l.numerator, l.status, l.note,
       p.all_ages, p.aged_16_64
FROM lsoa_latest l
LEFT JOIN populations p ON p.area_code = l.area_code AND p.source = 'census2021'
WHERE l.indicator_id = ANY(?::VARCHAR[]) AND l.lad_code = ANY(?::VARCHAR[])
ORDER BY l.indicator_id, l.area_code
