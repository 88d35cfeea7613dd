-- access: partnership-param 0
-- One partnership's target statuses (target_status, as targets_status.sql) with only what
-- the scorecard page, its filter and its sparklines show, and the keys of each latest value
-- the public's disclosure check reads, and the direction of travel the oversight view
-- counts: a narrow read (the whole row is 67 columns).
SELECT partnership_id, indicator_id, area_code, area_name, title, theme, illustrative,
       unit, suffix, prefix, decimals, baseline_value, baseline_period_label,
       target_value, target_period_label, latest_value, latest_period, status,
       status_rank, reason, travel, travel_words, vs_england_words, england_value,
       spark_values, spark_trajectory, spark_labels,
       latest_period_start, value_type, latest_numerator, latest_denominator
FROM target_status WHERE partnership_id = ?
ORDER BY status_rank, theme, title, area_code
