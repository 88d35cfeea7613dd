-- access: indicator-param 0
-- One indicator with its coverage (indicators.sql for one id): the indicator page's
-- title, definition and "about" list. Parameter: indicator id.
SELECT i.*, c.* EXCLUDE (indicator_id), l.loaded_at AS last_loaded, l.file AS last_file
FROM indicators i
LEFT JOIN indicator_coverage c USING (indicator_id)
LEFT JOIN loads l ON l.load_id = c.load_id
WHERE i.indicator_id = ?
