-- access: none
-- public_search_places.sql read from the prepared `public_places` table (the names and
-- codes already in lower case, no join): the same rows in the same order. Parameters:
-- the search text, the area types, the limit.
WITH q AS (SELECT lower(trim(?)) AS text)
SELECT p.area_code, p.area_name, p.area_type, p.ward_code, p.ward_name, p.lad_code,
       p.lad_name, p.valid_to,
       CASE WHEN p.code_lower = q.text THEN 0
            WHEN p.name_lower = q.text THEN 1
            WHEN starts_with(p.name_lower, q.text) THEN 2
            WHEN contains(p.name_lower, ' ' || q.text) THEN 3
            ELSE 4 END AS score,
       p.type_rank
FROM public_places p
CROSS JOIN q
WHERE length(q.text) > 0
  AND list_contains(?, p.area_type)
  AND (starts_with(p.code_lower, q.text) OR contains(p.name_lower, q.text))
ORDER BY p.area_type = 'lsoa', score, type_rank, p.valid_to IS NOT NULL, p.area_name,
         p.lad_name
LIMIT ?
