-- access: none
-- An area's ONS mid-2021 population estimate (all ages, aged 16 to 64): its own row, or
-- for an area made after 2021 (e.g. Cumberland, E06000063) the sum of the 2021 districts
-- it replaced whole (their replaced_by names it alone), with the codes summed.
WITH own AS (
    SELECT area_code, all_ages, aged_16_64, [area_code] AS made_from
    FROM populations WHERE source = 'mye2021' AND area_code = ?
), predecessors AS (
    SELECT ? AS area_code, sum(p.all_ages) AS all_ages, sum(p.aged_16_64) AS aged_16_64,
           list(p.area_code ORDER BY p.area_code) AS made_from
    FROM areas a JOIN populations p ON p.area_code = a.area_code AND p.source = 'mye2021'
    WHERE a.replaced_by = ? AND a.area_type = 'lad'
    HAVING count(*) > 0
)
SELECT area_code, 2021 AS year, all_ages, aged_16_64, made_from FROM own
UNION ALL
SELECT area_code, 2021, all_ages, aged_16_64, made_from FROM predecessors
WHERE NOT EXISTS (SELECT 1 FROM own)
