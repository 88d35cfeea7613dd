-- access: rows
-- Everything an area profile shows, one row per indicator: the area's latest value with
-- its England and region values, the comparison with the chosen benchmark at the chosen
-- level (judgements), the recent trend (trends) and the spread across its peer areas
-- (distributions), all prepared at build time. Each table is stored ordered by area, so
-- the area filters read a few blocks. Parameters: area code (three times), benchmark,
-- level.
WITH v AS (SELECT * FROM area_values WHERE area_code = ? AND is_latest),
j AS (SELECT * FROM judgements WHERE area_code = ? AND is_latest AND benchmark = ?
      AND level = ?),
t AS (SELECT * FROM trends WHERE area_code = ?)
SELECT v.indicator_id, v.area_code, v.area_name, v.area_type, v.peer_group, v.period_start,
       v.period_duration, v.period_label, v.value, v.lci, v.uci, v.lci_998, v.uci_998,
       v.numerator, v.denominator, v.status, v.note, v.load_id, v.previous_value,
       v.previous_period, v.england_value, v.region_code, v.region_name, v.region_value,
       v.neighbours_value, v.neighbours_n, v.quintile,
       j.benchmark, j.level, j.benchmark_name, j.benchmark_value, j.result AS comparison,
       j.method AS comparison_method, j.statistic AS comparison_statistic,
       j.reason AS comparison_reason,
       t.direction AS trend_direction, t.trend, t.method AS trend_method,
       t.n_points AS trend_points, t.reason AS trend_reason,
       d.n AS peers_n, d.lowest, d.q25, d.median, d.q75, d.highest,
       i.title, i.theme, i.polarity, i.unit, i.suffix, i.prefix, i.decimals, i.value_type,
       i.dataset_id
FROM v
JOIN indicators i USING (indicator_id)
LEFT JOIN j ON j.indicator_id = v.indicator_id AND j.period_start = v.period_start
     AND j.period_duration = v.period_duration
LEFT JOIN t ON t.indicator_id = v.indicator_id
LEFT JOIN distributions d ON d.indicator_id = v.indicator_id
     AND d.period_start = v.period_start AND d.period_duration = v.period_duration
     AND d.peer_group = v.peer_group
ORDER BY v.indicator_id
