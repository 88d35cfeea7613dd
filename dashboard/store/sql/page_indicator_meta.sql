-- access: indicator-param 0
-- One indicator with its coverage and last load, from the table prepared at build time
-- and after every load (page_indicator_meta). Parameter: indicator id.
SELECT *
FROM page_indicator_meta
WHERE indicator_id = ?
