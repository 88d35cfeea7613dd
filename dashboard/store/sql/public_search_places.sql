-- access: none
-- Places a resident can look up by name or code: English local authorities, counties,
-- combined authorities, regions and England, and wards and neighbourhoods (LSOAs), each
-- with the ward and local authority it is in. Parameters: the search text, the area
-- types, the limit. Whole-name and code matches first, then names that start with the
-- text, then names with a word that starts with it, then any part of a name;
-- neighbourhoods (named like "Oldham 012A") after every other kind of place.
WITH q AS (SELECT lower(trim(?)) AS text)
SELECT g.area_code, g.area_name, g.area_type, g.ward_code, g.ward_name, g.lad_code,
       g.lad_name, a.valid_to,
       CASE WHEN lower(g.area_code) = q.text THEN 0
            WHEN lower(g.area_name) = q.text THEN 1
            WHEN starts_with(lower(g.area_name), q.text) THEN 2
            WHEN contains(lower(g.area_name), ' ' || q.text) THEN 3
            ELSE 4 END AS score,
       CASE g.area_type WHEN 'lad' THEN 0 WHEN 'county' THEN 1 WHEN 'combined_authority' THEN 2
            WHEN 'region' THEN 3 WHEN 'nation' THEN 4 WHEN 'ward' THEN 5 ELSE 6 END AS type_rank
FROM area_geography g
JOIN areas a ON a.area_code = g.area_code
CROSS JOIN q
WHERE length(q.text) > 0
  AND g.area_code LIKE 'E%'
  AND list_contains(?, g.area_type)
  AND (starts_with(lower(g.area_code), q.text) OR contains(lower(g.area_name), q.text))
ORDER BY g.area_type = 'lsoa', score, type_rank, a.valid_to IS NOT NULL, g.area_name, g.lad_name
LIMIT ?
