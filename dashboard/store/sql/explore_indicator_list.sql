-- access: rows
-- Every indicator's id, dataset, title and theme, in the catalogue's order
-- (indicators.sql): the compare page's indicator picker and its columns' titles.
SELECT indicator_id, dataset_id, title, theme
FROM indicators
ORDER BY dataset_id LIKE 'iod%', theme, title
