-- access: none
-- public_place.sql read from the prepared `public_places` table (English places a
-- resident can look up; Store.public_place asks public_place.sql for any other code).
-- Parameter: the area code.
SELECT area_code, area_name, area_type, ward_code, ward_name, lad_code, lad_name,
       upper_tier_code, region_code, ca_code, valid_to, replaced_by, is_lower_tier,
       is_upper_tier
FROM public_places
WHERE area_code = ?
