-- access: partnership-param 0
-- When the latest value behind each of a partnership's targets was loaded (an exception
-- report written before then is out of date: dashboard/views/exceptions.py).
SELECT s.indicator_id, s.area_code, l.loaded_at AS data_loaded_at
FROM target_status s
LEFT JOIN loads l ON l.load_id = CAST(s.latest_load_id AS BIGINT)
WHERE s.partnership_id = ?
ORDER BY s.indicator_id, s.area_code
