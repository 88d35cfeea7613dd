-- access: none
-- Areas of the given types (list parameter), current codes first.
SELECT area_code, area_name, area_type, is_lower_tier, is_upper_tier, valid_from, valid_to,
       replaced_by
FROM areas
WHERE list_contains(?, area_type)
ORDER BY valid_to IS NOT NULL, area_name
