-- Every indicator with its coverage, for the catalogue and pickers.
WITH coverage AS (
    SELECT o.indicator_id,
           min(o.period_start) AS first_period_start,
           max(o.period_start) AS last_period_start,
           arg_min(o.period_label, o.period_start) AS first_period,
           arg_max(o.period_label, o.period_start) AS last_period,
           count(DISTINCT o.period_start) AS n_periods,
           count(DISTINCT o.area_code) AS n_areas,
           count(*) AS n_rows,
           count(*) FILTER (WHERE o.value IS NULL) AS n_missing,
           count(*) FILTER (WHERE o.lci IS NOT NULL) AS n_with_ci,
           string_agg(DISTINCT a.area_type, ', ' ORDER BY a.area_type) AS area_types,
           max(o.load_id) AS load_id
    FROM observations o JOIN areas a USING (area_code)
    GROUP BY o.indicator_id
)
SELECT i.*, c.* EXCLUDE (indicator_id), l.loaded_at AS last_loaded, l.file AS last_file
FROM indicators i
LEFT JOIN coverage c USING (indicator_id)
LEFT JOIN loads l ON l.load_id = c.load_id
ORDER BY i.dataset_id LIKE 'iod%', i.theme, i.title
