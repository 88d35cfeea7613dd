-- access: partnership-param 0
-- The data behind one partnership's targets: each dataset's source date and the loads its
-- values came from (for the board pack and the return).
WITH used AS (
    SELECT DISTINCT o.indicator_id, o.load_id
    FROM targets t
    JOIN observations o ON o.indicator_id = t.indicator_id AND o.area_code = t.area_code
    WHERE t.partnership_id = ?
)
SELECT d.dataset_id, d.title AS dataset_title, d.publisher, d.source_date, d.source_url,
       d.licence, d.attribution, l.load_id, l.file, l.loaded_at, l.sha256,
       string_agg(DISTINCT u.indicator_id, ', ' ORDER BY u.indicator_id) AS indicators
FROM used u
JOIN indicators i USING (indicator_id)
LEFT JOIN datasets d ON d.dataset_id = i.dataset_id
LEFT JOIN loads l ON l.load_id = u.load_id
GROUP BY ALL
ORDER BY d.dataset_id, l.load_id
