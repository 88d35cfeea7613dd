-- access: none
-- LSOA boundaries under a parent (LAD, county, region), or all of England when the parent
-- is E92000001 (the same rule as lsoa_values.sql), with the best-fit ward and LAD.
SELECT b.area_code, a.area_name, w.parent_code AS ward_code, wa.area_name AS ward_name,
       d.parent_code AS lad_code, b.geometry
FROM boundaries b
JOIN areas a ON a.area_code = b.area_code
LEFT JOIN area_links w ON w.child_code = b.area_code AND w.parent_type = 'ward'
LEFT JOIN areas wa ON wa.area_code = w.parent_code
LEFT JOIN area_links d ON d.child_code = b.area_code AND d.parent_type = 'lad'
WHERE b.level = 'lsoa'
  AND b.vintage = (SELECT max(vintage) FROM boundaries WHERE level = 'lsoa')
  AND (? = 'E92000001'
       OR d.parent_code = ?
       OR d.parent_code IN (SELECT child_code FROM area_links WHERE parent_code = ?)
       OR EXISTS (SELECT 1 FROM area_links g WHERE g.child_code = b.area_code
                  AND g.parent_type = 'region' AND g.parent_code = ?))
ORDER BY b.area_code
