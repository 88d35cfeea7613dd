-- access: partnership-param 0
-- One partnership's yearly milestones.
SELECT * FROM target_milestones
WHERE partnership_id = ?
ORDER BY indicator_id, area_code, period_start
