-- access: none
-- One LSOA: name, best-fit ward and LAD, region and rural-urban class.
SELECT a.area_code, a.area_name, w.parent_code AS ward_code, wa.area_name AS ward_name,
       d.parent_code AS lad_code, da.area_name AS lad_name,
       g.parent_code AS region_code, ga.area_name AS region_name,
       r.ruc_code, r.ruc_name, r.urban_rural
FROM areas a
LEFT JOIN area_links w ON w.child_code = a.area_code AND w.parent_type = 'ward'
LEFT JOIN areas wa ON wa.area_code = w.parent_code
LEFT JOIN area_links d ON d.child_code = a.area_code AND d.parent_type = 'lad'
LEFT JOIN areas da ON da.area_code = d.parent_code
LEFT JOIN area_links g ON g.child_code = a.area_code AND g.parent_type = 'region'
LEFT JOIN areas ga ON ga.area_code = g.parent_code
LEFT JOIN lsoa_attributes r ON r.lsoa_code = a.area_code
WHERE a.area_code = ? AND a.area_type = 'lsoa'
