-- access: rows
-- What maps_la_indicators.sql reads from page_map_indicators, worked out on each call
-- (a scan of every observation): for a store built before that table existed.
SELECT i.indicator_id, i.title, i.theme, i.polarity, i.value_type, i.unit,
       max(o.period_start) AS latest_period
FROM indicators i
JOIN observations o ON o.indicator_id = i.indicator_id
JOIN areas a ON a.area_code = o.area_code
WHERE a.area_type IN ('lad', 'county', 'region') AND o.value IS NOT NULL
GROUP BY ALL
ORDER BY i.title
