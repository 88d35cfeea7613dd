-- access: none
-- Every nesting pair (LSOA -> ward, ward -> LAD, LSOA -> LAD, LAD -> county, ...) with the
-- child's area type: children of one type of one parent add up to it.
SELECT l.child_code, l.parent_code, coalesce(a.area_type, 'other') AS child_type
FROM area_links l
LEFT JOIN areas a ON a.area_code = l.child_code
