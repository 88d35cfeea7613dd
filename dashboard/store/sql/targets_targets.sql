-- access: partnership-param 0
-- One partnership's targets, with the area's name.
SELECT t.*, a.area_name
FROM targets t LEFT JOIN areas a USING (area_code)
WHERE t.partnership_id = ?
ORDER BY t.indicator_id, t.area_code
