-- access: none
-- Boundaries of one map level (lad, ctyua, region) at its latest vintage, with each area's
-- name, type and tier flags. WKB geometry, EPSG:4326.
SELECT b.area_code, COALESCE(a.area_name, b.area_code) AS area_name, a.area_type,
       a.is_lower_tier, a.is_upper_tier, b.geometry
FROM boundaries b
LEFT JOIN areas a ON a.area_code = b.area_code
WHERE b.level = ?
  AND b.vintage = (SELECT max(vintage) FROM boundaries WHERE level = ?)
ORDER BY b.area_code
