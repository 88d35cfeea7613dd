-- access: indicator-param 0
-- A target page's series: what series.sql returns for the target's area, England and the
-- region, from target_series (prepared in dashboard/derived/targets_status.py).
SELECT * FROM target_series
WHERE indicator_id = ? AND list_contains(?, area_code)
ORDER BY area_code, period_start
