-- access: rows
-- The quality checks of the given datasets (list parameter), one row each, with the
-- dataset's publisher and licence (its source line): the errors and warnings found in
-- quality_findings for the dataset's loads, counting each file's latest load only (an
-- earlier load's findings are about rows a later release of the same file replaced). A
-- dataset with no recorded load has no row; dataset_id lets the store drop the rows of
-- datasets the viewer may not see.
WITH latest AS (
    SELECT load_id, dataset_id, loaded_at
    FROM loads
    WHERE list_contains(?, dataset_id)
    QUALIFY row_number() OVER (PARTITION BY dataset_id, regexp_extract(file, '[^/\\]+$')
                               ORDER BY load_id DESC) = 1
)
SELECT l.dataset_id, any_value(d.publisher) AS publisher, any_value(d.licence) AS licence,
       count(DISTINCT l.load_id) AS loads,
       count(f.load_id) FILTER (WHERE f.severity = 'error') AS errors,
       count(f.load_id) FILTER (WHERE f.severity = 'warning') AS warnings,
       max(l.loaded_at) AS last_loaded
FROM latest l
LEFT JOIN datasets d USING (dataset_id)
LEFT JOIN quality_findings f USING (load_id)
GROUP BY l.dataset_id
ORDER BY l.dataset_id
