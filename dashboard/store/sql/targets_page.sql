-- access: partnership-param 0
-- One partnership's target pages (target_pages, prepared in
-- dashboard/derived/targets_status.py): each target's status and reason, the keys of its
-- latest value (what the public's disclosure check reads, as for targets_status) and the
-- rest of what its page shows apart from the series, as JSON.
SELECT * FROM target_pages
WHERE partnership_id = ?
ORDER BY indicator_id, area_code
