-- access: indicators-param 0
-- Each listed indicator with its coverage and last load (indicators.sql for the listed
-- ids): the indicator page's title, definition and "about" list, joined on each call.
-- Stored for every indicator as page_indicator_meta (dashboard/derived/pages_indicator.py),
-- which page_indicator_meta.sql reads (the join cost more than the rest of the read); this
-- file answers for a store built before that table. Parameter: indicator ids.
SELECT i.*, c.* EXCLUDE (indicator_id), l.loaded_at AS last_loaded, l.file AS last_file
FROM indicators i
LEFT JOIN indicator_coverage c USING (indicator_id)
LEFT JOIN loads l ON l.load_id = c.load_id
WHERE list_contains(?, i.indicator_id)
ORDER BY i.indicator_id
