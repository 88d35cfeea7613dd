-- access: none
-- The LSOAs that make up a group of neighbourhoods (LSOA codes) and wards (ward codes, by
-- the best-fit LSOA to ward lookup), each once, with its ward and local authority.
-- Parameters: the codes (E01... and E05...), twice.
SELECT g.area_code, g.area_name, g.ward_code, g.ward_name, g.lad_code, g.lad_name
FROM area_geography g
WHERE g.area_type = 'lsoa'
  AND (g.area_code = ANY(?::VARCHAR[]) OR g.ward_code = ANY(?::VARCHAR[]))
ORDER BY g.area_code
