-- access: rows
-- Each partnership with every region its member areas (or its own area) lie in, and that
-- region's nation: which partnerships the regional oversight view (/oversight/<code>)
-- lists. An area's region is its own region link or, for an area below a local
-- authority, its local authority's. Rows are filtered by partnership_id, so a
-- partnership the viewer may not see is absent, not hinted at.
WITH places AS (
    SELECT partnership_id, area_code FROM partnership_members
    UNION
    SELECT partnership_id, area_code FROM partnerships WHERE area_code IS NOT NULL
),
regions AS (
    SELECT p.partnership_id, r.parent_code AS region_code
    FROM places p
    JOIN area_links r ON r.child_code = p.area_code AND r.parent_type = 'region'
    UNION
    SELECT p.partnership_id, r.parent_code AS region_code
    FROM places p
    JOIN area_links l ON l.child_code = p.area_code AND l.parent_type = 'lad'
    JOIN area_links r ON r.child_code = l.parent_code AND r.parent_type = 'region'
)
SELECT g.partnership_id, g.region_code, a.area_name AS region_name,
       n.parent_code AS nation_code
FROM regions g
LEFT JOIN areas a ON a.area_code = g.region_code
LEFT JOIN area_links n ON n.child_code = g.region_code AND n.parent_type = 'nation'
ORDER BY g.partnership_id, g.region_code
