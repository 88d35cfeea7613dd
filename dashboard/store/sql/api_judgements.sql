-- access: indicators-param 2
-- The API's judgements: each stored comparison of an area's value with a benchmark (at
-- 95% or 99.8%) and the recent trend at the same period, with the value judged (so
-- disclosure control clears the judgement of a withheld value, as on pages), for the
-- given indicators (hidden ones taken out), areas, benchmark and level, latest period
-- only unless asked, with the number of rows on all pages (total). The judgements are
-- chosen first, then joined to the values and trends of those areas and indicators only.
-- Parameters: area codes x2, indicator ids, area codes x2, benchmark x2, level x2,
-- latest only, area codes x4, limit, offset.
WITH wanted AS (
    SELECT area_code, area_name, area_type FROM areas
    WHERE ?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], area_code)
),
ids AS (SELECT unnest(?::VARCHAR[]) AS indicator_id)
, jj AS (
    SELECT j.* FROM judgements j
    JOIN ids s ON s.indicator_id = j.indicator_id
    WHERE (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], j.area_code))
      AND (?::VARCHAR IS NULL OR j.benchmark = ?::VARCHAR)
      AND (?::DOUBLE IS NULL OR j.level = ?::DOUBLE OR j.level IS NULL)
      AND (NOT ?::BOOLEAN OR j.is_latest)
)
SELECT j.indicator_id, j.area_code, a.area_name, a.area_type, j.period_start,
       j.period_duration, o.period_label, j.is_latest, o.value, o.lci, o.uci,
       o.numerator, o.denominator, o.status, o.note, j.benchmark, j.level,
       j.benchmark_code, j.benchmark_name, j.benchmark_value,
       j.result AS comparison, j.method AS comparison_method,
       j.reason AS comparison_reason, t.trend, t.method AS trend_method,
       t.n_points AS trend_points, t.first_period AS trend_first_period,
       t.last_period AS trend_last_period, t.reason AS trend_reason,
       count(*) OVER () AS total
FROM jj j
JOIN wanted a ON a.area_code = j.area_code
LEFT JOIN (SELECT * FROM observations WHERE indicator_id IN (SELECT indicator_id FROM ids)
           AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], area_code))) o
     ON o.indicator_id = j.indicator_id AND o.area_code = j.area_code
     AND o.period_start = j.period_start AND o.period_duration = j.period_duration
LEFT JOIN (SELECT * FROM trends WHERE indicator_id IN (SELECT indicator_id FROM ids)
           AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], area_code))) t
     ON t.indicator_id = j.indicator_id AND t.area_code = j.area_code
     AND t.period_start = j.period_start AND t.period_duration = j.period_duration
ORDER BY j.indicator_id, j.area_code, j.period_start, j.benchmark, j.level
LIMIT ? OFFSET ?
