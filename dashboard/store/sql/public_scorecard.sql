-- access: partnership-param 0
-- One partnership's targets as the residents' page says them: targets_status.sql's rows
-- (target_status, worked out at build and after every load), only the columns a plain
-- sentence needs, and the latest cell's keys and counts, for the check that disclosure
-- control has nothing to change in it (Store.public_scorecard). Parameter: the
-- partnership id.
SELECT partnership_id, indicator_id, area_code, area_name, title, status, illustrative,
       direction, baseline_value, baseline_period_label, target_value, target_period_label,
       latest_value, latest_period, latest_period_start, latest_numerator,
       latest_denominator, trajectory_value, unit, suffix, prefix, decimals, value_type
FROM target_status WHERE partnership_id = ?
ORDER BY status_rank, theme, title, area_code
