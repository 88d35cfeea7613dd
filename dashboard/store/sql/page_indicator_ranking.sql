-- access: indicator-param 0
-- One indicator, one period, every area of one type, with England's value and the stored
-- comparison with England at 95% (explore_ranking.sql), from the table prepared at build
-- time and after every load (page_indicator_ranking). Parameters: indicator id, period
-- start, area type.
SELECT *
FROM page_indicator_ranking
WHERE indicator_id = ? AND period_start = ? AND area_type = ?
ORDER BY area_name
