-- access: indicator-param 0
-- Areas (not LSOAs or wards) that have at least one value for one indicator, for the
-- indicator page's area and comparator pickers. Current codes first, then by name.
SELECT a.area_code, a.area_name, a.area_type, a.valid_to, count(o.value) AS n_values
FROM observations o JOIN areas a USING (area_code)
WHERE o.indicator_id = ? AND a.area_type NOT IN ('lsoa', 'ward')
GROUP BY a.area_code, a.area_name, a.area_type, a.valid_to
HAVING count(o.value) > 0
ORDER BY a.area_type <> 'nation', a.valid_to IS NOT NULL, a.area_name
