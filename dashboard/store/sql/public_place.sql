-- access: none
-- One area with the ward, local authority, upper tier, region and combined authority it
-- is in (wards and neighbourhoods are shown on their local authority's public page).
SELECT g.area_code, g.area_name, g.area_type, g.ward_code, g.ward_name, g.lad_code,
       g.lad_name, g.upper_tier_code, g.region_code, g.ca_code,
       a.valid_to, a.replaced_by, a.is_lower_tier, a.is_upper_tier
FROM area_geography g
JOIN areas a ON a.area_code = g.area_code
WHERE g.area_code = ?
