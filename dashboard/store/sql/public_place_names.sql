-- access: none
-- Names of every English place a resident can search for, except neighbourhoods (LSOA
-- names are codes like "Oldham 012A"), for "did you mean" suggestions.
SELECT g.area_code, g.area_name, g.area_type, g.lad_code, g.lad_name, a.valid_to
FROM area_geography g
JOIN areas a ON a.area_code = g.area_code
WHERE g.area_code LIKE 'E%' AND list_contains(?, g.area_type)
ORDER BY g.area_name
