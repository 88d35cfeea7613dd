-- access: rows
-- The latest two periods of each given indicator for one area (a period counts when it
-- has a value or a status flag, so a suppressed latest value is shown as suppressed, not
-- skipped), each with the stored comparison with England, and England's value for the
-- same periods as rows of their own (role 'england'), so disclosure control sees every
-- value. Parameters: the area code, the indicator ids.
WITH mine AS (
    SELECT o.indicator_id, o.area_code, o.period_start, o.period_duration, o.period_label,
           o.value, o.lci, o.uci, o.numerator, o.denominator, o.status, o.note,
           row_number() OVER (PARTITION BY o.indicator_id
                              ORDER BY o.period_start DESC, o.period_duration DESC) AS recency
    FROM observations o
    WHERE o.area_code = ? AND list_contains(?, o.indicator_id)
      AND (o.value IS NOT NULL OR o.status IS NOT NULL)
),
recent AS (SELECT * FROM mine WHERE recency <= 2)
SELECT r.indicator_id, r.area_code, r.period_start, r.period_duration, r.period_label,
       r.value, r.lci, r.uci, r.numerator, r.denominator, r.status, r.note, r.recency,
       'area' AS role, c.result AS comparison, c.method AS comparison_method,
       c.reason AS comparison_reason
FROM recent r
LEFT JOIN judgements c ON c.indicator_id = r.indicator_id AND c.area_code = r.area_code
     AND c.period_start = r.period_start AND c.period_duration = r.period_duration
     AND c.benchmark = 'england' AND (c.level = 0.95 OR c.level IS NULL)
UNION ALL
SELECT e.indicator_id, e.area_code, e.period_start, e.period_duration, e.period_label,
       e.value, e.lci, e.uci, e.numerator, e.denominator, e.status, e.note, r.recency,
       'england' AS role, NULL AS comparison, NULL AS comparison_method,
       NULL AS comparison_reason
FROM recent r
JOIN observations e ON e.indicator_id = r.indicator_id AND e.area_code = 'E92000001'
     AND e.period_start = r.period_start AND e.period_duration = r.period_duration
ORDER BY indicator_id, role, recency
