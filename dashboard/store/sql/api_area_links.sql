-- access: none
-- An area's parents (region, county, combined authority...) and the areas that replaced
-- it, for the API. Parameters: area code x2.
SELECT 'parent' AS relation, l.parent_type AS area_type, l.parent_code AS area_code,
       a.area_name
FROM area_links l LEFT JOIN areas a ON a.area_code = l.parent_code
WHERE l.child_code = ?
UNION ALL
SELECT 'successor', a.area_type, a.area_code, a.area_name
FROM (SELECT unnest(regexp_split_to_array(coalesce(replaced_by, ''), '[\s,;]+')) AS code
      FROM areas WHERE area_code = ?) s
JOIN areas a ON a.area_code = s.code
ORDER BY relation, area_type, area_code
