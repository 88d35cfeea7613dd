-- access: indicator-param 0
-- The "worse and getting worse" finder for one indicator: every current English area of
-- one type (obsolete codes and other nations left out, as in the indicator's ranking)
-- with its latest value, its judgement against the chosen benchmark at the chosen level
-- (judgements) and its recent trend at the same period (trends), both prepared at build
-- time. The judgement and trend columns carry the names disclosure control clears for a
-- withheld value. The indicator id appears once, so a hidden one matches nothing.
-- Parameters: indicator id, area type, benchmark, level.
WITH v AS (
    SELECT v.* FROM area_values v JOIN areas a USING (area_code)
    WHERE v.indicator_id = ? AND v.area_type = ? AND v.is_latest
      AND v.area_code LIKE 'E%' AND a.valid_to IS NULL
),
j AS (
    SELECT * FROM judgements
    WHERE indicator_id = (SELECT any_value(indicator_id) FROM v) AND is_latest
      AND benchmark = ? AND (level = ? OR level IS NULL)
),
t AS (SELECT * FROM trends WHERE indicator_id = (SELECT any_value(indicator_id) FROM v))
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
JOIN indicators i ON i.indicator_id = v.indicator_id
LEFT JOIN j ON j.area_code = v.area_code AND j.period_start = v.period_start
     AND j.period_duration = v.period_duration
LEFT JOIN t ON t.area_code = v.area_code AND t.period_start = v.period_start
     AND t.period_duration = v.period_duration
ORDER BY v.area_name, v.area_code
