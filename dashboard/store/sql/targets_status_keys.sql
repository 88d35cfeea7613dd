-- access: rows
-- Every partnership's target statuses (the scorecard list's summaries), with the keys of
-- each latest value the public's disclosure check reads (as for targets_status).
SELECT partnership_id, indicator_id, area_code, status, latest_period_start, value_type,
       latest_numerator, latest_denominator
FROM target_status
ORDER BY partnership_id, status_rank, theme, title, area_code
