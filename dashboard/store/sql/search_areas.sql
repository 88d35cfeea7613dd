-- access: none
-- Type-ahead: code prefix or name match, LAs/counties/CAs/regions/nations only.
SELECT area_code, area_name, area_type, valid_to, replaced_by,
       CASE WHEN upper(area_code) = upper(?) THEN 0
            WHEN lower(area_name) = lower(?) THEN 1
            WHEN lower(area_name) LIKE lower(?) || '%' THEN 2
            ELSE 3 END AS score
FROM areas
WHERE list_contains(?, area_type)
  AND (upper(area_code) LIKE upper(?) || '%' OR lower(area_name) LIKE '%' || lower(?) || '%')
ORDER BY score, valid_to IS NOT NULL, area_name
LIMIT ?
