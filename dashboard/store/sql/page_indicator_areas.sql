-- access: indicator-param 0
-- The areas with values for one indicator, in the pickers' order, with each area's
-- region, from the table prepared at build time and after every load
-- (page_indicator_areas: a few blocks). Parameter: indicator id.
SELECT area_code, area_name, area_type, valid_to, n_values, region_code
FROM page_indicator_areas
WHERE indicator_id = ?
ORDER BY position
