-- access: none
-- (Worked out per call: the fallback of maps_places.sql for a store built before the
-- map_places table, and the SELECT that makes that table.)
-- Places an LSOA map can cover: England, its regions, and the counties and lower-tier
-- authorities in England that have LSOAs through the best-fit lookup.
-- (LADs with LSOAs and their counties, from the flattened area_geography table.)
WITH lsoas AS (
    SELECT DISTINCT lad_code, upper_tier_code FROM area_geography
    WHERE area_type = 'lsoa' AND area_code LIKE 'E%'
)
SELECT a.area_code, a.area_name, a.area_type
FROM areas a
WHERE a.area_code = 'E92000001'
   OR (a.area_type = 'region' AND a.area_code LIKE 'E%')
   OR a.area_code IN (SELECT lad_code FROM lsoas)
   OR (a.area_type = 'county' AND a.area_code IN (SELECT upper_tier_code FROM lsoas))
ORDER BY CASE a.area_type WHEN 'nation' THEN 0 WHEN 'region' THEN 1 WHEN 'county' THEN 2
         ELSE 3 END, a.area_name
