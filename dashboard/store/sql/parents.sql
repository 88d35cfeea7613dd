-- access: none
-- Direct parents of an area (ward, lad, county, combined authority, region, nation).
SELECT l.parent_type, l.parent_code, a.area_name AS parent_name
FROM area_links l LEFT JOIN areas a ON a.area_code = l.parent_code
WHERE l.child_code = ?
