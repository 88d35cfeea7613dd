-- access: none
-- Coverage of every indicator (periods, areas, geographies), rebuilt after every write
-- so the catalogue does not scan all observations on each request.
CREATE OR REPLACE TABLE indicator_coverage AS
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
