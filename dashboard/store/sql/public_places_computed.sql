-- access: none
-- Every English place a resident can look up (public_search_places.sql's rows before
-- the text is matched): its name and code in lower case, the ward and local authority it
-- is in (and the upper tier, region and combined authority, as public_place.sql gives
-- them), when it ended, and how its kind ranks in results (neighbourhoods, named like
-- "Oldham 012A", after every other kind of place). Stored at build and after every load
-- as `public_places` (dashboard/derived/public_pages.py), in code order, so a search
-- reads one narrow table instead of lowering every name of area_geography joined to
-- areas, and a place is read from one table.
SELECT g.area_code, g.area_name, g.area_type, g.ward_code, g.ward_name, g.lad_code,
       g.lad_name, g.upper_tier_code, g.region_code, g.ca_code, a.valid_to, a.replaced_by,
       a.is_lower_tier, a.is_upper_tier, lower(g.area_code) AS code_lower,
       lower(g.area_name) AS name_lower,
       CASE g.area_type WHEN 'lad' THEN 0 WHEN 'county' THEN 1 WHEN 'combined_authority' THEN 2
            WHEN 'region' THEN 3 WHEN 'nation' THEN 4 WHEN 'ward' THEN 5 ELSE 6 END AS type_rank
FROM area_geography g
JOIN areas a ON a.area_code = g.area_code
WHERE g.area_code LIKE 'E%'
  AND g.area_type IN ('lad', 'county', 'combined_authority', 'region', 'nation', 'ward',
                      'lsoa')
ORDER BY g.area_code
