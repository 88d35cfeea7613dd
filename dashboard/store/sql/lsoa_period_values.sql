-- access: indicator-param 0
-- lsoa_values for a given period (the second parameter) instead of the latest.
SELECT o.indicator_id, o.area_code, o.period_start, g.area_name, o.value, o.numerator, o.status, o.note, o.period_label,
       g.ward_code, g.ward_name, g.lad_code, g.lad_name,
       g.ruc_code, g.ruc_name, g.urban_rural
FROM observations o
JOIN area_geography g ON g.area_code = o.area_code
WHERE o.indicator_id = ?
  AND o.period_start = ?
  AND g.area_type = 'lsoa'
  AND (? = 'E92000001' OR g.lad_code = ? OR g.upper_tier_code = ? OR g.region_code = ?
       OR g.ca_code = ?)
ORDER BY o.area_code
