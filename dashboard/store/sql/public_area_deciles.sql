-- access: rows
-- How many neighbourhoods (LSOAs) of an area are in each national decile of one
-- indicator, as prepared in `public_area_deciles` (public_build_deciles.sql; worked out
-- per call by public_decile_counts.sql). Parameters: the area code, the indicator id.
SELECT indicator_id, period_label, decile, neighbourhoods
FROM public_area_deciles
WHERE area_code = ? AND indicator_id = ?
ORDER BY decile, period_label
