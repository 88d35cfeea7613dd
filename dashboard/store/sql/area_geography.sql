-- access: none
-- Flattened hierarchy for every area: one row with its ward, LAD, upper tier (county or
-- unitary), region and combined authority, names included. Rebuilt after every write.
CREATE OR REPLACE TABLE area_geography AS
WITH p AS (
    SELECT child_code,
           max(parent_code) FILTER (WHERE parent_type = 'ward') AS ward_code,
           max(parent_code) FILTER (WHERE parent_type = 'lad') AS lad_code,
           max(parent_code) FILTER (WHERE parent_type = 'county') AS county_code,
           max(parent_code) FILTER (WHERE parent_type = 'region') AS region_code,
           max(parent_code) FILTER (WHERE parent_type = 'combined_authority') AS ca_code,
           max(parent_code) FILTER (WHERE parent_type = 'nation') AS nation_code
    FROM area_links GROUP BY child_code
),
flat AS (
    SELECT a.area_code, a.area_name, a.area_type, p.ward_code,
           coalesce(p.lad_code, CASE WHEN a.area_type = 'lad' THEN a.area_code END) AS lad_code,
           p.county_code, p.region_code, p.ca_code, p.nation_code
    FROM areas a LEFT JOIN p ON p.child_code = a.area_code
)
SELECT f.area_code, f.area_name, f.area_type,
       f.ward_code, w.area_name AS ward_name,
       f.lad_code, l.area_name AS lad_name,
       coalesce(f.county_code, lp.county_code,
                CASE WHEN la.is_upper_tier THEN f.lad_code END) AS upper_tier_code,
       coalesce(f.region_code, lp.region_code) AS region_code,
       coalesce(f.ca_code, lp.ca_code) AS ca_code,
       coalesce(f.nation_code, lp.nation_code, rp.nation_code) AS nation_code,
       r.ruc_code, r.ruc_name, r.urban_rural
FROM flat f
LEFT JOIN areas w ON w.area_code = f.ward_code
LEFT JOIN areas l ON l.area_code = f.lad_code
LEFT JOIN areas la ON la.area_code = f.lad_code
LEFT JOIN p lp ON lp.child_code = f.lad_code
LEFT JOIN p rp ON rp.child_code = coalesce(f.region_code, lp.region_code)
LEFT JOIN lsoa_attributes r ON r.lsoa_code = f.area_code
ORDER BY f.area_type, f.lad_code, f.area_code
