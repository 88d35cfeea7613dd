-- access: none
-- The API's areas: every area, or those of one type, within one parent, or whose name or
-- code starts with some text, by type and name, one page at a time, with the total.
-- Parameters: area type x2, parent code x3, text x3, limit, offset.
SELECT a.area_code, a.area_name, a.area_type, a.valid_from, a.valid_to, a.replaced_by,
       count(*) OVER () AS total
FROM areas a
WHERE (?::VARCHAR IS NULL OR a.area_type = ?::VARCHAR)
  AND (?::VARCHAR IS NULL OR EXISTS (
        SELECT 1 FROM area_geography g WHERE g.area_code = a.area_code
        AND ?::VARCHAR IN (g.ward_code, g.lad_code, g.upper_tier_code, g.region_code,
                           g.ca_code, g.nation_code) AND g.area_code <> ?::VARCHAR))
  AND (?::VARCHAR IS NULL OR starts_with(lower(a.area_name), lower(?::VARCHAR))
       OR starts_with(a.area_code, upper(?::VARCHAR)))
ORDER BY a.area_type, a.area_name, a.area_code
LIMIT ? OFFSET ?
