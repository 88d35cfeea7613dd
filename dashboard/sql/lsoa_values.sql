-- One LSOA indicator for every LSOA under a parent (LAD, county, region), or all of
-- England when the parent is E92000001. Ward, LAD and rural-urban class alongside.
SELECT o.area_code, a.area_name, o.value, o.numerator, o.status, o.note, o.period_label,
       w.parent_code AS ward_code, wa.area_name AS ward_name,
       d.parent_code AS lad_code, da.area_name AS lad_name,
       r.ruc_code, r.ruc_name, r.urban_rural
FROM observations o
JOIN areas a ON a.area_code = o.area_code
LEFT JOIN area_links w ON w.child_code = o.area_code AND w.parent_type = 'ward'
LEFT JOIN areas wa ON wa.area_code = w.parent_code
LEFT JOIN area_links d ON d.child_code = o.area_code AND d.parent_type = 'lad'
LEFT JOIN areas da ON da.area_code = d.parent_code
LEFT JOIN lsoa_attributes r ON r.lsoa_code = o.area_code
WHERE o.indicator_id = ?
  AND (? = 'E92000001'
       OR d.parent_code = ?
       OR d.parent_code IN (SELECT child_code FROM area_links WHERE parent_code = ?)
       OR EXISTS (SELECT 1 FROM area_links g WHERE g.child_code = o.area_code
                  AND g.parent_type = 'region' AND g.parent_code = ?))
ORDER BY o.area_code
