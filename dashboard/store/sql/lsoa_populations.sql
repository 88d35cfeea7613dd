-- access: none
-- Census 2021 usual residents (all ages and aged 16 to 64) of every LSOA in some local
-- authorities (a place's LADs, place_lads.sql): the denominators of its wards' rates.
SELECT g.area_code, p.all_ages, p.aged_16_64
FROM area_geography g
JOIN populations p ON p.area_code = g.area_code AND p.source = 'census2021'
WHERE g.area_type = 'lsoa' AND g.lad_code = ANY(?::VARCHAR[])
ORDER BY g.area_code
