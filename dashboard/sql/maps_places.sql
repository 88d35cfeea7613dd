-- access: none
-- Places an LSOA map can cover: England, its regions, and the counties and lower-tier
-- authorities in England that have LSOAs through the best-fit lookup.
WITH lads AS (
    SELECT DISTINCT l.parent_code AS area_code
    FROM area_links l JOIN areas c ON c.area_code = l.child_code
    WHERE l.parent_type = 'lad' AND c.area_type = 'lsoa' AND l.child_code LIKE 'E%'
),
counties AS (
    SELECT DISTINCT parent_code AS area_code FROM area_links
    WHERE parent_type = 'county' AND child_code IN (SELECT area_code FROM lads)
)
SELECT a.area_code, a.area_name, a.area_type
FROM areas a
WHERE a.area_code = 'E92000001'
   OR (a.area_type = 'region' AND a.area_code LIKE 'E%')
   OR a.area_code IN (SELECT area_code FROM lads)
   OR a.area_code IN (SELECT area_code FROM counties)
ORDER BY CASE a.area_type WHEN 'nation' THEN 0 WHEN 'region' THEN 1 WHEN 'county' THEN 2
         ELSE 3 END, a.area_name
