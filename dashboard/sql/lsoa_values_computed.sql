-- access: indicator-param 0
-- (Worked out per call: the fallback of lsoa_values.sql for a store built before the
-- lsoa_latest table, and the SELECT that makes that table.)
-- One LSOA indicator at its latest period for every LSOA under a parent (LAD,
-- county/unitary, region or combined authority), or all of England when the parent is
-- E92000001. Ward, LAD and rural-urban class alongside. The latest period comes from
-- indicator_coverage, so a monthly national series reads one period's row groups, not
-- all 120 periods'.
SELECT o.indicator_id, o.area_code, o.period_start, g.area_name, o.value, o.numerator, o.status, o.note, o.period_label,
       g.ward_code, g.ward_name, g.lad_code, g.lad_name,
       g.ruc_code, g.ruc_name, g.urban_rural
FROM observations o
JOIN indicator_coverage c ON c.indicator_id = o.indicator_id
                         AND c.last_period_start = o.period_start
JOIN area_geography g ON g.area_code = o.area_code
WHERE o.indicator_id = ?
  AND g.area_type = 'lsoa'
  AND (? = 'E92000001' OR g.lad_code = ? OR g.upper_tier_code = ? OR g.region_code = ?
       OR g.ca_code = ?)
ORDER BY o.area_code
