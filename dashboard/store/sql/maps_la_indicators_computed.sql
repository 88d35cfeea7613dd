-- access: rows
-- The indicators that have values for local authorities, counties or regions (what the
-- local authority map can show), with their latest period, worked out on each call (a
-- scan of every observation, ~50 ms). dashboard/derived/pages.py stores this SELECT as
-- page_map_indicators, which maps_la_indicators.sql reads; this file answers for a store
-- built before that table existed.
SELECT i.indicator_id, i.title, i.theme, i.polarity, i.value_type, i.unit,
       max(o.period_start) AS latest_period
FROM indicators i
JOIN observations o ON o.indicator_id = i.indicator_id
JOIN areas a ON a.area_code = o.area_code
WHERE a.area_type IN ('lad', 'county', 'region') AND o.value IS NOT NULL
GROUP BY ALL
ORDER BY i.title
