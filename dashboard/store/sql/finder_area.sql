-- access: rows
-- The "worse and getting worse" finder for one area: every indicator's latest value with
-- its judgement against the chosen benchmark at the chosen level (judgements) and its
-- recent trend at the same period (trends), both prepared at build time. The judgement
-- and trend columns carry the names disclosure control clears for a withheld value.
-- Parameters: area code (three times), benchmark, level.
WITH v AS (SELECT * FROM area_values WHERE area_code = ? AND is_latest),
j AS (SELECT * FROM judgements WHERE area_code = ? AND is_latest AND benchmark = ?
      AND (level = ? OR level IS NULL)),
t AS (SELECT * FROM trends WHERE area_code = ?)
SELECT v.indicator_id, v.area_code, v.area_name, v.area_type, v.period_start,
       v.period_duration, v.period_label, v.value, v.lci, v.uci, v.numerator,
       v.denominator, v.status, v.note, v.load_id,
       j.benchmark, j.level, j.benchmark_code, j.benchmark_name, j.benchmark_value,
       j.result AS comparison, j.method AS comparison_method,
       j.reason AS comparison_reason,
       t.trend, t.method AS trend_method, t.n_points AS trend_points,
       t.first_period AS trend_first_period, t.last_period AS trend_last_period,
       t.reason AS trend_reason,
       i.title, i.theme, i.polarity, i.unit, i.prefix, i.suffix, i.decimals,
       i.value_type, i.dataset_id
FROM v
JOIN indicators i USING (indicator_id)
LEFT JOIN j ON j.indicator_id = v.indicator_id AND j.period_start = v.period_start
     AND j.period_duration = v.period_duration
LEFT JOIN t ON t.indicator_id = v.indicator_id AND t.period_start = v.period_start
     AND t.period_duration = v.period_duration
ORDER BY lower(i.title), v.indicator_id
