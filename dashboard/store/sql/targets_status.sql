-- access: partnership-param 0
-- One partnership's target statuses as computed at build time and after every load
-- (dashboard/derived/targets_status.py), one row per target.
SELECT * FROM target_status WHERE partnership_id = ?
ORDER BY status_rank, theme, title, area_code
