-- access: rows
-- Indicators that have values for local authorities, counties or regions (what the local
-- authority map can show), with their latest period, prepared at build time and after
-- every load (page_map_indicators).
SELECT indicator_id, title, theme, polarity, value_type, unit, latest_period
FROM page_map_indicators
ORDER BY title
