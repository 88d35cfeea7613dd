-- access: none
-- Areas whose parent (of any type) is the given code, filtered by child area type.
SELECT a.area_code, a.area_name, a.area_type
FROM area_links l JOIN areas a ON a.area_code = l.child_code
WHERE l.parent_code = ? AND a.area_type = ?
ORDER BY a.area_name
