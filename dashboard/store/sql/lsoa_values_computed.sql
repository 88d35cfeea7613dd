-- access: indicators-param 0
-- (Worked out per call: the fallback of lsoa_values.sql for a store built before
-- the lsoa_latest table.) LSOA indicators at their latest period for every LSOA
-- under a parent, or all of England when the parent is E92000001.
SELECT o.indicator_id, o.area_code, o.period_start, g.area_name, o.value, o.numerator,
       o.status, o.note, o.period_label,
       g.ward_code, g.ward_name, g.lad_code, g.lad_name,
       g.ruc_code, g.ruc_name, g.urban_rural
FROM observations o
JOIN indicator_coverage c ON c.indicator_id = o.indicator_id
                         AND c.last_period_start = o.period_start
JOIN area_geography g ON g.area_code = o.area_code
WHERE o.indicator_id IN (SELECT unnest(?::VARCHAR[]))
  AND g.area_type = 'lsoa'
  AND (? = 'E92000001' OR g.lad_code = ? OR g.upper_tier_code = ? OR g.region_code = ?
       OR g.ca_code = ?)
ORDER BY o.indicator_id, o.area_code
