-- access: none
-- The local authorities, wards and neighbourhoods (LSOAs) a postcode district or sector
-- covers, with how many of its postcodes each has (live and ended: the lookup keeps
-- both), most first. Parameters: the range's start and end (the prefix without spaces,
-- and the prefix followed by '~', which sorts after every letter and digit) and the
-- length of a full postcode in it, so 'OL1' does not take in OL10's postcodes.
WITH hits AS (
    SELECT p.lsoa_code, p.ward_code, w.lad_code
    FROM postcodes p JOIN postcode_wards w ON w.ward_code = p.ward_code
    WHERE p.postcode >= ? AND p.postcode < ? AND length(p.postcode) = ?
), counted AS (
    SELECT 'lad' AS area_type, lad_code AS area_code, lad_code, NULL AS ward_code,
           count(*) AS postcodes FROM hits GROUP BY lad_code
    UNION ALL
    SELECT 'ward', ward_code, any_value(lad_code), ward_code, count(*)
    FROM hits GROUP BY ward_code
    UNION ALL
    SELECT 'lsoa', lsoa_code, NULL, NULL, count(*) FROM hits GROUP BY lsoa_code
)
SELECT c.area_type, c.area_code,
       coalesce(w.ward_name, a.area_name) AS area_name,
       coalesce(c.lad_code, g.lad_code) AS lad_code,
       coalesce(d.area_name, g.lad_name) AS lad_name,
       CASE WHEN c.area_type = 'lsoa' THEN g.ward_code END AS ward_code,
       CASE WHEN c.area_type = 'lsoa' THEN g.ward_name END AS ward_name,
       a.valid_from, a.valid_to, a.replaced_by, c.postcodes
FROM counted c
LEFT JOIN postcode_wards w ON c.area_type = 'ward' AND w.ward_code = c.area_code
LEFT JOIN areas a ON a.area_code = c.area_code
LEFT JOIN area_geography g ON c.area_type = 'lsoa' AND g.area_code = c.area_code
LEFT JOIN areas d ON d.area_code = c.lad_code
ORDER BY CASE c.area_type WHEN 'lad' THEN 0 WHEN 'ward' THEN 1 ELSE 2 END,
         c.postcodes DESC, area_name
