-- access: none
-- One postcode's neighbourhood (LSOA 2021), ward (May 2024) and local authority, as the
-- lookup gives them, with the local authority the neighbourhood itself is in (its page's;
-- it differs for a few postcodes, data/SOURCES.md). Parameter: the postcode without its
-- space, e.g. 'OL81AA'.
SELECT p.postcode, p.lsoa_code, l.area_name AS lsoa_name, p.ward_code, w.ward_name,
       w.lad_code, d.area_name AS lad_name, g.lad_code AS lsoa_lad_code
FROM postcodes p
LEFT JOIN postcode_wards w ON w.ward_code = p.ward_code
LEFT JOIN areas l ON l.area_code = p.lsoa_code
LEFT JOIN areas d ON d.area_code = w.lad_code
LEFT JOIN area_geography g ON g.area_code = p.lsoa_code
WHERE p.postcode = ?
