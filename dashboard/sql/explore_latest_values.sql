-- access: indicators-param 0
-- Latest value of each chosen indicator for each chosen area (list parameters), with
-- England's value for the same period, the stored comparison with England, and the
-- spread rule's threshold (1.4826 x MAD across areas of the same type and period).
WITH latest AS (
    SELECT o.indicator_id, o.area_code, o.period_start, o.period_duration, o.period_label,
           o.value, o.lci, o.uci, o.status, o.note
    FROM observations o
    WHERE list_contains(?, o.indicator_id) AND list_contains(?, o.area_code)
      AND o.value IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY o.indicator_id, o.area_code
                               ORDER BY o.period_start DESC) = 1
),
periods AS (SELECT DISTINCT indicator_id, period_start, period_duration FROM latest),
spread AS (
    SELECT o.indicator_id, o.period_start, o.period_duration, a.area_type,
           CASE WHEN count(o.value) >= 5 THEN 1.482602218505602 * mad(o.value) END
               AS spread_threshold
    FROM periods p
    JOIN observations o ON o.indicator_id = p.indicator_id
         AND o.period_start = p.period_start AND o.period_duration = p.period_duration
    JOIN areas a ON a.area_code = o.area_code
    WHERE a.area_type NOT IN ('lsoa', 'ward')
    GROUP BY ALL
)
SELECT l.*, a.area_name, a.area_type,
       e.value AS england_value, e.lci AS england_lci, e.uci AS england_uci,
       c.comparison, c.method AS comparison_method, s.spread_threshold
FROM latest l
JOIN areas a USING (area_code)
LEFT JOIN observations e ON e.indicator_id = l.indicator_id AND e.area_code = 'E92000001'
     AND e.period_start = l.period_start AND e.period_duration = l.period_duration
LEFT JOIN comparisons c ON c.indicator_id = l.indicator_id AND c.area_code = l.area_code
     AND c.period_start = l.period_start AND c.period_duration = l.period_duration
     AND c.benchmark = 'england'
LEFT JOIN spread s ON s.indicator_id = l.indicator_id AND s.period_start = l.period_start
     AND s.period_duration = l.period_duration AND s.area_type = a.area_type
ORDER BY l.indicator_id, l.area_code
