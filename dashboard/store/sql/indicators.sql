-- access: rows
-- Every indicator with its coverage, for the catalogue and pickers.
SELECT i.*, c.* EXCLUDE (indicator_id), l.loaded_at AS last_loaded, l.file AS last_file
FROM indicators i
LEFT JOIN indicator_coverage c USING (indicator_id)
LEFT JOIN loads l ON l.load_id = c.load_id
ORDER BY i.dataset_id LIKE 'iod%', i.theme, i.title
