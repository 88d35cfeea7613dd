-- access: none
-- (Worked out per call: the fallback of place_lads.sql for a store built before the
-- place_lads table, and the definition that table is tested against.)
-- The local authorities (LADs) whose LSOAs make up a place: the LAD itself, the LADs of
-- a county/unitary, region or combined authority, or every LAD with LSOAs when the place
-- is England (E92000001). Reads of lsoa_latest filter on this list: the table is sorted
-- by LAD, so a place's rows are a few row groups, not a scan of every LSOA.
SELECT DISTINCT lad_code
FROM area_geography
WHERE area_type = 'lsoa' AND lad_code IS NOT NULL
  AND (? = 'E92000001' OR lad_code = ? OR upper_tier_code = ? OR region_code = ?
       OR ca_code = ?)
ORDER BY lad_code
