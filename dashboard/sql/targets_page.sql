-- access: partnership-param 0
-- One partnership's target pages (dashboard/derived/targets_status.py): each target's
-- status and reason, the keys of its latest value (what the public's disclosure check
-- reads, as for targets_status) and the rest of what its page shows but the series (JSON).
SELECT s.partnership_id, s.indicator_id, s.area_code, s.status, s.reason,
       s.latest_period_start, s.value_type, s.latest_numerator, s.latest_denominator,
       p.detail
FROM target_status s JOIN target_pages p USING (partnership_id, indicator_id, area_code)
WHERE s.partnership_id = ?
ORDER BY s.indicator_id, s.area_code
