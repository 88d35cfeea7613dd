-- access: indicator-param 0
-- One LSOA-level measure (e.g. IoD 2025 employment deprivation count) at its latest period
-- for every LSOA in an area (its LAD, county/unitary or combined authority), with the
-- LSOA's name, ward and Census 2021 residents aged 16 to 64: what a target's gap in
-- people is apportioned by (methods/targets/gap.py). The area is given as its LADs
-- (place_lads.sql): lsoa_latest is sorted by LAD, so they are a few row groups, not a scan
-- of every LSOA of every indicator (35 ms -> a few).
SELECT l.indicator_id, l.area_code, l.area_name, l.ward_code, l.ward_name, l.lad_code,
       l.period_start, l.value, l.numerator, l.status, l.note, l.period_label,
       p.aged_16_64 AS census_aged_16_64
FROM lsoa_latest l
LEFT JOIN populations p ON p.area_code = l.area_code AND p.source = 'census2021'
WHERE l.indicator_id = ? AND l.lad_code = ANY(?::VARCHAR[])
  AND l.value IS NOT NULL
ORDER BY l.value DESC, l.area_code
